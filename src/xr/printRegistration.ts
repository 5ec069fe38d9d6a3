import { fitRigid, fleFromFreMm, targetErrorMm } from '../core/rigidFit';
import type { Vec3 } from '../core/vec3';
import type { XrFiducial, XrRegistrationFit, XrRegistrationTouch, XrState } from '../state/xrStore';

/**
 * Registration of the overlay to a 3D print (issue 23), pure: the user touches the print's pits in turn, and
 * every touch from the third on refits the least-squares rigid transform (core/rigidFit.ts, Horn 1987) from
 * the touched room points to the pits' LPS positions. The overlay then draws with the inverse, LPS -> room.
 */

/**
 * Floor of the localisation error used for the expected target error (mm): a controller tip resting in a
 * pit a few millimetres wide, tracked by the headset, is assumed good to about a millimetre. Without a floor
 * three exact touches (FRE 0) would promise 0 mm at every target.
 */
export const MIN_FLE_MM = 1;
const MM_PER_M = 1000;

export interface RegistrationTarget {
  name: string;
  targetLps: Vec3;
}

export type RegistrationState = Pick<
  XrState,
  'touches' | 'fiducialCursor' | 'registration' | 'registrationMessage'
>;

/** The pit to touch next (the cursor runs round the list, so a second round refines the fit). */
export function nextFiducial(fiducials: readonly XrFiducial[], cursor: number): XrFiducial | undefined {
  return fiducials.length === 0 ? undefined : fiducials[cursor % fiducials.length];
}

/** The fit of the touches that name a known fiducial, or why there is none yet. */
export function fitTouches(
  fiducials: readonly XrFiducial[],
  touches: readonly XrRegistrationTouch[],
  targets: readonly RegistrationTarget[],
): Pick<RegistrationState, 'registration' | 'registrationMessage'> {
  const byId = new Map(fiducials.map((f) => [f.id, f]));
  const used = touches.filter((t) => byId.has(t.fiducialId));
  if (used.length < 3)
    return {
      registration: null,
      registrationMessage: `${used.length} of at least 3 points touched`,
    };
  const measuredMm: Vec3[] = used.map((t) => [
    t.pointM[0] * MM_PER_M,
    t.pointM[1] * MM_PER_M,
    t.pointM[2] * MM_PER_M,
  ]);
  const modelLps = used.map((t) => byId.get(t.fiducialId)!.positionLps);
  // Room (mm) -> LPS: the direction the brief of the method states; the overlay uses its inverse.
  const fit = fitRigid(measuredMm, modelLps);
  if (!fit.ok) return { registration: null, registrationMessage: fit.error };
  const { rotation: r, translationMm: t } = fit.value.transform;
  // Inverse of x_lps = R x_room + t: x_room = R^T (x_lps - t); then mm -> m.
  const s = 1 / MM_PER_M;
  const inv = [
    -(r[0]! * t[0] + r[3]! * t[1] + r[6]! * t[2]),
    -(r[1]! * t[0] + r[4]! * t[1] + r[7]! * t[2]),
    -(r[2]! * t[0] + r[5]! * t[1] + r[8]! * t[2]),
  ];
  const modelToRoom = [
    s * r[0]!,
    s * r[3]!,
    s * r[6]!,
    s * inv[0]!,
    s * r[1]!,
    s * r[4]!,
    s * r[7]!,
    s * inv[1]!,
    s * r[2]!,
    s * r[5]!,
    s * r[8]!,
    s * inv[2]!,
    0,
    0,
    0,
    1,
  ];
  const fleMm = Math.max(MIN_FLE_MM, fleFromFreMm(fit.value.freMm, used.length));
  const registration: XrRegistrationFit = {
    modelToRoom,
    freMm: fit.value.freMm,
    residualsMm: fit.value.residualsMm,
    targets: targets.map((x) => ({
      name: x.name,
      expectedErrorMm: targetErrorMm(modelLps, x.targetLps, fleMm),
    })),
  };
  return { registration, registrationMessage: null };
}

/** A touch at `pointM` (room metres) for the next pit, and the refit. */
export function addTouch(
  state: RegistrationState,
  fiducials: readonly XrFiducial[],
  pointM: [number, number, number],
  targets: readonly RegistrationTarget[],
): RegistrationState {
  const f = nextFiducial(fiducials, state.fiducialCursor);
  if (!f) return { ...state, registrationMessage: 'No registration points on this case' };
  const touches = [...state.touches, { fiducialId: f.id, pointM }];
  return { touches, fiducialCursor: state.fiducialCursor + 1, ...fitTouches(fiducials, touches, targets) };
}

/** Skips the next pit (out of reach, or not printed); the fit is unchanged. */
export function skipFiducial(state: RegistrationState): RegistrationState {
  return { ...state, fiducialCursor: state.fiducialCursor + 1 };
}

/** Takes the last touch back; the cursor returns to its pit. */
export function undoTouch(
  state: RegistrationState,
  fiducials: readonly XrFiducial[],
  targets: readonly RegistrationTarget[],
): RegistrationState {
  const last = state.touches.at(-1);
  if (!last) return state;
  const touches = state.touches.slice(0, -1);
  const index = fiducials.findIndex((f) => f.id === last.fiducialId);
  const round = fiducials.length > 0 ? Math.floor((state.fiducialCursor - 1) / fiducials.length) : 0;
  const fiducialCursor = index < 0 ? state.fiducialCursor : round * fiducials.length + index;
  return { touches, fiducialCursor, ...fitTouches(fiducials, touches, targets) };
}
