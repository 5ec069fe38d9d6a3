import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { ISOCENTRE_MAGNIFICATION } from '../../planning/carmViewsGeometry';
import { DrrPipeline, drrQuad, setDrrRays, setDrrVolume } from '../../render/drrMaterial';
import { textureToLpsMatrix } from '../../render/volumeBox';
import { toMatrix4 } from '../../render/volumeMaterial';
import { getVolumeTexture } from '../../render/volumeTextureCache';
import { useCarmStore } from '../../state/carmStore';
import { type DrrClip, type DrrGeometry, type DrrNeedle, drrStepMm } from '../../volume/drr';
import {
  type DrrDisplaySettings,
  type DrrLowPass,
  displaySettingsFor,
  drrSizeFor,
  MONITOR_LOOK,
  sliceSmoothingSigmaMm,
} from '../../volume/drrDisplay';
import type { Volume } from '../../volume/volume';

interface Props {
  volume: Volume;
  geometry: DrrGeometry | null;
  needles: readonly DrrNeedle[];
  /** The CT couch, left out of the image (planning/couchClip.ts). */
  clip: DrrClip | undefined;
  /** Seed of the quantum noise: a new one per exposure. */
  noiseSeed: number;
  viewWidthPx: number;
  viewHeightPx: number;
}

/** What the e2e tests read back through window.__spineplanDrr (the monitor's own pipeline, no copy). */
export interface DrrTestHook {
  sizePx: number;
  smoothSigmaMm: number;
  geometry: DrrGeometry | null;
  clip: DrrClip | undefined;
  settings: DrrDisplaySettings | null;
  lowPass: DrrLowPass | null;
  /** The monitor pass at one output pixel per DRR pixel, rows top to bottom. */
  readDisplayGrey: () => Uint8Array;
  readRays: () => { lineIntegrals: Float32Array; coverage: Float32Array };
}

/**
 * The simulated radiograph through the one display pipeline (render/drrMaterial.ts DrrPipeline): line
 * integrals into a float target sized to the view's pixels across the field (half that while an angle slider
 * is dragged), the low-pass grid and its readback for the automatic window, then the monitor pass on a
 * full-view quad. Rays are recomputed only when they change (geometry, volume, needles, size); window,
 * polarity, noise and collimation changes redraw the monitor pass only.
 */
export function DrrImage({ volume, geometry, needles, clip, noiseSeed, viewWidthPx, viewHeightPx }: Props) {
  const invalidate = useThree((s) => s.invalidate);
  const dpr = useThree((s) => s.viewport.dpr);
  const gl = useThree((s) => s.gl);
  const c = useCarmStore();
  const pipeline = useMemo(() => new DrrPipeline(), []);
  useEffect(() => () => pipeline.dispose(), [pipeline]);
  const lowPass = useRef<DrrLowPass | null>(null);
  const dirty = useRef(true);

  // Thick slices: smoothed along the image's columns before the edge enhancement (drrDisplay.ts).
  const smoothSigmaMm = sliceSmoothingSigmaMm(volume.spacingMm[2], ISOCENTRE_MAGNIFICATION);
  const shortPx = Math.min(viewWidthPx, viewHeightPx) * dpr;
  const full = drrSizeFor(shortPx, c.resolutionPx);
  const sizePx = c.dragging ? drrSizeFor(full / 2, c.resolutionPx) : full;

  useLayoutEffect(() => {
    const lpsToTexture = toMatrix4(textureToLpsMatrix(volume.ijkToLps, volume.dims)).invert();
    setDrrVolume(pipeline.rays, getVolumeTexture(volume, gl), lpsToTexture);
    dirty.current = true;
    invalidate();
  }, [pipeline, volume, invalidate, gl]);

  useLayoutEffect(() => {
    if (!geometry) return;
    setDrrRays(pipeline.rays, geometry, drrStepMm(volume), c.showNeedles ? needles : [], sizePx, clip);
    dirty.current = true;
    invalidate();
  }, [pipeline, geometry, volume, needles, c.showNeedles, sizePx, clip, invalidate]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new smoothing recomputes the image
  useLayoutEffect(() => {
    dirty.current = true;
    invalidate();
  }, [smoothSigmaMm, invalidate]);

  const settingsOf = (lp: DrrLowPass): DrrDisplaySettings =>
    displaySettingsFor(lp, {
      look: MONITOR_LOOK,
      fieldMm: geometry?.fieldMm ?? 300,
      collimation: c.collimation,
      blackBone: c.blackBone,
      brightness: c.brightness,
      contrast: c.contrast,
      fixedWindow: c.fixedWindow,
      dose: c.dose,
      noiseSeed,
    });
  const settings = useRef<DrrDisplaySettings | null>(null);
  const view = useRef({ viewWidthPx, viewHeightPx });
  view.current = { viewWidthPx, viewHeightPx };
  const settingsRef = useRef(settingsOf);
  settingsRef.current = settingsOf;

  // Display-only changes: new settings from the kept low-pass grid, no ray casting.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the listed values are what the settings read
  useLayoutEffect(() => {
    if (!lowPass.current) return;
    settings.current = settingsOf(lowPass.current);
    pipeline.setDisplay({ viewWidthPx, viewHeightPx, settings: settings.current });
    invalidate();
  }, [
    pipeline,
    viewWidthPx,
    viewHeightPx,
    c.collimation,
    c.blackBone,
    c.brightness,
    c.contrast,
    c.fixedWindow,
    c.dose,
    noiseSeed,
    invalidate,
  ]);

  // Runs before drei's View renders this view (its useFrame has priority 1).
  useFrame(({ gl }) => {
    if (!dirty.current || !geometry) return;
    dirty.current = false;
    lowPass.current = pipeline.compute(gl, sizePx, MONITOR_LOOK, geometry.fieldMm, smoothSigmaMm);
    settings.current = settingsRef.current(lowPass.current);
    pipeline.setDisplay({ ...view.current, settings: settings.current });
  });

  const smoothRef = useRef(smoothSigmaMm);
  smoothRef.current = smoothSigmaMm;
  const rays = useRef({ geometry, clip });
  rays.current = { geometry, clip };
  useEffect(() => {
    const hook: DrrTestHook = {
      get sizePx() {
        return pipeline.sizePx;
      },
      get smoothSigmaMm() {
        return smoothRef.current;
      },
      get geometry() {
        return rays.current.geometry;
      },
      get clip() {
        return rays.current.clip;
      },
      get settings() {
        return settings.current;
      },
      get lowPass() {
        return lowPass.current;
      },
      readDisplayGrey: () => {
        const grey = settings.current ? pipeline.readDisplayGrey(gl, settings.current) : new Uint8Array(0);
        // Back to the view's own size for the next frame.
        if (settings.current) pipeline.setDisplay({ ...view.current, settings: settings.current });
        invalidate();
        return grey;
      },
      readRays: () => pipeline.readRays(gl),
    };
    (window as unknown as { __spineplanDrr?: DrrTestHook }).__spineplanDrr = hook;
    return () => {
      delete (window as unknown as { __spineplanDrr?: DrrTestHook }).__spineplanDrr;
    };
  }, [pipeline, gl, invalidate]);

  if (!geometry) return null;
  return <mesh geometry={drrQuad} material={pipeline.displayMaterial} frustumCulled={false} />;
}
