import { useFrame } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import { ISOCENTRE_MAGNIFICATION } from '../../planning/carmViewsGeometry';
import { couchClip } from '../../planning/couchClip';
import { DrrPipeline, setDrrRays, setDrrVolume } from '../../render/drrMaterial';
import { textureToLpsMatrix } from '../../render/volumeBox';
import { toMatrix4 } from '../../render/volumeMaterial';
import { createVolumeTexture } from '../../render/volumeTexture';
import { useAnalysisStore } from '../../state/analysisStore';
import { useCarmStore } from '../../state/carmStore';
import { downsampleForDisplay } from '../../volume/downsample';
import { drrStepMm } from '../../volume/drr';
import { displaySettingsFor, MONITOR_LOOK, sliceSmoothingSigmaMm } from '../../volume/drrDisplay';
import type { Volume } from '../../volume/volume';
import { useCarmImage, useDrrNeedles } from './useCarmImage';

/** The headset's monitor is computed at this many pixels a side (a 0.4 m panel at arm's length). */
const HEADSET_DRR_PX = 512;
/**
 * The headset keeps its textures small (README: <= 64 MB): the monitor casts its rays through its own
 * block-averaged copy of the CT of at most this many voxels a side (~9 MB for a 512 x 512 x 134 CT).
 */
const HEADSET_VOLUME_EDGE = 256;

/**
 * The C-arm monitor as a square panel in a 3D scene (the headset's), through the same display pipeline as
 * the desktop monitor: the C-arm store's angles, zoom, window, polarity and noise, the plan's needles, the
 * couch left out. The image is recomputed only when the rays or the display settings change.
 */
export function CarmMonitorPlane({
  volume,
  widthM,
  position,
}: {
  volume: Volume;
  widthM: number;
  position: [number, number, number];
}) {
  const image = useCarmImage(volume);
  const needles = useDrrNeedles();
  const c = useCarmStore();
  const body = useAnalysisStore((s) => (s.volumeId === volume.id ? s.analysis?.body : undefined));
  const clip = useMemo(() => (body ? couchClip(body) : undefined), [body]);
  const pipeline = useMemo(() => new DrrPipeline(), []);
  const target = useMemo(
    () => new THREE.WebGLRenderTarget(HEADSET_DRR_PX, HEADSET_DRR_PX, { depthBuffer: false }),
    [],
  );
  useEffect(
    () => () => {
      pipeline.dispose();
      target.dispose();
    },
    [pipeline, target],
  );
  const dirty = useRef({ rays: true, display: true });
  const small = useMemo(() => downsampleForDisplay(volume, HEADSET_VOLUME_EDGE), [volume]);
  const texture = useMemo(() => createVolumeTexture(small), [small]);
  useEffect(() => () => texture.dispose(), [texture]);

  useLayoutEffect(() => {
    const lpsToTexture = toMatrix4(textureToLpsMatrix(small.ijkToLps, small.dims)).invert();
    setDrrVolume(pipeline.rays, texture, lpsToTexture);
    dirty.current.rays = true;
  }, [pipeline, small, texture]);
  useLayoutEffect(() => {
    setDrrRays(
      pipeline.rays,
      image.geometry,
      drrStepMm(small),
      c.showNeedles ? needles : [],
      HEADSET_DRR_PX,
      clip,
    );
    dirty.current.rays = true;
  }, [pipeline, image.geometry, small, needles, c.showNeedles, clip]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the listed values are what the display reads
  useLayoutEffect(() => {
    dirty.current.display = true;
  }, [c.collimation, c.blackBone, c.brightness, c.contrast, c.fixedWindow, c.dose]);

  const lowPass = useRef<ReturnType<DrrPipeline['compute']> | null>(null);
  useFrame(({ gl }) => {
    const d = dirty.current;
    if (!d.rays && !d.display) return;
    if (d.rays || !lowPass.current) {
      const smooth = sliceSmoothingSigmaMm(small.spacingMm[2], ISOCENTRE_MAGNIFICATION);
      lowPass.current = pipeline.compute(gl, HEADSET_DRR_PX, MONITOR_LOOK, image.geometry.fieldMm, smooth);
    }
    const s = useCarmStore.getState();
    const settings = displaySettingsFor(lowPass.current, {
      look: MONITOR_LOOK,
      fieldMm: image.geometry.fieldMm,
      collimation: s.collimation,
      blackBone: s.blackBone,
      brightness: s.brightness,
      contrast: s.contrast,
      fixedWindow: s.fixedWindow,
      dose: s.dose,
    });
    pipeline.drawDisplayInto(gl, target, settings);
    d.rays = false;
    d.display = false;
    // For the e2e test: images drawn and the mean grey of the panel's central 16 x 16 pixels.
    const patch = new Uint8Array(16 * 16 * 4);
    gl.readRenderTargetPixels(target, HEADSET_DRR_PX / 2 - 8, HEADSET_DRR_PX / 2 - 8, 16, 16, patch);
    let sum = 0;
    for (let i = 0; i < patch.length; i += 4) sum += patch[i]!;
    const hook = window as unknown as { __spineplanCarmHeadset?: { images: number; centreGrey: number } };
    hook.__spineplanCarmHeadset = {
      images: (hook.__spineplanCarmHeadset?.images ?? 0) + 1,
      centreGrey: sum / 256,
    };
  });

  return (
    <mesh position={position} name="carm-monitor" visible={image.shown !== null}>
      <planeGeometry args={[widthM, widthM]} />
      <meshBasicMaterial map={target.texture} toneMapped={false} />
    </mesh>
  );
}
