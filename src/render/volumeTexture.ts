import * as THREE from 'three';
import type { Volume } from '../volume/volume';
import { halfFloatHuTable, storedToHalfFloatHu } from './volumeTextureHalf';

/** Bytes a texel of the volume texture takes on the GPU (R16F). */
export const VOLUME_TEXEL_BYTES = 2;

/**
 * The texel array three.js reads when it uploads the texture, made on demand from the Int16 volume and
 * dropped right after the upload (texture.onUpdate): once the texture is on the GPU the page holds the
 * volume once, as Int16, and no second copy (issue 20). Should three.js upload again (a new context), the
 * array is simply made again.
 */
class VolumeTexels {
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  private texels: Uint16Array | null = null;

  constructor(private readonly volume: Pick<Volume, 'data' | 'dims' | 'rescaleSlope' | 'rescaleIntercept'>) {
    [this.width, this.height, this.depth] = volume.dims;
  }

  get data(): Uint16Array {
    if (!this.texels) {
      const { data, rescaleSlope, rescaleIntercept } = this.volume;
      this.texels = new Uint16Array(data.length);
      storedToHalfFloatHu(data, halfFloatHuTable(rescaleSlope, rescaleIntercept), this.texels);
    }
    return this.texels;
  }

  release(): void {
    this.texels = null;
  }
}

/**
 * Uploads a Volume as one single-channel 3D texture shared by the 3D and 2D views (one GPU copy), at 2 bytes
 * a voxel: R16F half floats of the physical values (HU for CT), filtered linearly in hardware
 * (volumeTextureHalf.ts states the precision: exact to |2048| HU, within 1 HU to |4096|). Texture
 * coordinates: (i + 0.5) / nx etc.
 */
export function createVolumeTexture(
  volume: Pick<Volume, 'data' | 'dims' | 'rescaleSlope' | 'rescaleIntercept'>,
): THREE.Data3DTexture {
  const texels = new VolumeTexels(volume);
  const texture = halfFloatVolumeTexture(volume.dims);
  texture.image = texels;
  texture.onUpdate = () => texels.release();
  texture.needsUpdate = true;
  return texture;
}

/** An R16F 3D texture of `dims` with linear filtering, edge clamping and no mipmaps, without texels yet. */
export function halfFloatVolumeTexture(dims: readonly [number, number, number]): THREE.Data3DTexture {
  const [nx, ny, nz] = dims;
  const texture = new THREE.Data3DTexture(null, nx, ny, nz);
  texture.type = THREE.HalfFloatType;
  texture.format = THREE.RedFormat;
  texture.minFilter = THREE.LinearFilter;
  texture.magFilter = THREE.LinearFilter;
  texture.wrapS = THREE.ClampToEdgeWrapping;
  texture.wrapT = THREE.ClampToEdgeWrapping;
  texture.wrapR = THREE.ClampToEdgeWrapping;
  texture.unpackAlignment = 1;
  texture.generateMipmaps = false;
  return texture;
}

/** GPU bytes of a volume texture made by createVolumeTexture. */
export function volumeTextureBytes(texture: THREE.Data3DTexture): number {
  const { width, height, depth } = texture.image;
  return width * height * depth * VOLUME_TEXEL_BYTES;
}
