import * as THREE from 'three';
import fragmentShader from '../../shaders/drr.frag?raw';
import vertexShader from '../../shaders/drr.vert?raw';
import blurFragmentShader from '../../shaders/drrBlur.frag?raw';
import displayFragmentShader from '../../shaders/drrDisplay.frag?raw';
import reduceFragmentShader from '../../shaders/drrReduce.frag?raw';
import smoothFragmentShader from '../../shaders/drrSmooth.frag?raw';
import type { Vec3 } from '../core/vec3';
import {
  type DrrClip,
  type DrrGeometry,
  type DrrNeedle,
  MU_STEEL_PER_MM,
  MU_WATER_PER_MM,
} from '../volume/drr';
import {
  type DrrDisplaySettings,
  type DrrLook,
  type DrrLowPass,
  gaussianTaps,
  lowPassFactor,
  MAX_BLUR_TAPS,
  MAX_SMOOTH_TAPS,
  NO_DATA_GREY,
  smoothingTaps,
} from '../volume/drrDisplay';

/** The shader's needle arrays hold this many needles; more are not drawn. */
export const MAX_DRR_NEEDLES = 8;

/** A full-view quad in clip space (drr.vert ignores the camera); never culled. */
export const drrQuad = new THREE.PlaneGeometry(2, 2);

/**
 * A square float render target (`sizePx` a side) for the DRR passes: 32-bit float so the line integral keeps
 * its 7 digits (a half-float target posterised the image once the window was narrowed); read with texelFetch,
 * so no filtering. Needs EXT_color_buffer_float (probed by render/).
 */
export function createDrrTarget(sizePx: number): THREE.WebGLRenderTarget {
  return new THREE.WebGLRenderTarget(sizePx, sizePx, {
    type: THREE.FloatType,
    format: THREE.RGBAFormat,
    minFilter: THREE.NearestFilter,
    magFilter: THREE.NearestFilter,
    depthBuffer: false,
    generateMipmaps: false,
  });
}

const pass = (fragment: string, uniforms: Record<string, THREE.IUniform>) =>
  new THREE.ShaderMaterial({
    glslVersion: THREE.GLSL3,
    vertexShader,
    fragmentShader: fragment,
    depthTest: false,
    depthWrite: false,
    uniforms,
  });

/** The line-integral pass (shaders/drr.frag) over the whole square target. */
export function createDrrMaterial(): THREE.ShaderMaterial {
  const vectors = () => Array.from({ length: MAX_DRR_NEEDLES }, () => new THREE.Vector3());
  return pass(fragmentShader, {
    uVolume: { value: null },
    uLpsToTexture: { value: new THREE.Matrix4() },
    uSourceLps: { value: new THREE.Vector3() },
    uDetectorCentreLps: { value: new THREE.Vector3() },
    uRightLps: { value: new THREE.Vector3(1, 0, 0) },
    uUpLps: { value: new THREE.Vector3(0, 0, 1) },
    uFieldMm: { value: 300 },
    uStepMm: { value: 1 },
    uSizePx: { value: 512 },
    uMuWaterPerMm: { value: MU_WATER_PER_MM },
    uMuSteelPerMm: { value: MU_STEEL_PER_MM },
    uNeedleCount: { value: 0 },
    uNeedleFrom: { value: vectors() },
    uNeedleTo: { value: vectors() },
    uNeedleRadius: { value: new Array<number>(MAX_DRR_NEEDLES).fill(0) },
    uClip: { value: false },
    uClipPoint: { value: new THREE.Vector3() },
    uClipNormal: { value: new THREE.Vector3(0, 1, 0) },
  });
}

const setVec = (target: unknown, v: Vec3) => (target as THREE.Vector3).set(v[0], v[1], v[2]);

/** Volume texture (HU) and its LPS -> texture-coordinate matrix (inverse of volumeBox's textureToLps). */
export function setDrrVolume(
  m: THREE.ShaderMaterial,
  texture: THREE.Data3DTexture,
  lpsToTexture: THREE.Matrix4,
) {
  m.uniforms.uVolume!.value = texture;
  (m.uniforms.uLpsToTexture!.value as THREE.Matrix4).copy(lpsToTexture);
}

/** Geometry, sampling step, needles and couch clip of the line-integral pass for an n-pixel target. */
export function setDrrRays(
  m: THREE.ShaderMaterial,
  geometry: DrrGeometry,
  stepMm: number,
  needles: readonly DrrNeedle[],
  sizePx = 512,
  clip?: DrrClip,
): void {
  const u = m.uniforms;
  setVec(u.uSourceLps!.value, geometry.sourceLps);
  setVec(u.uDetectorCentreLps!.value, geometry.detectorCentreLps);
  setVec(u.uRightLps!.value, geometry.rightLps);
  setVec(u.uUpLps!.value, geometry.upLps);
  u.uFieldMm!.value = geometry.fieldMm;
  u.uStepMm!.value = stepMm;
  u.uSizePx!.value = sizePx;
  const list = needles.slice(0, MAX_DRR_NEEDLES);
  u.uNeedleCount!.value = list.length;
  list.forEach((n, i) => {
    setVec((u.uNeedleFrom!.value as THREE.Vector3[])[i], n.fromLps);
    setVec((u.uNeedleTo!.value as THREE.Vector3[])[i], n.toLps);
    (u.uNeedleRadius!.value as number[])[i] = n.radiusMm;
  });
  u.uClip!.value = clip !== undefined;
  if (clip) {
    setVec(u.uClipPoint!.value, clip.pointLps);
    setVec(u.uClipNormal!.value, clip.normalLps);
  }
}

/** View size and the image settings of the monitor pass. */
export interface DrrDisplay {
  /** View size in pixels: the square field fits the shorter side. */
  viewWidthPx: number;
  viewHeightPx: number;
  settings: DrrDisplaySettings;
}

/**
 * The whole GPU pipeline of the C-arm image (src/volume/drrDisplay.ts is its CPU twin): line integrals and
 * coverage into an n x n float target, the slice smoothing along the columns for thick-slice CT, the low-pass grid (block means, then a separable Gaussian in two
 * passes), a readback of that small grid for the automatic window, and the monitor pass that draws the
 * result on a full-view quad (`displayMaterial`).
 */
export class DrrPipeline {
  readonly rays = createDrrMaterial();
  readonly displayMaterial: THREE.ShaderMaterial;
  private readonly reduce = pass(reduceFragmentShader, { uRays: { value: null }, uFactor: { value: 1 } });
  private readonly smooth = pass(smoothFragmentShader, {
    uRays: { value: null },
    uRadius: { value: 0 },
    uTaps: { value: new Array<number>(MAX_SMOOTH_TAPS + 1).fill(0) },
  });
  /** Whether the last compute smoothed along the columns (the display then reads the smoothed target). */
  private smoothed = false;
  private readonly blur = pass(blurFragmentShader, {
    uSource: { value: null },
    uBlocks: { value: null },
    uDirection: { value: new THREE.Vector2(1, 0) },
    uRadius: { value: 0 },
    uTaps: { value: new Array<number>(MAX_BLUR_TAPS + 1).fill(0) },
  });
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.OrthographicCamera();
  private readonly quad: THREE.Mesh;
  private targets: {
    n: number;
    rays: THREE.WebGLRenderTarget;
    smoothed: THREE.WebGLRenderTarget;
    low: THREE.WebGLRenderTarget[];
  } | null = null;

  constructor() {
    this.quad = new THREE.Mesh(drrQuad, this.rays);
    this.quad.frustumCulled = false;
    this.scene.add(this.quad);
    this.displayMaterial = pass(displayFragmentShader, {
      uRays: { value: null },
      uLowPass: { value: null },
      uSizePx: { value: 512 },
      uFactor: { value: 4 },
      uViewExtent: { value: new THREE.Vector2(0.5, 0.5) },
      uWindow: { value: new THREE.Vector2(5, 4) },
      uBlackBone: { value: true },
      uCollimation: { value: 1 },
      uEdgeGain: { value: 0 },
      uLowGain: { value: 1 },
      uPhotons: { value: 0 },
      uPRef: { value: 0 },
      uNoiseSeed: { value: 0 },
      uNoDataGrey: { value: NO_DATA_GREY },
    });
  }

  /** DRR side of the targets (0 before the first render). */
  get sizePx(): number {
    return this.targets?.n ?? 0;
  }

  private ensureTargets(n: number) {
    if (this.targets?.n === n) return this.targets;
    this.disposeTargets();
    const m = Math.ceil(n / lowPassFactor(n));
    this.targets = {
      n,
      rays: createDrrTarget(n),
      smoothed: createDrrTarget(n),
      low: [0, 1, 2].map(() => createDrrTarget(m)),
    };
    return this.targets;
  }

  private draw(
    renderer: THREE.WebGLRenderer,
    material: THREE.ShaderMaterial,
    target: THREE.WebGLRenderTarget,
  ) {
    this.quad.material = material;
    renderer.setRenderTarget(target);
    // In a headset session three renders with the XR cameras (one viewport per eye): these passes are
    // full-target quads, so XR is off while they draw.
    const xr = renderer.xr.enabled;
    renderer.xr.enabled = false;
    renderer.render(this.scene, this.camera);
    renderer.xr.enabled = xr;
  }

  /** The monitor pass into `target` (its own size, the field filling it): the headset's C-arm monitor. */
  drawDisplayInto(
    renderer: THREE.WebGLRenderer,
    target: THREE.WebGLRenderTarget,
    settings: DrrDisplaySettings,
  ): void {
    this.setDisplay({ viewWidthPx: target.width, viewHeightPx: target.height, settings });
    const previous = renderer.getRenderTarget();
    this.draw(renderer, this.displayMaterial, target);
    renderer.setRenderTarget(previous);
    this.quad.material = this.rays;
  }

  /**
   * Computes the line integrals (the rays material's uniforms, set by setDrrRays for this n), the slice
   * smoothing (sigma in detector mm, drrDisplay.ts sliceSmoothingSigmaMm; 0 = none) and the low-pass grid,
   * and reads that grid back (rows top to bottom, like the CPU's lowPass).
   */
  compute(
    renderer: THREE.WebGLRenderer,
    n: number,
    look: DrrLook,
    fieldMm: number,
    smoothSigmaMm = 0,
  ): DrrLowPass {
    const t = this.ensureTargets(n);
    const f = lowPassFactor(n);
    const m = Math.ceil(n / f);
    const previous = renderer.getRenderTarget();
    this.rays.uniforms.uSizePx!.value = n;
    this.draw(renderer, this.rays, t.rays);
    const smoothPx = smoothSigmaMm / (fieldMm / n);
    this.smoothed = smoothPx >= 0.3;
    if (this.smoothed) {
      const taps = smoothingTaps(smoothPx);
      const su = this.smooth.uniforms;
      su.uRays!.value = t.rays.texture;
      su.uRadius!.value = taps.length - 1;
      const values = su.uTaps!.value as number[];
      values.fill(0);
      taps.forEach((w, i) => {
        values[i] = w;
      });
      this.draw(renderer, this.smooth, t.smoothed);
    }
    const source = this.smoothed ? t.smoothed : t.rays;
    const [blocks, horizontal, blurred] = t.low as [
      THREE.WebGLRenderTarget,
      THREE.WebGLRenderTarget,
      THREE.WebGLRenderTarget,
    ];
    this.reduce.uniforms.uRays!.value = source.texture;
    this.reduce.uniforms.uFactor!.value = f;
    this.draw(renderer, this.reduce, blocks);
    const taps = gaussianTaps(look.blurSigmaMm / ((fieldMm / n) * f));
    const u = this.blur.uniforms;
    u.uRadius!.value = taps.length - 1;
    const tapValues = u.uTaps!.value as number[];
    tapValues.fill(0);
    taps.forEach((w, i) => {
      tapValues[i] = w;
    });
    u.uBlocks!.value = blocks.texture;
    u.uSource!.value = blocks.texture;
    (u.uDirection!.value as THREE.Vector2).set(1, 0);
    this.draw(renderer, this.blur, horizontal);
    u.uSource!.value = horizontal.texture;
    (u.uDirection!.value as THREE.Vector2).set(0, 1);
    this.draw(renderer, this.blur, blurred);
    const rgba = new Float32Array(m * m * 4);
    renderer.readRenderTargetPixels(blurred, 0, 0, m, m, rgba);
    renderer.setRenderTarget(previous);
    this.quad.material = this.rays;
    const lp: DrrLowPass = {
      n,
      f,
      m,
      blurred: new Float32Array(m * m),
      mean: new Float32Array(m * m),
      coverage: new Float32Array(m * m),
    };
    for (let r = 0; r < m; r++)
      for (let c = 0; c < m; c++) {
        const src = 4 * ((m - 1 - r) * m + c);
        lp.blurred[r * m + c] = rgba[src]!;
        lp.mean[r * m + c] = rgba[src + 1]!;
        lp.coverage[r * m + c] = rgba[src + 2]!;
      }
    this.bindDisplay();
    return lp;
  }

  private bindDisplay() {
    if (!this.targets) return;
    const u = this.displayMaterial.uniforms;
    u.uRays!.value = (this.smoothed ? this.targets.smoothed : this.targets.rays).texture;
    u.uLowPass!.value = this.targets.low[2]!.texture;
    u.uSizePx!.value = this.targets.n;
    u.uFactor!.value = lowPassFactor(this.targets.n);
  }

  /** The monitor pass's settings (window, look, polarity, collimation, noise) and the view's size. */
  setDisplay(d: DrrDisplay): void {
    const u = this.displayMaterial.uniforms;
    const short = Math.max(1, Math.min(d.viewWidthPx, d.viewHeightPx));
    (u.uViewExtent!.value as THREE.Vector2).set(
      (0.5 * d.viewWidthPx) / short,
      (0.5 * d.viewHeightPx) / short,
    );
    const s = d.settings;
    (u.uWindow!.value as THREE.Vector2).set(s.window.centre, Math.max(1e-3, s.window.width));
    u.uBlackBone!.value = s.blackBone;
    u.uCollimation!.value = s.collimation;
    u.uEdgeGain!.value = s.look.edgeGain;
    u.uLowGain!.value = s.look.lowFrequencyGain;
    u.uPhotons!.value = s.photons;
    u.uPRef!.value = s.pRef;
    u.uNoiseSeed!.value = s.noiseSeed >>> 0;
  }

  /**
   * The monitor pass into an n x n 8-bit target (the field filling it, one output pixel per DRR pixel) read
   * back as grey levels, rows top to bottom: what the GPU-vs-CPU test compares with renderDrrGrey.
   */
  readDisplayGrey(renderer: THREE.WebGLRenderer, settings: DrrDisplaySettings): Uint8Array {
    const n = this.sizePx;
    const target = new THREE.WebGLRenderTarget(n, n, { depthBuffer: false, generateMipmaps: false });
    this.setDisplay({ viewWidthPx: n, viewHeightPx: n, settings });
    const previous = renderer.getRenderTarget();
    this.draw(renderer, this.displayMaterial, target);
    const rgba = new Uint8Array(n * n * 4);
    renderer.readRenderTargetPixels(target, 0, 0, n, n, rgba);
    renderer.setRenderTarget(previous);
    this.quad.material = this.rays;
    target.dispose();
    const grey = new Uint8Array(n * n);
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n; c++) grey[r * n + c] = rgba[4 * ((n - 1 - r) * n + c)]!;
    return grey;
  }

  /** The line integrals and coverage of the last compute, rows top to bottom (tests, bench). */
  readRays(renderer: THREE.WebGLRenderer): { lineIntegrals: Float32Array; coverage: Float32Array } {
    const n = this.sizePx;
    const rgba = new Float32Array(n * n * 4);
    if (this.targets) renderer.readRenderTargetPixels(this.targets.rays, 0, 0, n, n, rgba);
    const lineIntegrals = new Float32Array(n * n);
    const coverage = new Float32Array(n * n);
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n; c++) {
        lineIntegrals[r * n + c] = rgba[4 * ((n - 1 - r) * n + c)]!;
        coverage[r * n + c] = rgba[4 * ((n - 1 - r) * n + c) + 1]!;
      }
    return { lineIntegrals, coverage };
  }

  private disposeTargets() {
    if (!this.targets) return;
    this.targets.rays.dispose();
    this.targets.smoothed.dispose();
    for (const t of this.targets.low) t.dispose();
    this.targets = null;
  }

  dispose(): void {
    this.disposeTargets();
    this.rays.dispose();
    this.reduce.dispose();
    this.smooth.dispose();
    this.blur.dispose();
    this.displayMaterial.dispose();
  }
}
