/**
 * How a slice plane maps to a view's pixels: the screen point `anchorPx` (px from the view's top-left corner;
 * the view centre when absent) shows in-plane point `centreMm` (the pan), at `pxPerMm` screen pixels (CSS px)
 * per millimetre. Screen y grows downwards, plane v upwards. The anchor is the centre of the part of the view
 * that the view's own controls leave free (see `fitInFreeArea`), so the fitted image is not drawn under them.
 * The orthographic camera of the view uses the same numbers (`viewCentreMm`), so overlays and input agree
 * with the image.
 */
export interface SliceViewTransform {
  centreMm: readonly [number, number];
  pxPerMm: number;
  widthPx: number;
  heightPx: number;
  anchorPx?: readonly [number, number];
}

function anchorOf(t: SliceViewTransform): readonly [number, number] {
  return t.anchorPx ?? [t.widthPx / 2, t.heightPx / 2];
}

/** In-plane mm of a point given in px from the view's top-left corner. */
export function screenToPlane(t: SliceViewTransform, xPx: number, yPx: number): [number, number] {
  const [ax, ay] = anchorOf(t);
  return [t.centreMm[0] + (xPx - ax) / t.pxPerMm, t.centreMm[1] - (yPx - ay) / t.pxPerMm];
}

/** Px from the view's top-left corner of an in-plane point (mm). */
export function planeToScreen(t: SliceViewTransform, xMm: number, yMm: number): [number, number] {
  const [ax, ay] = anchorOf(t);
  return [ax + (xMm - t.centreMm[0]) * t.pxPerMm, ay - (yMm - t.centreMm[1]) * t.pxPerMm];
}

/** The in-plane point (mm) at the middle of the view: where the view's orthographic camera looks. */
export function viewCentreMm(t: SliceViewTransform): [number, number] {
  return screenToPlane(t, t.widthPx / 2, t.heightPx / 2);
}

/**
 * The attribute ("top" or "bottom") that marks a view's control or info element as part of a band along its
 * top or bottom edge (toolbar, slice position, W/L, scale bar, needle-view controls): the view measures
 * these bands and keeps the fitted image and the level labels out of them.
 */
export const VIEW_BAND_ATTRIBUTE = 'data-view-band';

/** Bands (px) along the view's edges that its controls and info text cover. */
export interface ViewInsetsPx {
  topPx: number;
  bottomPx: number;
  leftPx: number;
  rightPx: number;
}

export const NO_INSETS: ViewInsetsPx = { topPx: 0, bottomPx: 0, leftPx: 0, rightPx: 0 };

/**
 * The part of a view that its overlays leave free (px from the top-left corner). When the bands would leave
 * less than `MIN_FREE_FRACTION` of the view's width or height (a tiny view under a wrapped toolbar), the
 * whole view is used on that axis: an image under the controls is better than a stamp-sized one.
 */
export const MIN_FREE_FRACTION = 0.4;
export function freeArea(
  widthPx: number,
  heightPx: number,
  insets: ViewInsetsPx,
): { leftPx: number; topPx: number; widthPx: number; heightPx: number } {
  const clampBand = (px: number) => Math.max(0, Number.isFinite(px) ? px : 0);
  let left = clampBand(insets.leftPx);
  let right = clampBand(insets.rightPx);
  let top = clampBand(insets.topPx);
  let bottom = clampBand(insets.bottomPx);
  if (widthPx - left - right < MIN_FREE_FRACTION * widthPx) left = right = 0;
  if (heightPx - top - bottom < MIN_FREE_FRACTION * heightPx) top = bottom = 0;
  return { leftPx: left, topPx: top, widthPx: widthPx - left - right, heightPx: heightPx - top - bottom };
}

/**
 * The default view (zoom 1, no pan) of a volume whose projection has half extents `halfExtentMm` about the
 * plane origin: the scale that fits it into the free area, and the free area's centre as the anchor where
 * the plane origin shows. Zoom multiplies `pxPerMm`; pan moves `centreMm`; the anchor stays.
 */
export function fitInFreeArea(
  halfExtentMm: readonly [number, number],
  widthPx: number,
  heightPx: number,
  insets: ViewInsetsPx,
): { pxPerMm: number; anchorPx: [number, number] } {
  const free = freeArea(widthPx, heightPx, insets);
  return {
    pxPerMm: fitPxPerMm(halfExtentMm, Math.max(1, free.widthPx), Math.max(1, free.heightPx)),
    anchorPx: [free.leftPx + free.widthPx / 2, free.topPx + free.heightPx / 2],
  };
}

/** Scale at which the volume's projection (half extents in mm) fits the view with a small margin. */
export function fitPxPerMm(
  halfExtentMm: readonly [number, number],
  widthPx: number,
  heightPx: number,
): number {
  const margin = 0.92;
  const sx = widthPx / (2 * Math.max(halfExtentMm[0], 1e-3));
  const sy = heightPx / (2 * Math.max(halfExtentMm[1], 1e-3));
  return Math.max(1e-3, Math.min(sx, sy) * margin);
}

/**
 * Samples along the normal for a slab: every half of the finest voxel spacing (so a MIP cannot step over
 * a one-voxel bright structure), at least 2, capped by what the shader loop allows.
 */
export const MAX_SLAB_SAMPLES = 64;
export function slabSampleCount(thicknessMm: number, finestSpacingMm: number): number {
  if (thicknessMm <= 0) return 1;
  return Math.min(MAX_SLAB_SAMPLES, Math.max(2, Math.ceil(thicknessMm / (finestSpacingMm / 2)) + 1));
}

/** A "nice" scale bar length (mm): the largest of 1, 2, 5, 10, 20, 50, 100 mm that fits in `maxPx`. */
export function scaleBarMm(pxPerMm: number, maxPx: number): number {
  const candidates = [100, 50, 20, 10, 5, 2, 1];
  return candidates.find((mm) => mm * pxPerMm <= maxPx) ?? 1;
}
