/**
 * 1D transfer functions for direct volume rendering: HU -> colour and opacity, built from control points
 * and sampled into a lookup table (a 1D texture in the shader). Pure: no three.js, runs in Node tests.
 */

/** One control point: at `hu`, the colour (0..1 each) and the opacity per `referenceStepMm` of ray. */
export interface TfControlPoint {
  hu: number;
  color: readonly [number, number, number];
  opacity: number;
}

/** A named transfer function; opacities are per `referenceStepMm` and corrected for the real step. */
export interface TransferFunction {
  points: readonly TfControlPoint[];
  /** Ray length (mm) that the opacities are given for; the shader corrects for its real step. */
  referenceStepMm: number;
}

/** HU range covered by a lookup table; values outside clamp to the first / last entry. */
export interface HuRange {
  minHu: number;
  maxHu: number;
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/** Control points sorted by HU, with at least one point; throws on an empty list or a non-finite HU. */
export function sortedControlPoints(points: readonly TfControlPoint[]): TfControlPoint[] {
  if (points.length === 0) throw new RangeError('a transfer function needs at least one control point');
  for (const p of points) if (!Number.isFinite(p.hu)) throw new RangeError(`control point HU ${p.hu}`);
  return [...points].sort((a, b) => a.hu - b.hu);
}

/**
 * Colour and opacity at one HU value: piecewise linear between control points, constant beyond the
 * first and last point. `points` must be sorted (see `sortedControlPoints`).
 */
export function evaluateTransferFunction(
  points: readonly TfControlPoint[],
  hu: number,
): [number, number, number, number] {
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (hu <= first.hu) return [...first.color, first.opacity];
  if (hu >= last.hu) return [...last.color, last.opacity];
  let hi = 1;
  while (points[hi]!.hu < hu) hi++;
  const a = points[hi - 1]!;
  const b = points[hi]!;
  const t = b.hu === a.hu ? 1 : (hu - a.hu) / (b.hu - a.hu);
  const mix = (x: number, y: number): number => x + (y - x) * t;
  return [
    mix(a.color[0], b.color[0]),
    mix(a.color[1], b.color[1]),
    mix(a.color[2], b.color[2]),
    mix(a.opacity, b.opacity),
  ];
}

/**
 * The HU range a lookup table should span: the control points' range widened by 1% each side, so the first
 * and last LUT entries hold the end points' values exactly. Otherwise the first entry of a ramp that starts
 * at opacity 0 is slightly above 0, and every air voxel (clamped to it) adds a haze along long rays.
 */
export function transferFunctionRange(tf: TransferFunction): HuRange {
  const points = sortedControlPoints(tf.points);
  const first = points[0]!.hu;
  const last = Math.max(points[points.length - 1]!.hu, first + 1);
  const pad = (last - first) * 0.01;
  return { minHu: first - pad, maxHu: last + pad };
}

/**
 * Samples a transfer function into an RGBA8 lookup table of `size` entries spanning `range`.
 * Entry e sits at HU = minHu + (e + 0.5) / size * (maxHu - minHu): the texel centre, so that a linear
 * 1D texture lookup at u = (hu - minHu) / (maxHu - minHu) reproduces the function.
 */
export function buildTransferFunctionLut(tf: TransferFunction, range: HuRange, size = 256): Uint8Array {
  if (!Number.isInteger(size) || size < 2) throw new RangeError(`LUT size ${size}`);
  if (!(range.maxHu > range.minHu)) throw new RangeError('LUT range must have maxHu > minHu');
  const points = sortedControlPoints(tf.points);
  const lut = new Uint8Array(size * 4);
  for (let e = 0; e < size; e++) {
    const hu = range.minHu + ((e + 0.5) / size) * (range.maxHu - range.minHu);
    const rgba = evaluateTransferFunction(points, hu);
    for (let c = 0; c < 4; c++) lut[e * 4 + c] = Math.round(clamp01(rgba[c]!) * 255);
  }
  return lut;
}

/**
 * Opacity correction for a ray step that differs from the reference step the opacity was given for:
 * alpha' = 1 - (1 - alpha)^(step / reference) (Engel et al., Real-Time Volume Graphics, 2006, sec. 9.1.3).
 * The shader applies the same formula; this copy is the reference for tests.
 */
export function correctOpacity(alpha: number, stepMm: number, referenceStepMm: number): number {
  return 1 - (1 - clamp01(alpha)) ** (stepMm / referenceStepMm);
}
