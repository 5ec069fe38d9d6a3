import { bisectBoundary } from '../../core/bisect';
import type { Vec3 } from '../../core/vec3';
import { add, cross, dot, length, normalize, scale, sub } from '../../core/vec3';
import { SKIN_AIR_HU } from '../../planning/huThresholds';
import { type DrrGeometry, detectorPointLps } from '../../volume/drr';

/**
 * Pure geometry of trainee mode on the fluoroscopy image (no three.js, no DOM: unit tested in Node).
 *
 * Placing the needle by a click on the image follows the coaxial ("bull's-eye", "down the barrel") technique
 * of fluoroscopic spine injections: the needle is put on the skin over the target's projection and aligned
 * with the beam, so it starts along the ray from the source through the clicked detector point.
 * For the prone patient the detector is above the back and the source under the table (planning/carm.ts:
 * a bull's-eye puts the detector on the hub side), so the needle enters the skin met first coming from the
 * DETECTOR side and points toward the source; coming from the source would find the belly.
 */

/** Sampling step along the ray (mm): the skin is found within this distance. */
export const SKIN_STEP_MM = 0.5;

/**
 * The needle put on the skin under a click at image fractions (fx, fy): the entry where the ray, followed
 * from the detector toward the source, first meets tissue, and the direction toward the source (coaxial).
 * Undefined when that ray meets no tissue (a click beside the patient).
 */
export function needleOnSkinFromImage(
  g: DrrGeometry,
  fx: number,
  fy: number,
  sample: (lps: Vec3) => number | undefined,
): { entryLps: Vec3; directionLps: Vec3 } | undefined {
  const detectorLps = detectorPointLps(g, fx, fy);
  const toSource = sub(g.sourceLps, detectorLps);
  const directionLps = normalize(toSource);
  const entryLps = firstSkinHitLps(sample, detectorLps, directionLps, length(toSource));
  return entryLps && { entryLps, directionLps };
}

/** Image fractions (fx, fy) under a pointer at (xPx, yPx) of a view showing the square field centred, fitted. */
export function imageFractionAt(
  xPx: number,
  yPx: number,
  widthPx: number,
  heightPx: number,
): { fx: number; fy: number } {
  const short = Math.min(widthPx, heightPx);
  return { fx: (xPx - widthPx / 2) / short + 0.5, fy: (yPx - heightPx / 2) / short + 0.5 };
}

/**
 * Shortest run of tissue along the ray taken for the body (mm). Diagnostic CT is acquired supine, so the CT
 * couch lies behind the back, in the way of a posterior approach: the phantom's couch top is 12 mm thick with
 * a 10 mm air gap (phantom/softTissue.ts), real couch shells are thinner, and any body path to a spinal
 * target is several centimetres of tissue.
 */
export const MIN_BODY_RUN_MM = 25;

/**
 * Where a ray first meets the skin: the start of the first run of samples (every `stepMm` from `originLps`,
 * up to `maxMm`) above `thresholdHu` (by default the one body-to-air threshold, SKIN_AIR_HU) that lasts at least `minRunMm` (thinner runs, such as the CT couch, are
 * passed by), refined by bisection against the sample before it to ~0.05 mm. `sample` returns HU, or
 * undefined outside the volume (treated as air). Undefined when the ray meets no such tissue.
 */
export function firstSkinHitLps(
  sample: (lps: Vec3) => number | undefined,
  originLps: Vec3,
  dirLps: Vec3,
  maxMm: number,
  { thresholdHu = SKIN_AIR_HU, stepMm = SKIN_STEP_MM, minRunMm = MIN_BODY_RUN_MM } = {},
): Vec3 | undefined {
  const dir = normalize(dirLps);
  const at = (t: number): Vec3 => add(originLps, scale(dir, t));
  const inside = (t: number): boolean => (sample(at(t)) ?? Number.NEGATIVE_INFINITY) > thresholdHu;
  let t = 0;
  while (t <= maxMm) {
    if (!inside(t)) {
      t += stepMm;
      continue;
    }
    let end = t;
    while (end + stepMm <= maxMm && end - t < minRunMm && inside(end + stepMm)) end += stepMm;
    if (end - t < minRunMm) {
      t = end + stepMm;
      continue;
    }
    if (t === 0) return originLps;
    return at(bisectBoundary(t - stepMm, t, inside, 0.05).b);
  }
  return undefined;
}

/** `v` turned by `deg` about the unit axis `axis` (Rodrigues' rotation formula). */
export function rotateAbout(v: Vec3, axis: Vec3, deg: number): Vec3 {
  const k = normalize(axis);
  const a = (deg * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  return add(add(scale(v, c), scale(cross(k, v), s)), scale(k, dot(k, v) * (1 - c)));
}

/** Steering in the image: which way the tip's projection moves on the monitor. */
export type SteerDirection = 'right' | 'left' | 'up' | 'down';

/**
 * The needle direction after a steer of `deg` about the image's vertical axis (left/right) or horizontal axis
 * (up/down). With the image basis right = view x up (view: detector -> source, drr.ts/carmViewsGeometry.ts),
 * a turn by +a about `up` swings the deep end toward -right and a turn by +a about `right` toward +up, so a
 * needle coaxial with the beam (a bull's-eye dot) steered "right" moves its tip to the right on the image.
 */
export function steeredDirection(
  dirLps: Vec3,
  image: Pick<DrrGeometry, 'rightLps' | 'upLps'>,
  toward: SteerDirection,
  deg: number,
): Vec3 {
  const turned =
    toward === 'up' || toward === 'down'
      ? rotateAbout(dirLps, image.rightLps, toward === 'up' ? deg : -deg)
      : rotateAbout(dirLps, image.upLps, toward === 'right' ? -deg : deg);
  return normalize(turned);
}
