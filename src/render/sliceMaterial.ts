import * as THREE from 'three';
import sliceFragment from '../../shaders/slice.frag?raw';
import sliceVertex from '../../shaders/slice.vert?raw';
import { invert4 } from '../core/mat4';
import type { SlicePlane } from '../volume/slicePlanes';
import type { Volume } from '../volume/volume';
import type { DisplayWindow } from '../volume/windowPresets';

/** Everything the slice shader needs besides the texture, as plain data (set every change, then invalidate). */
export interface SliceUniformValues {
  plane: SlicePlane;
  window: DisplayWindow;
  slabMm: number;
  slabSamples: number;
  slabMode: 'mip' | 'mean';
}

/**
 * Material for a slice quad in in-plane mm. The fragment's LPS position goes through the inverse of ijkToLps
 * (LPS -> continuous voxel index) to the 3D texture, so any volume orientation (tilted, feet-first) shows
 * true patient planes. Output is the windowed grey, written as is (no tone mapping, no colour-space
 * conversion), so a pixel of the canvas is round(255 * grey): the GPU-vs-CPU test relies on that.
 */
export function createSliceMaterial(): THREE.ShaderMaterial {
  return new THREE.ShaderMaterial({
    glslVersion: THREE.GLSL3,
    vertexShader: sliceVertex,
    fragmentShader: sliceFragment,
    depthTest: false,
    depthWrite: false,
    toneMapped: false,
    uniforms: {
      uVolume: { value: null },
      uLpsToIjk: { value: new THREE.Matrix4() },
      uDims: { value: new THREE.Vector3(1, 1, 1) },
      uOriginLps: { value: new THREE.Vector3() },
      uAxisULps: { value: new THREE.Vector3(1, 0, 0) },
      uAxisVLps: { value: new THREE.Vector3(0, 1, 0) },
      uNormalLps: { value: new THREE.Vector3(0, 0, 1) },
      uSlabMm: { value: 0 },
      uSlabSamples: { value: 1 },
      uSlabMode: { value: 0 },
      uWindow: { value: new THREE.Vector2(2000, 500) },
    },
  });
}

/** Points the material at a volume and its texture (the shared one from volumeTextureCache). */
export function setSliceVolume(
  material: THREE.ShaderMaterial,
  volume: Volume,
  texture: THREE.Data3DTexture,
): void {
  const u = material.uniforms;
  u.uVolume!.value = texture;
  // Matrix4.set takes row-major, like Volume.ijkToLps.
  (u.uLpsToIjk!.value as THREE.Matrix4).set(
    ...(invert4(volume.ijkToLps) as Parameters<THREE.Matrix4['set']>),
  );
  (u.uDims!.value as THREE.Vector3).set(...volume.dims);
}

export function setSliceUniforms(material: THREE.ShaderMaterial, values: SliceUniformValues): void {
  const u = material.uniforms;
  (u.uOriginLps!.value as THREE.Vector3).set(...values.plane.originLps);
  (u.uAxisULps!.value as THREE.Vector3).set(...values.plane.uLps);
  (u.uAxisVLps!.value as THREE.Vector3).set(...values.plane.vLps);
  (u.uNormalLps!.value as THREE.Vector3).set(...values.plane.normalLps);
  u.uSlabMm!.value = values.slabMm;
  u.uSlabSamples!.value = values.slabSamples;
  u.uSlabMode!.value = values.slabMode === 'mip' ? 0 : 1;
  (u.uWindow!.value as THREE.Vector2).set(values.window.width, values.window.level);
}
