import type { Volume } from '../volume';
import { dropSmallComponents } from './components';
import { BONE_THRESHOLD_HU, marchingCubes, type RawMesh } from './marchingCubes';
import { computeVertexNormals, type SurfaceMesh } from './mesh';
import { simplifyToBudget } from './simplify';

/** Triangles a headset draws comfortably alongside the rest of the scene (stereo WebXR draws every triangle twice a frame). */
export const DEFAULT_TRIANGLE_BUDGET = 300_000;
/** Pieces smaller than this are specks (a 2-3 mm fleck of calcium at 1 mm voxels is ~50-100 triangles). */
export const DEFAULT_MIN_COMPONENT_TRIANGLES = 200;
/** Cells marched at most before the grid is sampled more coarsely (~3 s in a worker at step 1). */
export const DEFAULT_MAX_CELLS = 16_000_000;

export interface SurfaceOptions {
  /** HU (real units) at the surface; default BONE_THRESHOLD_HU. */
  isoValue?: number;
  /** Voxel step per axis; default chosen by `chooseStep` from `maxCells`. */
  step?: number | readonly [number, number, number];
  maxCells?: number;
  maxTriangles?: number;
  /** 0 keeps every piece. */
  minComponentTriangles?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SurfaceStats {
  isoValue: number;
  step: [number, number, number];
  marchedTriangles: number;
  componentCount: number;
  droppedComponents: number;
  /** Cluster cell of the simplification, mm (0 = not simplified). */
  cellMm: number;
  triangles: number;
  vertices: number;
}

export interface SurfaceResult {
  mesh: SurfaceMesh;
  stats: SurfaceStats;
}

/**
 * The step per axis (each 1, 2 or 4) that keeps the marched cell count within `maxCells`, coarsening
 * first the axis with the finest sampling (a 1.07 x 1.07 x 3 mm CT goes to 2.1 x 2.1 x 3 mm before its
 * slices are skipped), so the sampled grid stays as isotropic as the data allow.
 */
export function chooseStep(
  dims: readonly [number, number, number],
  spacingMm: readonly [number, number, number],
  maxCells = DEFAULT_MAX_CELLS,
): [number, number, number] {
  const step: [number, number, number] = [1, 1, 1];
  const cells = () => dims.reduce((n, d, a) => n * (Math.floor((d - 1) / step[a]!) + 1), 1);
  while (cells() > maxCells) {
    let best = -1;
    for (let a = 0; a < 3; a++)
      if (step[a]! < 4 && (best < 0 || spacingMm[a]! * step[a]! < spacingMm[best]! * step[best]!)) best = a;
    if (best < 0) break;
    step[best] = step[best]! * 2;
  }
  return step;
}

/** The step per axis: as asked, or the one that fits `maxCells` (chooseStep). */
export function resolveStep(
  volume: Pick<Volume, 'dims' | 'spacingMm'>,
  options: Pick<SurfaceOptions, 'step' | 'maxCells'>,
): [number, number, number] {
  const s = options.step;
  if (s === undefined) return chooseStep(volume.dims, volume.spacingMm, options.maxCells);
  return typeof s === 'number' ? [s, s, s] : [s[0], s[1], s[2]];
}

/**
 * Bone (or any iso) surface of a volume, ready for display and export: marching cubes at a step that
 * fits `maxCells`, specks dropped, clustered down to `maxTriangles`, area-weighted outward normals.
 */
export function extractSurface(
  volume: Pick<Volume, 'dims' | 'data' | 'ijkToLps' | 'rescaleSlope' | 'rescaleIntercept' | 'spacingMm'>,
  options: SurfaceOptions = {},
): SurfaceResult {
  const isoValue = options.isoValue ?? BONE_THRESHOLD_HU;
  const step = resolveStep(volume, options);
  const marched = marchingCubes(volume, { isoValue, step, onProgress: options.onProgress });
  return finishSurface(marched, isoValue, step, options);
}

/**
 * The marched mesh (one pass, or slabs welded by slabs.ts) made ready for display: specks dropped,
 * clustered down to the triangle budget, area-weighted outward normals.
 */
export function finishSurface(
  marched: RawMesh,
  isoValue: number,
  step: [number, number, number],
  options: Pick<SurfaceOptions, 'minComponentTriangles' | 'maxTriangles'> = {},
): SurfaceResult {
  const filtered = dropSmallComponents(
    marched,
    options.minComponentTriangles ?? DEFAULT_MIN_COMPONENT_TRIANGLES,
  );
  const simplified = simplifyToBudget(filtered, options.maxTriangles ?? DEFAULT_TRIANGLE_BUDGET);
  const mesh: SurfaceMesh = {
    positions: simplified.positions,
    indices: simplified.indices,
    normals: computeVertexNormals(simplified.positions, simplified.indices),
  };
  return {
    mesh,
    stats: {
      isoValue,
      step,
      marchedTriangles: marched.indices.length / 3,
      componentCount: filtered.componentCount,
      droppedComponents: filtered.droppedComponents,
      cellMm: simplified.cellMm,
      triangles: mesh.indices.length / 3,
      vertices: mesh.positions.length / 3,
    },
  };
}
