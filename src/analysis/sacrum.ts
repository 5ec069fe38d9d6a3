import type { Vec3 } from '../core/vec3';
import { add, scale } from '../core/vec3';
import type { HuAt } from './column';
import { inFrame } from './curve';
import { LANDMARK_BONE_HU, type VertebraFrame } from './landmarks';

const BONE = LANDMARK_BONE_HU;

/**
 * Dorsal S1 foramen: in the dorsal sacral plate lateral to the canal and below the S1 endplate, the
 * (left, cranial) position where the fewest bone samples lie along the AP line (the foraminal canal runs
 * front to back), surrounded by bone; the point is put on the dorsal surface of the plate around it.
 */
export function s1DorsalForamen(hu: HuAt, f: VertebraFrame, sign: 1 | -1): { lps: Vec3; confidence: number } {
  const boneAlong = (l: number, t: number): { count: number; back: number } => {
    let count = 0;
    let back = 0;
    for (let a = 8; a >= -30; a -= 1)
      if ((hu(inFrame(f, a, l, t)) ?? -1000) >= BONE) {
        count++;
        back = a;
      }
    return { count, back };
  };
  let best = { score: Infinity, l: sign * 22, t: f.tSup - 20, back: -15 };
  for (let t = f.tSup - 8; t >= f.tSup - 34; t -= 2)
    for (let m = 14; m <= 34; m += 2) {
      const l = sign * m;
      const here = boneAlong(l, t);
      const medial = boneAlong(l - sign * 7, t);
      const lateral = boneAlong(l + sign * 7, t);
      if (medial.count < 6 || lateral.count < 6) continue;
      const score = here.count - 0.2 * (medial.count + lateral.count);
      if (score < best.score) best = { score, l, t, back: Math.min(medial.back, lateral.back) };
    }
  const found = best.score < Infinity;
  return { lps: inFrame(f, best.back, best.l, best.t), confidence: found ? 0.5 : 0.2 };
}

/**
 * Sacroiliac joint, lower third: lateral marches from the sacrum at several depths find the joint as a
 * thin gap (1-8 mm) between sacral and iliac bone; the joint's caudal third, its posterior half.
 */
export function siJointLowerThird(
  hu: HuAt,
  f: VertebraFrame,
  sign: 1 | -1,
): { lps: Vec3; confidence: number } {
  const hits: { a: number; l: number; t: number }[] = [];
  for (let t = f.tSup; t >= f.tSup - 90; t -= 2)
    for (let a = -15; a <= 25; a += 5) {
      let state: 'sacrum' | 'gap' | 'none' = 'none';
      let gapFrom = 0;
      for (let m = 10; m <= 80; m += 0.5) {
        const isBone = (hu(inFrame(f, a, sign * m, t)) ?? -1000) >= BONE;
        if (state === 'none' && isBone) state = 'sacrum';
        else if (state === 'sacrum' && !isBone) {
          state = 'gap';
          gapFrom = m;
        } else if (state === 'gap' && isBone) {
          const gap = m - gapFrom;
          if (gap >= 1 && gap <= 8 && gapFrom >= 25) hits.push({ a, l: sign * (gapFrom + gap / 2), t });
          break;
        } else if (state === 'gap' && m - gapFrom > 8) break;
      }
    }
  if (hits.length < 4) return { lps: inFrame(f, 0, sign * 40, f.tSup - 50), confidence: 0.1 };
  const ts = hits.map((h) => h.t);
  const lo = Math.min(...ts);
  const hi = Math.max(...ts);
  const lower = hits.filter((h) => h.t <= lo + (hi - lo) / 3);
  const meanA = lower.reduce((s, h) => s + h.a, 0) / lower.length;
  const back = lower.filter((h) => h.a <= meanA);
  const pick = back.length ? back : lower;
  const p = pick.reduce((s, h) => add(s, inFrame(f, h.a, h.l, h.t)), [0, 0, 0] as Vec3);
  return { lps: scale(p, 1 / pick.length), confidence: Math.min(0.7, hits.length / 40) };
}
