/**
 * How a slice plane maps to a view's pixels: the view centre shows in-plane point `centreMm` (the pan),
 * at `pxPerMm` screen pixels (CSS px) per millimetre. Screen y grows downwards, plane v upwards.
 * The orthographic camera of the view uses the same numbers, so overlays and input agree with the image.
 */
export interface SliceViewTransform {
  centreMm: readonly [number, number];
  pxPerMm: number;
  widthPx: number;
  heightPx: number;
}

/** In-plane mm of a point given in px from the view's top-left corner. */
export function screenToPlane(t: SliceViewTransform, xPx: number, yPx: number): [number, number] {
  return [
    t.centreMm[0] + (xPx - t.widthPx / 2) / t.pxPerMm,
    t.centreMm[1] - (yPx - t.heightPx / 2) / t.pxPerMm,
  ];
}

/** Px from the view's top-left corner of an in-plane point (mm). */
export function planeToScreen(t: SliceViewTransform, xMm: number, yMm: number): [number, number] {
  return [
    t.widthPx / 2 + (xMm - t.centreMm[0]) * t.pxPerMm,
    t.heightPx / 2 - (yMm - t.centreMm[1]) * t.pxPerMm,
  ];
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
