/**
 * Recommended display colours of segments (PS3.3 C.8.20.2, RecommendedDisplayCIELabValue): CIELab under
 * the D65 white point, scaled to unsigned 16-bit as PS3.3 C.10.7.1.1 says: L* 0..100 -> 0..0xFFFF,
 * a* and b* -128..127 -> 0..0xFFFF. Converted from and to sRGB (IEC 61966-2-1) with the CIE 1976 formulas.
 */

export type Rgb = readonly [number, number, number];
export type DicomLab = [number, number, number];

/** D65 reference white (CIE 15:2004), Y = 1. */
const WHITE = [0.95047, 1, 1.08883] as const;

const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const fromLinear = (c: number) => (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);
const f = (t: number) => (t > (6 / 29) ** 3 ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29);
const fInverse = (t: number) => (t > 6 / 29 ? t ** 3 : 3 * (6 / 29) ** 2 * (t - 4 / 29));
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** sRGB 0..255 -> the DICOM-scaled CIELab triple. */
export function rgbToDicomLab(rgb: Rgb): DicomLab {
  const [r, g, b] = rgb.map((c) => toLinear(c / 255)) as [number, number, number];
  // sRGB -> XYZ (IEC 61966-2-1 matrix).
  const x = 0.4124 * r + 0.3576 * g + 0.1805 * b;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = 0.0193 * r + 0.1192 * g + 0.9505 * b;
  const fx = f(x / WHITE[0]);
  const fy = f(y / WHITE[1]);
  const fz = f(z / WHITE[2]);
  const L = 116 * fy - 16;
  const A = 500 * (fx - fy);
  const B = 200 * (fy - fz);
  return [
    Math.round(clamp(L / 100, 0, 1) * 0xffff),
    Math.round(clamp((A + 128) / 255, 0, 1) * 0xffff),
    Math.round(clamp((B + 128) / 255, 0, 1) * 0xffff),
  ];
}

/** The DICOM-scaled CIELab triple -> sRGB 0..255 (rounded; out-of-gamut values clamped). */
export function dicomLabToRgb(lab: readonly number[]): [number, number, number] {
  const L = ((lab[0] ?? 0) / 0xffff) * 100;
  const A = ((lab[1] ?? 0) / 0xffff) * 255 - 128;
  const B = ((lab[2] ?? 0) / 0xffff) * 255 - 128;
  const fy = (L + 16) / 116;
  const x = WHITE[0] * fInverse(fy + A / 500);
  const y = WHITE[1] * fInverse(fy);
  const z = WHITE[2] * fInverse(fy - B / 200);
  const r = 3.2406 * x - 1.5372 * y - 0.4986 * z;
  const g = -0.9689 * x + 1.8758 * y + 0.0415 * z;
  const b = 0.0557 * x - 0.204 * y + 1.057 * z;
  return [r, g, b].map((c) => Math.round(clamp(fromLinear(clamp(c, 0, 1)), 0, 1) * 255)) as [
    number,
    number,
    number,
  ];
}

/** "#rrggbb" -> [r, g, b]; undefined for anything else. */
export function parseHexColour(hex: string): Rgb | undefined {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  return m ? [Number.parseInt(m[1]!, 16), Number.parseInt(m[2]!, 16), Number.parseInt(m[3]!, 16)] : undefined;
}

/** [r, g, b] -> "#rrggbb". */
export const hexColour = (rgb: Rgb): string =>
  `#${rgb
    .map((c) =>
      Math.round(clamp(c, 0, 255))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
