import type { ThreeEvent } from '@react-three/fiber';
import { useLayoutEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import { textureToLpsMatrix } from '../../render/volumeBox';
import { toMatrix4 } from '../../render/volumeMaterial';
import { usePlacementStore } from '../../state/placementStore';
import { usePlanStore } from '../../state/planStore';
import { useRenderStore } from '../../state/renderStore';
import { useReviewPinStore } from '../../state/reviewPinStore';
import { VOLUME_PRESETS } from '../../volume/transfer/transferFunctionPresets';
import type { Volume } from '../../volume/volume';
import { firstHitLps, visibleInView } from './firstHit';
import { placePlanPoint } from './slicePlanInput';

const unitBox = new THREE.BoxGeometry(1, 1, 1).translate(0.5, 0.5, 0.5);
/** A press that moved further than this (px) was a trackball rotation, not a click. */
const CLICK_SLOP_PX = 3;

/**
 * While a trajectory is being placed, a click (not a trackball drag) in the 3D view places the awaited point on the first surface
 * as dense as the preset's isosurface (bone for the bone presets) under the pointer. An invisible copy of
 * the volume's box catches the click; the depth comes from a CPU march through the same voxels.
 * What the crop box and clip plane cut away is skipped, so the point lands on the bone the view shows.
 * A review comment armed with "Pin on the 3D view" (reviewPinStore) takes the click first.
 */
export function PlanPicker3D({ volume }: { volume: Volume }) {
  const isoHu = VOLUME_PRESETS[useRenderStore((s) => s.preset)].isoHu;
  const matrix = useMemo(() => toMatrix4(textureToLpsMatrix(volume.ijkToLps, volume.dims)), [volume]);
  const meshRef = useRef<THREE.Mesh>(null);
  // With matrixAutoUpdate off, matrixWorld is only set by a rendered frame; on-demand rendering may not have
  // drawn one yet when the first click comes, and the raycast would miss a 1 mm box at the origin.
  useLayoutEffect(() => {
    meshRef.current?.updateMatrixWorld(true);
  });
  const onClick = (e: ThreeEvent<MouseEvent>) => {
    const reviewPin = useReviewPinStore.getState().pending;
    if ((!reviewPin && usePlacementStore.getState().mode === 'none') || e.delta > CLICK_SLOP_PX) return;
    e.stopPropagation();
    const { origin, direction } = e.ray;
    const { crop, clipPlane } = useRenderStore.getState();
    const hit = firstHitLps(
      volume,
      [origin.x, origin.y, origin.z],
      [direction.x, direction.y, direction.z],
      isoHu,
      e.camera.far,
      visibleInView(volume, crop, clipPlane),
    );
    if (reviewPin) {
      // "Pin on the 3D view" (review panel): the comment is pinned on the bone under the pointer.
      const pins = useReviewPinStore.getState();
      if (!hit) return pins.finish({ kind: 'missed' });
      const r = usePlanStore
        .getState()
        .reviewActive({ kind: 'comment', ...reviewPin, anchor: { kind: 'point', pointLps: hit } });
      return pins.finish(r.ok ? { kind: 'pinned', pointLps: hit } : { kind: 'failed', error: r.error });
    }
    if (hit) placePlanPoint(hit);
  };
  return (
    <mesh ref={meshRef} geometry={unitBox} matrix={matrix} matrixAutoUpdate={false} onClick={onClick}>
      <meshBasicMaterial visible={false} side={THREE.DoubleSide} />
    </mesh>
  );
}
