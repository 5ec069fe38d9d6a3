import type { Vec3 } from '../core/vec3';
import type { GridVolume } from './grid';
import { components } from './morphology';
import { BODY_INSIDE, type BodyLabelGrid } from './types';

export interface KidneyFound {
  /** Indices of the kidney's voxels on the analysis grid. */
  voxels: Int32Array;
  centreLps: Vec3;
  volumeMl: number;
  /** 0..1 from the volume and position against adult norms. */
  confidence: number;
}

/**
 * Renal parenchyma HU on a 3x3x3-smoothed CT: unenhanced ~30-40 (below muscle ~50 and liver ~60), enhanced
 * (nephrographic / portal venous phase) ~120-250 (Birnbaum et al., Radiology 1994; Heneghan et al., 1997).
 */
const UNENHANCED_HU: [number, number] = [20, 42];
const ENHANCED_HU: [number, number] = [110, 320];
/** Search box relative to the spine centre, mm: lateral range, anterior/posterior range, above/below its ends. */
const LATERAL_MM: [number, number] = [30, 130];
const AP_MM: [number, number] = [-60, 55];
/** Adult kidney volume ~100-250 mL (Emamian et al., AJR 1993); accepted range for a candidate. */
const VOLUME_ML: [number, number] = [40, 450];

/**
 * Kidneys where seen, best effort: per side, the largest connected region in the renal HU window (unenhanced
 * or enhanced, per `contrast`) lateral to the upper lumbar spine, with a plausible volume. Undefined when none.
 */
export function findKidneys(
  gv: GridVolume,
  body: BodyLabelGrid,
  bodyCentresLps: readonly Vec3[],
  contrast: boolean,
): { left: KidneyFound | undefined; right: KidneyFound | undefined } {
  if (bodyCentresLps.length === 0) return { left: undefined, right: undefined };
  const { grid } = gv;
  const [nx, ny, nz] = grid.dims;
  const s = grid.spacingMm;
  const o: Vec3 = [grid.ijkToLps[3]!, grid.ijkToLps[7]!, grid.ijkToLps[11]!];
  const cx = bodyCentresLps.reduce((a, c) => a + c[0], 0) / bodyCentresLps.length;
  const cy = bodyCentresLps.reduce((a, c) => a + c[1], 0) / bodyCentresLps.length;
  const zs = bodyCentresLps.map((c) => c[2]);
  const zLo = Math.min(...zs) - 20;
  const zHi = Math.max(...zs) + 60;
  const band = contrast ? ENHANCED_HU : UNENHANCED_HU;
  const voxelMl = (s * s * s) / 1000;
  const found = (side: 1 | -1): KidneyFound | undefined => {
    const xa = cx + side * LATERAL_MM[0];
    const xb = cx + side * LATERAL_MM[1];
    const box = {
      i0: Math.max(1, Math.floor((Math.min(xa, xb) - o[0]) / s)),
      i1: Math.min(nx - 2, Math.ceil((Math.max(xa, xb) - o[0]) / s)),
      j0: Math.max(1, Math.floor((cy + AP_MM[0] - o[1]) / s)),
      j1: Math.min(ny - 2, Math.ceil((cy + AP_MM[1] - o[1]) / s)),
      k0: Math.max(1, Math.floor((zLo - o[2]) / s)),
      k1: Math.min(nz - 2, Math.ceil((zHi - o[2]) / s)),
    };
    if (box.i1 <= box.i0 || box.j1 <= box.j0 || box.k1 <= box.k0) return undefined;
    // The box's voxels in the renal window after 3x3x3 averaging (separable integer sums: exact), inside the body.
    const bi = box.i1 - box.i0 + 1;
    const bj = box.j1 - box.j0 + 1;
    const bk = box.k1 - box.k0 + 1;
    const mask = boxSmoothedWindow(gv, box, band, (v) => body.labels[v] === BODY_INSIDE);
    const c = components(mask, [bi, bj, bk]);
    let best = -1;
    let bestScore = 0;
    for (let l = 0; l < c.count; l++) {
      const ml = c.size[l]! * voxelMl;
      if (ml < VOLUME_ML[0] || ml > VOLUME_ML[1]) continue;
      const score = ml;
      if (score > bestScore) {
        bestScore = score;
        best = l;
      }
    }
    if (best < 0) return undefined;
    const count = c.size[best]!;
    const voxels = new Int32Array(count);
    let n = 0;
    let si = 0;
    let sj = 0;
    let sk = 0;
    const { start, end, row } = c.runs;
    for (let q = 0; q < c.runs.count; q++) {
      if (c.label[q] !== best) continue;
      const j = (row[q]! % bj) + box.j0;
      const k = Math.floor(row[q]! / bj) + box.k0;
      const i0 = start[q]! + box.i0;
      const i1 = end[q]! + box.i0;
      for (let i = i0; i < i1; i++) voxels[n++] = i + nx * (j + ny * k);
      const len = i1 - i0;
      si += ((i0 + i1 - 1) / 2) * len;
      sj += j * len;
      sk += k * len;
    }
    const volumeMl = count * voxelMl;
    const centreLps: Vec3 = [o[0] + (si / count) * s, o[1] + (sj / count) * s, o[2] + (sk / count) * s];
    // Full confidence for 100-250 mL (adult norm), less towards the accepted limits.
    const confidence = volumeMl >= 100 && volumeMl <= 250 ? 0.8 : 0.5;
    return { voxels, centreLps, volumeMl, confidence };
  };
  return { left: found(1), right: found(-1) };
}

/**
 * 0/1 mask over a box of the grid (i fastest): voxels where `keep` holds and the mean HU of their 3x3x3
 * neighbourhood lies in `band`. The box must keep one voxel off the grid's faces. Sums run separably along
 * i, j, k over the box and a one-voxel margin; integer HU make them exact.
 */
function boxSmoothedWindow(
  gv: GridVolume,
  box: { i0: number; i1: number; j0: number; j1: number; k0: number; k1: number },
  band: readonly [number, number],
  keep: (v: number) => boolean,
): Uint8Array {
  const { hu } = gv;
  const [nx, ny] = gv.grid.dims;
  const bi = box.i1 - box.i0 + 1;
  const bj = box.j1 - box.j0 + 1;
  const bk = box.k1 - box.k0 + 1;
  // Margin of one voxel in j and k for the first two sums.
  const mj = bj + 2;
  const mk = bk + 2;
  const sx = new Int32Array(bi * mj * mk);
  for (let k = 0; k < mk; k++)
    for (let j = 0; j < mj; j++) {
      const src = box.i0 + nx * (box.j0 - 1 + j + ny * (box.k0 - 1 + k));
      const dst = bi * (j + mj * k);
      for (let i = 0; i < bi; i++) sx[dst + i] = hu[src + i - 1]! + hu[src + i]! + hu[src + i + 1]!;
    }
  const sy = new Int32Array(bi * bj * mk);
  for (let k = 0; k < mk; k++)
    for (let j = 0; j < bj; j++) {
      const a = bi * (j + mj * k);
      const dst = bi * (j + bj * k);
      for (let i = 0; i < bi; i++) sy[dst + i] = sx[a + i]! + sx[a + bi + i]! + sx[a + 2 * bi + i]!;
    }
  const mask = new Uint8Array(bi * bj * bk);
  const plane = bi * bj;
  for (let k = 0; k < bk; k++)
    for (let j = 0; j < bj; j++) {
      const v0 = box.i0 + nx * (box.j0 + j + ny * (box.k0 + k));
      const a = bi * j + plane * k;
      for (let i = 0; i < bi; i++) {
        const m = (sy[a + i]! + sy[a + plane + i]! + sy[a + 2 * plane + i]!) / 27;
        if (m >= band[0] && m <= band[1] && keep(v0 + i)) mask[a + i] = 1;
      }
    }
  return mask;
}
