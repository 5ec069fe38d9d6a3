import { useFrame } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import type { Trajectory } from '../planning/trajectory';
import { createTransferFunctionTexture } from '../render/transferFunctionTexture';
import { textureToLpsMatrix } from '../render/volumeBox';
import {
  createVolumeMaterial,
  setRaymarchSettings,
  setTransferFunction,
  setVolumeGeometry,
  toMatrix4,
} from '../render/volumeMaterial';
import { createVolumeTexture } from '../render/volumeTexture';
import { useRenderStore } from '../state/renderStore';
import { VOLUME_PRESETS } from '../volume/transfer/transferFunctionPresets';
import type { Volume } from '../volume/volume';
import { planRegionVolume } from './planRegion';

/** Low quality (a raymarch is drawn once per eye in WebXR, so it costs ~2x a desktop frame): the desktop's 'low' rate, under half a sample per voxel of the coarse copy. */
const XR_SAMPLES_PER_VOXEL = 0.75;
const unitBox = new THREE.BoxGeometry(1, 1, 1).translate(0.5, 0.5, 0.5);

/**
 * The CT raymarched in a box around the selected needle (issue 8, optional), in the headset's own GL context:
 * its own small texture (planRegion.ts), never the desktop's full-volume copy. The desktop shader works in LPS
 * mm with the camera in the same space; here the box's world matrix is model x textureToLps, so it is given
 * that matrix as its "textureToLps" (camera position -> texture coordinates stays right in room metres) and
 * the transfer function's reference step is scaled to metres, keeping the opacity per millimetre of tissue.
 */
export function XrPlanVolume({
  volume,
  trajectory,
  modelMatrix,
}: {
  volume: Volume;
  trajectory: Pick<Trajectory, 'entryLps' | 'targetLps'>;
  modelMatrix: { current: THREE.Matrix4 };
}) {
  const presetId = useRenderStore((s) => s.preset);
  const region = useMemo(
    () => planRegionVolume(volume, trajectory.entryLps, trajectory.targetLps),
    [volume, trajectory.entryLps, trajectory.targetLps],
  );
  const material = useMemo(createVolumeMaterial, []);
  const texture = useMemo(() => (region ? createVolumeTexture(region) : undefined), [region]);
  const transfer = useMemo(
    () => createTransferFunctionTexture(VOLUME_PRESETS[presetId].transferFunction),
    [presetId],
  );
  const textureToLps = useMemo(
    () => (region ? toMatrix4(textureToLpsMatrix(region.ijkToLps, region.dims)) : new THREE.Matrix4()),
    [region],
  );
  useEffect(() => () => material.dispose(), [material]);
  useEffect(() => () => texture?.dispose(), [texture]);
  useEffect(() => () => transfer.texture.dispose(), [transfer]);
  const mesh = useRef<THREE.Mesh>(null);
  const last = useMemo(() => ({ world: new THREE.Matrix4(), inputs: [] as unknown[] }), []);

  useFrame(() => {
    const m = mesh.current;
    if (!m || !region || !texture) return;
    const world = modelMatrix.current.clone().multiply(textureToLps);
    const inputs = [texture, transfer, presetId];
    if (world.equals(last.world) && inputs.every((x, i) => x === last.inputs[i])) return;
    last.world.copy(world);
    last.inputs = inputs;
    m.matrix.copy(world);
    m.matrixWorldNeedsUpdate = true;
    setVolumeGeometry(material, texture, region.dims, world);
    setTransferFunction(material, transfer);
    const metresPerMm = new THREE.Vector3().setFromMatrixScale(modelMatrix.current).x;
    material.uniforms.uReferenceStepMm!.value = transfer.referenceStepMm * metresPerMm;
    const preset = VOLUME_PRESETS[presetId];
    setRaymarchSettings(material, region.dims, {
      mode: 'composite',
      samplesPerVoxel: XR_SAMPLES_PER_VOXEL,
      isoHu: preset.isoHu,
      mipWindowHu: [-200, 1500],
      jitterSeed: 0,
    });
  });

  if (!region || !texture) return null;
  return (
    <mesh
      ref={mesh}
      name="xr-plan-volume"
      geometry={unitBox}
      material={material}
      matrixAutoUpdate={false}
      frustumCulled={false}
      renderOrder={10}
    />
  );
}
