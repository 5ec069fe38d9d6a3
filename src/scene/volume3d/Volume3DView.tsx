import { OrbitControls, PerspectiveCamera, View } from '@react-three/drei';
import { useMemo } from 'react';
import * as THREE from 'three';
import { useStudyStore } from '../../state/studyStore';

/** Placeholder until the raymarcher lands: the volume's bounding box, placed by its ijk->LPS matrix. */
export function Volume3DView() {
  const volume = useStudyStore((s) => s.volume);
  const box = useMemo(() => {
    if (!volume) return null;
    const m = new THREE.Matrix4().set(...(volume.ijkToLps as Parameters<THREE.Matrix4['set']>));
    const [nx, ny, nz] = volume.dims;
    const geometry = new THREE.BoxGeometry(nx, ny, nz).translate((nx - 1) / 2, (ny - 1) / 2, (nz - 1) / 2);
    geometry.applyMatrix4(m);
    geometry.computeBoundingSphere();
    return geometry;
  }, [volume]);
  if (!box) return null;
  const centre = box.boundingSphere!.center;
  const radius = box.boundingSphere!.radius;
  return (
    <View className="view-fill" data-testid="view3d">
      <PerspectiveCamera
        makeDefault
        position={[centre.x, centre.y - radius * 2.5, centre.z]}
        up={[0, 0, 1]}
        near={1}
        far={radius * 10}
      />
      <OrbitControls target={centre} makeDefault />
      <lineSegments>
        <edgesGeometry args={[box]} />
        <lineBasicMaterial color="#4fa3ff" />
      </lineSegments>
      <axesHelper args={[radius / 2]} position={centre} />
    </View>
  );
}
