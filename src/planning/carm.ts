import type { Vec3 } from '../core/vec3';
import { add, angleDeg, cross, dot, length, normalize, scale, sub } from '../core/vec3';
import type { Side } from './trajectory';

const DEG = 180 / Math.PI;
const RAD = Math.PI / 180;

/** How the patient lies on the table; the detector is always above the table (a C-arm cannot go under it). */
export type PatientPosition = 'prone' | 'supine';

/**
 * C-arm angles as the room names them, for a patient lying PRONE (spine procedures) or SUPINE, detector
 * (image intensifier) above the table.
 *
 * Geometry, in LPS (+x patient left, +y posterior, +z superior): `u` is the unit vector from the isocentre
 * to the detector, so the central ray runs source -> detector along +u. Both angles are measured from the
 * vertical beam (detector straight above the table: above the back when prone, above the belly when supine):
 * - oblique (rotation about the S-I axis): + = detector swung toward the patient's LEFT ("LAO"), - = toward
 *   the RIGHT ("RAO"). This is the patient-relative sign of DICOM PS3.3 C.8.7.5.1.2 Positioner Primary Angle
 *   (+90 = patient's left, LAO), so the name follows the patient, not the room: turning a patient over
 *   swaps the table side the detector must swing to for the same LAO.
 * - tilt (out of the axial plane): + = detector toward the HEAD (CRAN, the sign of DICOM's Positioner
 *   Secondary Angle), - = toward the FEET (CAUD).
 *   prone:  u = (sin(oblique) cos(tilt),  cos(oblique) cos(tilt), sin(tilt))
 *   supine: u = (sin(oblique) cos(tilt), -cos(oblique) cos(tilt), sin(tilt))
 * So supine (o, t) is the same detector as prone (180 - o, t). DICOM's primary angle has 0 = detector
 * anterior whatever the position: it equals the supine oblique, and 180 - oblique when prone.
 * Radiographers name an oblique by the body surface nearest the image receptor: a prone patient's "LAO"
 * (left back toward the detector) is their left posterior oblique, LPO, and "RAO" is RPO; supine, the
 * names agree. The C-arm labels follow DICOM's patient-relative sign and print the radiographer's name
 * beside it where it differs (`radiographerOblique`), with the convention next to every number. With the
 * tube under the table, the vertical beam enters a prone patient's front: an AP projection (what pain
 * practice calls it); supine it enters the back: PA.
 *
 * The same needle therefore has different names in the two positions: its bull's-eye beam line is fixed in
 * the patient, but the detector goes on whichever end of that line is above the table, e.g. a posterior
 * needle whose hub is toward the patient's left and head is "LAO 30 / CRAN 20" prone and "RAO 30 / CAUD 20"
 * supine.
 *
 * `CarmAngles` without a position (detectorDirection, carmAnglesFor, the C-arm store and
 * carmViewsGeometry.ts) are in the PRONE frame, the machine's own frame here; `toProneFrame` and
 * `fromProneFrame` convert room angles of a supine patient.
 */
export const CARM_CONVENTIONS: Record<PatientPosition, string> = {
  prone:
    'Patient prone, detector above the back, tube under the table. 0/0 = vertical beam (AP: it enters the front). ' +
    "LAO (+) = detector swung toward the patient's LEFT, RAO (-) = toward the RIGHT (patient-relative, the sign of DICOM's primary angle); " +
    'a radiographer names these prone views by the back facing the detector: LAO = LPO, RAO = RPO. ' +
    'CRAN (+) = detector tilted toward the HEAD, CAUD (-) = toward the FEET (DICOM secondary angle sign). ' +
    'A C-arm tilts at most ±45 deg cranio-caudally: steeper views are flagged.',
  supine:
    'Patient supine, detector above the front, tube under the table. 0/0 = vertical beam (PA: it enters the back). ' +
    "LAO (+) = detector swung toward the patient's LEFT, RAO (-) = toward the RIGHT (patient-relative, the sign of DICOM's primary angle). " +
    'CRAN (+) = detector tilted toward the HEAD, CAUD (-) = toward the FEET (DICOM secondary angle sign). ' +
    'A C-arm tilts at most ±45 deg cranio-caudally: steeper views are flagged.',
};

/** The prone convention (kept under its old name). */
export const CARM_CONVENTION = CARM_CONVENTIONS.prone;

export interface CarmAngles {
  /** + = detector toward the patient's left (LAO), from the vertical beam. */
  obliqueDeg: number;
  /** + = detector toward the head (cranial), - = toward the feet (caudal). */
  tiltDeg: number;
}

export interface CarmView extends CarmAngles {
  /** The position the room angles (`obliqueDeg`, `tiltDeg`, `words`) are given for. */
  position: PatientPosition;
  /** The same view in the prone frame (what the C-arm store and carmViewsGeometry.ts take). */
  proneFrame: CarmAngles;
  /** Unit vector isocentre -> detector (LPS). */
  detectorDirection: Vec3;
  /** DICOM PS3.3 C.8.7.5 Positioner Primary Angle (patient-relative, 0 = detector anterior, + = left). */
  dicomPrimaryAngleDeg: number;
  dicomSecondaryAngleDeg: number;
  /** Angle between the central ray and the needle (0 = coaxial, 90 = perpendicular). */
  angleToNeedleDeg: number;
  /** Clinician words, e.g. "25 deg right (ipsilateral) oblique, 12 deg caudal tilt". */
  words: string;
  /** Why no C-arm can take this view (tilt beyond CARM_TILT_LIMIT_DEG), undefined when it can. */
  problem?: string;
}

export interface CarmRecipe {
  /** Beam coaxial with the needle: the needle is a dot ("down the barrel"). */
  bullsEye: CarmView & { detectorOnHubSide: boolean };
  /** Exactly perpendicular to the needle, the one closest to a true lateral with the detector above the table. */
  progression: CarmView;
  /** True lateral on the planned side (left for midline) for depth. */
  lateral: CarmView;
  position: PatientPosition;
  convention: string;
}

/** Detector direction for C-arm angles in the prone frame (the forward formula above). */
export function detectorDirection(obliqueDeg: number, tiltDeg: number): Vec3 {
  const a = obliqueDeg * RAD;
  const b = tiltDeg * RAD;
  return [Math.sin(a) * Math.cos(b), Math.cos(a) * Math.cos(b), Math.sin(b)];
}

/** Inverse of `detectorDirection` (prone frame): oblique in (-180, 180], tilt in [-90, 90]. */
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

/**
 * Room angles of `position` -> prone frame: supine (o, t) is prone (180 - o, t), an involution, so the same
 * formula converts back (`fromProneFrame`).
 */
export function toProneFrame(room: CarmAngles, position: PatientPosition): CarmAngles {
  if (position === 'prone') return { obliqueDeg: room.obliqueDeg, tiltDeg: room.tiltDeg };
  return { obliqueDeg: wrap180(180 - room.obliqueDeg), tiltDeg: room.tiltDeg };
}

/** Prone-frame angles -> the room angles a `position` patient's C-arm shows for the same detector. */
export const fromProneFrame = (angles: CarmAngles, position: PatientPosition): CarmAngles =>
  toProneFrame(angles, position);

/** Detector direction (LPS) for room angles of a `position` patient. */
export function detectorDirectionFor(room: CarmAngles, position: PatientPosition): Vec3 {
  const p = toProneFrame(room, position);
  return detectorDirection(p.obliqueDeg, p.tiltDeg);
}

/** +1 when prone (the table top is posterior, +y), -1 when supine: `up * u_y` is the detector's height. */
const tableUp = (position: PatientPosition): number => (position === 'prone' ? 1 : -1);

/**
 * The end of a beam line the detector can be on: the detector must be above the table, so a direction
 * pointing under it is reversed (same line, same projection, mirrored image).
 */
export function aboveTable(u: Vec3, position: PatientPosition): Vec3 {
  return tableUp(position) * u[1] < -1e-9 ? scale(u, -1) : u;
}

/** A prone-frame view moved to the detector end that is above the table for `position` (presets). */
export function viewAboveTable(angles: CarmAngles, position: PatientPosition): CarmAngles {
  return carmAnglesFor(aboveTable(detectorDirection(angles.obliqueDeg, angles.tiltDeg), position));
}

const ANGLE_EPS_DEG = 0.5;

/**
 * Cranio-caudal tilt a C-arm can take, either way (deg). Floor- and ceiling-mounted angiography C-arms
 * reach about 45-55 deg cranial/caudal in their published ranges, and a mobile C-arm next to the table is
 * stopped earlier by the table and the patient; the virtual C-arm's tilt control stops here too. A view
 * needing more (a needle close to the body axis) is flagged, not offered.
 */
export const CARM_TILT_LIMIT_DEG = 45;
/** Within this angle of the body axis the oblique of a beam is meaningless (it turns about itself). */
const AXIAL_BEAM_DEG = 5;

/** Why a C-arm cannot take these angles (tilt beyond the limit), or undefined. */
export function carmViewProblem(angles: CarmAngles): string | undefined {
  const t = Math.abs(angles.tiltDeg);
  if (t <= CARM_TILT_LIMIT_DEG + 1e-9) return undefined;
  const along =
    90 - t < AXIAL_BEAM_DEG
      ? `, the beam within ${Math.max(0, Math.round(90 - t))} deg of the body axis`
      : '';
  return `needs ${Math.round(t)} deg ${angles.tiltDeg > 0 ? 'cranial' : 'caudal'} tilt${along}: beyond a C-arm's ±${CARM_TILT_LIMIT_DEG} deg`;
}

/**
 * The radiographer's name of an oblique where it differs from the C-arm's LAO/RAO: a prone patient's
 * LAO is LPO and RAO is RPO (named by the back surface nearest the detector); undefined otherwise.
 */
export function radiographerOblique(angles: CarmAngles, position: PatientPosition): string | undefined {
  if (position !== 'prone' || Math.round(Math.abs(angles.obliqueDeg)) === 0) return undefined;
  return angles.obliqueDeg > 0 ? 'LPO' : 'RPO';
}

/**
 * "25 deg right (ipsilateral) oblique, 12 deg caudal tilt" from room angles; `side` decides
 * ipsi/contralateral, `position` the name of the vertical beam (AP prone, PA supine). A view no C-arm can
 * take says so instead (a beam along the body axis has no meaningful oblique).
 */
export function describeCarmAngles(
  angles: CarmAngles,
  side: Side = 'midline',
  position: PatientPosition = 'prone',
): string {
  const problem = carmViewProblem(angles);
  if (problem) return `No C-arm view: ${problem}`;
  const o = Math.round(Math.abs(angles.obliqueDeg));
  const t = Math.round(Math.abs(angles.tiltDeg));
  let oblique = `no oblique (${position === 'prone' ? 'AP' : 'PA'})`;
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

/**
 * Room angles as the C-arm display says them: "LAO 25° / CRAN 10°", "AP 0° / tilt 0°" (PA when supine),
 * with the radiographer's name where it differs ("LAO 25° (LPO) / CRAN 10°" prone) and "not reachable"
 * beyond the C-arm's tilt.
 */
export function roomAngleLabel(angles: CarmAngles, position: PatientPosition = 'prone'): string {
  const o = Math.round(Math.abs(angles.obliqueDeg));
  const t = Math.round(Math.abs(angles.tiltDeg));
  const tilt = t === 0 ? 'tilt 0' : `${angles.tiltDeg > 0 ? 'CRAN' : 'CAUD'} ${t}`;
  if (carmViewProblem(angles)) return `not reachable (${tilt}\u00b0)`;
  const radiographer = radiographerOblique(angles, position);
  const oblique =
    o === 0 ? `${position === 'prone' ? 'AP' : 'PA'} 0` : `${angles.obliqueDeg > 0 ? 'LAO' : 'RAO'} ${o}`;
  return `${oblique}\u00b0${radiographer ? ` (${radiographer})` : ''} / ${tilt}\u00b0`;
}

function view(detectorDir: Vec3, needleDir: Vec3, side: Side, position: PatientPosition): CarmView {
  const u = normalize(detectorDir);
  const proneFrame = carmAnglesFor(u);
  const room = fromProneFrame(proneFrame, position);
  return {
    ...room,
    position,
    proneFrame,
    detectorDirection: u,
    dicomPrimaryAngleDeg: wrap180(180 - proneFrame.obliqueDeg),
    dicomSecondaryAngleDeg: proneFrame.tiltDeg,
    angleToNeedleDeg: Math.min(angleDeg(u, needleDir), 180 - angleDeg(u, needleDir)),
    words: describeCarmAngles(room, side, position),
    ...(carmViewProblem(room) ? { problem: carmViewProblem(room) } : {}),
  };
}

/**
 * Among the beam directions perpendicular to `d` with the detector above the table and a tilt a C-arm can
 * take, the one closest to a true lateral (ties: toward `sideSign`); searched every 0.5 deg around `d`.
 */
function reachablePerpendicular(d: Vec3, up: number, sideSign: number): Vec3 | undefined {
  const a = normalize(length(cross(d, [0, 0, 1])) > 1e-6 ? cross(d, [0, 0, 1]) : cross(d, [1, 0, 0]));
  const b = cross(d, a);
  const maxZ = Math.sin(CARM_TILT_LIMIT_DEG * RAD);
  let best: Vec3 | undefined;
  let bestScore = -Infinity;
  for (let deg = 0; deg < 360; deg += 0.5) {
    const r = deg * RAD;
    const v = add(scale(a, Math.cos(r)), scale(b, Math.sin(r)));
    if (up * v[1] < 0 || Math.abs(v[2]) > maxZ + 1e-12) continue;
    const score = Math.abs(v[0]) + 1e-6 * sideSign * v[0];
    if (score > bestScore) [best, bestScore] = [v, score];
  }
  return best;
}

/**
 * The C-arm recipe for a needle of direction `needleDir` (entry -> target, LPS) planned on `side`, for a
 * patient lying `position` (prone by default).
 * Bull's-eye: the detector sits on the needle's axis, on the hub side (u = -d) when that is above the table
 * (prone: u_y >= 0, every posterior approach); otherwise on the tip side (u = +d), flagged by
 * `detectorOnHubSide`.
 */
export function carmRecipe(
  needleDir: Vec3,
  side: Side = 'midline',
  position: PatientPosition = 'prone',
): CarmRecipe {
  const d = normalize(needleDir);
  const up = tableUp(position);
  const hubSide = scale(d, -1);
  const detectorOnHubSide = up * hubSide[1] >= 0;
  const bullsEye = { ...view(detectorOnHubSide ? hubSide : d, d, side, position), detectorOnHubSide };

  // Progression: project the two true-lateral directions onto the plane perpendicular to the needle and
  // keep the one with the detector higher above the table (a C-arm cannot put the detector under it).
  const perpendicular = (v: Vec3): Vec3 => sub(v, scale(d, dot(v, d)));
  let candidates: Vec3[] = [perpendicular([1, 0, 0]), perpendicular([-1, 0, 0])];
  if (length(candidates[0]!) < 1e-6) candidates = [perpendicular([0, up, 0])]; // needle runs left-right
  const sideSign = side === 'right' ? -1 : 1;
  const height = (v: Vec3) => up * v[1];
  let best = candidates
    .map((c) => normalize(c))
    .sort((a, b) =>
      Math.abs(height(b) - height(a)) > 1e-9 ? height(b) - height(a) : sideSign * (b[0] - a[0]),
    )[0]!;
  // Beyond the C-arm's tilt: the perpendicular view closest to a lateral among those it can take.
  if (Math.abs(Math.asin(Math.min(1, Math.abs(best[2])))) * DEG > CARM_TILT_LIMIT_DEG)
    best = reachablePerpendicular(d, up, sideSign) ?? best;
  const progression = view(best, d, side, position);
  const lateral = view([sideSign, 0, 0], d, side, position);
  return { bullsEye, progression, lateral, position, convention: CARM_CONVENTIONS[position] };
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
