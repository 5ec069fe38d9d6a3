import { invert4, transformPoint } from '../core/mat4';
import type { Vec3 } from '../core/vec3';
import type { Volume } from './volume';
import { lpsToIjk } from './volume';

/**
 * Trilinear STORED value at a continuous voxel position (fi, fj, fk), with the GPU's conventions so the
 * CPU result is a reference for the shader: inside the volume's outer edge (-0.5 .. n-0.5) the position is
 * clamped to the outermost voxel centres (CLAMP_TO_EDGE); beyond the edge the result is NaN (drawn black).
 * Scalar arguments and no allocation, so per-pixel loops (reslice) can call it millions of times.
 */
export function trilinearStored(
  d: Int16Array,
  nx: number,
  ny: number,
  nz: number,
  fi: number,
  fj: number,
  fk: number,
): number {
  if (fi < -0.5 || fj < -0.5 || fk < -0.5 || fi > nx - 0.5 || fj > ny - 0.5 || fk > nz - 0.5)
    return Number.NaN;
  const ci = Math.min(nx - 1, Math.max(0, fi));
  const cj = Math.min(ny - 1, Math.max(0, fj));
  const ck = Math.min(nz - 1, Math.max(0, fk));
  // Lower corner of the 2x2x2 cell; a one-voxel-thick axis degenerates to that voxel (step 0 to the next).
  const a = Math.max(0, Math.min(nx - 2, Math.floor(ci)));
  const b = Math.max(0, Math.min(ny - 2, Math.floor(cj)));
  const c = Math.max(0, Math.min(nz - 2, Math.floor(ck)));
  const di = ci - a;
  const dj = cj - b;
  const dk = ck - c;
  const sx = a + 1 < nx ? 1 : 0;
  const sy = b + 1 < ny ? nx : 0;
  const sz = c + 1 < nz ? nx * ny : 0;
  const p = a + nx * (b + ny * c);
  const x00 = d[p]! * (1 - di) + d[p + sx]! * di;
  const x10 = d[p + sy]! * (1 - di) + d[p + sy + sx]! * di;
  const x01 = d[p + sz]! * (1 - di) + d[p + sz + sx]! * di;
  const x11 = d[p + sz + sy]! * (1 - di) + d[p + sz + sy + sx]! * di;
  const y0 = x00 * (1 - dj) + x10 * dj;
  const y1 = x01 * (1 - dj) + x11 * dj;
  return y0 * (1 - dk) + y1 * dk;
}

/**
 * Trilinear value (HU for CT) at a continuous voxel position; undefined beyond the volume's outer edge
 * (edge rules: trilinearStored).
 */
export function sampleTrilinearIjk(volume: Volume, ijk: Vec3): number | undefined {
  const [nx, ny, nz] = volume.dims;
  const stored = trilinearStored(volume.data, nx, ny, nz, ijk[0], ijk[1], ijk[2]);
  return Number.isNaN(stored) ? undefined : stored * volume.rescaleSlope + volume.rescaleIntercept;
}

/** Trilinear value at an LPS point (mm); undefined outside the volume. */
export function sampleTrilinearLps(volume: Volume, lps: Vec3): number | undefined {
  return sampleTrilinearIjk(volume, lpsToIjk(volume, lps));
}

/**
 * `sampleTrilinearLps` bound to one volume, with the LPS->ijk matrix inverted once: for loops over many
 * points (path profiles, region statistics), where inverting per sample would dominate.
 */
export function lpsSampler(volume: Volume): (lps: Vec3) => number | undefined {
  const lpsToIjkMatrix = invert4(volume.ijkToLps);
  return (lps) => sampleTrilinearIjk(volume, transformPoint(lpsToIjkMatrix, lps));
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
