import { type RpcCallOptions, runRpc } from '../../core/workerRpc';
import { resolveStep, type SurfaceOptions, type SurfaceStats } from '../../volume/surface/extract';
import { BONE_THRESHOLD_HU } from '../../volume/surface/marchingCubes';
import type { SurfaceMesh } from '../../volume/surface/mesh';
import { planSlabs, slabVolume } from '../../volume/surface/slabs';
import {
  type SurfaceAnswer,
  type SurfaceProgress,
  type SurfaceRequest,
  slabTransferables,
} from '../../volume/surface/surfaceJob';
import type { Volume } from '../../volume/volume';

export interface SurfaceJob {
  result: Promise<{ mesh: SurfaceMesh; stats: SurfaceStats }>;
  /** Stops the workers; the promise then rejects with an AbortError. */
  cancel: () => void;
}

/** Below this many sampled slices per worker a split costs more than it saves. */
const MIN_PLANES_PER_SLAB = 24;
/** Marching cubes is memory-bound: past four workers the gain is small and each holds a slab copy. */
const MAX_WORKERS = 4;

const newWorker = () =>
  new Worker(new URL('../../workers/surfaceWorker.ts', import.meta.url), { type: 'module' });

const run = (
  request: SurfaceRequest,
  signal: AbortSignal,
  options: Omit<RpcCallOptions<SurfaceProgress>, 'signal'> = {},
) => runRpc<SurfaceRequest, SurfaceAnswer, SurfaceProgress>(newWorker, request, { ...options, signal });

const surfaceOf = (answer: SurfaceAnswer) => {
  if (answer.kind !== 'surface') throw new Error('bone surface: the worker answered with a slab');
  return { mesh: answer.mesh, stats: answer.stats };
};

/**
 * Runs one extraction (a new request cancels the old one by terminating its workers, the only way to stop
 * a running loop in a worker). With more than one core the volume is cut into slabs across the slices, one
 * worker per core marches each (issue 20), and one more welds and finishes them: the mesh equals the
 * one-pass mesh triangle for triangle (test/unit/surface-slabs.test.ts). Each worker gets only its slab's
 * slices (copied here once and transferred).
 */
export function runSurfaceJob(
  volume: Volume,
  options: Omit<SurfaceOptions, 'onProgress'>,
  onProgress: (fraction: number) => void,
  cores = typeof navigator !== 'undefined' ? (navigator.hardwareConcurrency ?? 1) : 1,
): SurfaceJob {
  const step = resolveStep(volume, options);
  const isoValue = options.isoValue ?? BONE_THRESHOLD_HU;
  const planes = Math.floor((volume.dims[2] - 1) / step[2]) + 1;
  const count = Math.max(1, Math.min(cores, MAX_WORKERS, Math.floor(planes / MIN_PLANES_PER_SLAB)));
  const slabs = planSlabs(volume.dims[2], step[2], count);
  const controller = new AbortController();
  const signal = controller.signal;

  const whole = async () => {
    const request: SurfaceRequest = {
      kind: 'whole',
      // Copied by postMessage (~70 MB for 512x512x134, tens of ms): the 2D and 3D views keep using them.
      volume: {
        dims: volume.dims,
        spacingMm: volume.spacingMm,
        ijkToLps: volume.ijkToLps,
        data: volume.data,
        rescaleSlope: volume.rescaleSlope,
        rescaleIntercept: volume.rescaleIntercept,
      },
      options: { ...options, step },
    };
    return surfaceOf(await run(request, signal, { onProgress: (p) => onProgress(p.done / p.total) }));
  };

  const inSlabs = async () => {
    const fractions = slabs.map(() => 0);
    const meshes = await Promise.all(
      slabs.map(async (slab, n) => {
        const part = slabVolume(volume, slab);
        const request: SurfaceRequest = { kind: 'slab', volume: part, ends: slab.ends, isoValue, step };
        const answer = await run(request, signal, {
          transfer: [part.data.buffer as ArrayBuffer],
          onProgress: (p) => {
            fractions[n] = p.done / p.total;
            onProgress((0.9 * fractions.reduce((sum, f) => sum + f, 0)) / fractions.length);
          },
        });
        if (answer.kind !== 'slab') throw new Error('bone surface: the worker answered without a slab');
        return answer.mesh;
      }),
    );
    const finish: SurfaceRequest = {
      kind: 'finish',
      slabs: meshes,
      isoValue,
      step,
      options: { minComponentTriangles: options.minComponentTriangles, maxTriangles: options.maxTriangles },
    };
    return surfaceOf(await run(finish, signal, { transfer: meshes.flatMap(slabTransferables) }));
  };

  const result = slabs.length === 1 ? whole() : inSlabs();
  // Aborting rejects every runRpc call; one Promise.all rejection is enough to report.
  result.catch(() => undefined);
  return { result, cancel: () => controller.abort() };
}
