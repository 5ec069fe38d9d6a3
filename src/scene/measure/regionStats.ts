import type { Vec3 } from '../../core/vec3';
import { add, cross, distance, normalize, scale } from '../../core/vec3';
import { lpsSampler } from '../../volume/sample';
import type { Volume } from '../../volume/volume';

/** HU statistics of a region on a plane (mm, mm2). */
export interface RegionStats {
  meanHu: number;
  sdHu: number;
  minHu: number;
  maxHu: number;
  areaMm2: number;
  /** Samples taken inside the region (and inside the volume). */
  samples: number;
}

/** Any unit vector perpendicular to `n`. */
function perpendicularUnit(n: Vec3): Vec3 {
  const helper: Vec3 = Math.abs(n[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  return normalize(cross(n, helper));
}

/**
 * Statistics of the disc about `centreLps` through `rimLps` in the plane with normal `normalLps`: trilinear
 * HU on a square grid over the disc at half the finest voxel spacing (so every voxel the disc covers is
 * sampled at least about twice per axis), population SD. The area is the disc's, pi r^2, not the grid's.
 * Undefined when the disc has no sample inside the volume.
 */
export function circleRegionStats(
  volume: Volume,
  region: { centreLps: Vec3; rimLps: Vec3; normalLps: Vec3 },
): RegionStats | undefined {
  const radiusMm = distance(region.centreLps, region.rimLps);
  const n = normalize(region.normalLps);
  const e1 = perpendicularUnit(n);
  const e2 = cross(n, e1);
  const step = Math.min(...volume.spacingMm) / 2;
  const steps = Math.ceil(radiusMm / step);
  let count = 0;
  const sample = lpsSampler(volume);
  let sum = 0;
  let sumSq = 0;
  let minHu = Number.POSITIVE_INFINITY;
  let maxHu = Number.NEGATIVE_INFINITY;
  for (let a = -steps; a <= steps; a++)
    for (let b = -steps; b <= steps; b++) {
      const x = a * step;
      const y = b * step;
      if (x * x + y * y > radiusMm * radiusMm) continue;
      const hu = sample(add(region.centreLps, add(scale(e1, x), scale(e2, y))));
      if (hu === undefined) continue;
      count++;
      sum += hu;
      sumSq += hu * hu;
      if (hu < minHu) minHu = hu;
      if (hu > maxHu) maxHu = hu;
    }
  if (count === 0) return undefined;
  const meanHu = sum / count;
  return {
    meanHu,
    sdHu: Math.sqrt(Math.max(0, sumSq / count - meanHu * meanHu)),
    minHu,
    maxHu,
    areaMm2: Math.PI * radiusMm * radiusMm,
    samples: count,
  };
}
