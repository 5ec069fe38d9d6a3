import { add, cross, dot, normalize, scale, sub, type Vec3 } from './vec3';

/**
 * Turntable rotation for the 3D view (issue 19): the camera turns about a fixed axis (the patient's
 * superior axis, or the room's vertical for the prone table view) and tilts up to straight above or below
 * it, never over: the axis stays up on screen, as in Slicer's and Blender's default ("turntable") rotation,
 * where a trackball lets the patient roll. At the poles the screen's up still follows the azimuth, so the
 * superior view keeps anterior up and horizontal drags spin it in plane.
 */
export interface TurntablePose {
  /** Unit rotation axis (LPS). */
  axis: Vec3;
  /** Radians about the axis, from `referenceOf(axis)`. */
  azimuth: number;
  /** Radians above the plane perpendicular to the axis, in [-pi/2, pi/2]. */
  elevation: number;
}

const HALF_PI = Math.PI / 2;

/** A fixed unit vector perpendicular to `axis` (azimuth 0), and the one 90 degrees on (axis x it). */
export function referenceOf(axis: Vec3): [Vec3, Vec3] {
  const helper: Vec3 = Math.abs(axis[1]) < 0.9 ? [0, -1, 0] : [-1, 0, 0];
  const e1 = normalize(sub(helper, scale(axis, dot(helper, axis))));
  return [e1, cross(axis, e1)];
}

/** Unit vector from the target towards the camera, and the camera's up, for a pose. */
export function turntableFrame(pose: TurntablePose): { towardsCamera: Vec3; up: Vec3 } {
  const [e1, e2] = referenceOf(pose.axis);
  const h = add(scale(e1, Math.cos(pose.azimuth)), scale(e2, Math.sin(pose.azimuth)));
  const ce = Math.cos(pose.elevation);
  const se = Math.sin(pose.elevation);
  return {
    towardsCamera: add(scale(h, ce), scale(pose.axis, se)),
    up: add(scale(h, -se), scale(pose.axis, ce)),
  };
}

/** The pose that looks along `towardsCamera` with `up` on screen, turning about `axis`. */
export function poseOfView(axis: Vec3, towardsCamera: Vec3, up: Vec3): TurntablePose {
  const a = normalize(axis);
  const d = normalize(towardsCamera);
  const sinE = Math.max(-1, Math.min(1, dot(d, a)));
  const elevation = Math.asin(sinE);
  const horizontal = sub(d, scale(a, sinE));
  // At a pole the direction has no horizontal part: the screen's up gives the azimuth (up = -sin(e) h).
  const h =
    Math.hypot(...horizontal) > 1e-6
      ? normalize(horizontal)
      : normalize(scale(sub(up, scale(a, dot(up, a))), -Math.sign(sinE)));
  const [e1, e2] = referenceOf(a);
  return { axis: a, azimuth: Math.atan2(dot(h, e2), dot(h, e1)), elevation };
}

/** A drag of (dxRad, dyRad): right turns the object right (the camera left), down tilts it towards the viewer. */
export function rotateTurntable(pose: TurntablePose, dxRad: number, dyRad: number): TurntablePose {
  return {
    axis: pose.axis,
    azimuth: pose.azimuth - dxRad,
    elevation: Math.max(-HALF_PI, Math.min(HALF_PI, pose.elevation + dyRad)),
  };
}
