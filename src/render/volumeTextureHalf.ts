/**
 * HU as IEEE 754 binary16 ("half float") bit patterns for the R16F volume texture (issue 20: 2 bytes a
 * voxel). Half floats keep 11 significant bits, so integer HU are exact up to |2048|, within 1 HU up to
 * |4096| and within 2 HU up to |8192| (rounded to nearest); CT values of bone and contrast (< 2048 HU) are
 * stored exactly. WebGL2 filters R16F linearly on every implementation (OpenGL ES 3.0 sec. 3.8.3, table 3.13),
 * unlike R32F (needs OES_texture_float_linear) or the 16-bit normalised formats (EXT_texture_norm16).
 */

/** Largest finite half float. */
const HALF_MAX = 65504;

/** The binary16 bits of `x`, rounded to nearest (ties away from zero), clamped to +-65504. */
export function halfFloatBits(x: number): number {
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.min(Math.abs(x), HALF_MAX);
  // Subnormals: steps of 2^-24 below the smallest normal 2^-14 (rounding up to 2^-14 gives its encoding).
  if (a < 2 ** -14) return sign | Math.round(a * 2 ** 24);
  let e = Math.floor(Math.log2(a));
  if (a < 2 ** e) e--;
  else if (a >= 2 ** (e + 1)) e++;
  let mantissa = Math.round((a / 2 ** e - 1) * 1024);
  if (mantissa === 1024) {
    mantissa = 0;
    e++;
  }
  if (e > 15) return sign | 0x7bff;
  return sign | ((e + 15) << 10) | mantissa;
}

/** The value a binary16 bit pattern holds (the GPU's reading of a texel; used by tests). */
export function halfFloatValue(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const m = bits & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 31) return m ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

/**
 * Half-float HU for every stored 16-bit value (index = stored value + 32768; 65,536 entries, 128 kB): the
 * per-voxel conversion is then one table read, with no float copy of the volume.
 */
export function halfFloatHuTable(rescaleSlope: number, rescaleIntercept: number): Uint16Array {
  const table = new Uint16Array(65536);
  for (let v = -32768; v < 32768; v++) table[v + 32768] = halfFloatBits(v * rescaleSlope + rescaleIntercept);
  return table;
}

/** Writes the half-float HU of `stored` into `out` (same length), through `table` (halfFloatHuTable). */
export function storedToHalfFloatHu(stored: Int16Array, table: Uint16Array, out: Uint16Array): void {
  for (let p = 0; p < stored.length; p++) out[p] = table[stored[p]! + 32768]!;
}
