import * as THREE from 'three';
import type { Vec3 } from '../core/vec3';
import type { Trajectory, TrajectoryEnd } from '../planning/trajectory';
import { lpsToWorld } from './tabletopMath';

/** A handle is easy to hit at any model scale: at least this radius in the room (metres). */
export const MIN_HANDLE_PICK_RADIUS_M = 0.012;
/** A shaft selects its trajectory within this distance of the ray (metres). */
export const SHAFT_PICK_RADIUS_M = 0.008;

export type RayHit =
  | { kind: 'handle'; trajectoryId: string; end: TrajectoryEnd; distanceM: number; pointWorld: THREE.Vector3 }
  | { kind: 'shaft'; trajectoryId: string; distanceM: number };

/** Distance along the ray to its first crossing of a sphere, or undefined. */
function raySphere(ray: THREE.Ray, centre: THREE.Vector3, radius: number): number | undefined {
  const hit = ray.intersectSphere(new THREE.Sphere(centre, radius), new THREE.Vector3());
  return hit ? hit.distanceTo(ray.origin) : undefined;
}

/**
 * What a pointing ray (room metres) selects: the nearest entry/target handle, else the nearest needle shaft.
 * Handles win over shafts so the ends of a short needle stay reachable.
 */
export function pickTrajectory(
  ray: THREE.Ray,
  trajectories: readonly Trajectory[],
  model: THREE.Matrix4,
  handleRadiusMm: number,
): RayHit | undefined {
  const metresPerMm = new THREE.Vector3().setFromMatrixScale(model).x;
  const radius = Math.max(handleRadiusMm * metresPerMm, MIN_HANDLE_PICK_RADIUS_M);
  let best: RayHit | undefined;
  for (const t of trajectories)
    for (const end of ['target', 'entry'] as const) {
      const lps: Vec3 = end === 'entry' ? t.entryLps : t.targetLps;
      const centre = lpsToWorld(model, lps);
      const d = raySphere(ray, centre, radius);
      if (d !== undefined && (!best || d < best.distanceM))
        best = { kind: 'handle', trajectoryId: t.id, end, distanceM: d, pointWorld: centre };
    }
  if (best) return best;
  for (const t of trajectories) {
    const a = lpsToWorld(model, t.entryLps);
    const b = lpsToWorld(model, t.targetLps);
    const onRay = new THREE.Vector3();
    const onSegment = new THREE.Vector3();
    const gapSq = ray.distanceSqToSegment(a, b, onRay, onSegment);
    if (gapSq > SHAFT_PICK_RADIUS_M ** 2) continue;
    const d = onRay.distanceTo(ray.origin);
    if (!best || d < best.distanceM) best = { kind: 'shaft', trajectoryId: t.id, distanceM: d };
  }
  return best;
}

/** The ray of an XR target-ray pose (origin, looking down its -z; WebXR s.10.2 targetRaySpace). */
export function rayFromPose(pose: THREE.Matrix4): THREE.Ray {
  const origin = new THREE.Vector3().setFromMatrixPosition(pose);
  const direction = new THREE.Vector3(0, 0, -1).transformDirection(pose);
  return new THREE.Ray(origin, direction);
}

/**
 * A held handle follows the pointer like a rod fixed to it: `H1 = C1 C0^-1 H0` (pointer poses at grab
 * and now), so turning the wrist sweeps the handle over an arc and moving the hand moves it along.
 */
export function draggedPoint(
  pointAtStart: THREE.Vector3,
  pointerAtStart: THREE.Matrix4,
  pointerNow: THREE.Matrix4,
): THREE.Vector3 {
  return pointAtStart.clone().applyMatrix4(pointerNow.clone().multiply(pointerAtStart.clone().invert()));
}
