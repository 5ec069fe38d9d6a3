import type { Vec3 } from '../core/vec3';
import { dot, normalize } from '../core/vec3';
import type { Side } from './trajectory';

const DEG = 180 / Math.PI;

/**
 * Needle angles against the patient axes, from the unit direction `d` entry -> target in LPS
 * (+x patient left, +y posterior, +z superior). Both are angles of 2D projections, as read on a CT slice:
 *
 * - Medio-lateral: in the axial projection (x, y), the angle of the needle from the sagittal plane
 *   (i.e. from the A-P axis): 0 = parasagittal, 90 = horizontal left-right.
 *   `towardLeftDeg` is signed, + when the tip heads to the patient's left; `medialDeg` is signed for the
 *   planned side, + when the tip heads toward the midline (a right-sided needle heading left).
 * - Cranio-caudal: in the sagittal projection (y, z), the angle of the needle from the axial plane:
 *   + when the tip heads cranially (entry caudal to the target, as for a medial branch RF cannula),
 *   - when the tip heads caudally.
 *
 * The A-P sense is folded out (|dy|), so a needle from the back and one from the front read alike; a
 * needle with no A-P component reads +-90.
 */
export interface PatientAxisAngles {
  towardLeftDeg: number;
  /** Undefined for side 'midline'. */
  medialDeg: number | undefined;
  /** Unsigned medio-lateral angle from the sagittal plane. */
  mediolateralDeg: number;
  craniocaudalDeg: number;
  /** 3D angle between the needle and the A-P axis (the C-arm's AP beam), 0..90. */
  fromApAxisDeg: number;
}

export function patientAxisAngles(d: Vec3, side: Side = 'midline'): PatientAxisAngles {
  const u = normalize(d);
  const ap = Math.abs(u[1]);
  const towardLeftDeg = Math.atan2(u[0], ap) * DEG;
  const medialDeg = side === 'right' ? towardLeftDeg : side === 'left' ? -towardLeftDeg : undefined;
  return {
    towardLeftDeg,
    medialDeg,
    mediolateralDeg: Math.abs(towardLeftDeg),
    craniocaudalDeg: Math.atan2(u[2], ap) * DEG,
    fromApAxisDeg: Math.acos(Math.min(1, ap)) * DEG,
  };
}

/** 3D angle between a line of direction `d` and a plane of normal `normal`, 0..90 degrees. */
export function angleToPlaneDeg(d: Vec3, normal: Vec3): number {
  const s = Math.abs(dot(normalize(d), normalize(normal)));
  return Math.asin(Math.min(1, s)) * DEG;
}

/**
 * Cranio-caudal angle of the needle relative to a vertebral endplate, in the sagittal projection: the
 * needle's cranio-caudal angle (as in `patientAxisAngles`) minus the endplate's, where the endplate's angle
 * is that of its trace in the sagittal plane followed in the needle's A-P sense. 0 = the needle runs parallel
 * to the endplate ("squared"); + = the tip heads cranially relative to the endplate.
 * `endplateNormal` may point either way (it is oriented superior here).
 */
export function craniocaudalToEndplateDeg(d: Vec3, endplateNormal: Vec3): number {
  const u = normalize(d);
  let n = normalize(endplateNormal);
  if (n[2] < 0) n = [-n[0], -n[1], -n[2]];
  const needleDeg = Math.atan2(u[2], Math.abs(u[1])) * DEG;
  // The trace of the plane in (y, z) is perpendicular to (ny, nz); followed anteriorly it is (-nz, ny),
  // posteriorly (nz, -ny).
  const apSense = u[1] <= 0 ? -1 : 1;
  const endplateDeg = Math.atan2(-apSense * n[1], n[2]) * DEG;
  return needleDeg - endplateDeg;
}
