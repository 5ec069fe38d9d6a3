import * as THREE from 'three';
import type { Volume } from '../volume/volume';

/**
 * Uploads a Volume as one single-channel float 3D texture shared by the 3D and 2D views (one GPU copy).
 * Texel values are the physical values (HU for CT). Texture coordinates: (i + 0.5) / nx etc.
 * R32F needs OES_texture_float_linear to filter; R16F (half float) always filters (WebGL2 core).
 */
export function createVolumeTexture(volume: Volume, format: 'r32f' | 'r16f'): THREE.Data3DTexture {
  const [nx, ny, nz] = volume.dims;
  const n = nx * ny * nz;
  let texture: THREE.Data3DTexture;
  if (format === 'r32f') {
    const values = new Float32Array(n);
    const { data, rescaleSlope: slope, rescaleIntercept: intercept } = volume;
    for (let p = 0; p < n; p++) values[p] = data[p]! * slope + intercept;
    texture = new THREE.Data3DTexture(values, nx, ny, nz);
    texture.type = THREE.FloatType;
  } else {
    const values = new Uint16Array(n);
    const { data, rescaleSlope: slope, rescaleIntercept: intercept } = volume;
    for (let p = 0; p < n; p++) values[p] = THREE.DataUtils.toHalfFloat(data[p]! * slope + intercept);
    texture = new THREE.Data3DTexture(values, nx, ny, nz);
    texture.type = THREE.HalfFloatType;
  }
  texture.format = THREE.RedFormat;
  texture.minFilter = THREE.LinearFilter;
  texture.magFilter = THREE.LinearFilter;
  texture.wrapS = THREE.ClampToEdgeWrapping;
  texture.wrapT = THREE.ClampToEdgeWrapping;
  texture.wrapR = THREE.ClampToEdgeWrapping;
  texture.unpackAlignment = 1;
  texture.generateMipmaps = false;
  texture.needsUpdate = true;
  return texture;
}
