import type { Vec3 } from '../core/vec3';
import { computeDrr, type DrrGeometry } from '../volume/drr';
import type { Volume } from '../volume/volume';
import { CARM_TILT_LIMIT_DEG } from './carm';
import { carmGeometry, ISOCENTRE_MAGNIFICATION } from './carmViewsGeometry';

/** Size of the image patch searched, at the isocentre (mm): one vertebral body and both pedicles. */
const PATCH_AT_ISOCENTRE_MM = 48;
const PATCH_PX = 48;
/** Only bone within this distance of the isocentre along the ray matters for the endplate edge. */
const HALF_DEPTH_MM = 20;
const SEARCH_STEP_MM = 1;
/**
 * Edges are weighted by their distance from the isocentre (gaussian, this sd in mm), so the endplate
 * nearest the isocentre decides, not the neighbouring one across the disc (a different angle in lordosis).
 */
const NEAREST_EDGE_SD_MM = 8;
/** Only the central columns (the vertebral body, ~40-50 mm wide) carry the endplate line. */
const CENTRAL_COLUMNS = 0.6;

/**
 * Sharpness of the horizontal edge nearest the image centre: the largest row-to-row step of the row-mean
 * line integral over the central columns, weighted by the row's distance from the centre.
 */
function nearestEdgeSharpness(image: Float32Array, n: number): number {
  const c0 = Math.floor((n * (1 - CENTRAL_COLUMNS)) / 2);
  const c1 = n - c0;
  const mmPerRow = PATCH_AT_ISOCENTRE_MM / n;
  let best = 0;
  let previous = Number.NaN;
  for (let r = 0; r < n; r++) {
    let sum = 0;
    for (let c = c0; c < c1; c++) sum += image[r * n + c]!;
    const mean = sum / (c1 - c0);
    if (!Number.isNaN(previous)) {
      const fromCentreMm = (r - n / 2) * mmPerRow;
      const w = Math.exp(-(fromCentreMm * fromCentreMm) / (2 * NEAREST_EDGE_SD_MM * NEAREST_EDGE_SD_MM));
      best = Math.max(best, w * Math.abs(mean - previous));
    }
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
 * "Square the endplate" from the image, as the radiographer does it: tilt the C-arm cranio-caudally until
 * the endplate nearest the isocentre projects as one sharp line. Searches the whole tilt range of a C-arm
 * (carm.ts CARM_TILT_LIMIT_DEG, +-45: the S1 endplate of a lordotic sacrum needs ~40) in 3 deg steps,
 * then 0.5 deg around the best, for the sharpest horizontal edge near the centre of a small DRR patch.
 * The edge may lie anywhere in the patch (the isocentre on the endplate, in the body or the disc next to
 * it), so the answer does not depend on where along the spine the isocentre sits. Works on any CT (no
 * segmentation needed); returns the CRAN(+)/CAUD(-) tilt in degrees.
 */
export function findSquaringTiltDeg(volume: Volume, isocentreLps: Vec3, obliqueDeg = 0): number {
  const score = (tilt: number) =>
    nearestEdgeSharpness(patchDrr(volume, isocentreLps, tilt, obliqueDeg), PATCH_PX);
  let best = 0;
  let bestScore = -1;
  for (let t = -CARM_TILT_LIMIT_DEG; t <= CARM_TILT_LIMIT_DEG; t += 3) {
    const s = score(t);
    if (s > bestScore) [best, bestScore] = [t, s];
  }
  const coarse = best;
  for (let t = coarse - 2.5; t <= coarse + 2.5; t += 0.5) {
    if (Math.abs(t) > CARM_TILT_LIMIT_DEG) continue;
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
