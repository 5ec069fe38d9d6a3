import type { Vec3 } from '../core/vec3';
import { angleDeg, dot, length, normalize, scale, sub } from '../core/vec3';
import type { Side } from './trajectory';

const DEG = 180 / Math.PI;
const RAD = Math.PI / 180;

/**
 * C-arm angles for a PRONE patient (spine procedures), detector (image intensifier) above the back.
 *
 * Geometry, in LPS (+x patient left, +y posterior, +z superior): `u` is the unit vector from the isocentre
 * to the detector, so the central ray runs source -> detector along +u.
 *   u(oblique, tilt) = (sin(oblique) cos(tilt), cos(oblique) cos(tilt), sin(tilt))
 * - oblique = 0, tilt = 0: detector straight above the back, a PA beam (what pain practice calls "AP").
 * - oblique (rotation about the S-I axis, in the axial plane): + = detector toward the patient's LEFT, the
 *   sign DICOM PS3.3 C.8.7.5 gives Positioner Primary Angle (+ = LAO, detector toward the patient's left).
 * - tilt (measured out of that axial plane, toward the S-I axis): + = detector toward the HEAD (CRAN, the
 *   sign of DICOM's Positioner Secondary Angle), - = toward the feet (CAUD).
 * DICOM defines both angles relative to the patient with 0 = detector anterior (perpendicular to the chest),
 * so for a prone patient the DICOM primary angle is 180 - oblique; `dicomPrimaryAngleDeg` gives it.
 */
export const CARM_CONVENTION =
  'Patient prone, detector above the back. 0/0 = straight PA beam ("AP" view). ' +
  "Oblique: + = detector rotated toward the patient's LEFT, - = toward the RIGHT (DICOM primary angle sign, LAO +). " +
  'Tilt: + = detector tilted toward the HEAD (CRAN), - = toward the FEET (CAUD) (DICOM secondary angle sign).';

export interface CarmAngles {
  /** + = detector toward the patient's left. */
  obliqueDeg: number;
  /** + = detector toward the head (cranial), - = toward the feet (caudal). */
  tiltDeg: number;
}

export interface CarmView extends CarmAngles {
  /** Unit vector isocentre -> detector (LPS). */
  detectorDirection: Vec3;
  /** DICOM PS3.3 C.8.7.5 Positioner Primary Angle for this prone view (patient-relative, 0 = anterior). */
  dicomPrimaryAngleDeg: number;
  dicomSecondaryAngleDeg: number;
  /** Angle between the central ray and the needle (0 = coaxial, 90 = perpendicular). */
  angleToNeedleDeg: number;
  /** Clinician words, e.g. "25 deg right (ipsilateral) oblique, 12 deg caudal tilt". */
  words: string;
}

export interface CarmRecipe {
  /** Beam coaxial with the needle: the needle is a dot ("down the barrel"). */
  bullsEye: CarmView & { detectorOnHubSide: boolean };
  /** Exactly perpendicular to the needle, the one closest to a true lateral with the detector above the table. */
  progression: CarmView;
  /** True lateral on the planned side (left for midline) for depth. */
  lateral: CarmView;
  convention: string;
}

/** Detector direction for given C-arm angles (the forward formula above). */
export function detectorDirection(obliqueDeg: number, tiltDeg: number): Vec3 {
  const a = obliqueDeg * RAD;
  const b = tiltDeg * RAD;
  return [Math.sin(a) * Math.cos(b), Math.cos(a) * Math.cos(b), Math.sin(b)];
}

/** Inverse of `detectorDirection`: oblique in (-180, 180], tilt in [-90, 90]. */
export function carmAnglesFor(detectorDir: Vec3): CarmAngles {
  const u = normalize(detectorDir);
  return {
    obliqueDeg: Math.atan2(u[0], u[1]) * DEG,
    tiltDeg: Math.asin(Math.max(-1, Math.min(1, u[2]))) * DEG,
  };
}

const wrap180 = (deg: number): number => {
  const w = ((((deg + 180) % 360) + 360) % 360) - 180;
  return w === -180 ? 180 : w;
};

const ANGLE_EPS_DEG = 0.5;

/** "25 deg right (ipsilateral) oblique, 12 deg caudal tilt"; `side` decides ipsi/contralateral. */
export function describeCarmAngles(angles: CarmAngles, side: Side = 'midline'): string {
  const o = Math.round(Math.abs(angles.obliqueDeg));
  const t = Math.round(Math.abs(angles.tiltDeg));
  let oblique = 'no oblique (PA)';
  if (Math.abs(angles.obliqueDeg) >= ANGLE_EPS_DEG) {
    const towards: Side = angles.obliqueDeg > 0 ? 'left' : 'right';
    const lat = side === 'midline' ? '' : towards === side ? ' (ipsilateral)' : ' (contralateral)';
    oblique =
      Math.abs(o - 90) < ANGLE_EPS_DEG ? `${towards} lateral${lat}` : `${o} deg ${towards}${lat} oblique`;
  }
  const tilt =
    Math.abs(angles.tiltDeg) < ANGLE_EPS_DEG
      ? 'no tilt'
      : `${t} deg ${angles.tiltDeg > 0 ? 'cranial' : 'caudal'} tilt`;
  return `${oblique}, ${tilt}`;
}

function view(detectorDir: Vec3, needleDir: Vec3, side: Side): CarmView {
  const u = normalize(detectorDir);
  const angles = carmAnglesFor(u);
  return {
    ...angles,
    detectorDirection: u,
    dicomPrimaryAngleDeg: wrap180(180 - angles.obliqueDeg),
    dicomSecondaryAngleDeg: angles.tiltDeg,
    angleToNeedleDeg: Math.min(angleDeg(u, needleDir), 180 - angleDeg(u, needleDir)),
    words: describeCarmAngles(angles, side),
  };
}

/**
 * The C-arm recipe for a needle of direction `needleDir` (entry -> target, LPS) planned on `side`.
 * Bull's-eye: the detector sits on the needle's axis, on the hub side (u = -d) when that is above the table
 * (u_y >= 0, every posterior approach); otherwise on the tip side (u = +d), flagged by `detectorOnHubSide`.
 */
export function carmRecipe(needleDir: Vec3, side: Side = 'midline'): CarmRecipe {
  const d = normalize(needleDir);
  const hubSide = scale(d, -1);
  const detectorOnHubSide = hubSide[1] >= 0;
  const bullsEye = { ...view(detectorOnHubSide ? hubSide : d, d, side), detectorOnHubSide };

  // Progression: project the two true-lateral directions onto the plane perpendicular to the needle and
  // keep the one with the detector higher above the table (a C-arm cannot put the detector under it).
  const perpendicular = (v: Vec3): Vec3 => sub(v, scale(d, dot(v, d)));
  let candidates: Vec3[] = [perpendicular([1, 0, 0]), perpendicular([-1, 0, 0])];
  if (length(candidates[0]!) < 1e-6) candidates = [perpendicular([0, 1, 0])]; // needle runs left-right
  const sideSign = side === 'right' ? -1 : 1;
  const best = candidates
    .map((c) => normalize(c))
    .sort((a, b) => (Math.abs(b[1] - a[1]) > 1e-9 ? b[1] - a[1] : sideSign * (b[0] - a[0])))[0]!;
  const progression = view(best, d, side);
  const lateral = view([sideSign, 0, 0], d, side);
  return { bullsEye, progression, lateral, convention: CARM_CONVENTION };
}

/**
 * Tilt that "squares" an endplate at a given oblique: the beam runs in the endplate plane, so the endplate
 * projects as a line. Solves u(oblique, tilt) . n = 0 for tilt:
 * tan(tilt) = -(sin(oblique) n_x + cos(oblique) n_y) / n_z.
 */
export function squaredEndplateTiltDeg(endplateNormal: Vec3, obliqueDeg = 0): number {
  let n = normalize(endplateNormal);
  if (n[2] < 0) n = scale(n, -1);
  const a = obliqueDeg * RAD;
  return Math.atan2(-(Math.sin(a) * n[0] + Math.cos(a) * n[1]), n[2]) * DEG;
}
