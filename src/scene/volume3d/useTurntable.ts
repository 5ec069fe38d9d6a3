import { useThree } from '@react-three/fiber';
import { type RefObject, useCallback, useEffect, useRef } from 'react';
import type * as THREE from 'three';
import { poseOfView, rotateTurntable, type TurntablePose, turntableFrame } from '../../core/turntable';
import { add, cross, normalize, scale, sub, type Vec3 } from '../../core/vec3';
import { wheelZoomFactor } from '../../core/zoomSteps';

export interface TurntableOptions {
  enabled: boolean;
  /** The volume centre: what the camera turns about when the turntable takes over from the trackball. */
  centreLps: Vec3;
  fovDeg: number;
  minDistanceMm: number;
  maxDistanceMm: number;
  onInteractingChange: (interacting: boolean) => void;
}

export interface TurntableHandle {
  /** Looks at `targetLps` from `distanceMm` along `towardsCamera` with `up` on screen, turning about `axis`. */
  setView: (axis: Vec3, towardsCamera: Vec3, up: Vec3, targetLps: Vec3, distanceMm: number) => void;
}

const v3 = (v: THREE.Vector3): Vec3 => [v.x, v.y, v.z];

/**
 * Turntable mouse controls for the 3D camera (issue 19): left drag turns about the view's axis (the patient's
 * superior axis, the room's vertical on the prone table) and tilts up to the poles, never over, so that axis
 * stays up on screen; middle or Shift+left drag pans; the wheel zooms in even steps about the point under the
 * pointer (that point stays under it). Renders on demand: each change asks for one frame.
 */
export function useTurntable(
  elementRef: RefObject<HTMLElement | null>,
  cameraRef: RefObject<THREE.PerspectiveCamera | null>,
  options: TurntableOptions,
): TurntableHandle {
  const invalidate = useThree((s) => s.invalidate);
  const state = useRef<{ pose: TurntablePose; target: Vec3; distance: number } | null>(null);
  const opts = useRef(options);
  opts.current = options;

  const apply = useCallback(() => {
    const camera = cameraRef.current;
    const s = state.current;
    if (!camera || !s) return;
    const { towardsCamera, up } = turntableFrame(s.pose);
    const eye = add(s.target, scale(towardsCamera, s.distance));
    camera.position.set(eye[0], eye[1], eye[2]);
    camera.up.set(up[0], up[1], up[2]);
    camera.lookAt(s.target[0], s.target[1], s.target[2]);
    camera.updateMatrixWorld();
    invalidate();
  }, [cameraRef, invalidate]);

  const setView = useCallback<TurntableHandle['setView']>(
    (axis, towardsCamera, up, targetLps, distanceMm) => {
      state.current = { pose: poseOfView(axis, towardsCamera, up), target: targetLps, distance: distanceMm };
      apply();
    },
    [apply],
  );

  useEffect(() => {
    const el = elementRef.current;
    if (!el || !options.enabled) return;
    // Taking over from the trackball: keep where the camera is, with the patient's axis up again.
    const camera = cameraRef.current;
    if (camera && !state.current) {
      const target = opts.current.centreLps;
      const towards = normalize(sub(v3(camera.position), target));
      state.current = {
        pose: poseOfView([0, 0, 1], towards, v3(camera.up)),
        target,
        distance: Math.hypot(...sub(v3(camera.position), target)),
      };
    }
    let drag: { id: number; mode: 'rotate' | 'pan'; x: number; y: number } | null = null;
    const frame = () => {
      const s = state.current!;
      const { towardsCamera, up } = turntableFrame(s.pose);
      const right = cross(scale(towardsCamera, -1), up);
      const halfHeightMm = s.distance * Math.tan(((opts.current.fovDeg / 2) * Math.PI) / 180);
      return { up, right, halfHeightMm };
    };
    const onDown = (e: PointerEvent) => {
      if (!state.current) return;
      const mode =
        e.button === 1 || (e.button === 0 && e.shiftKey) ? 'pan' : e.button === 0 ? 'rotate' : null;
      if (!mode) return;
      if (e.button === 1) e.preventDefault();
      drag = { id: e.pointerId, mode, x: e.clientX, y: e.clientY };
      el.setPointerCapture?.(e.pointerId);
      opts.current.onInteractingChange(true);
    };
    const onMove = (e: PointerEvent) => {
      const s = state.current;
      if (!drag || drag.id !== e.pointerId || !s) return;
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      drag.x = e.clientX;
      drag.y = e.clientY;
      const height = Math.max(1, el.clientHeight);
      if (drag.mode === 'rotate') {
        // The view's height dragged turns it three quarters of a turn.
        const k = (1.5 * Math.PI) / height;
        s.pose = rotateTurntable(s.pose, dx * k, dy * k);
      } else {
        const { up, right, halfHeightMm } = frame();
        const mmPerPx = (2 * halfHeightMm) / height;
        s.target = add(s.target, add(scale(right, -dx * mmPerPx), scale(up, dy * mmPerPx)));
      }
      apply();
    };
    const onUp = (e: PointerEvent) => {
      if (!drag || drag.id !== e.pointerId) return;
      drag = null;
      opts.current.onInteractingChange(false);
    };
    const onWheel = (e: WheelEvent) => {
      const s = state.current;
      if (!s) return;
      e.preventDefault();
      const factor = wheelZoomFactor(e.deltaY, e.deltaMode);
      const { minDistanceMm, maxDistanceMm } = opts.current;
      const distance = Math.min(maxDistanceMm, Math.max(minDistanceMm, s.distance / factor));
      // The point under the pointer, in the plane through the target facing the camera, stays put:
      // moving the target towards it by the same ratio as the distance keeps its projection.
      const box = el.getBoundingClientRect();
      const nx = ((e.clientX - box.left) / Math.max(1, box.width)) * 2 - 1;
      const ny = 1 - ((e.clientY - box.top) / Math.max(1, box.height)) * 2;
      const { up, right, halfHeightMm } = frame();
      const aspect = box.width / Math.max(1, box.height);
      const under = add(
        s.target,
        add(scale(right, nx * halfHeightMm * aspect), scale(up, ny * halfHeightMm)),
      );
      const ratio = distance / s.distance;
      s.target = add(under, scale(sub(s.target, under), ratio));
      s.distance = distance;
      apply();
    };
    el.addEventListener('pointerdown', onDown);
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerup', onUp);
    el.addEventListener('pointercancel', onUp);
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      el.removeEventListener('pointerdown', onDown);
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerup', onUp);
      el.removeEventListener('pointercancel', onUp);
      el.removeEventListener('wheel', onWheel);
      state.current = null;
    };
  }, [elementRef, cameraRef, apply, options.enabled]);

  return { setView };
}
