import { invert4, type Mat4, transformPoint } from '../core/mat4';
import type { Vec3 } from '../core/vec3';
import { trilinearStored } from '../volume/sample';
import type { Volume } from '../volume/volume';
import type { AnalysisGrid } from './types';

/** Coarse isotropic step of the analysis: bones, canal and discs are >= 4 mm; landmarks are refined on the CT. */
export const ANALYSIS_SPACING_MM = 2;

/** Voxels above this are "something" (body, couch); below is air (air -1000, fat -100 HU). */
const NOT_AIR_HU = -500;

/** HU volume resampled onto an LPS-aligned isotropic grid covering the non-air part of the scan. */
export interface GridVolume {
  grid: AnalysisGrid;
  /** HU per voxel, i fastest (x = patient left), then j (posterior), then k (superior). Outside the scan: -1024. */
  hu: Int16Array;
  /** 1 where the grid point lies inside the scanned volume. */
  inScan: Uint8Array;
}

export const gridIndex = (g: AnalysisGrid, i: number, j: number, k: number): number =>
  i + g.dims[0] * (j + g.dims[1] * k);

export const gridToLps = (g: AnalysisGrid, i: number, j: number, k: number): Vec3 =>
  transformPoint(g.ijkToLps, [i, j, k]);

/** Continuous grid coordinates of an LPS point. */
export function lpsToGrid(g: AnalysisGrid, p: Vec3): Vec3 {
  const o: Vec3 = [g.ijkToLps[3]!, g.ijkToLps[7]!, g.ijkToLps[11]!];
  return [(p[0] - o[0]) / g.spacingMm, (p[1] - o[1]) / g.spacingMm, (p[2] - o[2]) / g.spacingMm];
}

/** LPS bounding box of the voxels above NOT_AIR_HU (every 2nd voxel in-plane: enough for a box). */
function nonAirBoxLps(volume: Volume): { lo: Vec3; hi: Vec3 } {
  const [nx, ny, nz] = volume.dims;
  const d = volume.data;
  const threshold = (NOT_AIR_HU - volume.rescaleIntercept) / volume.rescaleSlope;
  let i0 = nx;
  let i1 = -1;
  let j0 = ny;
  let j1 = -1;
  let k0 = nz;
  let k1 = -1;
  // Per sampled row only its first and last voxel above the threshold matter: scan in from both ends.
  const last = (nx - 1) & ~1;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j += 2) {
      const row = nx * (j + ny * k);
      let a = 0;
      while (a < nx && d[row + a]! <= threshold) a += 2;
      if (a >= nx) continue;
      let b = last;
      while (d[row + b]! <= threshold) b -= 2;
      if (a < i0) i0 = a;
      if (b > i1) i1 = b;
      if (j < j0) j0 = j;
      if (j > j1) j1 = j;
      if (k < k0) k0 = k;
      if (k > k1) k1 = k;
    }
  if (i1 < 0) {
    i0 = j0 = k0 = 0;
    i1 = nx - 1;
    j1 = ny - 1;
    k1 = nz - 1;
  }
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let c = 0; c < 8; c++) {
    const p = transformPoint(volume.ijkToLps, [
      c & 1 ? i1 + 1 : i0 - 1,
      c & 2 ? j1 + 1 : j0 - 1,
      c & 4 ? k1 : k0,
    ]);
    for (let a = 0; a < 3; a++) {
      lo[a] = Math.min(lo[a]!, p[a]!);
      hi[a] = Math.max(hi[a]!, p[a]!);
    }
  }
  return { lo: lo as unknown as Vec3, hi: hi as unknown as Vec3 };
}

/**
 * Resamples the CT (any orientation, gantry tilt included: ijkToLps carries it, PS3.3 C.7.6.2.1.1) onto an
 * LPS-aligned grid at `spacingMm`. Downsampling averages a 2x2x2 neighbourhood of trilinear samples (half a
 * step apart) so thin cortex is not aliased away.
 */
export function resampleToGrid(volume: Volume, spacingMm = ANALYSIS_SPACING_MM): GridVolume {
  const { lo, hi } = nonAirBoxLps(volume);
  const dims = [0, 1, 2].map((a) =>
    Math.max(1, Math.floor((hi[a]! - lo[a]!) / spacingMm) + 1),
  ) as unknown as [number, number, number];
  const ijkToLps: Mat4 = [spacingMm, 0, 0, lo[0], 0, spacingMm, 0, lo[1], 0, 0, spacingMm, lo[2], 0, 0, 0, 1];
  const grid: AnalysisGrid = { dims, spacingMm, ijkToLps };
  const toIjk = invert4(volume.ijkToLps);
  const [vx, vy, vz] = volume.dims;
  const n = dims[0] * dims[1] * dims[2];
  if (Math.max(...volume.spacingMm) < spacingMm * 0.9 && isAxisAligned(volume.ijkToLps))
    return boxAverage(volume, grid);
  if (isAxialStack(volume) && Math.max(volume.spacingMm[0], volume.spacingMm[1]) < spacingMm * 0.9)
    return axialThickSlices(volume, grid);
  const hu = new Int16Array(n);
  const inScan = new Uint8Array(n);
  const slope = volume.rescaleSlope;
  const icpt = volume.rescaleIntercept;
  // Sub-sample offsets (grid steps) when the grid is coarser than the CT along any axis.
  const coarser = Math.max(...volume.spacingMm) < spacingMm * 0.9;
  const offsets: readonly number[] = coarser ? [-0.25, 0.25] : [0];
  const o = offsets.length;
  const m = toIjk;
  let idx = 0;
  for (let k = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++, idx++) {
        let sum = 0;
        let count = 0;
        for (let a = 0; a < o; a++)
          for (let b = 0; b < o; b++)
            for (let c = 0; c < o; c++) {
              const x = lo[0] + (i + offsets[a]!) * spacingMm;
              const y = lo[1] + (j + offsets[b]!) * spacingMm;
              const z = lo[2] + (k + offsets[c]!) * spacingMm;
              const fi = m[0]! * x + m[1]! * y + m[2]! * z + m[3]!;
              const fj = m[4]! * x + m[5]! * y + m[6]! * z + m[7]!;
              const fk = m[8]! * x + m[9]! * y + m[10]! * z + m[11]!;
              const s = trilinearStored(volume.data, vx, vy, vz, fi, fj, fk);
              if (Number.isNaN(s)) continue;
              sum += s * slope + icpt;
              count++;
            }
        if (count === 0) {
          hu[idx] = -1024;
          continue;
        }
        inScan[idx] = 1;
        hu[idx] = Math.max(-32768, Math.min(32767, Math.round(sum / count)));
      }
  return { grid, hu, inScan };
}

/** True when each voxel axis runs along one LPS axis (any sign): plain axial, sagittal or coronal stacks. */
function isAxisAligned(m: Mat4): boolean {
  for (let c = 0; c < 3; c++) {
    const col = [m[c]!, m[4 + c]!, m[8 + c]!].map(Math.abs);
    const big = Math.max(...col);
    if (col.filter((v) => v > big * 1e-6).length !== 1) return false;
  }
  return true;
}

/**
 * Cell of each voxel index along one CT axis (-1 outside the grid), the range of indices that fall in the
 * grid (cells are monotonic along an axis, so it is contiguous) and how many voxels each cell gets.
 */
function cellsAlong(
  m: Mat4,
  grid: AnalysisGrid,
  c: number,
  r: number,
  len: number,
): { cell: Int32Array; from: number; to: number; count: Uint16Array } {
  const o = grid.ijkToLps[4 * r + 3]!;
  const cell = new Int32Array(len);
  const count = new Uint16Array(grid.dims[r]!);
  let from = len;
  let to = -1;
  for (let q = 0; q < len; q++) {
    const lps = m[4 * r + c]! * q + m[4 * r + 3]!;
    const g = Math.round((lps - o) / grid.spacingMm);
    const ok = g >= 0 && g < grid.dims[r]!;
    cell[q] = ok ? g : -1;
    if (!ok) continue;
    count[g]!++;
    from = Math.min(from, q);
    to = Math.max(to, q);
  }
  return { cell, from, to: to + 1, count };
}

/**
 * Downsampling of an axis-aligned volume: every CT voxel is added to the grid cell holding its centre
 * (one pass over the CT, no interpolation), the cell keeps the mean. Cells no CT voxel falls in (a grid finer
 * than the CT along an axis cannot happen here: the caller checks) stay outside the scan. Sums are integers
 * (exact in any order); the voxels per cell are the product of the per-axis counts.
 */
function boxAverage(volume: Volume, grid: AnalysisGrid): GridVolume {
  const [gx, gy, gz] = grid.dims;
  const n = gx * gy * gz;
  const sum = new Int32Array(n);
  const m = volume.ijkToLps;
  const [vx, vy, vz] = volume.dims;
  // Grid index along each LPS axis as a function of the voxel index along the CT axis that maps to it.
  const axisOf = [0, 1, 2].map((c) => [0, 1, 2].find((r) => Math.abs(m[4 * r + c]!) > 0)!);
  const ci = cellsAlong(m, grid, 0, axisOf[0]!, vx);
  const cj = cellsAlong(m, grid, 1, axisOf[1]!, vy);
  const ck = cellsAlong(m, grid, 2, axisOf[2]!, vz);
  const stride = [1, gx, gx * gy];
  const si = stride[axisOf[0]!]!;
  const sj = stride[axisOf[1]!]!;
  const sk = stride[axisOf[2]!]!;
  const cellI = new Int32Array(vx);
  for (let i = 0; i < vx; i++) cellI[i] = ci.cell[i]! * si;
  const d = volume.data;
  for (let k = ck.from; k < ck.to; k++) {
    const kk = ck.cell[k]! * sk;
    for (let j = cj.from; j < cj.to; j++) {
      const base = kk + cj.cell[j]! * sj;
      const row = vx * (j + vy * k);
      for (let i = ci.from; i < ci.to; i++) sum[base + cellI[i]!]! += d[row + i]!;
    }
  }
  const hu = new Int16Array(n);
  const inScan = new Uint8Array(n);
  const slope = volume.rescaleSlope;
  const icpt = volume.rescaleIntercept;
  const countAt = [ci.count, cj.count, ck.count];
  // Counts per grid axis (x, y, z) from the CT axis that maps to it.
  const cx = countAt[axisOf.indexOf(0)]!;
  const cy = countAt[axisOf.indexOf(1)]!;
  const cz = countAt[axisOf.indexOf(2)]!;
  let p = 0;
  for (let k = 0; k < gz; k++)
    for (let j = 0; j < gy; j++) {
      const cjk = cy[j]! * cz[k]!;
      for (let i = 0; i < gx; i++, p++) {
        const count = cx[i]! * cjk;
        if (count === 0) {
          hu[p] = -1024;
          continue;
        }
        inScan[p] = 1;
        hu[p] = Math.max(-32768, Math.min(32767, Math.round((sum[p]! / count) * slope + icpt)));
      }
    }
  return { grid, hu, inScan };
}

/** Axis-aligned with the slices along z (a plain axial stack, any in-plane flips). */
function isAxialStack(volume: Volume): boolean {
  const m = volume.ijkToLps;
  return isAxisAligned(m) && Math.abs(m[10]!) > 0 && m[2] === 0 && m[6] === 0;
}

/**
 * Thick axial slices (slice step >= the grid step): each CT slice is box-averaged in-plane into the grid's
 * cells, then grid planes are interpolated linearly between the two CT slices around them (as trilinear
 * sampling would along z), in one pass over the CT.
 */
function axialThickSlices(volume: Volume, grid: AnalysisGrid): GridVolume {
  const [gx, gy, gz] = grid.dims;
  const plane = gx * gy;
  const m = volume.ijkToLps;
  const [vx, vy, vz] = volume.dims;
  const s = grid.spacingMm;
  const rowAxis = Math.abs(m[0]!) > 0 ? 0 : 1;
  // CT columns (i) and rows (j) to grid cells (offsets within a grid plane), with their ranges and counts.
  const ci = cellsAlong(m, grid, 0, rowAxis, vx);
  const cj = cellsAlong(m, grid, 1, 1 - rowAxis, vy);
  const toCell = (along: typeof ci, r: number) =>
    along.cell.map((g) => (g < 0 ? -1 : g * (r === 0 ? 1 : gx)));
  const cellI = toCell(ci, rowAxis);
  const cellJ = toCell(cj, 1 - rowAxis);
  const counts = new Uint16Array(plane);
  for (let i = ci.from; i < ci.to; i++)
    for (let j = cj.from; j < cj.to; j++) counts[cellI[i]! + cellJ[j]!]!++;
  const slope = volume.rescaleSlope;
  const icpt = volume.rescaleIntercept;
  const sums = new Int32Array(plane);
  const d = volume.data;
  // Mean HU per cell of CT slice k (float32, as the interpolation below reads it); NaN where no voxel falls.
  const average = (k: number, out: Float32Array): Float32Array => {
    sums.fill(0);
    for (let j = cj.from; j < cj.to; j++) {
      const jj = cellJ[j]!;
      const row = vx * (j + vy * k);
      for (let i = ci.from; i < ci.to; i++) sums[cellI[i]! + jj]! += d[row + i]!;
    }
    for (let p = 0; p < plane; p++) out[p] = counts[p] ? (sums[p]! / counts[p]!) * slope + icpt : Number.NaN;
    return out;
  };
  const hu = new Int16Array(plane * gz);
  const inScan = new Uint8Array(plane * gz);
  const zOf = (k: number) => m[10]! * k + m[11]!;
  // The two CT slices around the current grid plane, each averaged once (slices may run either way along z).
  const cachedK = [-1, -1];
  const cached = [new Float32Array(plane), new Float32Array(plane)];
  const slice = (k: number, keep: number): Float32Array => {
    const hit = cachedK.indexOf(k);
    if (hit >= 0) return cached[hit]!;
    const slot = cachedK[0] === keep ? 1 : 0;
    cachedK[slot] = k;
    return average(k, cached[slot]!);
  };
  const order = Array.from({ length: gz }, (_, q) => q);
  const fk = (q: number) => (grid.ijkToLps[11]! + q * s - zOf(0)) / m[10]!;
  if (m[10]! < 0) order.reverse();
  for (const q of order) {
    const f = fk(q);
    const out = q * plane;
    if (f < -0.5 || f > vz - 0.5) {
      hu.fill(-1024, out, out + plane);
      continue;
    }
    const c = Math.min(vz - 1, Math.max(0, f));
    const k0 = Math.min(Math.max(vz - 2, 0), Math.floor(c));
    const t = vz > 1 ? c - k0 : 0;
    const a = slice(k0, k0 + 1);
    const b = t > 0 ? slice(k0 + 1, k0) : a;
    interpolatePlanes(a, b, t, hu, inScan, out);
  }
  return { grid, hu, inScan };
}

/** Grid plane at `out` (offset in hu/inScan) = a * (1 - t) + b * t, rounded; NaN (no CT there) = outside the scan. */
function interpolatePlanes(
  a: Float32Array,
  b: Float32Array,
  t: number,
  hu: Int16Array,
  inScan: Uint8Array,
  out: number,
): void {
  for (let p = 0; p < a.length; p++) {
    const v = a[p]! * (1 - t) + b[p]! * t;
    if (Number.isNaN(v)) {
      hu[out + p] = -1024;
      continue;
    }
    inScan[out + p] = 1;
    hu[out + p] = v >= 32767 ? 32767 : v <= -32768 ? -32768 : Math.round(v);
  }
}

/**
 * HU at an LPS point, trilinear on the CT; undefined outside it. The same arithmetic as volume/sample.ts
 * lpsSampler (so the same values), with the inverse matrix unpacked and no array per sample: the column and
 * landmark stages call it hundreds of thousands of times.
 */
export function huSampler(volume: Volume): (lps: Vec3) => number | undefined {
  const m = invert4(volume.ijkToLps);
  const [m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11] = m as unknown as number[];
  const [nx, ny, nz] = volume.dims;
  const d = volume.data;
  const slope = volume.rescaleSlope;
  const icpt = volume.rescaleIntercept;
  return (p) => {
    const x = p[0];
    const y = p[1];
    const z = p[2];
    const s = trilinearStored(
      d,
      nx,
      ny,
      nz,
      m0! * x + m1! * y + m2! * z + m3!,
      m4! * x + m5! * y + m6! * z + m7!,
      m8! * x + m9! * y + m10! * z + m11!,
    );
    return Number.isNaN(s) ? undefined : s * slope + icpt;
  };
}
