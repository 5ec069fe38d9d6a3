import * as THREE from 'three';
import {
  createTransferFunctionTexture,
  type TransferFunctionTexture,
} from '../../../src/render/transferFunctionTexture';
import { textureToLpsMatrix } from '../../../src/render/volumeBox';
import {
  classVolumeMarginHu,
  classVolumeRange,
  createClassVolumeTarget,
  quantiseVolume,
} from '../../../src/render/volumeClassTexture';
import {
  createVolumeMaterial,
  OPAQUE_ALPHA,
  setClassVolume,
  setDebugCost,
  setEmptySpaceSkipping,
  setRaymarchSettings,
  setRaymarchTuning,
  setTransferFunction,
  setVolumeGeometry,
  TRANSPARENT_STRIDE,
  toMatrix4,
  visibleFromHu,
} from '../../../src/render/volumeMaterial';
import { createVolumeTexture, volumeTextureBytes } from '../../../src/render/volumeTexture';
import { createBrickDistanceTexture } from '../../../src/render/volumeTextureOccupancy';
import {
  BRICK_SIZE,
  brickDistanceMap,
  brickOccupancy,
  computeBrickRanges,
  lutOpacityTest,
} from '../../../src/volume/bricks';
import { VOLUME_PRESETS } from '../../../src/volume/transfer/transferFunctionPresets';
import type { Volume } from '../../../src/volume/volume';
import { createFloorMaterial, createFullTargetQuad } from './floorMaterial';
import { gpuSync } from './pageTiming';

/** The view both renderers draw: NiiVue's render-mode framing, as a pivot and half-height in LPS mm. */
export interface BenchView {
  pivotLps: [number, number, number];
  /** Half the visible height at the pivot, mm. */
  halfHeightMm: number;
  /** Radius of a sphere holding the volume, mm (for the camera distance). */
  radiusMm: number;
}

/**
 * Our 3D view outside React: the same material, texture format and transfer function the app's
 * VolumeRaymarch uses (composite, bone preset; R16F half floats, 2 bytes a voxel), drawn from behind the patient. The raymarch shader casts rays from `cameraPosition`, so the
 * camera is a perspective one placed far away (30 radii) with a narrow field of view that frames exactly
 * NiiVue's orthographic view: rays within 1 degree of parallel.
 */
export class OurRenderer {
  readonly renderer: THREE.WebGLRenderer;
  readonly gl: WebGL2RenderingContext;
  private readonly scene = new THREE.Scene();
  private readonly floorScene = new THREE.Scene();
  private readonly camera = new THREE.PerspectiveCamera(10, 1, 1, 2);
  private readonly material = createVolumeMaterial();
  private readonly floorMaterial = createFloorMaterial();
  private transfer: TransferFunctionTexture;
  private readonly box = new THREE.Mesh(
    new THREE.BoxGeometry(1, 1, 1).translate(0.5, 0.5, 0.5),
    this.material,
  );
  texture: THREE.Data3DTexture | null = null;
  /** The volume as the app uploaded it before issue 20 (R32F, 4 bytes a voxel), timed beside the app's R16F. */
  private textureR32f: THREE.Data3DTexture | null = null;
  /** Brick distance maps by brick size and whether rays leap (distance map) or go brick by brick (cap 1). */
  private occupancy = new Map<string, THREE.Data3DTexture>();
  private classVolume: THREE.WebGL3DRenderTarget | null = null;
  /** ms the GPU took to make the 8-bit class volume (quantise pass + gl.finish). */
  classVolumeMs = 0;
  volume: Volume | null = null;

  constructor(
    canvas: HTMLCanvasElement,
    readonly width: number,
    readonly height: number,
  ) {
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: false, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(1);
    this.renderer.setSize(width, height, false);
    this.renderer.setClearColor(0x000000, 1);
    this.gl = this.renderer.getContext() as WebGL2RenderingContext;
    this.transfer = createTransferFunctionTexture(VOLUME_PRESETS.bone.transferFunction);
    setTransferFunction(this.material, this.transfer);
    this.box.matrixAutoUpdate = false;
    this.box.frustumCulled = false;
    this.scene.add(this.box);
    this.floorScene.add(createFullTargetQuad(this.floorMaterial));
  }

  /** Another preset's transfer function (bench default: bone); call before setVolume. */
  setPreset(id: keyof typeof VOLUME_PRESETS): void {
    this.transfer = createTransferFunctionTexture(VOLUME_PRESETS[id].transferFunction);
    setTransferFunction(this.material, this.transfer);
  }

  setVolume(volume: Volume): void {
    this.texture?.dispose();
    this.volume = volume;
    this.texture = createVolumeTexture(volume);
    const textureToLps = toMatrix4(textureToLpsMatrix(volume.ijkToLps, volume.dims));
    this.box.matrix.copy(textureToLps);
    this.box.matrixWorld.copy(textureToLps);
    setVolumeGeometry(this.material, this.texture, volume.dims, textureToLps);
    // Empty-space skipping as the app ships it (renderStore default on, occupancy from the bone LUT);
    // computing the brick ranges is per volume, outside the timed frames, as in the app.
    for (const t of this.occupancy.values()) t.dispose();
    this.occupancy.clear();
    const lut = this.transfer.texture.image.data as Uint8Array;
    const marginHu = classVolumeMarginHu(classVolumeRange(this.transfer.range));
    for (const size of [4, 8, 16]) {
      const ranges = computeBrickRanges(volume, size);
      const occupied = brickOccupancy(ranges, lutOpacityTest(lut, this.transfer.range), marginHu);
      for (const leap of [true, false])
        this.occupancy.set(
          `${size}-${leap}`,
          createBrickDistanceTexture(
            brickDistanceMap(occupied, ranges.brickDims, leap ? 255 : 1),
            ranges.brickDims,
          ),
        );
    }
    this.floorMaterial.uniforms.uVolume!.value = this.texture;
    // Uploads the texture now, so the first timed frame does not pay for it.
    this.renderer.initTexture(this.texture);
    this.textureR32f?.dispose();
    this.textureR32f = createR32fTexture(volume);
    this.renderer.initTexture(this.textureR32f);
    this.classVolume?.dispose();
    this.classVolume = createClassVolumeTarget(volume.dims);
    const started = performance.now();
    if (this.classVolume)
      quantiseVolume(this.renderer, this.texture, this.classVolume, classVolumeRange(this.transfer.range));
    gpuSync(this.gl);
    this.classVolumeMs = performance.now() - started;
  }

  /** GPU bytes of the app's volume texture, of the R32F one it replaced and of the 3D view's 8-bit copy. */
  textureBytes(): { app: number; r32f: number; classVolume: number } {
    const app = this.texture ? volumeTextureBytes(this.texture) : 0;
    const c = this.classVolume;
    return { app, r32f: app * 2, classVolume: c ? c.width * c.height * c.depth : 0 };
  }

  /** Posterior view (camera behind the patient, head up), framed like NiiVue's. */
  setView(view: BenchView): void {
    const distance = 30 * view.radiusMm;
    const [x, y, z] = view.pivotLps;
    this.camera.aspect = this.width / this.height;
    this.camera.fov = (2 * Math.atan(view.halfHeightMm / distance) * 180) / Math.PI;
    this.camera.near = distance - 2 * view.radiusMm;
    this.camera.far = distance + 2 * view.radiusMm;
    this.camera.up.set(0, 0, 1);
    this.camera.position.set(x, y + distance, z);
    this.camera.lookAt(x, y, z);
    this.camera.updateProjectionMatrix();
    this.camera.updateMatrixWorld();
  }

  /**
   * One composite bone frame at `samplesPerVoxel`, finished on the GPU. Options (bench comparisons; the
   * defaults are what the app ships): `r32f` the old R32F texture, `classVolume` the 8-bit copy,
   * `opaqueAlpha` early termination, `skipInvisible` no LUT fetch below the lowest visible HU,
   * `brickSize` 8 or 16, `transparentStride` steps at a time over transparent samples.
   */
  renderVolume(samplesPerVoxel: number, options: RenderOptions = {}): void {
    if (!this.volume) throw new Error('no volume');
    const o = { ...APP_DEFAULTS, ...options };
    this.material.uniforms.uVolume!.value = o.r32f ? this.textureR32f : this.texture;
    setClassVolume(
      this.material,
      o.classVolume ? (this.classVolume?.texture ?? null) : null,
      classVolumeRange(this.transfer.range),
    );
    setRaymarchTuning(this.material, {
      transparentStride: o.transparentStride,
      opaqueAlpha: o.opaqueAlpha,
      visibleFromHu: o.skipInvisible
        ? visibleFromHu(this.transfer.texture.image.data as Uint8Array, this.transfer.range)
        : -1e30,
    });
    setEmptySpaceSkipping(
      this.material,
      o.skipping ? this.occupancy.get(`${o.brickSize}-${o.leap}`)! : null,
      o.brickSize,
      this.volume.dims,
    );
    if (!o.tightBox) {
      (this.material.uniforms.uBoundsMin!.value as THREE.Vector3).set(0, 0, 0);
      (this.material.uniforms.uBoundsMax!.value as THREE.Vector3).set(1, 1, 1);
    }
    setDebugCost(this.material, o.debugCost);
    setRaymarchSettings(this.material, this.volume.dims, {
      mode: 'composite',
      samplesPerVoxel,
      isoHu: VOLUME_PRESETS.bone.isoHu,
      mipWindowHu: [-200, 1500],
      jitterSeed: 0,
    });
    this.renderer.setRenderTarget(null);
    this.renderer.render(this.scene, this.camera);
    gpuSync(this.gl);
  }

  /** One fetch per pixel over `target` (or the canvas), finished on the GPU. */
  renderFloor(target: THREE.WebGLRenderTarget | null = null): void {
    this.renderer.setRenderTarget(target);
    this.renderer.render(this.floorScene, this.camera);
    gpuSync(this.gl, target !== null && target.texture.type !== THREE.UnsignedByteType);
    this.renderer.setRenderTarget(null);
  }

  /** The canvas as RGBA rows, bottom row first (GL order). */
  readCanvas(): Uint8Array {
    const out = new Uint8Array(this.width * this.height * 4);
    this.gl.bindFramebuffer(this.gl.FRAMEBUFFER, null);
    this.gl.readPixels(0, 0, this.width, this.height, this.gl.RGBA, this.gl.UNSIGNED_BYTE, out);
    return out;
  }
}

export interface RenderOptions {
  r32f?: boolean;
  classVolume?: boolean;
  opaqueAlpha?: number;
  skipInvisible?: boolean;
  brickSize?: 4 | 8 | 16;
  /** Rays leap over blocks of empty bricks (brick distance map) instead of one brick at a time. */
  leap?: boolean;
  /** Empty-space skipping at all (off: every sample of the plain march, the whole box). */
  skipping?: boolean;
  /** Rays (and the drawn box) only cross the box of the occupied bricks, not the whole volume. */
  tightBox?: boolean;
  transparentStride?: number;
  /** The shader's cost picture (samples per pixel) instead of the image. */
  debugCost?: boolean;
}

/** What the app's VolumeRaymarch uses (kept in step with it by hand: scene/ is React, not imported here). */
export const APP_DEFAULTS: Required<RenderOptions> = {
  r32f: false,
  classVolume: true,
  opaqueAlpha: OPAQUE_ALPHA,
  skipInvisible: true,
  // The app's bricks (volume/bricks.ts, made by the slab upload).
  brickSize: BRICK_SIZE as 4 | 8 | 16,
  leap: true,
  skipping: true,
  tightBox: true,
  transparentStride: TRANSPARENT_STRIDE,
  debugCost: false,
};

/** The 3D view as it was before issue 20's renderer item: HU texture, no stride, 0.98, 16^3 bricks. */
export const BEFORE_RENDERER_ITEM: RenderOptions = {
  classVolume: false,
  opaqueAlpha: 0.98,
  skipInvisible: false,
  brickSize: 16,
  leap: false,
  tightBox: false,
  transparentStride: 1,
};

/**
 * The 3D view before the brick distance map (issue 20, third round): 8^3 bricks, each empty brick left on
 * its own, rays across the whole volume box.
 */
export const BEFORE_THIS_ROUND: RenderOptions = { brickSize: 8, leap: false, tightBox: false };

/** HU as 32-bit floats (4 bytes a voxel): the app's volume texture before issue 20, for the comparison only. */
function createR32fTexture(volume: Volume): THREE.Data3DTexture {
  const [nx, ny, nz] = volume.dims;
  const values = new Float32Array(nx * ny * nz);
  for (let p = 0; p < values.length; p++)
    values[p] = volume.data[p]! * volume.rescaleSlope + volume.rescaleIntercept;
  const texture = new THREE.Data3DTexture(values, nx, ny, nz);
  texture.type = THREE.FloatType;
  texture.format = THREE.RedFormat;
  texture.minFilter = THREE.LinearFilter;
  texture.magFilter = THREE.LinearFilter;
  texture.unpackAlignment = 1;
  texture.generateMipmaps = false;
  texture.needsUpdate = true;
  return texture;
}
