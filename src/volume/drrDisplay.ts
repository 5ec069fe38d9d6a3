/**
 * From line integrals to monitor grey levels, as the DRR shader does (shaders/drr.frag), so CPU and GPU
 * images can be compared grey level for grey level.
 */

/** A window on the line integral p = sum(mu ds): grey = 0.5 + (p - centre) / width, clamped to [0, 1]. */
export interface DrrWindow {
  centre: number;
  width: number;
}

/**
 * Automatic brightness control, as a C-arm's does it: the window follows the anatomy in the central part of
 * the field, so switching from AP (thin) to lateral (thick) keeps the image usable. Centre = median line
 * integral of the rays that cross anything; width = 2-98 percentile spread (at least 0.5).
 */
export function autoWindow(lineIntegrals: ArrayLike<number>): DrrWindow {
  const values: number[] = [];
  for (let i = 0; i < lineIntegrals.length; i++) {
    const v = lineIntegrals[i]!;
    if (v > 0.05) values.push(v);
  }
  if (values.length === 0) return { centre: 1, width: 2 };
  values.sort((a, b) => a - b);
  const at = (q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))]!;
  return { centre: at(0.5), width: Math.max(0.5, at(0.98) - at(0.02)) };
}

/**
 * User brightness (-1..1, + = brighter) and contrast (x, >1 = steeper) applied to a base window. Brighter
 * means: more of the image above mid-grey in the displayed polarity.
 */
export function adjustWindow(
  base: DrrWindow,
  brightness: number,
  contrast: number,
  blackBone: boolean,
): DrrWindow {
  const width = base.width / Math.max(0.05, contrast);
  const shift = brightness * width * 0.5;
  // Normal polarity (white bone): grey rises with p, so lowering the centre brightens; black bone: the reverse.
  return { centre: base.centre + (blackBone ? shift : -shift), width };
}

/** Grey level 0..1 for a line integral: white bone (radiograph) or black bone (fluoroscopy monitor). */
export function drrGrey(p: number, w: DrrWindow, blackBone: boolean): number {
  const g = Math.min(1, Math.max(0, 0.5 + (p - w.centre) / w.width));
  return blackBone ? 1 - g : g;
}
