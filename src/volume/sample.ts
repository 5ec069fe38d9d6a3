import type { Vec3 } from '../core/vec3';
import type { Volume } from './volume';
import { lpsToIjk } from './volume';

/**
 * Trilinear value (HU for CT) at a continuous voxel position, with the GPU's conventions so the CPU result
 * is a reference for the shader: inside the volume's outer edge (-0.5 .. n-0.5) the position is clamped to
 * the outermost voxel centres (CLAMP_TO_EDGE); beyond the edge the result is undefined (drawn black).
 */
export function sampleTrilinearIjk(volume: Volume, ijk: Vec3): number | undefined {
  const [nx, ny, nz] = volume.dims;
  const [fi, fj, fk] = ijk;
  if (fi < -0.5 || fj < -0.5 || fk < -0.5 || fi > nx - 0.5 || fj > ny - 0.5 || fk > nz - 0.5)
    return undefined;
  const ci = Math.min(nx - 1, Math.max(0, fi));
  const cj = Math.min(ny - 1, Math.max(0, fj));
  const ck = Math.min(nz - 1, Math.max(0, fk));
  // Lower corner of the 2x2x2 cell; a one-voxel-thick axis degenerates to that voxel (weight 0 on a1).
  const a = Math.max(0, Math.min(nx - 2, Math.floor(ci)));
  const b = Math.max(0, Math.min(ny - 2, Math.floor(cj)));
  const c = Math.max(0, Math.min(nz - 2, Math.floor(ck)));
  const di = ci - a;
  const dj = cj - b;
  const dk = ck - c;
  const a1 = Math.min(nx - 1, a + 1);
  const b1 = Math.min(ny - 1, b + 1);
  const c1 = Math.min(nz - 1, c + 1);
  const d = volume.data;
  const at = (i: number, j: number, k: number) => d[i + nx * (j + ny * k)]!;
  const x00 = at(a, b, c) * (1 - di) + at(a1, b, c) * di;
  const x10 = at(a, b1, c) * (1 - di) + at(a1, b1, c) * di;
  const x01 = at(a, b, c1) * (1 - di) + at(a1, b, c1) * di;
  const x11 = at(a, b1, c1) * (1 - di) + at(a1, b1, c1) * di;
  const y0 = x00 * (1 - dj) + x10 * dj;
  const y1 = x01 * (1 - dj) + x11 * dj;
  const stored = y0 * (1 - dk) + y1 * dk;
  return stored * volume.rescaleSlope + volume.rescaleIntercept;
}

/** Trilinear value at an LPS point (mm); undefined outside the volume. */
export function sampleTrilinearLps(volume: Volume, lps: Vec3): number | undefined {
  return sampleTrilinearIjk(volume, lpsToIjk(volume, lps));
}

/**
 * Value of the voxel nearest to an LPS point (what the status bar shows: a stored voxel value, not an
 * interpolation); undefined outside the volume.
 */
export function sampleNearestLps(volume: Volume, lps: Vec3): number | undefined {
  const [i, j, k] = lpsToIjk(volume, lps).map(Math.round) as [number, number, number];
  const [nx, ny, nz] = volume.dims;
  if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return undefined;
  return volume.data[i + nx * (j + ny * k)]! * volume.rescaleSlope + volume.rescaleIntercept;
}
