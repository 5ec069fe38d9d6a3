/**
 * Bone surface: our marching cubes (src/volume/surface) vs vtk.js vtkImageMarchingCubes on the same volume
 * and threshold, in Node. vtk.js is timed as an app would call it for an indexed mesh (mergePoints on,
 * normals off, since ours computes normals only after simplification). Before timing, the meshes' bounds must agree within one voxel (compared in voxel
 * coordinates: vtk.js places points at origin + ijk * spacing and ignores the direction matrix).
 */
import { availableParallelism } from 'node:os';
import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray.js';
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData.js';
import vtkImageMarchingCubes from '@kitware/vtk.js/Filters/General/ImageMarchingCubes.js';
import { invert4, type Mat4, transformPoint } from '../../../src/core/mat4';
import { extractSurface } from '../../../src/volume/surface/extract';
import { BONE_THRESHOLD_HU, marchingCubes } from '../../../src/volume/surface/marchingCubes';
import type { Volume } from '../../../src/volume/volume';
import { loadNow } from '../lib/machine';
import { createSlabPool } from '../lib/parallelSurface';
import { type Timing, timeInterleaved } from '../lib/stats';
import { formatTable, ms, ratio } from '../lib/table';

type Bounds = { min: number[]; max: number[] };

function boundsOf(
  points: ArrayLike<number>,
  map: (p: [number, number, number]) => readonly number[],
): Bounds {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let v = 0; v < points.length; v += 3) {
    const p = map([points[v]!, points[v + 1]!, points[v + 2]!]);
    for (let a = 0; a < 3; a++) {
      min[a] = Math.min(min[a]!, p[a]!);
      max[a] = Math.max(max[a]!, p[a]!);
    }
  }
  return { min, max };
}

/** vtk.js logs console.time('mcubes') on every run: keep the bench output readable. */
function quietly<T>(run: () => T): T {
  const { time, timeEnd } = console;
  console.time = () => {};
  console.timeEnd = () => {};
  try {
    return run();
  } finally {
    console.time = time;
    console.timeEnd = timeEnd;
  }
}

function vtkMarch(volume: Volume, isoStored: number, mergePoints: boolean) {
  const image = vtkImageData.newInstance();
  image.setDimensions(volume.dims[0], volume.dims[1], volume.dims[2]);
  image.setSpacing([1, 1, 1]);
  image.setOrigin([0, 0, 0]);
  image.getPointData().setScalars(vtkDataArray.newInstance({ numberOfComponents: 1, values: volume.data }));
  const filter = vtkImageMarchingCubes.newInstance({
    contourValue: isoStored,
    computeNormals: false,
    mergePoints,
  });
  filter.setInputData(image);
  return quietly(() => filter.getOutputData());
}

export interface SurfaceResult {
  volume: string;
  isoHu: number;
  /** Bounds in voxel coordinates; ours includes flat caps where bone meets the border (half a voxel out). */
  bounds: Record<string, Bounds>;
  maxBoundsDiffVoxels: number;
  boundsAgree: boolean;
  triangles: Record<string, number>;
  timings: Record<string, Timing>;
  loadAverage: string;
}

export async function benchSurface(name: string, volume: Volume, warmup: number, runs: number) {
  const isoHu = BONE_THRESHOLD_HU;
  // Ours classifies "stored >= iso" and moves the iso to the half-integer below: the same for vtk.js.
  const isoStored = Math.ceil((isoHu - volume.rescaleIntercept) / volume.rescaleSlope) - 0.5;
  const toIjk = invert4(volume.ijkToLps);
  const oursRaw = marchingCubes(volume, { isoValue: isoHu, step: 1 });
  const oursFull = extractSurface(volume, { isoValue: isoHu, step: 1 });
  const oursApp = extractSurface(volume, { isoValue: isoHu });
  const vtkMerged = vtkMarch(volume, isoStored, true);
  const vtkPoints = vtkMerged.getPoints().getData() as Float32Array;
  const bounds = {
    ours: boundsOf(oursRaw.positions, (p) => transformPoint(toIjk, p)),
    'vtk.js': boundsOf(vtkPoints, (p) => p),
  };
  let maxBoundsDiffVoxels = 0;
  for (let a = 0; a < 3; a++)
    maxBoundsDiffVoxels = Math.max(
      maxBoundsDiffVoxels,
      Math.abs(bounds.ours.min[a]! - bounds['vtk.js'].min[a]!),
      Math.abs(bounds.ours.max[a]! - bounds['vtk.js'].max[a]!),
    );
  const triangles = {
    'ours marching cubes (step 1)': oursRaw.indices.length / 3,
    'ours full pipeline (step 1, specks dropped, simplified)': oursFull.stats.triangles,
    [`ours, the app's default step (${oursApp.stats.step.join('/')})`]: oursApp.stats.triangles,
    'vtk.js (mergePoints)': vtkMerged.getPolys().getNumberOfCells(),
  };
  const boundsAgree = maxBoundsDiffVoxels <= 1;
  // The app's parallel path (issue 20): one slab per core; its mesh must equal the one-pass pipeline's.
  const threads = Math.max(2, Math.min(4, availableParallelism()));
  const pool = createSlabPool(threads);
  const parallelName = `ours full pipeline, ${threads} slabs in parallel (worker threads)`;
  const parallel = await pool.run(volume, isoHu);
  triangles[parallelName] = parallel.stats.triangles;
  const parallelAgrees = parallel.stats.marchedTriangles === oursRaw.indices.length / 3;
  const timings = boundsAgree
    ? await timeInterleaved(
        [
          {
            name: 'ours marching cubes (step 1)',
            run: () => marchingCubes(volume, { isoValue: isoHu, step: 1 }),
          },
          {
            name: 'ours full pipeline (step 1, specks dropped, simplified)',
            run: () => extractSurface(volume, { isoValue: isoHu, step: 1 }),
          },
          ...(parallelAgrees ? [{ name: parallelName, run: () => pool.run(volume, isoHu) }] : []),
          { name: 'vtk.js (mergePoints)', run: () => vtkMarch(volume, isoStored, true) },
        ],
        { warmup, runs },
      )
    : new Map<string, Timing>();
  await pool.close();
  const result: SurfaceResult = {
    volume: name,
    isoHu,
    bounds,
    maxBoundsDiffVoxels,
    boundsAgree,
    triangles,
    timings: Object.fromEntries(timings),
    loadAverage: loadNow(),
  };
  return result;
}

export function formatSurface(r: SurfaceResult): string {
  const vtk = r.timings['vtk.js (mergePoints)'];
  const rows = Object.entries(r.timings).map(([name, t]) => [
    name,
    ms(t.medianMs),
    ms(t.minMs),
    ms(t.maxMs),
    vtk ? ratio(t.medianMs / vtk.medianMs) : '-',
  ]);
  const b = (x: Bounds) =>
    `[${x.min.map((v) => v.toFixed(1)).join(', ')}]..[${x.max.map((v) => v.toFixed(1)).join(', ')}]`;
  return [
    `Bone surface ${r.volume} at ${r.isoHu} HU (load ${r.loadAverage}); bounds (voxels) ours ${b(r.bounds.ours!)}, vtk.js ${b(r.bounds['vtk.js']!)}: max diff ${r.maxBoundsDiffVoxels.toFixed(2)} voxel${r.boundsAgree ? '' : ' - DIFFER, not timed'}`,
    formatTable(
      ['triangles', 'count'],
      Object.entries(r.triangles).map(([k, v]) => [k, String(v)]),
    ),
    formatTable(['surface', 'median ms', 'min', 'max', '/ vtk.js merged'], rows),
  ].join('\n');
}

/**
 * A contiguous block of `count` slices from the middle of a volume (geometry kept: the origin moves along
 * the k axis), so the surface stage fits the bench's time budget; vtk.js takes ~10 s a run on the whole
 * pancreas CT on this machine.
 */
export function middleSlices(volume: Volume, count: number): Volume {
  const [nx, ny, nz] = volume.dims;
  const n = Math.min(count, nz);
  const k0 = Math.floor((nz - n) / 2);
  const m = volume.ijkToLps;
  const moved = [...m];
  for (let row = 0; row < 3; row++) moved[4 * row + 3] = m[4 * row + 3]! + m[4 * row + 2]! * k0;
  const ijkToLps = moved as unknown as Mat4;
  return {
    ...volume,
    id: `${volume.id}[k ${k0}..${k0 + n - 1}]`,
    dims: [nx, ny, n],
    ijkToLps,
    data: volume.data.slice(nx * ny * k0, nx * ny * (k0 + n)),
  };
}
