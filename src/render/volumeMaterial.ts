import * as THREE from 'three';
import fragmentShader from '../../shaders/volumeRaymarch.frag?raw';
import vertexShader from '../../shaders/volumeRaymarch.vert?raw';
import type { Mat4 } from '../core/mat4';
import type { ClipPlane, CropBox, VolumeRenderMode } from '../core/volumeRendering';
import { occupiedBoundsTc } from '../volume/bricks';
import type { TransferFunctionTexture } from './transferFunctionTexture';
import { givenOccupiedBoundsTc } from './volumeTextureOccupancy';

const MODE_INDEX: Record<VolumeRenderMode, number> = { composite: 0, mip: 1, iso: 2 };

/**
 * Rays stop once this opaque. 0.95 (NiiVue's) saved ~3% of a bone frame on the small demo but darkened
 * low-opacity material less (a sphere's edited-TF contrast moved by ~1 grey level): kept at 0.98.
 */
export const OPAQUE_ALPHA = 0.98;
/**
 * Steps taken at a time over samples that show nothing (the shader's uTransparentStride). 2 saved ~12% of a
 * bone frame on the small demo with the same bone picture, but samples then depend on where empty-space
 * skipping lands near thin faint structure (bone + soft tissue: up to 13 grey levels apart with skipping on
 * vs off), and skipping must not change the picture: kept at 1 (the plain march).
 */
export const TRANSPARENT_STRIDE = 1;

/** The loop bound in the fragment shader: the step is never made shorter than the box diagonal allows. */
export const MAX_RAY_STEPS = 2048;

/**
 * The raymarching material. Back faces of the unit texture-space cube are drawn, so the camera may enter the
 * volume. The output colour is premultiplied by alpha and blended over what is already drawn; depth is
 * written from the shader (first opaque hit), so it must be drawn after opaque scene objects, which
 * `transparent: true` gives in three.js' render order.
 */
export function createVolumeMaterial(): THREE.ShaderMaterial {
  const material = new THREE.ShaderMaterial({
    glslVersion: THREE.GLSL3,
    // The app opens in composite mode (setRaymarchSettings switches the program with the mode).
    defines: { COMPOSITE_ONLY: '' },
    vertexShader,
    fragmentShader,
    side: THREE.BackSide,
    transparent: true,
    depthTest: true,
    depthWrite: true,
    blending: THREE.CustomBlending,
    blendSrc: THREE.OneFactor,
    blendDst: THREE.OneMinusSrcAlphaFactor,
    blendSrcAlpha: THREE.OneFactor,
    blendDstAlpha: THREE.OneMinusSrcAlphaFactor,
    uniforms: {
      uVolume: { value: null },
      uTransfer: { value: null },
      uTransferRangeHu: { value: new THREE.Vector2(0, 1) },
      uReferenceStepMm: { value: 1 },
      uDims: { value: new THREE.Vector3(1, 1, 1) },
      uLpsToTexture: { value: new THREE.Matrix4() },
      uGradientToLps: { value: new THREE.Matrix3() },
      uMode: { value: 0 },
      uStepTc: { value: 0.01 },
      uCropMin: { value: new THREE.Vector3(0, 0, 0) },
      uCropMax: { value: new THREE.Vector3(1, 1, 1) },
      uClipPlaneTc: { value: new THREE.Vector4(0, 0, 0, -1) },
      uCouchPlaneTc: { value: new THREE.Vector4(0, 0, 0, -1) },
      uIsoHu: { value: 250 },
      uIsoColor: { value: new THREE.Color(0.95, 0.9, 0.8) },
      uMipWindowHu: { value: new THREE.Vector2(-200, 1500) },
      uJitterSeed: { value: 0 },
      uOccupancy: { value: null },
      uBrickTc: { value: new THREE.Vector3(1, 1, 1) },
      uBrickCount: { value: new THREE.Vector3(1, 1, 1) },
      uSkipEmpty: { value: false },
      uBoundsMin: { value: new THREE.Vector3(0, 0, 0) },
      uBoundsMax: { value: new THREE.Vector3(1, 1, 1) },
      uDebugCost: { value: false },
      uClassVolume: { value: null },
      uUseClassVolume: { value: false },
      uClassRangeHu: { value: new THREE.Vector2(0, 1) },
      uVisibleFromHu: { value: -1e30 },
      uTransparentStride: { value: TRANSPARENT_STRIDE },
      uOpaqueAlpha: { value: OPAQUE_ALPHA },
      uViewport: { value: new THREE.Vector4(0, 0, 1, 1) },
    },
  });
  // The shader casts each pixel's ray from its centre in the viewport being drawn (also each eye's in XR).
  // three.js uploads a material's uniforms when another material was drawn in between; a change here, the
  // same material drawn again, needs asking for.
  const viewport = material.uniforms.uViewport!.value as THREE.Vector4;
  const current = new THREE.Vector4();
  material.onBeforeRender = (renderer) => {
    renderer.getCurrentViewport(current);
    if (current.equals(viewport)) return;
    viewport.copy(current);
    material.uniformsNeedUpdate = true;
  };
  return material;
}

/** three.js Matrix4 from a row-major Mat4 (Matrix4.set takes row-major arguments). */
export function toMatrix4(m: Mat4): THREE.Matrix4 {
  return new THREE.Matrix4().set(...(m as Parameters<THREE.Matrix4['set']>));
}

/** Sets the volume texture and its geometry; `textureToLps` must be the box mesh's model matrix. */
export function setVolumeGeometry(
  material: THREE.ShaderMaterial,
  texture: THREE.Data3DTexture,
  dims: readonly [number, number, number],
  textureToLps: THREE.Matrix4,
): void {
  const u = material.uniforms;
  u.uVolume!.value = texture;
  (u.uDims!.value as THREE.Vector3).set(dims[0], dims[1], dims[2]);
  const lpsToTexture = textureToLps.clone().invert();
  (u.uLpsToTexture!.value as THREE.Matrix4).copy(lpsToTexture);
  // Gradients are covectors: they map with the inverse transpose of the linear part.
  (u.uGradientToLps!.value as THREE.Matrix3).setFromMatrix4(lpsToTexture).transpose();
}

export function setTransferFunction(material: THREE.ShaderMaterial, tf: TransferFunctionTexture): void {
  const u = material.uniforms;
  u.uTransfer!.value = tf.texture;
  (u.uTransferRangeHu!.value as THREE.Vector2).set(tf.range.minHu, tf.range.maxHu);
  u.uReferenceStepMm!.value = tf.referenceStepMm;
  u.uVisibleFromHu!.value = visibleFromHu(tf.texture.image.data as Uint8Array, tf.range);
}

/**
 * The HU at or below which a linear lookup in the LUT returns zero opacity: half a texel below the centre of
 * the entry before the first visible one (the half texel covers the sampler's sub-texel rounding). -1e30
 * when the first entry is visible (values below the range clamp to it), 1e30 when nothing is.
 */
export function visibleFromHu(lut: Uint8Array, range: { minHu: number; maxHu: number }): number {
  const size = lut.length / 4;
  let first = 0;
  while (first < size && lut[first * 4 + 3]! === 0) first++;
  if (first === 0) return -1e30;
  if (first === size) return 1e30;
  return range.minHu + ((first - 1) / size) * (range.maxHu - range.minHu);
}

/**
 * Composite mode reads `classVolume` (the volume as 8 bits over `rangeHu`, render/volumeClassTexture.ts)
 * instead of the HU texture; null goes back to HU. MIP and surface modes always read HU.
 */
export function setClassVolume(
  material: THREE.ShaderMaterial,
  classVolume: THREE.Texture | null,
  rangeHu: { minHu: number; maxHu: number },
): void {
  const u = material.uniforms;
  u.uClassVolume!.value = classVolume;
  u.uUseClassVolume!.value = classVolume !== null;
  (u.uClassRangeHu!.value as THREE.Vector2).set(rangeHu.minHu, rangeHu.maxHu);
}

/**
 * Bench and test switches (the app keeps the defaults): early termination, the stride over transparent
 * samples, and the HU below which no transfer-function lookup is made (-1e30: always look up).
 */
export function setRaymarchTuning(
  material: THREE.ShaderMaterial,
  tuning: { opaqueAlpha?: number; transparentStride?: number; visibleFromHu?: number },
): void {
  const u = material.uniforms;
  if (tuning.opaqueAlpha !== undefined) u.uOpaqueAlpha!.value = tuning.opaqueAlpha;
  if (tuning.transparentStride !== undefined) u.uTransparentStride!.value = tuning.transparentStride;
  if (tuning.visibleFromHu !== undefined) u.uVisibleFromHu!.value = tuning.visibleFromHu;
}

export interface RaymarchSettings {
  mode: VolumeRenderMode;
  /** Samples per voxel along the ray (of the largest dimension). */
  samplesPerVoxel: number;
  isoHu: number;
  mipWindowHu: readonly [number, number];
  jitterSeed: number;
}

export function setRaymarchSettings(
  material: THREE.ShaderMaterial,
  dims: readonly [number, number, number],
  s: RaymarchSettings,
): void {
  const u = material.uniforms;
  u.uMode!.value = MODE_INDEX[s.mode];
  // Composite mode gets a program without the MIP and surface loops: on SwiftShader the smaller program took
  // 12% less CPU a bone frame (render bench, small demo; same picture). Another mode compiles the full
  // program once (three.js keeps both programs, so switching back costs nothing).
  const compositeOnly = s.mode === 'composite';
  if ('COMPOSITE_ONLY' in material.defines !== compositeOnly) {
    if (compositeOnly) material.defines.COMPOSITE_ONLY = '';
    else delete material.defines.COMPOSITE_ONLY;
    material.needsUpdate = true;
  }
  const maxDim = Math.max(dims[0], dims[1], dims[2]);
  // The longest ray through the unit cube is sqrt(3): keep the step count under the shader's loop bound.
  u.uStepTc!.value = Math.max(1 / (maxDim * s.samplesPerVoxel), Math.sqrt(3) / MAX_RAY_STEPS);
  u.uIsoHu!.value = s.isoHu;
  (u.uMipWindowHu!.value as THREE.Vector2).set(s.mipWindowHu[0], s.mipWindowHu[1]);
  u.uJitterSeed!.value = s.jitterSeed;
}

/**
 * Crop box (index-space fractions) and clip plane (LPS) as texture-space uniforms. The plane is moved with
 * Plane.applyMatrix4, which uses the inverse transpose for the normal and keeps which side is removed.
 */
export function setClipping(
  material: THREE.ShaderMaterial,
  crop: CropBox,
  clip: ClipPlane,
  centreLps: THREE.Vector3,
  lpsToTexture: THREE.Matrix4,
): void {
  const u = material.uniforms;
  (u.uCropMin!.value as THREE.Vector3).set(...crop.min);
  (u.uCropMax!.value as THREE.Vector3).set(...crop.max);
  const out = u.uClipPlaneTc!.value as THREE.Vector4;
  const n = new THREE.Vector3(...clip.normalLps);
  if (!clip.enabled || n.lengthSq() === 0) {
    out.set(0, 0, 0, -1);
    return;
  }
  n.normalize();
  const plane = new THREE.Plane(n, -(n.dot(centreLps) + clip.offsetMm)).applyMatrix4(lpsToTexture);
  out.set(plane.normal.x, plane.normal.y, plane.normal.z, plane.constant);
}

/**
 * The CT couch as a second clip plane (issue 19): the half-space dot(p - point, normal) > 0 is left out, as
 * in the C-arm image (planning/couchClip.ts); undefined shows everything.
 */
export function setCouchClip(
  material: THREE.ShaderMaterial,
  couch: { pointLps: readonly number[]; normalLps: readonly number[] } | undefined,
  lpsToTexture: THREE.Matrix4,
): void {
  const out = material.uniforms.uCouchPlaneTc!.value as THREE.Vector4;
  if (!couch) {
    out.set(0, 0, 0, -1);
    return;
  }
  const n = new THREE.Vector3(...couch.normalLps).normalize();
  const point = new THREE.Vector3(...couch.pointLps);
  const plane = new THREE.Plane(n, -n.dot(point)).applyMatrix4(lpsToTexture);
  out.set(plane.normal.x, plane.normal.y, plane.normal.z, plane.constant);
}

/**
 * Empty-space skipping: `occupancy` holds one texel per brick of `brickSize`^3 voxels, the chessboard
 * distance in bricks to the nearest brick that may show something (volume/bricks.ts brickDistanceMap:
 * 0 = may show something; d > 0 = empty, and so is every brick within d - 1, which a ray leaves in one step).
 * Null turns skipping off; the image is the same either way (the skipped samples would have added nothing),
 * only the number of samples changes.
 */
export function setEmptySpaceSkipping(
  material: THREE.ShaderMaterial,
  occupancy: THREE.Data3DTexture | null,
  brickSize: number,
  dims: readonly [number, number, number],
): void {
  const u = material.uniforms;
  u.uOccupancy!.value = occupancy;
  u.uSkipEmpty!.value = occupancy !== null;
  // The box is also the drawn mesh (volumeRaymarch.vert): nothing occupied gives an empty box.
  const bounds = occupancy ? boundsOf(occupancy, brickSize, dims) : { min: [0, 0, 0], max: [1, 1, 1] };
  (u.uBoundsMin!.value as THREE.Vector3).fromArray(bounds?.min ?? [0, 0, 0]);
  (u.uBoundsMax!.value as THREE.Vector3).fromArray(bounds?.max ?? [0, 0, 0]);
  (u.uBrickTc!.value as THREE.Vector3).set(brickSize / dims[0], brickSize / dims[1], brickSize / dims[2]);
  (u.uBrickCount!.value as THREE.Vector3).set(
    Math.ceil(dims[0] / brickSize),
    Math.ceil(dims[1] / brickSize),
    Math.ceil(dims[2] / brickSize),
  );
}

/** Occupied bounds per distance-map texture (one scan of its bytes, not one per uniform update). */
const boundsByTexture = new WeakMap<THREE.Data3DTexture, ReturnType<typeof occupiedBoundsTc>>();
function boundsOf(
  occupancy: THREE.Data3DTexture,
  brickSize: number,
  dims: readonly [number, number, number],
): ReturnType<typeof occupiedBoundsTc> {
  if (boundsByTexture.has(occupancy)) return boundsByTexture.get(occupancy)!;
  const given = givenOccupiedBoundsTc(occupancy);
  if (given !== undefined) return given;
  const { data, width, height, depth } = occupancy.image as {
    data: Uint8Array;
    width: number;
    height: number;
    depth: number;
  };
  const bounds = occupiedBoundsTc(data, [width, height, depth], brickSize, dims);
  boundsByTexture.set(occupancy, bounds);
  return bounds;
}

/**
 * Debug output for tests and measurements: when on, each pixel shows the number of volume samples its ray
 * took (grey = samples / 1024, red = 1 when the ray stopped early at full opacity) instead of the image.
 */
export function setDebugCost(material: THREE.ShaderMaterial, on: boolean): void {
  material.uniforms.uDebugCost!.value = on;
}
