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
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j += 2) {
      const row = nx * (j + ny * k);
      for (let i = 0; i < nx; i += 2) {
        if (d[row + i]! <= threshold) continue;
        if (i < i0) i0 = i;
        if (i > i1) i1 = i;
        if (j < j0) j0 = j;
        if (j > j1) j1 = j;
        if (k < k0) k0 = k;
        if (k > k1) k1 = k;
      }
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
