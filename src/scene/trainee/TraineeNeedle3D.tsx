import { useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { distance, lerp } from '../../core/vec3';
import { useAttemptNeedle } from './useAttemptNeedle';

/** The trainee's needle colour in every view (the expert's keeps its plan colour in the debrief). */
export const TRAINEE_NEEDLE_COLOUR = '#ff4fd8';
const Y_AXIS = new THREE.Vector3(0, 1, 0);

/**
 * The trainee's needle in the 3D view during a CT-mode attempt (place inside the 3D <View>): the whole
 * shaft, hub to tip, where it is now. In fluoroscopy-only mode the 3D view is not shown at all.
 */
export function TraineeNeedle3D() {
  const { running, mode, pose, steelNow } = useAttemptNeedle();
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    invalidate();
  });
  const placement = useMemo(() => {
    if (!steelNow) return null;
    const dir = new THREE.Vector3(
      steelNow.toLps[0] - steelNow.fromLps[0],
      steelNow.toLps[1] - steelNow.fromLps[1],
      steelNow.toLps[2] - steelNow.fromLps[2],
    ).normalize();
    return {
      centre: lerp(steelNow.fromLps, steelNow.toLps, 0.5),
      lengthMm: distance(steelNow.fromLps, steelNow.toLps),
      quaternion: new THREE.Quaternion().setFromUnitVectors(Y_AXIS, dir),
    };
  }, [steelNow]);
  if (!running || mode !== 'ct' || !pose || !placement || !steelNow) return null;
  return (
    <group name="trainee-needle">
      <mesh position={[...placement.centre]} quaternion={placement.quaternion}>
        <cylinderGeometry args={[steelNow.radiusMm, steelNow.radiusMm, placement.lengthMm, 12, 1]} />
        <meshBasicMaterial color={TRAINEE_NEEDLE_COLOUR} toneMapped={false} />
      </mesh>
      <mesh position={[...pose.tipLps]}>
        <sphereGeometry args={[1.2, 12, 8]} />
        <meshBasicMaterial color={TRAINEE_NEEDLE_COLOUR} toneMapped={false} />
      </mesh>
    </group>
  );
}
