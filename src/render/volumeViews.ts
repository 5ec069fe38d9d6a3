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
 * left on screen right, as axial images are read (radiological convention, domain.md sec. 3).
 * Prone is the procedure table: the patient lies face down, the physician looks down at the back, so the
 * camera is posterior looking anteriorly, head up on screen (the same camera as "posterior", named for
 * the workflow).
 */
export const STANDARD_VIEWS: Record<StandardView, ViewDirection> = {
  anterior: { towardsCameraLps: [0, -1, 0], upLps: [0, 0, 1], label: 'A' },
  posterior: { towardsCameraLps: [0, 1, 0], upLps: [0, 0, 1], label: 'P' },
  left: { towardsCameraLps: [1, 0, 0], upLps: [0, 0, 1], label: 'L' },
  right: { towardsCameraLps: [-1, 0, 0], upLps: [0, 0, 1], label: 'R' },
  superior: { towardsCameraLps: [0, 0, 1], upLps: [0, -1, 0], label: 'S' },
  inferior: { towardsCameraLps: [0, 0, -1], upLps: [0, -1, 0], label: 'I' },
  prone: { towardsCameraLps: [0, 1, 0], upLps: [0, 0, 1], label: 'Prone' },
};

/** Camera distance (mm) that fits a sphere of `radiusMm` in a vertical field of view of `fovDeg`. */
export function fitDistanceMm(radiusMm: number, fovDeg: number): number {
  return (radiusMm / Math.sin(((fovDeg / 2) * Math.PI) / 180)) * 1.05;
}
