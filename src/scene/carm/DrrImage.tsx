import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import {
  createDrrDisplayMaterial,
  createDrrMaterial,
  createDrrTarget,
  drrQuad,
  setDrrDisplay,
  setDrrRays,
  setDrrVolume,
} from '../../render/drrMaterial';
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

/**
 * The simulated radiograph in two passes: the line integrals into a square float target (recomputed only
 * when the rays change: geometry, volume, needles), then a cheap display pass (window, polarity,
 * collimation) on a full-view quad, so brightness/contrast drags cost no ray casting.
 */
export function DrrImage({ volume, geometry, window, needles, viewWidthPx, viewHeightPx }: Props) {
  const invalidate = useThree((s) => s.invalidate);
  const format = useCapabilityStore((s) => s.assessment?.volumeTextureFormat ?? 'r16f');
  const blackBone = useCarmStore((s) => s.blackBone);
  const collimation = useCarmStore((s) => s.collimation);
  const showNeedles = useCarmStore((s) => s.showNeedles);
  const resolutionPx = useCarmStore((s) => s.resolutionPx);
  const rays = useMemo(createDrrMaterial, []);
  const display = useMemo(createDrrDisplayMaterial, []);
  const target = useMemo(() => createDrrTarget(resolutionPx), [resolutionPx]);
  const pass = useMemo(() => {
    const scene = new THREE.Scene();
    const quad = new THREE.Mesh(drrQuad, rays);
    quad.frustumCulled = false;
    scene.add(quad);
    return { scene, camera: new THREE.OrthographicCamera() };
  }, [rays]);
  const dirty = useRef(true);
  useEffect(
    () => () => {
      rays.dispose();
      display.dispose();
    },
    [rays, display],
  );
  useEffect(() => () => target.dispose(), [target]);

  useLayoutEffect(() => {
    const lpsToTexture = toMatrix4(textureToLpsMatrix(volume.ijkToLps, volume.dims)).invert();
    setDrrVolume(rays, getVolumeTexture(volume, format), lpsToTexture);
    dirty.current = true;
    invalidate();
  }, [rays, volume, format, invalidate]);

  useLayoutEffect(() => {
    // A new target (resolution change) starts empty: recompute into it.
    if (!geometry || !target) return;
    setDrrRays(rays, geometry, drrStepMm(volume), showNeedles ? needles : []);
    dirty.current = true;
    invalidate();
  }, [rays, geometry, volume, needles, showNeedles, invalidate, target]);

  useLayoutEffect(() => {
    setDrrDisplay(display, target.texture, { viewWidthPx, viewHeightPx, window, blackBone, collimation });
    invalidate();
  }, [display, target, viewWidthPx, viewHeightPx, window, blackBone, collimation, invalidate]);

  // Runs before drei's View renders this view (its useFrame has priority 1).
  useFrame(({ gl }) => {
    if (!dirty.current || !geometry) return;
    dirty.current = false;
    const previous = gl.getRenderTarget();
    gl.setRenderTarget(target);
    gl.render(pass.scene, pass.camera);
    gl.setRenderTarget(previous);
  });

  if (!geometry) return null;
  return <mesh geometry={drrQuad} material={display} frustumCulled={false} />;
}
