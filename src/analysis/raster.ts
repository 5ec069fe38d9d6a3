import type { Vec3 } from '../core/vec3';
import type { GridVolume } from './grid';
import type { AnalysisGrid } from './types';

/**
 * Rasterisation of round tubes on the analysis grid and trilinear sampling of its HU, with scalar
 * arithmetic only (no per-voxel allocation): the structure stage visits every voxel near the canal and the
 * root corridors.
 */

/** Calls `visit(index, t, distanceMm)` for every grid voxel within `maxReachMm` of segment a-b (t in 0..1 along it). */
export function forEachNearSegment(
  grid: AnalysisGrid,
  a: Vec3,
  b: Vec3,
  maxReachMm: number,
  visit: (v: number, t: number, d: number) => void,
): void {
  const [nx, ny, nz] = grid.dims;
  const s = grid.spacingMm;
  const o0 = grid.ijkToLps[3]!;
  const o1 = grid.ijkToLps[7]!;
  const o2 = grid.ijkToLps[11]!;
  const lo = (c: number, o: number) => Math.max(0, Math.floor((Math.min(a[c]!, b[c]!) - maxReachMm - o) / s));
  const hi = (c: number, o: number, n: number) =>
    Math.min(n - 1, Math.ceil((Math.max(a[c]!, b[c]!) + maxReachMm - o) / s));
  const i0 = lo(0, o0);
  const i1 = hi(0, o0, nx);
  const j0 = lo(1, o1);
  const j1 = hi(1, o1, ny);
  const k0 = lo(2, o2);
  const k1 = hi(2, o2, nz);
  const [a0, a1, a2] = a;
  const ab0 = b[0] - a0;
  const ab1 = b[1] - a1;
  const ab2 = b[2] - a2;
  const len2 = ab0 * ab0 + ab1 * ab1 + ab2 * ab2 || 1;
  for (let k = k0; k <= k1; k++) {
    const p2 = o2 + k * s;
    const w2 = p2 - a2;
    for (let j = j0; j <= j1; j++) {
      const p1 = o1 + j * s;
      const w1 = p1 - a1;
      const row = nx * (j + ny * k);
      for (let i = i0; i <= i1; i++) {
        const p0 = o0 + i * s;
        const w0 = p0 - a0;
        const t = Math.max(0, Math.min(1, (w0 * ab0 + w1 * ab1 + w2 * ab2) / len2));
        const d = Math.hypot(p0 - (a0 + ab0 * t), p1 - (a1 + ab1 * t), p2 - (a2 + ab2 * t));
        if (d <= maxReachMm) visit(row + i, t, d);
      }
    }
  }
}

/** Calls `set(index)` for the voxels of a chain of round cones (radius linear along each segment). */
export function rasteriseTube(
  grid: AnalysisGrid,
  points: readonly Vec3[],
  radii: readonly number[],
  set: (v: number) => void,
): void {
  for (let n = 0; n + 1 < points.length; n++) {
    const r0 = radii[n]!;
    const r1 = radii[n + 1]!;
    forEachNearSegment(grid, points[n]!, points[n + 1]!, Math.max(r0, r1), (v, t, d) => {
      if (d <= r0 + t * (r1 - r0)) set(v);
    });
  }
}

/** Trilinear HU at an LPS point (x, y, z) of the grid; NaN off the grid (its last voxel plane included). */
export function sampleGridAt(gv: GridVolume, x: number, y: number, z: number): number {
  const { grid, hu } = gv;
  const [nx, ny, nz] = grid.dims;
  const s = grid.spacingMm;
  const gx = (x - grid.ijkToLps[3]!) / s;
  const gy = (y - grid.ijkToLps[7]!) / s;
  const gz = (z - grid.ijkToLps[11]!) / s;
  const i = Math.floor(gx);
  const j = Math.floor(gy);
  const k = Math.floor(gz);
  if (i < 0 || j < 0 || k < 0 || i + 1 >= nx || j + 1 >= ny || k + 1 >= nz) return Number.NaN;
  const fx = gx - i;
  const fy = gy - j;
  const fz = gz - k;
  const p = i + nx * (j + ny * k);
  const sy = nx;
  const sz = nx * ny;
  const c000 = hu[p]!;
  const c100 = hu[p + 1]!;
  const c010 = hu[p + sy]!;
  const c110 = hu[p + sy + 1]!;
  const c001 = hu[p + sz]!;
  const c101 = hu[p + sz + 1]!;
  const c011 = hu[p + sz + sy]!;
  const c111 = hu[p + sz + sy + 1]!;
  const x00 = c000 + fx * (c100 - c000);
  const x10 = c010 + fx * (c110 - c010);
  const x01 = c001 + fx * (c101 - c001);
  const x11 = c011 + fx * (c111 - c011);
  const y0 = x00 + fy * (x10 - x00);
  const y1 = x01 + fy * (x11 - x01);
  return y0 + fz * (y1 - y0);
}
