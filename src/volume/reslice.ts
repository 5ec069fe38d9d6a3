import { invert4, transformPoint } from '../core/mat4';
import type { Vec3 } from '../core/vec3';
import { add, scale } from '../core/vec3';
import { sampleTrilinearIjk } from './sample';
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
 */
export function reslice(
  volume: Volume,
  grid: ResliceGrid,
  slab?: SlabOptions,
  outside = Number.NaN,
): Float32Array {
  const out = new Float32Array(grid.width * grid.height);
  const lpsToIjk = invert4(volume.ijkToLps);
  const offsets = slab ? slabOffsetsMm(slab.thicknessMm, slab.samples) : [0];
  const normal: Vec3 = slab?.normalLps ?? [0, 0, 0];
  const mode = slab?.mode ?? 'mip';
  const du = scale(grid.uLps, grid.pixelSizeMm);
  const dv = scale(grid.vLps, grid.pixelSizeMm);
  for (let r = 0; r < grid.height; r++)
    for (let c = 0; c < grid.width; c++) {
      const centre = add(grid.originLps, add(scale(du, c), scale(dv, r)));
      let acc = mode === 'mip' ? Number.NEGATIVE_INFINITY : 0;
      let count = 0;
      for (const t of offsets) {
        const value = sampleTrilinearIjk(volume, transformPoint(lpsToIjk, add(centre, scale(normal, t))));
        if (value === undefined) continue;
        acc = mode === 'mip' ? Math.max(acc, value) : acc + value;
        count++;
      }
      out[c + grid.width * r] = count === 0 ? outside : mode === 'mip' ? acc : acc / count;
    }
  return out;
}
