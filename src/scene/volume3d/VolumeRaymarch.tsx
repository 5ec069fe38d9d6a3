import { useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo } from 'react';
import * as THREE from 'three';
import type { RenderQuality } from '../../core/volumeRendering';
import { createTransferFunctionTexture } from '../../render/transferFunctionTexture';
import { textureToLpsMatrix } from '../../render/volumeBox';
import {
  createVolumeMaterial,
  setClassVolume,
  setClipping,
  setCouchClip,
  setDebugCost,
  setEmptySpaceSkipping,
  setRaymarchSettings,
  setTransferFunction,
  setVolumeGeometry,
  toMatrix4,
} from '../../render/volumeMaterial';
import { getVolumeTexture } from '../../render/volumeTextureCache';
import { useRenderStore } from '../../state/renderStore';
import { VOLUME_PRESETS } from '../../volume/transfer/transferFunctionPresets';
import type { Volume } from '../../volume/volume';
import { useClassVolume } from './useClassVolume';
import { useCouchClip } from './useCouchClip';
import { useDragResolution } from './useDragResolution';
import { BRICK_SIZE, useOccupancyTexture } from './useEmptySpaceSkipping';
import { countVolumeDraw, useShaderCompiledWhileUploading, useVolumeUpload } from './useVolumeUpload';

/** Samples per voxel when idle; while the user drags, a third of that keeps the view responsive. */
const SAMPLES_PER_VOXEL: Record<RenderQuality, number> = { low: 0.75, medium: 1.5, high: 3 };
const DRAG_FACTOR = 1 / 3;

/** Unit cube [0,1]^3: the texture-coordinate box; the mesh's matrix takes it to LPS mm. */
const unitBox = new THREE.BoxGeometry(1, 1, 1).translate(0.5, 0.5, 0.5);

/** The raymarched volume: a box mesh placed by the volume's texture->LPS matrix. */
export function VolumeRaymarch({ volume, interacting }: { volume: Volume; interacting: boolean }) {
  const invalidate = useThree((s) => s.invalidate);
  const gl = useThree((s) => s.gl);
  // The texture fills slab by slab (issue 20): the volume is drawn once it is whole (and, with skipping on,
  // once its first brick map is back from the worker).
  const uploaded = useVolumeUpload(volume)?.complete ?? false;
  const mode = useRenderStore((s) => s.mode);
  const presetId = useRenderStore((s) => s.preset);
  const quality = useRenderStore((s) => s.quality);
  const crop = useRenderStore((s) => s.crop);
  const clipPlane = useRenderStore((s) => s.clipPlane);
  const mipWindowHu = useRenderStore((s) => s.mipWindowHu);
  const jitterSeed = useRenderStore((s) => s.jitterSeed);
  const customTransfer = useRenderStore((s) => s.customTransfer);
  const skipping = useRenderStore((s) => s.emptySpaceSkipping);
  const debugCost = useRenderStore((s) => s.debugCost);
  const couch = useCouchClip(volume.id);
  const material = useMemo(createVolumeMaterial, []);
  useEffect(() => () => material.dispose(), [material]);
  useShaderCompiledWhileUploading(material, uploaded);
  useDragResolution(interacting);

  const textureToLps = useMemo(() => toMatrix4(textureToLpsMatrix(volume.ijkToLps, volume.dims)), [volume]);
  const lpsToTexture = useMemo(() => textureToLps.clone().invert(), [textureToLps]);
  const centreLps = useMemo(
    () => new THREE.Vector3(0.5, 0.5, 0.5).applyMatrix4(textureToLps),
    [textureToLps],
  );

  useLayoutEffect(() => {
    setVolumeGeometry(material, getVolumeTexture(volume, gl), volume.dims, textureToLps);
    invalidate();
  }, [material, volume, textureToLps, invalidate, gl]);

  const preset = VOLUME_PRESETS[presetId];
  const transfer = useMemo(
    () => createTransferFunctionTexture(customTransfer ?? preset.transferFunction),
    [preset, customTransfer],
  );
  useEffect(() => () => transfer.texture.dispose(), [transfer]);
  const { texture: occupancy, firstPending } = useOccupancyTexture(volume, skipping, {
    mode,
    transfer,
    isoHu: preset.isoHu,
    mipWindowHu,
  });
  // The composite loop's 8-bit copy (null until made for this range: HU meanwhile, same picture). Not
  // before the first draw: its GPU pass would come before the first 3D frame.
  const classVolume = useClassVolume(
    volume,
    transfer.range,
    uploaded && !firstPending && mode === 'composite',
  );

  useLayoutEffect(() => {
    setTransferFunction(material, transfer);
    setClassVolume(material, classVolume?.texture ?? null, classVolume?.rangeHu ?? transfer.range);
    const spv = SAMPLES_PER_VOXEL[quality] * (interacting ? DRAG_FACTOR : 1);
    setRaymarchSettings(material, volume.dims, {
      mode: mode,
      samplesPerVoxel: spv,
      isoHu: preset.isoHu,
      mipWindowHu: mipWindowHu,
      jitterSeed: jitterSeed,
    });
    setClipping(material, crop, clipPlane, centreLps, lpsToTexture);
    setCouchClip(material, couch, lpsToTexture);
    setEmptySpaceSkipping(material, occupancy, BRICK_SIZE, volume.dims);
    setDebugCost(material, debugCost);
    invalidate();
  }, [
    classVolume,
    occupancy,
    debugCost,
    material,
    transfer,
    mode,
    quality,
    crop,
    clipPlane,
    couch,
    mipWindowHu,
    jitterSeed,
    interacting,
    preset,
    volume,
    centreLps,
    lpsToTexture,
    invalidate,
  ]);

  return (
    <mesh
      geometry={unitBox}
      material={material}
      matrix={textureToLps}
      matrixAutoUpdate={false}
      renderOrder={10}
      visible={uploaded && !firstPending}
      onBeforeRender={countVolumeDraw}
    />
  );
}
