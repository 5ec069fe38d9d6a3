import type { Vec3 } from '../core/vec3';
import { computeDrr, type DrrGeometry } from '../volume/drr';
import type { Volume } from '../volume/volume';
import { carmGeometry, ISOCENTRE_MAGNIFICATION } from './carmViewsGeometry';

/** Size of the image patch searched, at the isocentre (mm): one vertebral body and both pedicles. */
const PATCH_AT_ISOCENTRE_MM = 40;
const PATCH_PX = 40;
/** Only bone within this distance of the isocentre along the ray matters for the endplate edge. */
const HALF_DEPTH_MM = 20;
const SEARCH_STEP_MM = 1;

/** Sharpness of horizontal edges: the largest row-to-row step of the row-mean line integral. */
function horizontalEdgeSharpness(image: Float32Array, n: number): number {
  let best = 0;
  let previous = Number.NaN;
  for (let r = 0; r < n; r++) {
    let sum = 0;
    for (let c = 0; c < n; c++) sum += image[r * n + c]!;
    const mean = sum / n;
    if (!Number.isNaN(previous)) best += (mean - previous) ** 2;
    previous = mean;
  }
  return best;
}

/** A small DRR around the isocentre, integrating only a slab of tissue around it along each ray. */
function patchDrr(volume: Volume, isocentreLps: Vec3, tiltDeg: number, obliqueDeg: number): Float32Array {
  const geometry: DrrGeometry = carmGeometry({
    obliqueDeg,
    tiltDeg,
    isocentreLps,
    fieldMm: PATCH_AT_ISOCENTRE_MM * ISOCENTRE_MAGNIFICATION,
  });
  return computeDrr(volume, geometry, {
    sizePx: PATCH_PX,
    stepMm: SEARCH_STEP_MM,
    depthWindow: { centreLps: isocentreLps, halfDepthMm: HALF_DEPTH_MM },
  });
}

/**
 * "Square the endplates" from the image, as the radiographer does it: tilt the C-arm cranio-caudally until
 * the endplate near the isocentre projects as one sharp line. Searches tilt -30..30 deg (3 deg steps, then
 * 0.5 deg around the best) for the sharpest horizontal edge in a small DRR patch around the isocentre.
 * Works on any CT (no segmentation needed); returns the CRAN(+)/CAUD(-) tilt in degrees.
 */
export function findSquaringTiltDeg(volume: Volume, isocentreLps: Vec3, obliqueDeg = 0): number {
  const score = (tilt: number) =>
    horizontalEdgeSharpness(patchDrr(volume, isocentreLps, tilt, obliqueDeg), PATCH_PX);
  let best = 0;
  let bestScore = -1;
  for (let t = -30; t <= 30; t += 3) {
    const s = score(t);
    if (s > bestScore) [best, bestScore] = [t, s];
  }
  const coarse = best;
  for (let t = coarse - 2.5; t <= coarse + 2.5; t += 0.5) {
    const s = score(t);
    if (s > bestScore) [best, bestScore] = [t, s];
  }
  return best;
}

/**
 * Endplate normal implied by a squaring tilt found at oblique 0, taken to lie in the sagittal plane: the
 * beam u = (0, cos t, sin t) runs in the endplate, so n = (0, -sin t, cos t) (pointing cranially).
 */
export function sagittalEndplateNormal(squaringTiltDeg: number): Vec3 {
  const t = (squaringTiltDeg * Math.PI) / 180;
  return [0, -Math.sin(t), Math.cos(t)];
}
