import { invert4, transformDirection, transformPoint } from '../../core/mat4';
import type { Vec3 } from '../../core/vec3';
import { add, scale } from '../../core/vec3';
import { sampleTrilinearIjk } from '../../volume/sample';
import type { Volume } from '../../volume/volume';

/**
 * The first point along a ray (LPS mm, unit direction) where the volume reaches `thresholdHu`: what a click
 * in the 3D view lands on. Marches in half-voxel steps (trilinear, as the raymarcher samples) and refines the
 * crossing by bisection to ~1/64 of a step. Undefined when the ray meets nothing that dense.
 */
export function firstHitLps(
  volume: Volume,
  originLps: Vec3,
  directionLps: Vec3,
  thresholdHu: number,
  maxDistanceMm: number,
): Vec3 | undefined {
  const lpsToIjk = invert4(volume.ijkToLps);
  const originIjk = transformPoint(lpsToIjk, originLps);
  const dirIjk = transformDirection(lpsToIjk, directionLps);
  const at = (tMm: number) => add(originIjk, scale(dirIjk, tMm));
  const stepMm = Math.min(...volume.spacingMm) / 2;
  let previous = 0;
  for (let t = 0; t <= maxDistanceMm; t += stepMm) {
    const value = sampleTrilinearIjk(volume, at(t));
    if (value !== undefined && value >= thresholdHu) {
      let lo = previous;
      let hi = t;
      for (let i = 0; i < 6; i++) {
        const mid = (lo + hi) / 2;
        if ((sampleTrilinearIjk(volume, at(mid)) ?? Number.NEGATIVE_INFINITY) >= thresholdHu) hi = mid;
        else lo = mid;
      }
      return add(originLps, scale(directionLps, hi));
    }
    previous = t;
  }
  return undefined;
}
