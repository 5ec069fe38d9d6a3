import type { Mat4 } from '../../src/core/mat4';
import { transformPoint } from '../../src/core/mat4';
import type { Vec3 } from '../../src/core/vec3';
import type { RawMesh } from '../../src/volume/surface/marchingCubes';

export interface TestVolume {
  dims: readonly [number, number, number];
  spacingMm: readonly [number, number, number];
  data: Int16Array;
  ijkToLps: Mat4;
  rescaleSlope: number;
  rescaleIntercept: number;
}

/**
 * A ball of bone in a volume: HU = 1000 at the centre falling linearly with the LPS distance (100 HU
 * per mm), so the 0 HU surface is an analytic sphere of radius `radiusMm` around `centreLps`.
 */
export function sphereVolume(
  dims: readonly [number, number, number],
  ijkToLps: Mat4,
  centreLps: Vec3,
  radiusMm: number,
): TestVolume {
  const [nx, ny, nz] = dims;
  const data = new Int16Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const p = transformPoint(ijkToLps, [i, j, k]);
        const d = Math.hypot(p[0] - centreLps[0], p[1] - centreLps[1], p[2] - centreLps[2]);
        data[i + nx * (j + ny * k)] = Math.max(-1000, Math.min(3000, Math.round(100 * (radiusMm - d))));
      }
  const col = (c: number) => Math.hypot(ijkToLps[c]!, ijkToLps[4 + c]!, ijkToLps[8 + c]!);
  return { dims, spacingMm: [col(0), col(1), col(2)], data, ijkToLps, rescaleSlope: 1, rescaleIntercept: 0 };
}

/** Signed enclosed volume (divergence theorem over the triangles), mm^3: positive when wound outward. */
export function signedVolumeMm3(mesh: RawMesh): number {
  const { positions: p, indices } = mesh;
  let six = 0;
  for (let t = 0; t < indices.length; t += 3) {
    const a = indices[t]! * 3;
    const b = indices[t + 1]! * 3;
    const c = indices[t + 2]! * 3;
    six +=
      p[a]! * (p[b + 1]! * p[c + 2]! - p[b + 2]! * p[c + 1]!) -
      p[a + 1]! * (p[b]! * p[c + 2]! - p[b + 2]! * p[c]!) +
      p[a + 2]! * (p[b]! * p[c + 1]! - p[b + 1]! * p[c]!);
  }
  return six / 6;
}

/**
 * Edges used by other than exactly two triangles, and edges whose two triangles traverse them in the same
 * direction (inconsistent winding). Both 0 for a closed, consistently oriented surface.
 */
export function edgeDefects(indices: Uint32Array): { open: number; inconsistent: number } {
  const directed = new Map<string, number>();
  for (let t = 0; t < indices.length; t += 3)
    for (let e = 0; e < 3; e++) {
      const key = `${indices[t + e]},${indices[t + ((e + 1) % 3)]}`;
      directed.set(key, (directed.get(key) ?? 0) + 1);
    }
  let open = 0;
  let inconsistent = 0;
  for (const [key, count] of directed) {
    const [a, b] = key.split(',');
    const reverse = directed.get(`${b},${a}`) ?? 0;
    if (count > 1) inconsistent++;
    if (count + reverse !== 2) open++;
  }
  return { open, inconsistent };
}
