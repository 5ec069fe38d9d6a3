import * as THREE from 'three';

/** A flat panel standing in the room (metres): centre, turn about the vertical, width x height. */
export interface PanelPlacement {
  position: readonly [number, number, number];
  yawRad: number;
  sizeM: readonly [number, number];
}

/** A button as a rectangle in panel coordinates: u left -> right, v bottom -> top, both 0..1. */
export interface PanelButton<Id extends string = string> {
  id: Id;
  u0: number;
  u1: number;
  v0: number;
  v1: number;
}

/** Panel-local (x right, y up, z towards the viewer, centred) to room. */
export function panelMatrix(p: PanelPlacement): THREE.Matrix4 {
  return new THREE.Matrix4()
    .makeTranslation(p.position[0], p.position[1], p.position[2])
    .multiply(new THREE.Matrix4().makeRotationY(p.yawRad));
}

/** Where a ray meets the panel's plane, as (u, v); undefined when it runs parallel or points away. */
export function rayToPanelUv(ray: THREE.Ray, p: PanelPlacement): { u: number; v: number } | undefined {
  const local = ray.clone().applyMatrix4(panelMatrix(p).invert());
  const hit = local.intersectPlane(new THREE.Plane(new THREE.Vector3(0, 0, 1), 0), new THREE.Vector3());
  if (!hit) return undefined;
  return { u: hit.x / p.sizeM[0] + 0.5, v: hit.y / p.sizeM[1] + 0.5 };
}

/** The button a pointing ray presses, if any. */
export function pickPanelButton<Id extends string>(
  ray: THREE.Ray,
  p: PanelPlacement,
  buttons: readonly PanelButton<Id>[],
): Id | undefined {
  const uv = rayToPanelUv(ray, p);
  if (!uv) return undefined;
  return buttons.find((b) => uv.u >= b.u0 && uv.u <= b.u1 && uv.v >= b.v0 && uv.v <= b.v1)?.id;
}

/** `count` buttons side by side with a gap (fraction of the width), full height less a margin. */
export function buttonRow<Id extends string>(
  ids: readonly Id[],
  gap = 0.03,
  margin = 0.12,
): PanelButton<Id>[] {
  const w = (1 - gap * (ids.length + 1)) / ids.length;
  return ids.map((id, i) => ({
    id,
    u0: gap + i * (w + gap),
    u1: gap + i * (w + gap) + w,
    v0: margin,
    v1: 1 - margin,
  }));
}
