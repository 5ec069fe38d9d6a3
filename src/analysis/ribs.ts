import type { Vec3 } from '../core/vec3';
import type { CanalSlice } from './canal';
import { BONE_HU } from './canal';
import type { GridVolume } from './grid';

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

export function findRibs(gv: GridVolume, canal: readonly CanalSlice[]): RibFound[] {
  const [nx, ny] = gv.grid.dims;
  const s = gv.grid.spacingMm;
  const plane = nx * ny;
  const byK = new Map(canal.map((c) => [c.k, c]));
  const kLo = canal[0]!.k;
  const kHi = canal[canal.length - 1]!.k;
  const label = new Int32Array(plane * (kHi - kLo + 1));
  const inMask = (i: number, j: number, k: number, side: number): boolean => {
    const c = byK.get(k);
    if (!c) return false;
    const dx = (i - c.i) * s * side;
    const dy = (j - c.j) * s;
    if (dx < MEDIAL_CUT_MM || dy < -FRONT_MM || dy > BACK_MM) return false;
    return gv.hu[i + nx * j + plane * k]! >= BONE_HU;
  };
  const ribs: RibFound[] = [];
  let next = 1;
  for (const [side, sign] of [
    ['left', 1],
    ['right', -1],
  ] as const) {
    label.fill(0);
    for (let k = kLo; k <= kHi; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          const p = i + nx * j + plane * (k - kLo);
          if (label[p] || !inMask(i, j, k, sign)) continue;
          const id = next++;
          label[p] = id;
          const stack = [p];
          let medial = Infinity;
          let reach = 0;
          let mSum: Vec3 = [0, 0, 0];
          let mN = 0;
          const pts: number[] = [];
          while (stack.length) {
            const q = stack.pop()!;
            pts.push(q);
            const qi = q % nx;
            const qj = Math.floor(q / nx) % ny;
            const qk = Math.floor(q / plane) + kLo;
            const c = byK.get(qk)!;
            const dx = (qi - c.i) * s * sign;
            if (dx < medial) medial = dx;
            if (dx > reach) reach = dx;
            for (const [di, dj, dk] of [
              [1, 0, 0],
              [-1, 0, 0],
              [0, 1, 0],
              [0, -1, 0],
              [0, 0, 1],
              [0, 0, -1],
            ] as const) {
              const ni = qi + di;
              const nj = qj + dj;
              const nk = qk + dk;
              if (ni < 0 || nj < 0 || ni >= nx || nj >= ny || nk < kLo || nk > kHi) continue;
              const np = ni + nx * nj + plane * (nk - kLo);
              if (label[np] || !inMask(ni, nj, nk, sign)) continue;
              label[np] = id;
              stack.push(np);
            }
          }
          if (medial > MEDIAL_END_MM || reach < RIB_REACH_MM) continue;
          for (const q of pts) {
            const qi = q % nx;
            const qj = Math.floor(q / nx) % ny;
            const qk = Math.floor(q / plane) + kLo;
            const dx = (qi - byK.get(qk)!.i) * s * sign;
            if (dx > medial + 6) continue;
            mSum = [mSum[0] + qi, mSum[1] + qj, mSum[2] + qk];
            mN++;
          }
          const o = gv.grid.ijkToLps;
          ribs.push({
            side,
            medialEndLps: [
              o[3]! + (mSum[0] / mN) * s,
              o[7]! + (mSum[1] / mN) * s,
              o[11]! + (mSum[2] / mN) * s,
            ],
            reachMm: reach,
            voxels: pts.length,
            lowestZMm: o[11]! + (Math.floor(Math.min(...pts.map((q) => Math.floor(q / plane)))) + kLo) * s,
          });
        }
  }
  return ribs;
}
