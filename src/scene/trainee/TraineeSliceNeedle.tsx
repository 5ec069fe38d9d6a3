import { Line } from '@react-three/drei';
import { lpsToPlane, type SlicePlane } from '../../volume/slicePlanes';
import { TRAINEE_NEEDLE_COLOUR } from './TraineeNeedle3D';
import { useAttemptNeedle } from './useAttemptNeedle';

/** Above the slice quad (z = 0) and below the camera (z = 100, near 1) of SliceScene. */
const Z_MM = 1;

/**
 * The trainee's needle over a 2D view during a CT-mode attempt (place inside SliceScene, whose scene units are
 * the plane's in-plane mm): the shaft projected onto the view, and its tip.
 */
export function TraineeSliceNeedle({ plane, pxPerMm }: { plane: SlicePlane; pxPerMm: number }) {
  const { running, mode, pose, steelNow } = useAttemptNeedle();
  if (!running || mode !== 'ct' || !pose || !steelNow) return null;
  const [hu, hv] = lpsToPlane(plane, steelNow.fromLps);
  const [tu, tv] = lpsToPlane(plane, steelNow.toLps);
  return (
    <group name="trainee-needle-2d">
      <Line
        points={[
          [hu, hv, Z_MM],
          [tu, tv, Z_MM],
        ]}
        color={TRAINEE_NEEDLE_COLOUR}
        lineWidth={2.5}
      />
      <mesh position={[tu, tv, Z_MM]}>
        <circleGeometry args={[4 / Math.max(pxPerMm, 1e-3), 16]} />
        <meshBasicMaterial color={TRAINEE_NEEDLE_COLOUR} toneMapped={false} />
      </mesh>
    </group>
  );
}
