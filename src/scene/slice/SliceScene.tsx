import { OrthographicCamera } from '@react-three/drei';
import { invalidate, useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo } from 'react';
import { createSliceMaterial, setSliceUniforms, setSliceVolume } from '../../render/sliceMaterial';
import { getVolumeTexture } from '../../render/volumeTextureCache';
import { useSliceStore } from '../../state/sliceStore';
import type { SliceOrientation } from '../../volume/slicePlanes';
import { slabSampleCount, viewCentreMm } from '../../volume/sliceViewport';
import type { Volume } from '../../volume/volume';
import { TraineeSliceNeedle } from '../trainee/TraineeSliceNeedle';
import type { SliceGeometry } from './useSliceGeometry';

/**
 * The R3F content of one 2D view: an orthographic camera over in-plane millimetres (zoom = px per mm, so the
 * scene's units are mm) and one quad whose shader reslices the shared volume texture.
 */
export function SliceScene({
  orientation,
  volume,
  geometry,
}: {
  orientation: SliceOrientation;
  volume: Volume;
  geometry: SliceGeometry;
}) {
  const window = useSliceStore((s) => s.window);
  const settings = useSliceStore((s) => s.views[orientation]);
  const material = useMemo(() => createSliceMaterial(), []);
  useEffect(() => () => material.dispose(), [material]);
  const gl = useThree((s) => s.gl);

  useLayoutEffect(() => {
    setSliceVolume(material, volume, getVolumeTexture(volume, gl));
    invalidate();
  }, [material, volume, gl]);

  const finestSpacingMm = Math.min(...volume.spacingMm);
  useLayoutEffect(() => {
    setSliceUniforms(material, {
      plane: geometry.plane,
      window,
      slabMm: settings.slabMm,
      slabSamples: slabSampleCount(settings.slabMm, finestSpacingMm),
      slabMode: settings.slabMode,
    });
    invalidate();
  }, [material, geometry.plane, window, settings.slabMm, settings.slabMode, finestSpacingMm]);

  const { pxPerMm } = geometry.transform;
  // The camera looks at the view's middle; the transform's anchor (the free area's centre) may lie off it.
  const [cameraXMm, cameraYMm] = viewCentreMm(geometry.transform);
  // Camera props (pan, zoom) and the view size change without touching the material: draw a frame anyway.
  useEffect(() => {
    invalidate();
  });

  const side = 2.2 * geometry.radiusMm;
  return (
    <>
      <OrthographicCamera
        makeDefault
        position={[cameraXMm, cameraYMm, 100]}
        zoom={pxPerMm}
        near={1}
        far={200}
      />
      <mesh material={material} frustumCulled={false}>
        <planeGeometry args={[side, side]} />
      </mesh>
      <TraineeSliceNeedle plane={geometry.plane} pxPerMm={pxPerMm} />
    </>
  );
}
