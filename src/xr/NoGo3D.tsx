import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import type { StructureSet } from '../analysis/index';
import type { Vec3 } from '../core/vec3';
import type { NoGoStructure } from '../planning/planFile';
import { useStructureSurfaces } from './useStructureSurfaces';

const NO_GO_COLOUR = '#e0245e';
const POINT_RADIUS_MM = 1.5;
const LINE_RADIUS_MM = 0.75;
const Y_AXIS = new THREE.Vector3(0, 1, 0);
const v3 = (p: Vec3) => new THREE.Vector3(p[0], p[1], p[2]);

/** A capsule (segment + radius) as a three.js mesh between two LPS points. */
function Capsule({ a, b, radiusMm }: { a: Vec3; b: Vec3; radiusMm: number }) {
  const { position, quaternion, length } = useMemo(() => {
    const pa = v3(a);
    const pb = v3(b);
    const dir = pb.clone().sub(pa);
    return {
      position: pa.clone().add(pb).multiplyScalar(0.5),
      quaternion: new THREE.Quaternion().setFromUnitVectors(Y_AXIS, dir.clone().normalize()),
      length: dir.length(),
    };
  }, [a, b]);
  return (
    <mesh position={position} quaternion={quaternion}>
      <capsuleGeometry args={[radiusMm, length, 4, 12]} />
      <meshBasicMaterial color={NO_GO_COLOUR} transparent opacity={0.45} depthWrite={false} />
    </mesh>
  );
}

/** The plan's own no-go structures (points, polylines, spheres, capsules) as translucent red shapes, LPS mm. */
export function NoGo3D({ structures }: { structures: readonly NoGoStructure[] }) {
  return (
    <group name="no-go">
      {structures.map((s) => {
        const g = s.geometry;
        if (g.kind === 'point' || g.kind === 'sphere') {
          const centre = g.kind === 'point' ? g.pointLps : g.centreLps;
          const r = g.kind === 'point' ? POINT_RADIUS_MM : g.radiusMm;
          return (
            <mesh key={s.id} position={v3(centre)}>
              <sphereGeometry args={[r, 16, 12]} />
              <meshBasicMaterial color={NO_GO_COLOUR} transparent opacity={0.45} depthWrite={false} />
            </mesh>
          );
        }
        if (g.kind === 'capsule') return <Capsule key={s.id} a={g.aLps} b={g.bLps} radiusMm={g.radiusMm} />;
        return (
          <group key={s.id}>
            {g.pointsLps.slice(1).map((p, i) => (
              <Capsule key={p.join(',')} a={g.pointsLps[i]!} b={p} radiusMm={LINE_RADIUS_MM} />
            ))}
          </group>
        );
      })}
    </group>
  );
}

/** The automatic spine analysis's no-go structures (issue 16) as translucent surfaces, LPS mm, built once per analysis. */
export function AnalysisNoGo3D({ structures }: { structures: StructureSet }) {
  const meshes = useStructureSurfaces(structures);
  const geometries = useMemo(
    () =>
      meshes.map((m) => {
        const g = new THREE.BufferGeometry();
        g.setAttribute('position', new THREE.BufferAttribute(m.positions, 3));
        g.setAttribute('normal', new THREE.BufferAttribute(m.normals, 3));
        g.setIndex(new THREE.BufferAttribute(m.indices, 1));
        return { id: m.id, geometry: g };
      }),
    [meshes],
  );
  useEffect(
    () => () => {
      for (const g of geometries) g.geometry.dispose();
    },
    [geometries],
  );
  return (
    <group name="analysis-no-go">
      {geometries.map((g) => (
        <mesh key={g.id} name={`analysis-no-go-${g.id}`} geometry={g.geometry}>
          <meshBasicMaterial color={NO_GO_COLOUR} transparent opacity={0.3} depthWrite={false} />
        </mesh>
      ))}
    </group>
  );
}
