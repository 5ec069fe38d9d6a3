import * as THREE from 'three';
import { type Mat4, transformPoint } from '../core/mat4';
import type { Vec3 } from '../core/vec3';
import type { XrScaleMode } from '../state/xrStore';

/**
 * LPS (DICOM PS3.3 C.7.6.2.1.1: +x left, +y posterior, +z head) to the table's axes in the room (three.js:
 * +y up, -z away from the user): the patient lies prone, back up, head away, so the patient's left is on
 * the user's left as at the real table. A proper rotation (determinant +1): x -> -x, y -> y, z -> -z.
 */
export const LPS_TO_TABLE = new THREE.Matrix4().set(-1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1);

/** Life size: 1 mm of CT is 1 mm in the room. */
export const LIFE_SCALE_M_PER_MM = 0.001;
/** Scaled mode fits the model's largest side into this many metres (a table-top model, arm's reach). */
export const SCALED_FIT_M = 0.5;
/** Where the model first stands: table height (local-floor space, metres) and distance in front. */
export const TABLE_TOP_Y_M = 0.95;
export const TABLE_DISTANCE_M = 0.55;
/** Two-hand scaling keeps the model between these overall factors of its starting size. */
export const MIN_USER_SCALE = 0.1;
export const MAX_USER_SCALE = 20;

export interface ModelBox {
  centreLps: Vec3;
  /** Side lengths along L, P, S (mm). */
  sizeMm: Vec3;
}

/** Axis-aligned LPS box around the volume's eight outer voxel corners (ijkToLps row-major, core/mat4.ts). */
export function volumeBoxLps(dims: readonly [number, number, number], ijkToLps: Mat4): ModelBox {
  const box = new THREE.Box3();
  for (const i of [-0.5, dims[0] - 0.5])
    for (const j of [-0.5, dims[1] - 0.5])
      for (const k of [-0.5, dims[2] - 0.5])
        box.expandByPoint(new THREE.Vector3(...transformPoint(ijkToLps, [i, j, k])));
  const c = box.getCenter(new THREE.Vector3());
  const s = box.getSize(new THREE.Vector3());
  return { centreLps: [c.x, c.y, c.z], sizeMm: [s.x, s.y, s.z] };
}

/** Metres per millimetre for a scale mode. */
export function modelScale(mode: XrScaleMode, box: ModelBox): number {
  if (mode === 'life') return LIFE_SCALE_M_PER_MM;
  const largestMm = Math.max(...box.sizeMm, 1);
  return SCALED_FIT_M / largestMm;
}

/**
 * The fixed part of the model matrix: LPS mm -> table frame in metres, centred on the box centre
 * (`model = placement * base`). The user's grabs change only `placement`.
 */
export function baseModelMatrix(box: ModelBox, metresPerMm: number): THREE.Matrix4 {
  const centre = new THREE.Matrix4().makeTranslation(-box.centreLps[0], -box.centreLps[1], -box.centreLps[2]);
  return new THREE.Matrix4()
    .makeScale(metresPerMm, metresPerMm, metresPerMm)
    .multiply(LPS_TO_TABLE)
    .multiply(centre);
}

/** Starting placement: the model's underside on the table top, in front of the user. */
export function initialPlacement(box: ModelBox, metresPerMm: number): THREE.Matrix4 {
  const halfHeightM = (box.sizeMm[1] / 2) * metresPerMm;
  return new THREE.Matrix4().makeTranslation(0, TABLE_TOP_Y_M + halfHeightM, -TABLE_DISTANCE_M);
}

/** One hand holds the model: it follows the hand rigidly (`P1 = C1 C0^-1 P0`). */
export function oneHandGrab(
  placementAtStart: THREE.Matrix4,
  handAtStart: THREE.Matrix4,
  handNow: THREE.Matrix4,
): THREE.Matrix4 {
  return handNow.clone().multiply(handAtStart.clone().invert()).multiply(placementAtStart);
}

const uniformScaleOf = (m: THREE.Matrix4): number => new THREE.Vector3().setFromMatrixScale(m).x;

/**
 * Two hands hold the model: it moves with their midpoint, turns about the vertical with the line between
 * them (the model stays level on the table) and scales with their distance, clamped to
 * [MIN_USER_SCALE, MAX_USER_SCALE] x `scaleAtSessionStart`.
 */
export function twoHandGrab(
  placementAtStart: THREE.Matrix4,
  handsAtStart: [THREE.Vector3, THREE.Vector3],
  handsNow: [THREE.Vector3, THREE.Vector3],
  scaleAtSessionStart = 1,
): THREE.Matrix4 {
  const mid0 = handsAtStart[0].clone().add(handsAtStart[1]).multiplyScalar(0.5);
  const mid1 = handsNow[0].clone().add(handsNow[1]).multiplyScalar(0.5);
  const v0 = handsAtStart[1].clone().sub(handsAtStart[0]);
  const v1 = handsNow[1].clone().sub(handsNow[0]);
  const yaw = Math.atan2(-v1.z, v1.x) - Math.atan2(-v0.z, v0.x);
  let factor = v0.length() > 1e-4 ? v1.length() / v0.length() : 1;
  const current = uniformScaleOf(placementAtStart) / scaleAtSessionStart;
  factor = Math.min(Math.max(current * factor, MIN_USER_SCALE), MAX_USER_SCALE) / current;
  return new THREE.Matrix4()
    .makeTranslation(mid1.x, mid1.y, mid1.z)
    .multiply(new THREE.Matrix4().makeRotationY(yaw))
    .multiply(new THREE.Matrix4().makeScale(factor, factor, factor))
    .multiply(new THREE.Matrix4().makeTranslation(-mid0.x, -mid0.y, -mid0.z))
    .multiply(placementAtStart);
}

/** LPS point -> room (metres). */
export function lpsToWorld(model: THREE.Matrix4, lps: Vec3): THREE.Vector3 {
  return new THREE.Vector3(lps[0], lps[1], lps[2]).applyMatrix4(model);
}

/** Room point -> LPS mm. */
export function worldToLps(model: THREE.Matrix4, world: THREE.Vector3): Vec3 {
  const p = world.clone().applyMatrix4(model.clone().invert());
  return [p.x, p.y, p.z];
}

/**
 * AR: the model set on a detected surface (a hit-test point, room metres): its underside on the point, level,
 * keeping the current turn about the vertical and the user's scale (a tilt from a one-hand grab is dropped).
 */
export function placementOnSurface(
  surfacePoint: THREE.Vector3,
  box: ModelBox,
  metresPerMm: number,
  current: THREE.Matrix4,
): THREE.Matrix4 {
  const position = new THREE.Vector3();
  const rotation = new THREE.Quaternion();
  const scale = new THREE.Vector3();
  current.decompose(position, rotation, scale);
  const forward = new THREE.Vector3(0, 0, -1).applyQuaternion(rotation);
  const yaw = Math.atan2(-forward.x, -forward.z);
  const halfHeightM = (box.sizeMm[1] / 2) * metresPerMm * scale.x;
  return new THREE.Matrix4().compose(
    surfacePoint.clone().add(new THREE.Vector3(0, halfHeightM, 0)),
    new THREE.Quaternion().setFromAxisAngle(new THREE.Vector3(0, 1, 0), yaw),
    scale,
  );
}
