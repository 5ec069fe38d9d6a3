import * as THREE from 'three';
import fragmentShader from '../../shaders/drr.frag?raw';
import vertexShader from '../../shaders/drr.vert?raw';
import displayFragmentShader from '../../shaders/drrDisplay.frag?raw';
import type { Vec3 } from '../core/vec3';
import { type DrrGeometry, type DrrNeedle, MU_STEEL_PER_MM, MU_WATER_PER_MM } from '../volume/drr';
import type { DrrWindow } from '../volume/drrDisplay';

/** The shader's needle arrays hold this many needles; more are not drawn. */
export const MAX_DRR_NEEDLES = 8;

/** A full-view quad in clip space (drr.vert ignores the camera); never culled. */
export const drrQuad = new THREE.PlaneGeometry(2, 2);

/**
 * The square float render target the DRR is computed into (`sizePx` x `sizePx`, independent of the screen,
 * so the cost is fixed: 512 x 512 rays by default). Half float keeps ~3 significant digits of the line
 * integral, far below one grey level of any usable window. Needs EXT_color_buffer_float (probed by render/).
 */
export function createDrrTarget(sizePx: number): THREE.WebGLRenderTarget {
  return new THREE.WebGLRenderTarget(sizePx, sizePx, {
    type: THREE.HalfFloatType,
    format: THREE.RGBAFormat,
    minFilter: THREE.LinearFilter,
    magFilter: THREE.LinearFilter,
    depthBuffer: false,
    generateMipmaps: false,
  });
}

/** The line-integral pass (shaders/drr.frag) over the whole square target. */
export function createDrrMaterial(): THREE.ShaderMaterial {
  const vectors = () => Array.from({ length: MAX_DRR_NEEDLES }, () => new THREE.Vector3());
  return new THREE.ShaderMaterial({
    glslVersion: THREE.GLSL3,
    vertexShader,
    fragmentShader,
    depthTest: false,
    depthWrite: false,
    uniforms: {
      uVolume: { value: null },
      uLpsToTexture: { value: new THREE.Matrix4() },
      uSourceLps: { value: new THREE.Vector3() },
      uDetectorCentreLps: { value: new THREE.Vector3() },
      uRightLps: { value: new THREE.Vector3(1, 0, 0) },
      uUpLps: { value: new THREE.Vector3(0, 0, 1) },
      uFieldMm: { value: 300 },
      uStepMm: { value: 1 },
      uMuWaterPerMm: { value: MU_WATER_PER_MM },
      uMuSteelPerMm: { value: MU_STEEL_PER_MM },
      uNeedleCount: { value: 0 },
      uNeedleFrom: { value: vectors() },
      uNeedleTo: { value: vectors() },
      uNeedleRadius: { value: new Array<number>(MAX_DRR_NEEDLES).fill(0) },
    },
  });
}

/** The monitor pass (shaders/drrDisplay.frag): window, polarity, collimation, fit to the view. */
export function createDrrDisplayMaterial(): THREE.ShaderMaterial {
  return new THREE.ShaderMaterial({
    glslVersion: THREE.GLSL3,
    vertexShader,
    fragmentShader: displayFragmentShader,
    depthTest: false,
    depthWrite: false,
    uniforms: {
      uDrr: { value: null },
      uViewExtent: { value: new THREE.Vector2(0.5, 0.5) },
      uWindow: { value: new THREE.Vector2(5, 4) },
      uBlackBone: { value: true },
      uCollimation: { value: 1 },
    },
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

/** Geometry, sampling step and needles of the line-integral pass. */
export function setDrrRays(
  m: THREE.ShaderMaterial,
  geometry: DrrGeometry,
  stepMm: number,
  needles: readonly DrrNeedle[],
): void {
  const u = m.uniforms;
  setVec(u.uSourceLps!.value, geometry.sourceLps);
  setVec(u.uDetectorCentreLps!.value, geometry.detectorCentreLps);
  setVec(u.uRightLps!.value, geometry.rightLps);
  setVec(u.uUpLps!.value, geometry.upLps);
  u.uFieldMm!.value = geometry.fieldMm;
  u.uStepMm!.value = stepMm;
  const list = needles.slice(0, MAX_DRR_NEEDLES);
  u.uNeedleCount!.value = list.length;
  list.forEach((n, i) => {
    setVec((u.uNeedleFrom!.value as THREE.Vector3[])[i], n.fromLps);
    setVec((u.uNeedleTo!.value as THREE.Vector3[])[i], n.toLps);
    (u.uNeedleRadius!.value as number[])[i] = n.radiusMm;
  });
}

export interface DrrDisplay {
  /** View size in pixels: the square field fits the shorter side. */
  viewWidthPx: number;
  viewHeightPx: number;
  window: DrrWindow;
  blackBone: boolean;
  collimation: number;
}

export function setDrrDisplay(m: THREE.ShaderMaterial, drr: THREE.Texture, d: DrrDisplay): void {
  const u = m.uniforms;
  u.uDrr!.value = drr;
  const short = Math.max(1, Math.min(d.viewWidthPx, d.viewHeightPx));
  (u.uViewExtent!.value as THREE.Vector2).set((0.5 * d.viewWidthPx) / short, (0.5 * d.viewHeightPx) / short);
  (u.uWindow!.value as THREE.Vector2).set(d.window.centre, Math.max(1e-3, d.window.width));
  u.uBlackBone!.value = d.blackBone;
  u.uCollimation!.value = d.collimation;
}
