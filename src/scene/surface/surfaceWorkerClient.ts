import { resolveStep, type SurfaceOptions, type SurfaceStats } from '../../volume/surface/extract';
import { BONE_THRESHOLD_HU, type SlabMesh } from '../../volume/surface/marchingCubes';
import type { SurfaceMesh } from '../../volume/surface/mesh';
import { planSlabs, slabVolume } from '../../volume/surface/slabs';
import {
  type SurfaceRequest,
  type SurfaceWorkerMessage,
  slabTransferables,
} from '../../volume/surface/surfaceJob';
import type { Volume } from '../../volume/volume';

export interface SurfaceJob {
  result: Promise<{ mesh: SurfaceMesh; stats: SurfaceStats }>;
  /** Stops the workers; the promise then never settles. */
  cancel: () => void;
}

/** Below this many sampled slices per worker a split costs more than it saves. */
const MIN_PLANES_PER_SLAB = 24;
/** Marching cubes is memory-bound: past four workers the gain is small and each holds a slab copy. */
const MAX_WORKERS = 4;

const newWorker = () =>
  new Worker(new URL('../../workers/surfaceWorker.ts', import.meta.url), { type: 'module' });

/**
 * Runs one extraction (one job at a time; a new request cancels the old one by terminating its workers,
 * the only way to stop a running loop in a worker). With more than one core the volume is cut into slabs
 * across the slices, one worker per core marches each (issue 20), and the first worker welds and finishes
 * them: the mesh equals the one-pass mesh triangle for triangle (test/unit/surface-slabs.test.ts). Each
 * worker gets only its slab's slices (copied here once and transferred).
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
  const workers = slabs.map(() => newWorker());
  const stopAll = () => {
    for (const w of workers) w.terminate();
  };
  const result = new Promise<{ mesh: SurfaceMesh; stats: SurfaceStats }>((resolve, reject) => {
    const fail = (error: string) => {
      stopAll();
      reject(new Error(error));
    };
    const fractions = slabs.map(() => 0);
    const meshes: (SlabMesh | null)[] = slabs.map(() => null);
    const report = () => onProgress((0.9 * fractions.reduce((s, f) => s + f, 0)) / fractions.length);
    workers.forEach((worker, n) => {
      worker.onerror = (event) => fail(`bone surface worker failed: ${event.message}`);
      worker.onmessage = (event: MessageEvent<SurfaceWorkerMessage>) => {
        const message = event.data;
        if (message.type === 'progress') {
          fractions[n] = message.done / message.total;
          if (slabs.length === 1) onProgress(fractions[0]!);
          else report();
        } else if (message.type === 'error') fail(message.error);
        else if (message.type === 'done') {
          stopAll();
          resolve({ mesh: message.mesh, stats: message.stats });
        } else {
          meshes[n] = message.mesh;
          if (n > 0) worker.terminate();
          if (meshes.every((m) => m !== null)) {
            const ready = meshes as SlabMesh[];
            const finish: SurfaceRequest = {
              kind: 'finish',
              slabs: ready,
              isoValue,
              step,
              options: {
                minComponentTriangles: options.minComponentTriangles,
                maxTriangles: options.maxTriangles,
              },
            };
            workers[0]!.postMessage(finish, ready.flatMap(slabTransferables));
          }
        }
      };
    });
  });
  if (slabs.length === 1) {
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
    workers[0]!.postMessage(request);
  } else
    slabs.forEach((slab, n) => {
      const part = slabVolume(volume, slab);
      const request: SurfaceRequest = { kind: 'slab', volume: part, ends: slab.ends, isoValue, step };
      workers[n]!.postMessage(request, [part.data.buffer as ArrayBuffer]);
    });
  return { result, cancel: stopAll };
}
