import type { Vec3 } from '../core/vec3';
import { add, cross, dot, normalize, scale, sub } from '../core/vec3';

/** A local frame on the spine: tangent (cranial), anterior, left (= tangent x anterior). */
export interface SpineFrame {
  originLps: Vec3;
  tangent: Vec3;
  anterior: Vec3;
  left: Vec3;
}

/** Moving average of a polyline (window 2*half+1, shrunk at the ends). */
function smoothPolyline(points: readonly Vec3[], half: number): Vec3[] {
  return points.map((_, i) => {
    let s: Vec3 = [0, 0, 0];
    let n = 0;
    for (let q = Math.max(0, i - half); q <= Math.min(points.length - 1, i + half); q++) {
      s = add(s, points[q]!);
      n++;
    }
    return scale(s, 1 / n);
  });
}

/** Frames along a cranially ordered or caudally ordered polyline; tangents always point cranially (+z). */
export function framesAlong(points: readonly Vec3[], smoothHalf = 4): SpineFrame[] {
  const sm = smoothPolyline(points, smoothHalf);
  return sm.map((p, i) => {
    const a = sm[Math.max(0, i - 2)]!;
    const b = sm[Math.min(sm.length - 1, i + 2)]!;
    let t = normalize(sub(b, a));
    if (t[2] < 0) t = scale(t, -1);
    return frameFromTangent(p, t);
  });
}

/** Frame at `origin` whose anterior axis is patient anterior (-y) made perpendicular to the tangent. */
export function frameFromTangent(originLps: Vec3, tangent: Vec3): SpineFrame {
  const minusY: Vec3 = [0, -1, 0];
  const anterior = normalize(sub(minusY, scale(tangent, dot(minusY, tangent))));
  const left = normalize(cross(tangent, anterior));
  return { originLps, tangent, anterior, left };
}

/** The LPS point at (anterior a, left l, cranial t) mm in a frame. */
export const inFrame = (f: SpineFrame, a: number, l: number, t = 0): Vec3 => [
  f.originLps[0] + f.anterior[0] * a + f.left[0] * l + f.tangent[0] * t,
  f.originLps[1] + f.anterior[1] * a + f.left[1] * l + f.tangent[1] * t,
  f.originLps[2] + f.anterior[2] * a + f.left[2] * l + f.tangent[2] * t,
];
