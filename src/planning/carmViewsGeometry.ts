import type { Vec3 } from '../core/vec3';
import { add, cross, dot, length, normalize, scale, sub } from '../core/vec3';
import type { DrrGeometry } from '../volume/drr';
import { detectorDirection } from './carm';

/**
 * The virtual C-arm's geometry. Typical mobile C-arm figures (e.g. Siemens Cios, GE OEC 9900 data sheets):
 * source-to-image distance ~1000 mm, source-to-isocentre ~600-700 mm; we use 1000 and 650 (magnification
 * 1.54 at the isocentre).
 */
export const SOURCE_TO_DETECTOR_MM = 1000;
export const SOURCE_TO_ISOCENTRE_MM = 650;

/** Detector zoom modes: field side at the detector, mm (a 30 cm flat panel and its two magnified modes). */
export const DETECTOR_FIELDS_MM = [300, 220, 150] as const;

export interface CarmPose {
  /** + = detector toward the patient's left (carm.ts convention, prone patient). */
  obliqueDeg: number;
  /** + = detector toward the head (CRAN). */
  tiltDeg: number;
  isocentreLps: Vec3;
  fieldMm: number;
}

/**
 * Source and detector in LPS from the C-arm angles, with the sign convention of planning/carm.ts: the
 * detector sits along u(oblique, tilt) from the isocentre and the source opposite it, so the central ray
 * runs along +u and a needle along u through the isocentre projects to a dot.
 *
 * Image orientation: the monitor shows the patient as the operator standing at the table sees them, looking
 * from the detector toward the source (along -u): head up, and for the PA view of a prone patient the
 * patient's right on screen right. "Up" is the head direction projected onto the detector; when the beam
 * runs along the body axis it falls back to posterior (the ceiling for a prone patient).
 */
export function carmGeometry(pose: CarmPose): DrrGeometry {
  const u = detectorDirection(pose.obliqueDeg, pose.tiltDeg);
  const sourceLps = sub(pose.isocentreLps, scale(u, SOURCE_TO_ISOCENTRE_MM));
  const detectorCentreLps = add(sourceLps, scale(u, SOURCE_TO_DETECTOR_MM));
  const inPlane = (v: Vec3): Vec3 => sub(v, scale(u, dot(v, u)));
  let up = inPlane([0, 0, 1]);
  if (length(up) < 1e-6) up = inPlane([0, 1, 0]);
  const upLps = normalize(up);
  const viewDir = scale(u, -1);
  const rightLps = normalize(cross(viewDir, upLps));
  return { sourceLps, detectorCentreLps, rightLps, upLps, fieldMm: pose.fieldMm };
}

/** Magnification at the isocentre: detector field / this = field of view at the patient. */
export const ISOCENTRE_MAGNIFICATION = SOURCE_TO_DETECTOR_MM / SOURCE_TO_ISOCENTRE_MM;
