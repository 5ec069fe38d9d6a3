import { useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo } from 'react';
import { createDrrMaterial, drrQuad, setDrrFrame, setDrrVolume } from '../../render/drrMaterial';
import { textureToLpsMatrix } from '../../render/volumeBox';
import { toMatrix4 } from '../../render/volumeMaterial';
import { getVolumeTexture } from '../../render/volumeTextureCache';
import { useCapabilityStore } from '../../state/capabilityStore';
import { useCarmStore } from '../../state/carmStore';
import { type DrrGeometry, type DrrNeedle, drrStepMm } from '../../volume/drr';
import type { DrrWindow } from '../../volume/drrDisplay';
import type { Volume } from '../../volume/volume';

interface Props {
  volume: Volume;
  geometry: DrrGeometry | null;
  window: DrrWindow;
  needles: readonly DrrNeedle[];
  viewWidthPx: number;
  viewHeightPx: number;
}

/** The simulated radiograph: one full-view quad whose shader casts a ray per pixel through the CT. */
export function DrrImage({ volume, geometry, window, needles, viewWidthPx, viewHeightPx }: Props) {
  const invalidate = useThree((s) => s.invalidate);
  const format = useCapabilityStore((s) => s.assessment?.volumeTextureFormat ?? 'r16f');
  const blackBone = useCarmStore((s) => s.blackBone);
  const collimation = useCarmStore((s) => s.collimation);
  const showNeedles = useCarmStore((s) => s.showNeedles);
  const material = useMemo(createDrrMaterial, []);
  useEffect(() => () => material.dispose(), [material]);

  useLayoutEffect(() => {
    const lpsToTexture = toMatrix4(textureToLpsMatrix(volume.ijkToLps, volume.dims)).invert();
    setDrrVolume(material, getVolumeTexture(volume, format), lpsToTexture);
    invalidate();
  }, [material, volume, format, invalidate]);

  useLayoutEffect(() => {
    if (!geometry) return;
    setDrrFrame(material, {
      geometry,
      viewWidthPx,
      viewHeightPx,
      stepMm: drrStepMm(volume),
      window,
      blackBone,
      collimation,
      needles: showNeedles ? needles : [],
    });
    invalidate();
  }, [
    material,
    geometry,
    viewWidthPx,
    viewHeightPx,
    volume,
    window,
    blackBone,
    collimation,
    needles,
    showNeedles,
    invalidate,
  ]);

  if (!geometry) return null;
  return <mesh geometry={drrQuad} material={material} frustumCulled={false} />;
}
