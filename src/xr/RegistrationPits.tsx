import { useXrStore, type XrFiducial } from '../state/xrStore';
import { nextFiducial } from './printRegistration';

/** Marker radius (mm): about a registration pit's size, visible on the table-top model before registration. */
const PIT_RADIUS_MM = 2.5;
const NEXT = '#ffd166';
const TOUCHED = '#3ddc84';
const WAITING = '#e8eef5';

/** The registration points on the model while registering: the next one yellow and larger, touched ones green. */
export function RegistrationPits({ fiducials }: { fiducials: readonly XrFiducial[] }) {
  const touches = useXrStore((s) => s.touches);
  const cursor = useXrStore((s) => s.fiducialCursor);
  const next = nextFiducial(fiducials, cursor);
  const touched = new Set(touches.map((t) => t.fiducialId));
  return (
    <group name="registration-pits">
      {fiducials.map((f) => {
        const isNext = f.id === next?.id;
        return (
          <mesh key={f.id} position={[...f.positionLps]} scale={isNext ? 1.6 : 1}>
            <sphereGeometry args={[PIT_RADIUS_MM, 16, 12]} />
            <meshBasicMaterial
              color={isNext ? NEXT : touched.has(f.id) ? TOUCHED : WAITING}
              depthTest={false}
              toneMapped={false}
            />
          </mesh>
        );
      })}
    </group>
  );
}
