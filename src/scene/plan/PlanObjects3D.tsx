import { type ThreeEvent, useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import * as THREE from 'three';
import type { Vec3 } from '../../core/vec3';
import { distance, lerp } from '../../core/vec3';
import type { Trajectory } from '../../planning/trajectory';
import { usePlacementStore } from '../../state/placementStore';
import { selectActivePlan, usePlanStore } from '../../state/planStore';
import { needleLayout, type Segment3D } from './needleLayout';
import { PaintedRegions3D } from './PaintedRegions3D';

/** Active tips are bare metal: drawn light grey whatever the trajectory colour. */
const ACTIVE_TIP_COLOUR = '#e8e8e8';
const LESION_COLOUR = '#ff5a36';
const TARGET_RADIUS_MM = 2;
const ENTRY_RADIUS_MM = 1.5;
/** Drawn after the raymarched volume (renderOrder 10), so the translucent zone tests against its depth. */
const TRANSLUCENT_RENDER_ORDER = 11;

/** A press that moved further than this (px) was a trackball rotation, not a click. */
const CLICK_SLOP_PX = 3;

/** A click on a needle (shaft, ends, marks) selects its trajectory, unless a point is being placed. */
function selectOnClick(trajectoryId: string) {
  return (e: ThreeEvent<MouseEvent>) => {
    if (usePlacementStore.getState().mode !== 'none' || e.delta > CLICK_SLOP_PX) return;
    e.stopPropagation();
    usePlanStore.getState().select(trajectoryId);
  };
}

const Y_AXIS = new THREE.Vector3(0, 1, 0);
const Z_AXIS = new THREE.Vector3(0, 0, 1);
const tuple = (v: Vec3): [number, number, number] => [v[0], v[1], v[2]];

/** Rotation taking `axis` (a three.js primitive's own axis) onto the LPS direction `dir`. */
function alignTo(axis: THREE.Vector3, dir: Vec3): THREE.Quaternion {
  return new THREE.Quaternion().setFromUnitVectors(axis, new THREE.Vector3(...dir).normalize());
}

function Cylinder({ segment, radiusMm, colour }: { segment: Segment3D; radiusMm: number; colour: string }) {
  const lengthMm = distance(segment.fromLps, segment.toLps);
  const dir: Vec3 = [
    segment.toLps[0] - segment.fromLps[0],
    segment.toLps[1] - segment.fromLps[1],
    segment.toLps[2] - segment.fromLps[2],
  ];
  const quaternion = alignTo(Y_AXIS, dir);
  if (lengthMm <= 0) return null;
  return (
    <mesh position={tuple(lerp(segment.fromLps, segment.toLps, 0.5))} quaternion={quaternion}>
      <cylinderGeometry args={[radiusMm, radiusMm, lengthMm, 16, 1]} />
      <meshBasicMaterial color={colour} toneMapped={false} />
    </mesh>
  );
}

/**
 * One planned needle at its catalogue outer diameter, entry to target: shaft, 1 cm depth marks (rings)
 * counted from the tip, spheres at both ends, and for RF cannulae the active tip and the approximate lesion.
 * Clicking any of it selects the trajectory.
 * Opaque parts are ordinary opaque meshes: the raymarcher writes the depth of its first opaque hit, so bone
 * in front of a needle hides it and a needle in front of bone shows (see shaders/volumeRaymarch.frag).
 */
function Needle3D({ trajectory, selected }: { trajectory: Trajectory; selected: boolean }) {
  const layout = needleLayout(trajectory);
  const ringQuaternion = layout ? alignTo(Z_AXIS, layout.directionLps) : undefined;
  const lesionQuaternion = layout ? alignTo(Y_AXIS, layout.directionLps) : undefined;
  const colour = trajectory.colour;
  const scaleEnds = selected ? 1.25 : 1;
  return (
    <group name={`needle-${trajectory.id}`} onClick={selectOnClick(trajectory.id)}>
      <mesh position={tuple(trajectory.targetLps)}>
        <sphereGeometry args={[TARGET_RADIUS_MM * scaleEnds, 20, 14]} />
        <meshBasicMaterial color={colour} toneMapped={false} />
      </mesh>
      {layout && (
        <>
          <mesh position={tuple(trajectory.entryLps)}>
            <sphereGeometry args={[ENTRY_RADIUS_MM * scaleEnds, 16, 12]} />
            <meshBasicMaterial color={colour} toneMapped={false} />
          </mesh>
          <Cylinder segment={layout.shaft} radiusMm={layout.radiusMm} colour={colour} />
          {layout.activeTip && (
            <Cylinder segment={layout.activeTip} radiusMm={layout.radiusMm} colour={ACTIVE_TIP_COLOUR} />
          )}
          {layout.depthMarksLps.map((p) => (
            <mesh key={p.join(',')} position={tuple(p)} quaternion={ringQuaternion}>
              <torusGeometry args={[layout.radiusMm * 1.6, Math.max(0.12, layout.radiusMm * 0.35), 6, 20]} />
              <meshBasicMaterial color="#ffffff" toneMapped={false} />
            </mesh>
          ))}
          {layout.lesion && (
            <mesh
              position={tuple(layout.lesion.centreLps)}
              quaternion={lesionQuaternion}
              scale={[layout.lesion.widthMm / 2, layout.lesion.lengthMm / 2, layout.lesion.widthMm / 2]}
              renderOrder={TRANSLUCENT_RENDER_ORDER}
            >
              <sphereGeometry args={[1, 24, 16]} />
              <meshBasicMaterial
                color={LESION_COLOUR}
                transparent
                opacity={0.35}
                depthWrite={false}
                toneMapped={false}
              />
            </mesh>
          )}
        </>
      )}
    </group>
  );
}

/** The active plan's needles and painted no-go regions in the 3D view (place inside the view's <View>, beside the volume). */
export function PlanObjects3D() {
  const plan = usePlanStore(selectActivePlan);
  const selectedId = usePlanStore((s) => s.selectedTrajectoryId);
  const invalidate = useThree((s) => s.invalidate);
  // On-demand rendering: every re-render (a changed plan or selection) asks for a new frame.
  useEffect(() => {
    invalidate();
  });
  return (
    <group name="plan-objects">
      {plan?.trajectories.map((t) => (
        <Needle3D key={t.id} trajectory={t} selected={t.id === selectedId} />
      ))}
      {plan && plan.noGoMasks.length > 0 && <PaintedRegions3D regions={plan.noGoMasks} />}
    </group>
  );
}
