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
  let vertexTotal = 0;
  for (const v of indices) vertexTotal = Math.max(vertexTotal, v + 1);
  // Edges as numbers a * V + b (exact below 2^53 for any mesh here), sorted so equal edges are adjacent.
  const undirected = new Float64Array(indices.length);
  const directed = new Float64Array(indices.length);
  for (let t = 0; t < indices.length; t += 3)
    for (let e = 0; e < 3; e++) {
      const a = indices[t + e]!;
      const b = indices[t + ((e + 1) % 3)]!;
      directed[t + e] = a * vertexTotal + b;
      undirected[t + e] = Math.min(a, b) * vertexTotal + Math.max(a, b);
    }
  const runs = (keys: Float64Array): number[] => {
    keys.sort();
    const lengths: number[] = [];
    for (let i = 0; i < keys.length; ) {
      let j = i + 1;
      while (j < keys.length && keys[j] === keys[i]) j++;
      lengths.push(j - i);
      i = j;
    }
    return lengths;
  };
  return {
    open: runs(undirected).filter((n) => n !== 2).length,
    inconsistent: runs(directed).filter((n) => n > 1).length,
  };
}
