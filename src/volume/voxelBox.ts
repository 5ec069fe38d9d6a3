import { invert4, type Mat4, transformPoint } from '../core/mat4';
import type { Vec3 } from '../core/vec3';

/** A voxel grid: index extents and its voxel-centre-to-LPS matrix (as Volume and clearance's MaskGeometry). */
export interface VoxelGrid {
  dims: readonly [number, number, number];
  ijkToLps: Mat4;
}

/**
 * The voxel block (inclusive index bounds) covering the axis-aligned LPS box `loLps..hiLps`, clamped to the
 * grid; undefined when the box misses it. All 8 corners are transformed because the grid may be oblique
 * (PS3.3 C.7.6.2.1.1 Image Orientation), so the block may include voxels just outside the box.
 */
export function voxelBoundsOfLpsBox(
  grid: VoxelGrid,
  loLps: Vec3,
  hiLps: Vec3,
): { lo: Vec3; hi: Vec3 } | undefined {
  const toIjk = invert4(grid.ijkToLps);
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let c = 0; c < 8; c++) {
    const corner: Vec3 = [
      c & 1 ? hiLps[0] : loLps[0],
      c & 2 ? hiLps[1] : loLps[1],
      c & 4 ? hiLps[2] : loLps[2],
    ];
    const ijk = transformPoint(toIjk, corner);
    for (let a = 0; a < 3; a++) {
      min[a] = Math.min(min[a]!, ijk[a]!);
      max[a] = Math.max(max[a]!, ijk[a]!);
    }
  }
  const lo: Vec3 = [0, 1, 2].map((a) => Math.max(0, Math.floor(min[a]!))) as unknown as Vec3;
  const hi: Vec3 = [0, 1, 2].map((a) => Math.min(grid.dims[a]! - 1, Math.ceil(max[a]!))) as unknown as Vec3;
  return lo.some((v, a) => v > hi[a]!) ? undefined : { lo, hi };
}

/** The LPS box around `pointsLps` grown by `marginMm` on every side. */
export function lpsBoxAround(pointsLps: readonly Vec3[], marginMm: number): { loLps: Vec3; hiLps: Vec3 } {
  const bound = (pick: (...v: number[]) => number, a: number) => pick(...pointsLps.map((p) => p[a]!));
  return {
    loLps: [bound(Math.min, 0) - marginMm, bound(Math.min, 1) - marginMm, bound(Math.min, 2) - marginMm],
    hiLps: [bound(Math.max, 0) + marginMm, bound(Math.max, 1) + marginMm, bound(Math.max, 2) + marginMm],
  };
}

/**
 * The smallest voxel block (inclusive index bounds) holding every voxel of a `dims` grid (i fastest) whose
 * index `p` passes `isIn`; undefined when none does. One pass over the grid.
 */
export function blockWhere(
  dims: readonly [number, number, number],
  isIn: (p: number) => boolean,
): { lo: Vec3; hi: Vec3 } | undefined {
  const [nx, ny, nz] = dims;
  let i0 = nx;
  let j0 = ny;
  let k0 = nz;
  let i1 = -1;
  let j1 = -1;
  let k1 = -1;
  for (let k = 0, p = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, p++) {
        if (!isIn(p)) continue;
        if (i < i0) i0 = i;
        if (i > i1) i1 = i;
        if (j < j0) j0 = j;
        if (j > j1) j1 = j;
        if (k < k0) k0 = k;
        if (k > k1) k1 = k;
      }
  return i1 < 0 ? undefined : { lo: [i0, j0, k0], hi: [i1, j1, k1] };
}
