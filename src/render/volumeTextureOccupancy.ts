import * as THREE from 'three';

/**
 * The brick occupancy grid (render/volumeTextureBricks.ts) as a tiny R8 3D texture, read with texelFetch
 * (no filtering: a brick is empty or not). Its data changes with the transfer function; the texture is
 * re-uploaded, which for a 32x32x18 grid is 18 kB.
 */
export function createOccupancyTexture(
  occupancy: Uint8Array,
  brickDims: readonly [number, number, number],
): THREE.Data3DTexture {
  const texture = new THREE.Data3DTexture(occupancy, brickDims[0], brickDims[1], brickDims[2]);
  texture.format = THREE.RedFormat;
  texture.type = THREE.UnsignedByteType;
  texture.minFilter = THREE.NearestFilter;
  texture.magFilter = THREE.NearestFilter;
  texture.unpackAlignment = 1;
  texture.generateMipmaps = false;
  texture.colorSpace = THREE.NoColorSpace;
  texture.needsUpdate = true;
  return texture;
}
