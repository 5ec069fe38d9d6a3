import * as THREE from 'three';
import type { OccupiedBoundsTc } from '../volume/bricks';

/**
 * The brick distance map (volume/bricks.ts brickDistanceMap: 0 = the brick may show something, d =
 * chessboard distance in bricks to the nearest that may) as a small R8 3D texture, read with texelFetch
 * (no filtering). Its data changes with the transfer function; the texture is re-uploaded, one byte a brick
 * (a 512x512x300 CT in 4^3 bricks: 128x128x75, 1.2 MB). `boundsTc`, when the map's maker gives it (the
 * occupied bricks' box, volume/bricks.ts occupiedBoundsTc), rides along in userData so the material does
 * not scan the map again on the page (occupiedBoundsOf).
 */
export function createBrickDistanceTexture(
  distanceMap: Uint8Array,
  brickDims: readonly [number, number, number],
  boundsTc?: OccupiedBoundsTc | null,
): THREE.Data3DTexture {
  const texture = new THREE.Data3DTexture(distanceMap, brickDims[0], brickDims[1], brickDims[2]);
  texture.format = THREE.RedFormat;
  texture.type = THREE.UnsignedByteType;
  texture.minFilter = THREE.NearestFilter;
  texture.magFilter = THREE.NearestFilter;
  texture.unpackAlignment = 1;
  texture.generateMipmaps = false;
  texture.colorSpace = THREE.NoColorSpace;
  texture.needsUpdate = true;
  if (boundsTc !== undefined) texture.userData.occupiedBoundsTc = boundsTc;
  return texture;
}

/** The occupied box given with the texture (createBrickDistanceTexture), or undefined when not given. */
export function givenOccupiedBoundsTc(texture: THREE.Data3DTexture): OccupiedBoundsTc | null | undefined {
  return texture.userData.occupiedBoundsTc as OccupiedBoundsTc | null | undefined;
}
