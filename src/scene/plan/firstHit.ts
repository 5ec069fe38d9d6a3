import { bisectBoundary } from '../../core/bisect';
import { invert4, transformDirection, transformPoint } from '../../core/mat4';
import type { Vec3 } from '../../core/vec3';
import { add, dot, normalize, scale, sub } from '../../core/vec3';
import type { ClipPlane, CropBox } from '../../core/volumeRendering';
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
  visible: (lps: Vec3) => boolean = () => true,
): Vec3 | undefined {
  const lpsToIjk = invert4(volume.ijkToLps);
  const originIjk = transformPoint(lpsToIjk, originLps);
  const dirIjk = transformDirection(lpsToIjk, directionLps);
  const at = (tMm: number) => add(originIjk, scale(dirIjk, tMm));
  // What the view cut away (crop box, clip plane) is empty for the pick, as for the raymarcher.
  const dense = (tMm: number) =>
    visible(add(originLps, scale(directionLps, tMm))) &&
    (sampleTrilinearIjk(volume, at(tMm)) ?? Number.NEGATIVE_INFINITY) >= thresholdHu;
  const stepMm = Math.min(...volume.spacingMm) / 2;
  let previous = 0;
  for (let t = 0; t <= maxDistanceMm; t += stepMm) {
    if (dense(t)) {
      // Six halvings of the step: a 1/64-step boundary.
      return add(originLps, scale(directionLps, bisectBoundary(previous, t, dense, stepMm / 64).b));
    }
    previous = t;
  }
  return undefined;
}

/**
 * Whether an LPS point survives the 3D view's crop box (fractions of the texture box, texel centres at
 * (ijk + 0.5) / n: render/volumeBox.ts) and clip plane (removes the side the normal points to beyond
 * `offsetMm` from the box centre), as the raymarcher clips (shaders/volumeRaymarch.frag).
 */
export function visibleInView(
  volume: Pick<Volume, 'ijkToLps' | 'dims'>,
  crop: CropBox,
  clip: ClipPlane,
): (lps: Vec3) => boolean {
  const lpsToIjk = invert4(volume.ijkToLps);
  const [nx, ny, nz] = volume.dims;
  const n = [nx, ny, nz];
  const centreLps = transformPoint(volume.ijkToLps, [(nx - 1) / 2, (ny - 1) / 2, (nz - 1) / 2]);
  const clipNormal =
    clip.enabled && dot(clip.normalLps, clip.normalLps) > 0 ? normalize(clip.normalLps) : null;
  return (lps) => {
    const ijk = transformPoint(lpsToIjk, lps);
    for (let a = 0; a < 3; a++) {
      const tc = (ijk[a]! + 0.5) / n[a]!;
      if (tc < crop.min[a]! || tc > crop.max[a]!) return false;
    }
    return !clipNormal || dot(clipNormal, sub(lps, centreLps)) - clip.offsetMm <= 0;
  };
}
