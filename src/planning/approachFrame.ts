import type { Vec3 } from '../core/vec3';
import { add, cross, dot, normalize, scale, sub } from '../core/vec3';
import type { Side } from './trajectory';

const RAD = Math.PI / 180;
const DEG = 180 / Math.PI;

/**
 * Angles of a direction in a level's frame, as the procedure definitions state them: `obliqueDeg` turns it
 * from straight posterior toward the planned side (negative: toward the other side; midline counts as
 * left), `tiltDeg` lifts it out of the frame's axial plane (+ = toward the head). The 'endplate' frame's
 * axial plane is the level's superior endplate (its normal is "up"), so tilt 0 there is a beam that squares
 * the endplate; the 'patient' frame is the patient's axes.
 */
export type AngleFrame = 'endplate' | 'patient';

export interface FrameAngles {
  obliqueDeg: number;
  tiltDeg: number;
}

/** The level's orthonormal frame: superior = endplate normal, posterior = +y made perpendicular, left. */
export function levelFrame(endplateNormal: Vec3 | undefined): { s: Vec3; p: Vec3; l: Vec3 } {
  let s = endplateNormal ? normalize(endplateNormal) : ([0, 0, 1] as Vec3);
  if (s[2] < 0) s = scale(s, -1);
  const p = normalize(sub([0, 1, 0], scale(s, s[1])));
  return { s, p, l: cross(p, s) };
}

/** +1 for the left (and midline), -1 for the right: the sign of "toward the planned side" along +x. */
export const towardSide = (side: Side): number => (side === 'right' ? -1 : 1);

/**
 * Unit direction of frame angles (outward, target -> entry for an approach; isocentre -> detector for a
 * view). `endplateNormal` is ignored in the 'patient' frame.
 */
export function frameDirection(
  angles: FrameAngles,
  side: Side,
  frame: AngleFrame,
  endplateNormal?: Vec3,
): Vec3 {
  const { s, p, l } = levelFrame(frame === 'endplate' ? endplateNormal : undefined);
  const o = angles.obliqueDeg * RAD;
  const t = angles.tiltDeg * RAD;
  const axial = add(scale(l, Math.sin(o) * towardSide(side)), scale(p, Math.cos(o)));
  return normalize(add(scale(normalize(axial), Math.cos(t)), scale(s, Math.sin(t))));
}

/** Inverse of `frameDirection`: the frame angles of a direction (oblique in (-180, 180], tilt in [-90, 90]). */
export function frameAnglesOf(dir: Vec3, side: Side, frame: AngleFrame, endplateNormal?: Vec3): FrameAngles {
  const { s, p, l } = levelFrame(frame === 'endplate' ? endplateNormal : undefined);
  const u = normalize(dir);
  return {
    obliqueDeg: Math.atan2(dot(u, l) * towardSide(side), dot(u, p)) * DEG,
    tiltDeg: Math.asin(Math.max(-1, Math.min(1, dot(u, s)))) * DEG,
  };
}
