import { Niivue } from '@niivue/niivue';
import { VOLUME_PRESETS } from '../../../src/volume/transfer/transferFunctionPresets';
import type { Volume } from '../../../src/volume/volume';
import { volumeToNifti } from './nifti';
import type { BenchView } from './ourRenderer';
import { gpuSync } from './pageTiming';

/** NiiVue's azimuth for the posterior view (camera behind the patient); found by looking at the images. */
export const NIIVUE_POSTERIOR_AZIMUTH = 0;

/**
 * NiiVue's colour map (256 entries over [cal_min, cal_max]) made from our bone preset, so both renderers
 * draw the same opacities: ours are per 1 mm of ray, NiiVue's per step of one voxel, hence the
 * per-step conversion 1 - (1 - a)^(step mm) (Engel et al. 2006, sec. 9.1.3).
 */
export function boneColormap(voxelStepMm: number) {
  const points = VOLUME_PRESETS.bone.transferFunction.points;
  const minHu = points[0]!.hu;
  const maxHu = points[points.length - 1]!.hu;
  const R: number[] = [];
  const G: number[] = [];
  const B: number[] = [];
  const A: number[] = [];
  const I: number[] = [];
  for (const p of points) {
    I.push(Math.round(((p.hu - minHu) / (maxHu - minHu)) * 255));
    R.push(Math.round(p.color[0] * 255));
    G.push(Math.round(p.color[1] * 255));
    B.push(Math.round(p.color[2] * 255));
    A.push(Math.round((1 - (1 - p.opacity) ** voxelStepMm) * 255));
  }
  return { map: { R, G, B, A, I }, minHu, maxHu };
}

/** NiiVue 0.69 in render mode on its own canvas: matte (its default) or lit by its gradient texture. */
export class NiivueRenderer {
  readonly nv: Niivue;

  private constructor(nv: Niivue) {
    this.nv = nv;
  }

  static async create(canvas: HTMLCanvasElement): Promise<NiivueRenderer> {
    const nv = new Niivue({
      backColor: [0, 0, 0, 1],
      show3Dcrosshair: false,
      isOrientCube: false,
      isColorbar: false,
      isOrientationTextVisible: false,
      showLegend: false,
      logLevel: 'error',
      loadingText: '',
      forceDevicePixelRatio: 1,
      isAntiAlias: false,
      isResizeCanvas: false,
    });
    await nv.attachToCanvas(canvas, false);
    nv.setSliceType(nv.sliceTypeRender);
    return new NiivueRenderer(nv);
  }

  async setVolume(volume: Volume, illumination: number): Promise<void> {
    await this.setVolumeFromNifti(volumeToNifti(volume), volume, illumination);
  }

  /** As setVolume, from a NIfTI of `volume` made beforehand (the open stage times NiiVue from these bytes). */
  async setVolumeFromNifti(nifti: ArrayBuffer, volume: Volume, illumination: number): Promise<void> {
    for (const v of [...this.nv.volumes]) this.nv.removeVolume(v);
    const { map, minHu, maxHu } = boneColormap(Math.min(...volume.spacingMm));
    this.nv.addColormap('spineplan-bone', map);
    await this.nv.loadFromArrayBuffer(nifti, `${volume.id}.nii`);
    const image = this.nv.volumes[0]!;
    image.colormap = 'spineplan-bone';
    image.cal_min = minHu;
    image.cal_max = maxHu;
    this.nv.updateGLVolume();
    await this.nv.setVolumeRenderIllumination(illumination);
    this.nv.setRenderAzimuthElevation(NIIVUE_POSTERIOR_AZIMUTH, 0);
  }

  /** NiiVue's framing (orthographic, scene.ts calculateMvpMatrix) in LPS, for our camera to copy. */
  view(): BenchView {
    const [r, a, s] = this.nv.pivot3D as [number, number, number];
    const furthest = this.nv.furthestFromPivot;
    return {
      pivotLps: [-r, -a, s],
      halfHeightMm: (0.8 * furthest) / this.nv.scene.volScaleMultiplier,
      radiusMm: furthest,
    };
  }

  async setIllumination(gradientAmount: number): Promise<void> {
    await this.nv.setVolumeRenderIllumination(gradientAmount);
  }

  render(): void {
    this.nv.drawScene();
    gpuSync(this.nv.gl as WebGL2RenderingContext);
  }

  readCanvas(): Uint8Array {
    const gl = this.nv.gl as WebGL2RenderingContext;
    const out = new Uint8Array(gl.drawingBufferWidth * gl.drawingBufferHeight * 4);
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    gl.readPixels(0, 0, gl.drawingBufferWidth, gl.drawingBufferHeight, gl.RGBA, gl.UNSIGNED_BYTE, out);
    return out;
  }
}
