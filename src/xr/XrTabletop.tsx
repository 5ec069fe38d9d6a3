import { useFrame } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import type { ReadoutContext } from '../planning/readouts';
import { CarmMonitorPlane } from '../scene/carm/CarmMonitorPlane';
import { PlanObjects3D } from '../scene/plan/PlanObjects3D';
import { BoneSurface } from '../scene/surface/BoneSurface';
import { useAnalysisStore } from '../state/analysisStore';
import { selectActivePlan, selectSelectedTrajectory, usePlanStore } from '../state/planStore';
import { useStudyStore } from '../state/studyStore';
import { useTraineeStore } from '../state/traineeStore';
import { useXrStore, type XrSessionMode } from '../state/xrStore';
import { HeldNeedle3D } from './HeldNeedle3D';
import { AnalysisNoGo3D, NoGo3D } from './NoGo3D';
import { RegistrationPits } from './RegistrationPits';
import {
  baseModelMatrix,
  initialPlacement,
  modelScale,
  placementOnSurface,
  volumeBoxLps,
} from './tabletopMath';
import { useArSurface } from './useArSurface';
import { useRegistration } from './useRegistration';
import { useRehearsal } from './useRehearsal';
import { useXrInteraction } from './useXrInteraction';
import { XrButtonPanel } from './XrButtonPanel';
import { XrLevelLabels } from './XrLevelLabels';
import { XrPlanVolume } from './XrPlanVolume';
import { XrReadoutPanel } from './XrReadoutPanel';
import { XrRegistrationPanel } from './XrRegistrationPanel';
import { setProbedModel } from './xrSceneProbe';

/** The volume's outline: the fallback model before (or without) a bone surface, and the scale reference. */
function VolumeOutline({ centre, size }: { centre: readonly number[]; size: readonly number[] }) {
  const geometry = useMemo(
    () => new THREE.EdgesGeometry(new THREE.BoxGeometry(size[0], size[1], size[2])),
    [size],
  );
  return (
    <lineSegments geometry={geometry} position={[centre[0]!, centre[1]!, centre[2]!]}>
      <lineBasicMaterial color="#6b7a8c" />
    </lineSegments>
  );
}

/**
 * The table-top scene: the case's bone surface (or its outline), the plan's needles at real gauge, the plan's
 * own, painted and automatic no-go structures and the level names, all in LPS mm under one model matrix
 * (placement x base, or the registration to a print). Grabs change the placement; pointer drags move
 * trajectory ends in the plan store, the same plan the desktop shows. Once registered to a print (issue 23)
 * the overlay stays on the print at 1:1 until the registration is cleared or the size changed.
 */
export function XrTabletop({
  mode,
  readoutContextFor,
}: {
  mode: XrSessionMode;
  readoutContextFor?: (level: string) => ReadoutContext;
}) {
  const volume = useStudyStore((s) => s.volume);
  const scaleMode = useXrStore((s) => s.scaleMode);
  const plan = usePlanStore(selectActivePlan);
  const selected = usePlanStore(selectSelectedTrajectory);
  const showVolume = useXrStore((s) => s.showVolume);
  const volumeAround = selected ?? plan?.trajectories[0];
  const box = useMemo(() => (volume ? volumeBoxLps(volume.dims, volume.ijkToLps) : undefined), [volume]);
  const metresPerMm = box ? modelScale(scaleMode, box) : 0.001;
  const base = useMemo(
    () => (box ? baseModelMatrix(box, metresPerMm) : new THREE.Matrix4()),
    [box, metresPerMm],
  );
  // Placement is per session and per scale mode: switching size puts the model back on the table (the
  // detected one in AR, once the user set it there).
  const placement = useMemo(() => {
    const surfacePointM = useXrStore.getState().surfacePointM;
    if (!box) return { current: new THREE.Matrix4() };
    return {
      current: surfacePointM
        ? placementOnSurface(new THREE.Vector3(...surfacePointM), box, metresPerMm, new THREE.Matrix4())
        : initialPlacement(box, metresPerMm),
    };
  }, [box, metresPerMm]);
  const modelRef = useRef<THREE.Group>(null);
  const modelMatrix = useMemo(() => ({ current: new THREE.Matrix4() }), []);

  useFrame(() => {
    const onPrint = useXrStore.getState().registration?.modelToRoom;
    if (onPrint) modelMatrix.current.set(...(onPrint as Parameters<THREE.Matrix4['set']>));
    else modelMatrix.current.multiplyMatrices(placement.current, base);
    const group = modelRef.current;
    if (group) {
      group.matrix.copy(modelMatrix.current);
      group.matrixWorldNeedsUpdate = true;
    }
  }, -1);
  const rehearsal = useRehearsal(box, readoutContextFor);
  const surface = useArSurface(mode === 'immersive-ar');
  const placeOnSurface = (pointM: THREE.Vector3) => {
    if (!box) return;
    placement.current = placementOnSurface(pointM, box, metresPerMm, placement.current);
    useXrStore.getState().setSurface('placed', [pointM.x, pointM.y, pointM.z]);
  };
  const registration = useRegistration();
  useXrInteraction({ placement, modelMatrix, rehearsal, surface, placeOnSurface, registration });
  // During a trainee attempt the expert's needles and structures stay hidden (issue 11), as on the desktop.
  const hideExpert = useTraineeStore((s) => s.attempt !== null || (s.active && !s.revealed));
  const registering = useXrStore((s) => s.registering);
  // In passthrough the print is the bone: the overlay leaves the surface off and draws what the print lacks.
  const onPrint = useXrStore((s) => s.registration !== null) && mode === 'immersive-ar';
  const analysis = useAnalysisStore((s) =>
    s.volumeId === volume?.id && s.analysis?.found ? s.analysis : null,
  );
  const labelsVisible = useAnalysisStore((s) => s.labelsVisible);
  useEffect(() => {
    setProbedModel(modelRef.current);
    return () => setProbedModel(null);
  });

  if (!volume || !box) return null;
  return (
    <>
      {mode === 'immersive-vr' && <color attach="background" args={['#1b2028']} />}
      <ambientLight intensity={0.6} />
      <directionalLight position={[0.5, 2, 1]} intensity={1.2} />
      <group ref={modelRef} matrixAutoUpdate={false} name="xr-model">
        {!onPrint && <BoneSurface volume={volume} />}
        {!onPrint && <VolumeOutline centre={box.centreLps} size={box.sizeMm} />}
        {!hideExpert && <PlanObjects3D />}
        {plan && !hideExpert && <NoGo3D structures={plan.noGoStructures} />}
        {analysis && !hideExpert && <AnalysisNoGo3D structures={analysis.structures} />}
        {analysis && labelsVisible && <XrLevelLabels analysis={analysis} />}
        {registering && <RegistrationPits fiducials={registration.fiducials} />}
        {rehearsal.current && <HeldNeedle3D session={rehearsal.current} />}
      </group>
      {/* In room space (its world matrix is set per frame), hidden in a trainee attempt: it outlines the plan. */}
      {showVolume && !hideExpert && volumeAround && (
        <XrPlanVolume volume={volume} trajectory={volumeAround} modelMatrix={modelMatrix} />
      )}
      <XrReadoutPanel readoutContextFor={readoutContextFor} />
      <XrButtonPanel />
      {registering && <XrRegistrationPanel fiducials={registration.fiducials} />}
      {/* The C-arm monitor across the table, the desktop monitor's image (same pipeline, same C-arm). */}
      <CarmMonitorPlane volume={volume} widthM={0.4} position={[0, 1.62, -1.1]} />
    </>
  );
}
