import { useFrame } from '@react-three/fiber';
import { useXR } from '@react-three/xr';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import type { Vec3 } from '../core/vec3';
import { distance } from '../core/vec3';
import { selectActivePlan, usePlanStore } from '../state/planStore';
import { useXrStore } from '../state/xrStore';
import { pickPanelButton } from './panelMath';
import { draggedPoint, pickTrajectory, rayFromPose } from './rayPick';
import type { RehearsalSession } from './rehearsalSession';
import { oneHandGrab, twoHandGrab, worldToLps } from './tabletopMath';
import type { SurfaceHits } from './useArSurface';
import type { RegistrationControl } from './useRegistration';
import { BUTTON_PANEL, BUTTONS, pressXrButton } from './XrButtonPanel';
import { REGISTRATION_BUTTONS, REGISTRATION_PANEL } from './XrRegistrationPanel';

/** Handles are the drawn end spheres (PlanObjects3D: target 2 mm, entry 1.5 mm); pick a bit wider. */
const HANDLE_PICK_RADIUS_MM = 3;
/** Plan writes below this move (mm) are skipped: tracking jitter must not flood the undo history. */
const MIN_WRITE_MM = 0.05;

interface Pressed {
  select: boolean;
  squeeze: boolean;
}
interface Drag {
  source: XRInputSource;
  trajectoryId: string;
  end: 'entry' | 'target';
  pointAtStart: THREE.Vector3;
  pointerAtStart: THREE.Matrix4;
}
interface Grab {
  sources: XRInputSource[];
  placementAtStart: THREE.Matrix4;
  posesAtStart: THREE.Matrix4[];
}

type MatrixRef = { current: THREE.Matrix4 };

function poseMatrix(
  frame: XRFrame,
  space: XRSpace | undefined,
  ref: XRReferenceSpace,
): THREE.Matrix4 | undefined {
  const pose = space ? frame.getPose(space, ref) : undefined;
  return pose ? new THREE.Matrix4().fromArray(pose.transform.matrix) : undefined;
}

/**
 * The point a registration touch records (room metres): a hand's index finger tip (WebXR Hand Input s.6),
 * else the controller's tip, where its pointer ray starts (WebXR s.10.2 targetRaySpace origin).
 */
function touchPoint(
  frame: XRFrame,
  source: XRInputSource,
  pointer: THREE.Matrix4,
  ref: XRReferenceSpace,
): [number, number, number] {
  const joint = source.hand?.get('index-finger-tip');
  const p = joint && frame.getJointPose ? frame.getJointPose(joint, ref)?.transform.position : undefined;
  if (p) return [p.x, p.y, p.z];
  const at = new THREE.Vector3().setFromMatrixPosition(pointer);
  return [at.x, at.y, at.z];
}

/**
 * Controller, hand and transient-pointer (Vision Pro gaze-and-pinch) input, read from the XR session's own
 * select/squeeze events and poses (WebXR s.10-11), so every input kind behaves the same:
 * - select on an in-headset button presses it;
 * - in "Register to print" mode, any other select records the controller tip (or index finger tip) at the next
 *   pit (useRegistration.ts);
 * - in Rehearse mode, any other select holds the rehearsal needle (rehearsalSession.ts) for as long as it lasts;
 * - otherwise select on a handle drags that end (writes planStore.setEntry/setTarget); on a needle selects it;
 *   on empty space sets the model on a detected surface (AR with hit-test), else holds the model (pinch-only
 *   inputs);
 * - squeeze with one hand moves and turns the model, with two hands also scales it.
 */
export function useXrInteraction({
  placement,
  modelMatrix,
  rehearsal,
  surface,
  placeOnSurface,
  registration,
}: {
  placement: MatrixRef;
  modelMatrix: MatrixRef;
  rehearsal: { current: RehearsalSession | undefined };
  /** AR: where each pointer's ray meets a detected surface, and what a tap there does. */
  surface?: SurfaceHits;
  placeOnSurface?: (pointM: THREE.Vector3) => void;
  registration?: RegistrationControl;
}) {
  const session = useXR((s) => s.session);
  const pressed = useMemo(() => new Map<XRInputSource, Pressed>(), []);
  const state = useMemo(() => ({ drags: [] as Drag[], grab: undefined as Grab | undefined }), []);

  useEffect(() => {
    if (!session) return;
    const set = (key: keyof Pressed, value: boolean) => (e: XRInputSourceEvent) => {
      const p = pressed.get(e.inputSource) ?? { select: false, squeeze: false };
      p[key] = value;
      pressed.set(e.inputSource, p);
    };
    const handlers: [string, (e: XRInputSourceEvent) => void][] = [
      ['selectstart', set('select', true)],
      ['selectend', set('select', false)],
      ['squeezestart', set('squeeze', true)],
      ['squeezeend', set('squeeze', false)],
    ];
    for (const [type, h] of handlers) session.addEventListener(type, h as EventListener);
    return () => {
      for (const [type, h] of handlers) session.removeEventListener(type, h as EventListener);
      pressed.clear();
    };
  }, [session, pressed]);

  useFrame((three, _delta, frame?: XRFrame) => {
    const ref = three.gl.xr.getReferenceSpace();
    if (!frame || !ref) return;
    const plan = selectActivePlan(usePlanStore.getState());
    const holders: XRInputSource[] = [];
    for (const [source, p] of pressed) {
      const dragging = state.drags.find((d) => d.source === source);
      if (!p.select && dragging) {
        state.drags = state.drags.filter((d) => d !== dragging);
        useXrStore.getState().setDraggingEnd(null);
      }
      const session = rehearsal.current;
      if (!p.select && session?.holds(source)) session.release();
      if (p.squeeze) holders.push(source);
      if (!p.select) continue;
      const pointer = poseMatrix(frame, source.targetRaySpace, ref);
      if (!pointer) continue;
      if (dragging) {
        const lps = worldToLps(
          modelMatrix.current,
          draggedPoint(dragging.pointAtStart, dragging.pointerAtStart, pointer),
        );
        const t = plan?.trajectories.find((x) => x.id === dragging.trajectoryId);
        const current: Vec3 | undefined = dragging.end === 'entry' ? t?.entryLps : t?.targetLps;
        if (t && current && distance(current, lps) >= MIN_WRITE_MM) {
          const store = usePlanStore.getState();
          if (dragging.end === 'entry') store.setEntry(t.id, lps);
          else store.setTarget(t.id, lps);
        }
        continue;
      }
      if (session?.holds(source)) {
        session.move(pointer, modelMatrix.current);
        continue;
      }
      if (holders.includes(source)) continue;
      if (state.grab?.sources.includes(source)) {
        holders.push(source);
        continue;
      }
      // A new select: what does its ray point at?
      const button = pickPanelButton(rayFromPose(pointer), BUTTON_PANEL, BUTTONS);
      if (button) {
        pressXrButton(button);
        p.select = false;
        continue;
      }
      if (registration && useXrStore.getState().registering) {
        const ray = rayFromPose(pointer);
        const action = pickPanelButton(ray, REGISTRATION_PANEL, REGISTRATION_BUTTONS);
        if (action === 'done') useXrStore.getState().setRegistering(false);
        else if (action) registration[action]();
        // A gaze-and-pinch pointer without a tracked hand has no tip in the room: its ray starts at the eyes.
        else if (source.targetRayMode === 'transient-pointer' && !source.hand)
          useXrStore.getState().setRegistrationState({
            touches: useXrStore.getState().touches,
            fiducialCursor: useXrStore.getState().fiducialCursor,
            registration: useXrStore.getState().registration,
            registrationMessage: 'Touch the pit with a controller or a fingertip (a gaze pinch has no tip)',
          });
        else registration.touch(touchPoint(frame, source, pointer, ref));
        p.select = false;
        continue;
      }
      if (session) {
        session.grab(source, pointer, modelMatrix.current);
        continue;
      }
      const hit =
        plan &&
        pickTrajectory(rayFromPose(pointer), plan.trajectories, modelMatrix.current, HANDLE_PICK_RADIUS_MM);
      if (hit) {
        usePlanStore.getState().select(hit.trajectoryId);
        if (hit.kind === 'handle') {
          state.drags.push({
            source,
            trajectoryId: hit.trajectoryId,
            end: hit.end,
            pointAtStart: hit.pointWorld,
            pointerAtStart: pointer,
          });
          useXrStore.getState().setDraggingEnd(hit.end);
        } else p.select = false; // selection done; do not treat the held pinch as a new one
        continue;
      }
      const surfacePoint = surface?.hitFor(source);
      if (surfacePoint && placeOnSurface) {
        placeOnSurface(surfacePoint);
        p.select = false;
      } else if (source.targetRayMode === 'transient-pointer' || source.hand) holders.push(source);
      else p.select = false;
    }
    updateGrab(frame, ref, holders);
  });

  function updateGrab(frame: XRFrame, ref: XRReferenceSpace, holders: XRInputSource[]) {
    const poses = holders.map((s) => poseMatrix(frame, s.gripSpace ?? s.targetRaySpace, ref));
    const tracked = holders.filter((_, i) => poses[i] !== undefined).slice(0, 2);
    const trackedPoses = poses.filter((p): p is THREE.Matrix4 => p !== undefined).slice(0, 2);
    const grab = state.grab;
    const same =
      grab && grab.sources.length === tracked.length && grab.sources.every((s, i) => tracked[i] === s);
    if (!same) {
      // The set of holding hands changed: restart from the current placement.
      state.grab =
        tracked.length > 0
          ? { sources: tracked, placementAtStart: placement.current.clone(), posesAtStart: trackedPoses }
          : undefined;
      return;
    }
    if (!grab) return;
    if (tracked.length === 1)
      placement.current = oneHandGrab(grab.placementAtStart, grab.posesAtStart[0]!, trackedPoses[0]!);
    else {
      const at = (m: THREE.Matrix4) => new THREE.Vector3().setFromMatrixPosition(m);
      placement.current = twoHandGrab(
        grab.placementAtStart,
        [at(grab.posesAtStart[0]!), at(grab.posesAtStart[1]!)],
        [at(trackedPoses[0]!), at(trackedPoses[1]!)],
      );
    }
  }
}
