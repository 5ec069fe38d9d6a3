import * as THREE from 'three';
import fragmentShader from '../../shaders/drr.frag?raw';
import vertexShader from '../../shaders/drr.vert?raw';
import type { Vec3 } from '../core/vec3';
import { type DrrGeometry, type DrrNeedle, MU_STEEL_PER_MM, MU_WATER_PER_MM } from '../volume/drr';
import type { DrrWindow } from '../volume/drrDisplay';

/** The shader's needle arrays hold this many needles; more are not drawn. */
export const MAX_DRR_NEEDLES = 8;

/** A full-view quad in clip space (drr.vert ignores the camera); never culled. */
export const drrQuad = new THREE.PlaneGeometry(2, 2);

/** The DRR material (shaders/drr.frag): opaque, no depth, drawn over the view's background. */
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
      uViewExtent: { value: new THREE.Vector2(0.5, 0.5) },
      uStepMm: { value: 1 },
      uMuWaterPerMm: { value: MU_WATER_PER_MM },
      uMuSteelPerMm: { value: MU_STEEL_PER_MM },
      uWindow: { value: new THREE.Vector2(5, 4) },
      uBlackBone: { value: true },
      uCollimation: { value: 1 },
      uNeedleCount: { value: 0 },
      uNeedleFrom: { value: vectors() },
      uNeedleTo: { value: vectors() },
      uNeedleRadius: { value: new Array<number>(MAX_DRR_NEEDLES).fill(0) },
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

export interface DrrFrame {
  geometry: DrrGeometry;
  /** View size in pixels: the square field fits the shorter side. */
  viewWidthPx: number;
  viewHeightPx: number;
  stepMm: number;
  window: DrrWindow;
  blackBone: boolean;
  collimation: number;
  needles: readonly DrrNeedle[];
}

/** Everything that changes per frame: geometry, window, needles. */
export function setDrrFrame(m: THREE.ShaderMaterial, f: DrrFrame): void {
  const u = m.uniforms;
  setVec(u.uSourceLps!.value, f.geometry.sourceLps);
  setVec(u.uDetectorCentreLps!.value, f.geometry.detectorCentreLps);
  setVec(u.uRightLps!.value, f.geometry.rightLps);
  setVec(u.uUpLps!.value, f.geometry.upLps);
  u.uFieldMm!.value = f.geometry.fieldMm;
  const short = Math.max(1, Math.min(f.viewWidthPx, f.viewHeightPx));
  (u.uViewExtent!.value as THREE.Vector2).set((0.5 * f.viewWidthPx) / short, (0.5 * f.viewHeightPx) / short);
  u.uStepMm!.value = f.stepMm;
  (u.uWindow!.value as THREE.Vector2).set(f.window.centre, Math.max(1e-3, f.window.width));
  u.uBlackBone!.value = f.blackBone;
  u.uCollimation!.value = f.collimation;
  const needles = f.needles.slice(0, MAX_DRR_NEEDLES);
  u.uNeedleCount!.value = needles.length;
  needles.forEach((n, i) => {
    setVec((u.uNeedleFrom!.value as THREE.Vector3[])[i], n.fromLps);
    setVec((u.uNeedleTo!.value as THREE.Vector3[])[i], n.toLps);
    (u.uNeedleRadius!.value as number[])[i] = n.radiusMm;
  });
}
