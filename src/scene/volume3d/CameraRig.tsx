import { PerspectiveCamera, TrackballControls } from '@react-three/drei';
import { useThree } from '@react-three/fiber';
import { type ComponentRef, type RefObject, useEffect, useLayoutEffect, useRef } from 'react';
import type * as THREE from 'three';
import { MOUSE } from 'three';
import type { Vec3 } from '../../core/vec3';
import type { StandardView } from '../../core/volumeRendering';
import { fitDistanceMm, STANDARD_VIEWS, turntableAxisOf } from '../../render/volumeViews';
import { useRenderStore } from '../../state/renderStore';
import { useTurntable } from './useTurntable';

const FOV_DEG = 30;

/**
 * The 3D camera in LPS mm. Rotation is a turntable by default (useTurntable: the patient's axis stays up,
 * as PACS and Slicer users expect; our own, since orbit controls cannot keep a chosen up at the poles of the
 * superior / inferior views) or a trackball (free, the patient may roll; renderStore.rotation). Reports drag
 * start / end so the raymarcher can lower its sampling while the user moves the view.
 */
export function CameraRig({
  centreLps,
  radiusMm,
  onInteractingChange,
  elementRef,
}: {
  centreLps: Vec3;
  radiusMm: number;
  onInteractingChange: (interacting: boolean) => void;
  /** The 3D view's element: the turntable's pointer and wheel events. */
  elementRef: RefObject<HTMLElement | null>;
}) {
  const cameraRef = useRef<THREE.PerspectiveCamera>(null);
  const controlsRef = useRef<ComponentRef<typeof TrackballControls>>(null);
  const invalidate = useThree((s) => s.invalidate);
  const viewRequest = useRenderStore((s) => s.viewRequest);
  const trackball = useRenderStore((s) => s.rotation) === 'trackball';
  const distanceMm = fitDistanceMm(radiusMm, FOV_DEG);
  const dragging = useRef(false);
  const turntable = useTurntable(elementRef, cameraRef, {
    enabled: !trackball,
    centreLps,
    fovDeg: FOV_DEG,
    minDistanceMm: radiusMm * 0.2,
    maxDistanceMm: distanceMm * 4,
    onInteractingChange,
  });

  // Trackball controls move the camera in update(), which runs only in a rendered frame; with on-demand
  // rendering nothing renders while the pointer moves, so each move during a drag asks for a frame. The
  // wheel (zoom) and the keys the controls listen to start no drag: they ask for a frame too (issue 19: the
  // wheel zoom showed only at the next drag).
  useEffect(() => {
    const element = controlsRef.current?.domElement;
    if (!element) return;
    const onMove = () => {
      if (dragging.current) invalidate();
    };
    const onWheel = () => invalidate();
    element.addEventListener('pointermove', onMove);
    element.addEventListener('wheel', onWheel, { passive: true });
    return () => {
      element.removeEventListener('pointermove', onMove);
      element.removeEventListener('wheel', onWheel);
    };
  });

  // Buttons as on the 2D views: left rotates, middle pans, right is window/level (useWindowLevelDrag);
  // the wheel zooms. -1 is TrackballControls' "no action" (its switch falls to its default).
  // biome-ignore lint/correctness/useExhaustiveDependencies: set again whenever the trackball mounts
  useEffect(() => {
    const controls = controlsRef.current;
    if (controls) controls.mouseButtons = { LEFT: MOUSE.ROTATE, MIDDLE: MOUSE.PAN, RIGHT: -1 as MOUSE };
  }, [trackball]);

  const applyView = (view: StandardView) => {
    const camera = cameraRef.current;
    const controls = controlsRef.current;
    if (!camera) return;
    const { towardsCameraLps: d, upLps: up } = STANDARD_VIEWS[view];
    if (!trackball) {
      turntable.setView(turntableAxisOf(view), d, up, centreLps, distanceMm);
      return;
    }
    camera.position.set(
      centreLps[0] + d[0] * distanceMm,
      centreLps[1] + d[1] * distanceMm,
      centreLps[2] + d[2] * distanceMm,
    );
    camera.up.set(up[0], up[1], up[2]);
    camera.lookAt(centreLps[0], centreLps[1], centreLps[2]);
    camera.updateMatrixWorld();
    if (controls) {
      controls.target.set(centreLps[0], centreLps[1], centreLps[2]);
      controls.update();
    }
    invalidate();
  };

  // A new volume starts in the anterior view; later requests come from the view buttons.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run only when the volume geometry changes
  useLayoutEffect(() => applyView('anterior'), [centreLps[0], centreLps[1], centreLps[2], distanceMm]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run only on a new request
  useLayoutEffect(() => {
    if (viewRequest) applyView(viewRequest.view);
  }, [viewRequest]);

  return (
    <>
      <PerspectiveCamera
        ref={cameraRef}
        makeDefault
        fov={FOV_DEG}
        near={Math.max(0.5, radiusMm * 0.01)}
        far={distanceMm * 4 + radiusMm * 2}
      />
      {trackball && (
        <TrackballControls
          ref={controlsRef}
          makeDefault
          staticMoving
          rotateSpeed={3}
          target={centreLps as [number, number, number]}
          minDistance={radiusMm * 0.2}
          maxDistance={distanceMm * 4}
          onStart={() => {
            dragging.current = true;
            onInteractingChange(true);
          }}
          onEnd={() => {
            dragging.current = false;
            onInteractingChange(false);
          }}
        />
      )}
    </>
  );
}
