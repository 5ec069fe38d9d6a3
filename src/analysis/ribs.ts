import type { Vec3 } from '../core/vec3';
import type { CanalSlice } from './canal';
import { BONE_HU } from './canal';
import type { GridVolume } from './grid';
import { components } from './morphology';

/**
 * Ribs near the spine. Bone lateral to the vertebra (beyond MEDIAL_CUT_MM from the canal, so rib heads are
 * cut from the bodies and transverse processes from their vertebra) is split into 3D connected pieces per
 * side; a piece that starts close to the spine and reaches far out is a rib. Lumbar transverse processes
 * end within ~55 mm of the midline (L3 longest), ribs run on beyond 70 mm; only the part behind the
 * vertebral bodies is kept, so ribs joined in front by calcified cartilage stay apart.
 */

const MEDIAL_CUT_MM = 24;
/** A rib's medial end lies within this lateral distance of the canal (rib neck, costotransverse joint). */
const MEDIAL_END_MM = 42;
/** A rib reaches at least this far out; the longest lumbar transverse process reaches ~55 mm. */
const RIB_REACH_MM = 68;
/** Keep bone from 40 mm in front of the canal to 60 mm behind it. */
const FRONT_MM = 40;
const BACK_MM = 60;

export interface RibFound {
  side: 'left' | 'right';
  /** Point of the piece nearest the canal (its medial end): which vertebra it belongs to. */
  medialEndLps: Vec3;
  reachMm: number;
  voxels: number;
  /** Lowest z (mm) of the piece. */
  lowestZMm: number;
}

/**
 * Per side, the bone voxels of the band (lateral of the medial cut, in the front-back range) go into a mask
 * over the band's box (canal slices only); its face-connected pieces (run-length union-find) are measured
 * run by run: the lateral distance is monotonic along a run, so its ends give the piece's medial end and reach.
 */
export function findRibs(gv: GridVolume, canal: readonly CanalSlice[]): RibFound[] {
  const [nx, ny] = gv.grid.dims;
  const s = gv.grid.spacingMm;
  const plane = nx * ny;
  const hu = gv.hu;
  const o = gv.grid.ijkToLps;
  const kLo = canal[0]!.k;
  const kHi = canal[canal.length - 1]!.k;
  const bk = kHi - kLo + 1;
  // Canal centre per slice (slices are contiguous from kLo).
  const ci = new Float64Array(bk);
  const cj = new Float64Array(bk);
  for (const c of canal) {
    ci[c.k - kLo] = c.i;
    cj[c.k - kLo] = c.j;
  }
  let jMin = ny;
  let jMax = -1;
  for (let q = 0; q < bk; q++) {
    jMin = Math.min(jMin, Math.max(0, Math.floor(cj[q]! - FRONT_MM / s) - 1));
    jMax = Math.max(jMax, Math.min(ny - 1, Math.ceil(cj[q]! + BACK_MM / s) + 1));
  }
  if (jMax < jMin) return [];
  const bj = jMax - jMin + 1;
  const ribs: RibFound[] = [];
  for (const [side, sign] of [
    ['left', 1],
    ['right', -1],
  ] as const) {
    const mask = new Uint8Array(nx * bj * bk);
    for (let q = 0; q < bk; q++) {
      const c0 = ci[q]!;
      const c1 = cj[q]!;
      for (let j = jMin; j <= jMax; j++) {
        const dy = (j - c1) * s;
        if (dy < -FRONT_MM || dy > BACK_MM) continue;
        const src = nx * j + plane * (q + kLo);
        const dst = nx * (j - jMin + bj * q);
        for (let i = 0; i < nx; i++)
          if ((i - c0) * s * sign >= MEDIAL_CUT_MM && hu[src + i]! >= BONE_HU) mask[dst + i] = 1;
      }
    }
    const comps = components(mask, [nx, bj, bk]);
    const { start, end, row } = comps.runs;
    const medial = new Float64Array(comps.count).fill(Infinity);
    const reach = new Float64Array(comps.count);
    const lowestK = new Int32Array(comps.count).fill(kHi + 1);
    const dxAt = (i: number, q: number) => (i - ci[q]!) * s * sign;
    for (let r = 0; r < comps.runs.count; r++) {
      const l = comps.label[r]!;
      const q = Math.floor(row[r]! / bj);
      const a = dxAt(start[r]!, q);
      const b = dxAt(end[r]! - 1, q);
      medial[l] = Math.min(medial[l]!, a, b);
      reach[l] = Math.max(reach[l]!, a, b);
      lowestK[l] = Math.min(lowestK[l]!, q + kLo);
    }
    // Medial end: mean position of the piece's voxels within 6 mm of its most medial one.
    const sum = new Float64Array(comps.count * 4);
    for (let r = 0; r < comps.runs.count; r++) {
      const l = comps.label[r]!;
      if (medial[l]! > MEDIAL_END_MM || reach[l]! < RIB_REACH_MM) continue;
      const q = Math.floor(row[r]! / bj);
      const j = (row[r]! % bj) + jMin;
      for (let i = start[r]!; i < end[r]!; i++) {
        if (dxAt(i, q) > medial[l]! + 6) continue;
        sum[4 * l]! += i;
        sum[4 * l + 1]! += j;
        sum[4 * l + 2]! += q + kLo;
        sum[4 * l + 3]!++;
      }
    }
    for (let l = 0; l < comps.count; l++) {
      if (medial[l]! > MEDIAL_END_MM || reach[l]! < RIB_REACH_MM) continue;
      const mN = sum[4 * l + 3]!;
      ribs.push({
        side,
        medialEndLps: [
          o[3]! + (sum[4 * l]! / mN) * s,
          o[7]! + (sum[4 * l + 1]! / mN) * s,
          o[11]! + (sum[4 * l + 2]! / mN) * s,
        ],
        reachMm: reach[l]!,
        voxels: comps.size[l]!,
        lowestZMm: o[11]! + lowestK[l]! * s,
      });
    }
  }
  return ribs;
}
