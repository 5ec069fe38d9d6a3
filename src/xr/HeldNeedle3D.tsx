import { useFrame } from '@react-three/fiber';
import { useRef } from 'react';
import * as THREE from 'three';
import { useXrStore } from '../state/xrStore';
import type { RehearsalSession } from './rehearsalSession';

/** The plastic hub behind the shaft: a grip the eye finds at any scale (a Quincke hub is ~6 mm across). */
const HUB_RADIUS_MM = 3;
const HUB_LENGTH_MM = 15;
const Y_AXIS = new THREE.Vector3(0, 1, 0);
const STEEL = '#d8dde3';
const CONTACT = '#ff3b3b';

/**
 * The rehearsal needle at its real gauge and length, in LPS mm inside the model group (so it scales and moves
 * with the model). Posed every frame from the session, without React renders; turns red on no-go contact.
 */
export function HeldNeedle3D({ session }: { session: RehearsalSession }) {
  const group = useRef<THREE.Group>(null);
  const contact = useXrStore((s) => s.rehearsal?.contact ?? false);
  const lengthMm = session.lengthMm;
  const tmp = useRef({ dir: new THREE.Vector3(), hub: new THREE.Vector3() });

  useFrame(() => {
    const g = group.current;
    if (!g) return;
    const { dir, hub } = tmp.current;
    dir.set(...session.needle.directionLps);
    hub.set(...session.hubLps);
    g.position.copy(hub);
    g.quaternion.setFromUnitVectors(Y_AXIS, dir);
  });

  const colour = contact ? CONTACT : STEEL;
  return (
    <group ref={group} name="xr-held-needle">
      <mesh position={[0, lengthMm / 2, 0]}>
        <cylinderGeometry args={[session.radiusMm, session.radiusMm, lengthMm, 12]} />
        <meshStandardMaterial color={colour} metalness={0.6} roughness={0.3} />
      </mesh>
      <mesh position={[0, -HUB_LENGTH_MM / 2, 0]}>
        <cylinderGeometry args={[HUB_RADIUS_MM, HUB_RADIUS_MM * 0.7, HUB_LENGTH_MM, 16]} />
        <meshStandardMaterial color={contact ? CONTACT : '#4aa3df'} />
      </mesh>
    </group>
  );
}
