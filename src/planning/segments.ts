import type { Vec3 } from '../core/vec3';
import { add, dot, lerp, scale, sub } from '../core/vec3';

export interface SegmentPoint {
  point: Vec3;
  t: number;
}

/** Closest point to `p` on segment a-b and its parameter t in [0, 1]. */
export function closestOnSegment(p: Vec3, a: Vec3, b: Vec3): SegmentPoint {
  const ab = sub(b, a);
  const len2 = dot(ab, ab);
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, dot(sub(p, a), ab) / len2));
  return { point: lerp(a, b, t), t };
}

/**
 * Closest points between segments p1-q1 and p2-q2 (Ericson, Real-Time Collision Detection, 2005, 5.1.9).
 * Returns the points and the parameter on the first segment.
 */
export function closestSegmentSegment(
  p1: Vec3,
  q1: Vec3,
  p2: Vec3,
  q2: Vec3,
): { onFirst: Vec3; onSecond: Vec3; s: number } {
  const d1 = sub(q1, p1);
  const d2 = sub(q2, p2);
  const r = sub(p1, p2);
  const a = dot(d1, d1);
  const e = dot(d2, d2);
  const f = dot(d2, r);
  const EPS = 1e-12;
  let s: number;
  let t: number;
  if (a <= EPS && e <= EPS) {
    s = 0;
    t = 0;
  } else if (a <= EPS) {
    s = 0;
    t = Math.max(0, Math.min(1, f / e));
  } else {
    const c = dot(d1, r);
    if (e <= EPS) {
      t = 0;
      s = Math.max(0, Math.min(1, -c / a));
    } else {
      const b = dot(d1, d2);
      const denom = a * e - b * b;
      s = denom > EPS ? Math.max(0, Math.min(1, (b * f - c * e) / denom)) : 0;
      t = (b * s + f) / e;
      if (t < 0) {
        t = 0;
        s = Math.max(0, Math.min(1, -c / a));
      } else if (t > 1) {
        t = 1;
        s = Math.max(0, Math.min(1, (b - c) / a));
      }
    }
  }
  return { onFirst: add(p1, scale(d1, s)), onSecond: add(p2, scale(d2, t)), s };
}
