import { useRenderStore } from '../../state/renderStore';

/** Opaque spheres at LPS points (planned points; the depth test uses them against the volume). */
export function SceneMarkers() {
  const markers = useRenderStore((s) => s.markers);
  return (
    <>
      {markers.map((m) => (
        <mesh key={m.id} position={m.centreLps as [number, number, number]}>
          <sphereGeometry args={[m.radiusMm, 24, 16]} />
          <meshBasicMaterial color={m.color} toneMapped={false} />
        </mesh>
      ))}
    </>
  );
}
