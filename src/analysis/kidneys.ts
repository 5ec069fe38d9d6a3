import type { Vec3 } from '../core/vec3';
import type { GridVolume } from './grid';
import { components } from './morphology';
import { BODY_INSIDE, type BodyMask } from './types';

export interface KidneyFound {
  /** 0/1 per voxel of the analysis grid. */
  mask: Uint8Array;
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
  body: BodyMask,
  bodyCentresLps: readonly Vec3[],
  contrast: boolean,
): { left: KidneyFound | undefined; right: KidneyFound | undefined } {
  if (bodyCentresLps.length === 0) return { left: undefined, right: undefined };
  const { grid, hu } = gv;
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
    const mask = new Uint8Array(hu.length);
    for (let k = box.k0; k <= box.k1; k++)
      for (let j = box.j0; j <= box.j1; j++)
        for (let i = box.i0; i <= box.i1; i++) {
          const v = i + nx * (j + ny * k);
          if (body.labels[v] !== BODY_INSIDE) continue;
          let sum = 0;
          for (let dk = -1; dk <= 1; dk++)
            for (let dj = -1; dj <= 1; dj++)
              for (let di = -1; di <= 1; di++) sum += hu[v + di + nx * (dj + ny * dk)]!;
          const m = sum / 27;
          if (m >= band[0] && m <= band[1]) mask[v] = 1;
        }
    const c = components(mask, grid.dims);
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
    const out = new Uint8Array(hu.length);
    let si = 0;
    let sj = 0;
    let sk = 0;
    const { start, end, row } = c.runs;
    for (let q = 0; q < c.runs.count; q++) {
      if (c.label[q] !== best) continue;
      const r = row[q]!;
      out.fill(1, r * nx + start[q]!, r * nx + end[q]!);
      const len = end[q]! - start[q]!;
      si += ((start[q]! + end[q]! - 1) / 2) * len;
      sj += (r % ny) * len;
      sk += Math.floor(r / ny) * len;
    }
    const count = c.size[best]!;
    const volumeMl = count * voxelMl;
    const centreLps: Vec3 = [o[0] + (si / count) * s, o[1] + (sj / count) * s, o[2] + (sk / count) * s];
    // Full confidence for 100-250 mL (adult norm), less towards the accepted limits.
    const confidence = volumeMl >= 100 && volumeMl <= 250 ? 0.8 : 0.5;
    return { mask: out, centreLps, volumeMl, confidence };
  };
  return { left: found(1), right: found(-1) };
}
