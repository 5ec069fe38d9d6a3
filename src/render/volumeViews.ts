import type { Vec3 } from '../core/vec3';
import type { StandardView } from '../core/volumeRendering';

/** Where the camera sits (unit direction from the volume centre, LPS) and which way is up on screen. */
export interface ViewDirection {
  /** From the target towards the camera. */
  towardsCameraLps: Vec3;
  upLps: Vec3;
  label: string;
}

/**
 * Standard views in LPS (+x patient left, +y posterior, +z superior). Lateral and frontal views keep
 * superior up. Superior and inferior views keep anterior up; the inferior view then shows the patient's
 * left on screen right, as axial images are read (radiological convention, volume/slicePlanes.ts).
 * Prone is the procedure table as the operator stands at it (issue 19; it was the "posterior" camera before):
 * the patient lies face down and the operator, beside the table, looks down at the back, so the patient's axis
 * runs across the screen. 'prone': standing at the patient's left, the far side (the patient's right) is up on
 * screen and the head to the operator's left; 'proneRight' the mirror. The 3D view turns these about the room's
 * vertical (the patient's posterior axis), the others about the patient's superior axis.
 */
export const STANDARD_VIEWS: Record<StandardView, ViewDirection> = {
  anterior: { towardsCameraLps: [0, -1, 0], upLps: [0, 0, 1], label: 'A' },
  posterior: { towardsCameraLps: [0, 1, 0], upLps: [0, 0, 1], label: 'P' },
  left: { towardsCameraLps: [1, 0, 0], upLps: [0, 0, 1], label: 'L' },
  right: { towardsCameraLps: [-1, 0, 0], upLps: [0, 0, 1], label: 'R' },
  superior: { towardsCameraLps: [0, 0, 1], upLps: [0, -1, 0], label: 'S' },
  inferior: { towardsCameraLps: [0, 0, -1], upLps: [0, -1, 0], label: 'I' },
  prone: { towardsCameraLps: [0, 1, 0], upLps: [-1, 0, 0], label: 'Prone' },
  proneRight: { towardsCameraLps: [0, 1, 0], upLps: [1, 0, 0], label: 'Prone' },
};

/** The axis the turntable turns about for a view: the room's vertical at the prone table, else superior. */
export const turntableAxisOf = (view: StandardView): Vec3 =>
  view === 'prone' || view === 'proneRight' ? [0, 1, 0] : [0, 0, 1];

/** Camera distance (mm) that fits a sphere of `radiusMm` in a vertical field of view of `fovDeg`. */
export function fitDistanceMm(radiusMm: number, fovDeg: number): number {
  return (radiusMm / Math.sin(((fovDeg / 2) * Math.PI) / 180)) * 1.05;
}
