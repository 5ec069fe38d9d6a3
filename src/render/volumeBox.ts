import { type Mat4, multiply4, transformPoint } from '../core/mat4';
import type { Vec3 } from '../core/vec3';

/**
 * Geometry of the raymarched box. The box mesh is the unit cube of texture coordinates [0,1]^3; its model
 * matrix maps texture coordinates to LPS mm, so the scene stays in patient millimetres and a tilted,
 * feet-first or sheared ijk->LPS matrix places the volume exactly (PS3.3 C.7.6.2.1.1).
 * Texel centres sit at tc = (ijk + 0.5) / n (see volumeTexture.ts), hence ijk = tc * n - 0.5, so the box
 * spans the outer faces of the voxels, half a voxel beyond the first and last voxel centres.
 */
export function textureToLpsMatrix(ijkToLps: Mat4, dims: readonly [number, number, number]): Mat4 {
  const [nx, ny, nz] = dims;
  const textureToIjk: Mat4 = [nx, 0, 0, -0.5, 0, ny, 0, -0.5, 0, 0, nz, -0.5, 0, 0, 0, 1];
  return multiply4(ijkToLps, textureToIjk);
}

/** The eight corners of the box in LPS mm. */
export function boxCornersLps(textureToLps: Mat4): Vec3[] {
  const corners: Vec3[] = [];
  for (let c = 0; c < 8; c++) corners.push(transformPoint(textureToLps, [c & 1, (c >> 1) & 1, (c >> 2) & 1]));
  return corners;
}

/** Centre and radius (mm) of a sphere holding the whole box: for camera distance and clip planes. */
export function boxBoundingSphere(textureToLps: Mat4): { centreLps: Vec3; radiusMm: number } {
  const centreLps = transformPoint(textureToLps, [0.5, 0.5, 0.5]);
  let radiusMm = 0;
  for (const p of boxCornersLps(textureToLps))
    radiusMm = Math.max(radiusMm, Math.hypot(p[0] - centreLps[0], p[1] - centreLps[1], p[2] - centreLps[2]));
  return { centreLps, radiusMm };
}
