/**
 * Editing operations on a transfer function's control points, for the editor panel and the 3D view's
 * window/level drag. Pure and immutable: every operation returns a new function with points sorted by HU.
 */
import {
  evaluateTransferFunction,
  sortedControlPoints,
  type TfControlPoint,
  type TransferFunction,
} from './transferFunction';

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
type Rgb = readonly [number, number, number];

/** Sorted copy; the editor always works on sorted points so an index names the same point between edits. */
export function normalisedTransferFunction(tf: TransferFunction): TransferFunction {
  return { referenceStepMm: tf.referenceStepMm, points: sortedControlPoints(tf.points) };
}

/**
 * Adds a point at `hu` with `opacity` (0..1); its colour is the function's colour there, so adding a point
 * alone does not change the picture's hue. Returns the new function and the new point's index.
 */
export function addControlPoint(
  tf: TransferFunction,
  hu: number,
  opacity: number,
): { transferFunction: TransferFunction; index: number } {
  const points = sortedControlPoints(tf.points);
  const [r, g, b] = evaluateTransferFunction(points, hu);
  const point: TfControlPoint = { hu, color: [r, g, b], opacity: clamp(opacity, 0, 1) };
  let index = points.findIndex((p) => p.hu > hu);
  if (index < 0) index = points.length;
  points.splice(index, 0, point);
  return { transferFunction: { referenceStepMm: tf.referenceStepMm, points }, index };
}

/**
 * Moves point `index` to (`hu`, `opacity`). The HU stays between its neighbours (0.5 HU apart), so a drag
 * cannot reorder points and the index keeps naming the dragged point.
 */
export function moveControlPoint(
  tf: TransferFunction,
  index: number,
  hu: number,
  opacity: number,
): TransferFunction {
  const points = sortedControlPoints(tf.points);
  const p = points[index];
  if (!p) return tf;
  const lo = index > 0 ? points[index - 1]!.hu + 0.5 : Number.NEGATIVE_INFINITY;
  const hi = index < points.length - 1 ? points[index + 1]!.hu - 0.5 : Number.POSITIVE_INFINITY;
  points[index] = { ...p, hu: lo <= hi ? clamp(hu, lo, hi) : p.hu, opacity: clamp(opacity, 0, 1) };
  return { referenceStepMm: tf.referenceStepMm, points };
}

/** Removes point `index`; the last remaining point is kept (a function needs one). */
export function removeControlPoint(tf: TransferFunction, index: number): TransferFunction {
  const points = sortedControlPoints(tf.points);
  if (points.length <= 1 || !points[index]) return { referenceStepMm: tf.referenceStepMm, points };
  points.splice(index, 1);
  return { referenceStepMm: tf.referenceStepMm, points };
}

export function setControlPointColor(tf: TransferFunction, index: number, color: Rgb): TransferFunction {
  const points = sortedControlPoints(tf.points);
  const p = points[index];
  if (!p) return tf;
  points[index] = { ...p, color: [clamp(color[0], 0, 1), clamp(color[1], 0, 1), clamp(color[2], 0, 1)] };
  return { referenceStepMm: tf.referenceStepMm, points };
}

/**
 * Window/level applied to a whole function, as on a 2D view: the points' HU span is scaled by
 * `widthScale` about its centre, then shifted by `levelShiftHu`. Opacities and colours are unchanged.
 */
export function windowLevelTransferFunction(
  tf: TransferFunction,
  levelShiftHu: number,
  widthScale: number,
): TransferFunction {
  const points = sortedControlPoints(tf.points);
  const centre = (points[0]!.hu + points[points.length - 1]!.hu) / 2;
  const s = Math.max(0.05, widthScale);
  return {
    referenceStepMm: tf.referenceStepMm,
    points: points.map((p) => ({ ...p, hu: centre + (p.hu - centre) * s + levelShiftHu })),
  };
}

/**
 * Window/level change for a pointer drag of (dx, dy) CSS pixels on the 3D view, the same gestures as the 2D
 * views' right drag: right = wider, down = higher level. Sensitivity follows the function's HU span.
 */
export function windowLevelFromDrag(
  tf: TransferFunction,
  dxPx: number,
  dyPx: number,
): { levelShiftHu: number; widthScale: number } {
  const points = sortedControlPoints(tf.points);
  const span = Math.max(1, points[points.length - 1]!.hu - points[0]!.hu);
  const huPerPx = Math.max(0.5, span / 300);
  return { levelShiftHu: dyPx * huPerPx, widthScale: Math.max(0.05, 1 + (dxPx * huPerPx) / span) };
}

/** '#rrggbb' for a colour in 0..1 (for <input type="color">). */
export function colorToHex(color: Rgb): string {
  return `#${color
    .map((c) =>
      Math.round(clamp(c, 0, 1) * 255)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** Colour in 0..1 from '#rrggbb'; undefined for anything else. */
export function hexToColor(hex: string): [number, number, number] | undefined {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return undefined;
  return [
    Number.parseInt(m[1]!, 16) / 255,
    Number.parseInt(m[2]!, 16) / 255,
    Number.parseInt(m[3]!, 16) / 255,
  ];
}
