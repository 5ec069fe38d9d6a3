import { invert4, transformDirection, transformPoint } from '../core/mat4';
import type { Vec3 } from '../core/vec3';
import { scale } from '../core/vec3';
import { trilinearStored } from './sample';
import type { Volume } from './volume';

/**
 * A grid of pixels on a plane in LPS: pixel (column c, row r) is centred at
 * `originLps + c * pixelSizeMm * uLps + r * pixelSizeMm * vLps` (so pass v pointing down the image for
 * top-to-bottom rows). u and v are unit vectors; they need not be axis-aligned.
 */
export interface ResliceGrid {
  originLps: Vec3;
  uLps: Vec3;
  vLps: Vec3;
  pixelSizeMm: number;
  width: number;
  height: number;
}

/**
 * Thin slab along the normal: `samples` points evenly spread over `thicknessMm` centred on the plane,
 * combined by maximum (MIP) or mean. One sample (or thickness 0) is a plain slice. Same rule as the shader.
 */
export interface SlabOptions {
  thicknessMm: number;
  samples: number;
  mode: 'mip' | 'mean';
  normalLps: Vec3;
}

/** Offsets (mm, along the normal) of the slab samples: evenly spread from -t/2 to +t/2. */
export function slabOffsetsMm(thicknessMm: number, samples: number): number[] {
  if (samples <= 1 || thicknessMm <= 0) return [0];
  return Array.from({ length: samples }, (_, s) => (s / (samples - 1) - 0.5) * thicknessMm);
}

/**
 * CPU reference reslice (trilinear, clamp-to-edge like the GPU texture). Pixels outside the volume get
 * `outside` (NaN by default). In a slab, samples outside the volume are skipped; a pixel with none is outside.
 *
 * The LPS -> voxel map is affine, so the grid's origin, pixel steps and slab offsets are taken to voxel
 * space once and each sample position is origin + c * du + r * dv + t * dn there (products, not running
 * sums, so no drift across 512 pixels); no allocation per pixel.
 */
export function reslice(
  volume: Volume,
  grid: ResliceGrid,
  slab?: SlabOptions,
  outside = Number.NaN,
): Float32Array {
  const { width, height } = grid;
  const out = new Float32Array(width * height);
  const lpsToIjk = invert4(volume.ijkToLps);
  const o = transformPoint(lpsToIjk, grid.originLps);
  const du = transformDirection(lpsToIjk, scale(grid.uLps, grid.pixelSizeMm));
  const dv = transformDirection(lpsToIjk, scale(grid.vLps, grid.pixelSizeMm));
  const normal: Vec3 = slab?.normalLps ?? [0, 0, 0];
  const offsets = (slab ? slabOffsetsMm(slab.thicknessMm, slab.samples) : [0]).map((t) =>
    transformDirection(lpsToIjk, scale(normal, t)),
  );
  const mip = (slab?.mode ?? 'mip') === 'mip';
  const [nx, ny, nz] = volume.dims;
  const d = volume.data;
  const slope = volume.rescaleSlope;
  const intercept = volume.rescaleIntercept;
  const [du0, du1, du2] = du;
  const sy = nx;
  const sz = nx * ny;
  for (let r = 0; r < height; r++) {
    const ri = o[0] + r * dv[0];
    const rj = o[1] + r * dv[1];
    const rk = o[2] + r * dv[2];
    const row = r * width;
    if (offsets.length === 1 && nx > 1 && ny > 1 && nz > 1) {
      // trilinearStored inlined for the common case (every axis >= 2 voxels, so the cell's upper corner
      // always exists): same edge rules and arithmetic, ~1.5x faster than the call.
      const [ti, tj, tk] = offsets[0]!;
      for (let c = 0; c < width; c++) {
        const fi = ri + c * du0 + ti;
        const fj = rj + c * du1 + tj;
        const fk = rk + c * du2 + tk;
        if (fi < -0.5 || fj < -0.5 || fk < -0.5 || fi > nx - 0.5 || fj > ny - 0.5 || fk > nz - 0.5) {
          out[row + c] = outside;
          continue;
        }
        const ci = Math.min(nx - 1, Math.max(0, fi));
        const cj = Math.min(ny - 1, Math.max(0, fj));
        const ck = Math.min(nz - 1, Math.max(0, fk));
        const a = Math.min(nx - 2, Math.floor(ci));
        const b = Math.min(ny - 2, Math.floor(cj));
        const k = Math.min(nz - 2, Math.floor(ck));
        const di = ci - a;
        const dj = cj - b;
        const dk = ck - k;
        const p = a + nx * (b + ny * k);
        const x00 = d[p]! * (1 - di) + d[p + 1]! * di;
        const x10 = d[p + sy]! * (1 - di) + d[p + sy + 1]! * di;
        const x01 = d[p + sz]! * (1 - di) + d[p + sz + 1]! * di;
        const x11 = d[p + sz + sy]! * (1 - di) + d[p + sz + sy + 1]! * di;
        const y0 = x00 * (1 - dj) + x10 * dj;
        const y1 = x01 * (1 - dj) + x11 * dj;
        out[row + c] = (y0 * (1 - dk) + y1 * dk) * slope + intercept;
      }
      continue;
    }
    if (offsets.length === 1) {
      const [ti, tj, tk] = offsets[0]!;
      for (let c = 0; c < width; c++) {
        const stored = trilinearStored(
          d,
          nx,
          ny,
          nz,
          ri + c * du0 + ti,
          rj + c * du1 + tj,
          rk + c * du2 + tk,
        );
        out[row + c] = Number.isNaN(stored) ? outside : stored * slope + intercept;
      }
      continue;
    }
    for (let c = 0; c < width; c++) {
      const ci = ri + c * du0;
      const cj = rj + c * du1;
      const ck = rk + c * du2;
      let acc = mip ? Number.NEGATIVE_INFINITY : 0;
      let count = 0;
      for (const [ti, tj, tk] of offsets) {
        const stored = trilinearStored(d, nx, ny, nz, ci + ti, cj + tj, ck + tk);
        if (Number.isNaN(stored)) continue;
        const value = stored * slope + intercept;
        acc = mip ? Math.max(acc, value) : acc + value;
        count++;
      }
      out[row + c] = count === 0 ? outside : mip ? acc : acc / count;
    }
  }
  return out;
}
