/**
 * From line integrals to monitor grey levels: the one display pipeline of the simulated fluoroscopy, used by
 * the C-arm monitor (GPU, shaders/drrDisplay.frag and its passes), the trainee's monitor (the same view) and
 * the printed report (CPU, `renderDrrGrey`). The GPU passes follow these functions step for step, so this
 * module is their test oracle. What a room system does (J. T. Bushberg et al., The Essential Physics of Medical Imaging, 3rd ed. 2012,
 * ch. 9 Fluoroscopy: log display, automatic brightness control, edge enhancement, recursive filtering), in order:
 *
 * 1. Log domain: the image is p = sum(mu ds) = -ln(I / I0) per detector pixel (volume/drr.ts).
 * 2. Quantum noise (optional): detected photons are Poisson with mean N0 exp(-p); the dose level sets N0 at
 *    the anatomy the automatic brightness control looks at.
 * 3. Edge enhancement by unsharp masking, with the low frequencies (body thickness) compressed: e = g B +
 *    (1 + k)(p - B), B a Gaussian blur of p (Vuylsteke & Schoeters 1994 and the unsharp-mask "harmonisation"
 *    of digital radiography: detail kept, the range from flank to spine narrowed so both fit one window).
 * 4. Automatic brightness/contrast (ABC) from the histogram of e inside the collimated field, as room
 *    systems measure their dose and brightness in the exposed field; the user's brightness/contrast act on top.
 * 5. Polarity (black bone on the fluoroscopy monitor), then beyond the scanned range a fade to a flat grey
 *    so no white band pretends to be air, and black outside the iris collimator.
 */

/** A window on the enhanced log image e: grey = 0.5 + (e - centre) / width, clamped to [0, 1]. */
export interface DrrWindow {
  centre: number;
  width: number;
}

/** The processing of the log image: unsharp mask and low-frequency compression. */
export interface DrrLook {
  /** Gain k on the detail finer than the blur (0 = no edge enhancement). */
  edgeGain: number;
  /** Gain g on the blurred part (1 = unchanged, < 1 compresses the body's thickness range). */
  lowFrequencyGain: number;
  /** Gaussian sigma of the blur, mm at the detector. */
  blurSigmaMm: number;
}

/** What the room's fluoroscopy monitor shows: strong edge enhancement, body thickness compressed. */
export const MONITOR_LOOK: DrrLook = { edgeGain: 1.5, lowFrequencyGain: 0.35, blurSigmaMm: 8 };
/** The plain log image (e = p): for tests and for comparing with the line integrals. */
export const PLAIN_LOOK: DrrLook = { edgeGain: 0, lowFrequencyGain: 1, blurSigmaMm: 8 };

/**
 * Quantum noise levels as the detector entrance dose per displayed image behind the anatomy the ABC
 * measures, after the system's temporal filter: flat-panel fluoroscopy runs at about 10-40 nGy per frame
 * and a digital spot image at about 10x that (Cowen, Davies & Sivananthan, Clin Radiol 2008;63:1073-85).
 * 'low' is one 15 nGy frame unfiltered, 'standard' four such frames averaged, 'spot' a spot image.
 */
export type DoseLevel = 'off' | 'low' | 'standard' | 'spot';
export const DOSE_LEVELS: readonly DoseLevel[] = ['off', 'low', 'standard', 'spot'];
export const DETECTOR_DOSE_NGY: Record<Exclude<DoseLevel, 'off'>, number> = {
  low: 15,
  standard: 60,
  spot: 400,
};
/** Photon fluence per air kerma of the RQA5 beam (70 kV): 29,653 per mm^2 per uGy (IEC 62220-1-1:2015). */
export const PHOTONS_PER_MM2_PER_NGY = 29.653;

/** The low-pass image (B) is computed on a grid of about this many pixels a side, whatever the DRR size. */
export const LOW_PASS_GRID_PX = 128;
/** The blur's taps each side are capped here (the shader's array). */
export const MAX_BLUR_TAPS = 24;
/** Grey (0..1, as displayed) where the CT does not cover the ray at all. */
export const NO_DATA_GREY = 0.22;
/** Largest DRR side computed (GPU); the view's own pixel count below that. */
export const MAX_DRR_PX = 1024;

/** Block size of the low-pass grid for an n-pixel DRR. */
export const lowPassFactor = (n: number): number => Math.max(1, Math.round(n / LOW_PASS_GRID_PX));

/** The DRR side (pixels) for a view `px` device pixels across: a multiple of its low-pass block, <= max. */
export function drrSizeFor(px: number, maxPx = MAX_DRR_PX): number {
  const n = Math.max(32, Math.min(maxPx, Math.round(px)));
  const f = lowPassFactor(n);
  return Math.floor(n / f) * f;
}

/** Normalised half-kernel w[0..R] of a Gaussian of sigmaPx (w[0] + 2 sum w[1..R] = 1), as float32. */
export function gaussianTaps(sigmaPx: number): Float32Array {
  const radius = Math.max(0, Math.min(MAX_BLUR_TAPS, Math.ceil(3 * sigmaPx)));
  const w = new Float32Array(radius + 1);
  let sum = 0;
  for (let i = 0; i <= radius; i++) {
    w[i] = sigmaPx > 0 ? Math.exp(-(i * i) / (2 * sigmaPx * sigmaPx)) : i === 0 ? 1 : 0;
    sum += i === 0 ? w[i]! : 2 * w[i]!;
  }
  for (let i = 0; i <= radius; i++) w[i] = w[i]! / sum;
  return w;
}

/**
 * Step 1b, for thick-slice CT: a Gaussian along the image's columns (the patient's S-I axis in every C-arm view
 * within +-45 deg of tilt) of 0.4 slice spacings at the isocentre. Trilinear interpolation makes the
 * projection piecewise linear from slice to slice, and the edge enhancement turned those kinks into one line
 * per slice; this takes them out before it (about 1.8 mm at the detector for 3 mm slices, 0.6 mm for 1 mm).
 */
export const sliceSmoothingSigmaMm = (sliceSpacingMm: number, magnification: number): number =>
  0.4 * sliceSpacingMm * magnification;

/** Most taps each side of the slice smoothing (the shader's loop bound). */
export const MAX_SMOOTH_TAPS = 32;

/**
 * The slice smoothing on an n x n image (rows top to bottom), clamp to edge, as float32 sums like the shader,
 * on the CT's share of the line integrals (the needles' `steel` is analytic: it is added back unsmoothed)
 * and on the coverage. sigmaPx < 0.3: unchanged (copies).
 */
export function smoothColumns(
  lineIntegrals: Float32Array,
  coverage: Float32Array,
  n: number,
  sigmaPx: number,
  steel?: Float32Array,
): { lineIntegrals: Float32Array; coverage: Float32Array } {
  if (sigmaPx < 0.3) return { lineIntegrals: lineIntegrals.slice(), coverage: coverage.slice() };
  const ct = steel ? lineIntegrals.map((v, i) => v - steel[i]!) : lineIntegrals;
  const taps = smoothingTaps(sigmaPx);
  const radius = taps.length - 1;
  const p = new Float32Array(n * n);
  const c = new Float32Array(n * n);
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) {
      let sp = taps[0]! * ct[y * n + x]!;
      let sc = taps[0]! * coverage[y * n + x]!;
      for (let i = 1; i <= radius; i++) {
        const a = Math.max(0, y - i) * n + x;
        const b = Math.min(n - 1, y + i) * n + x;
        sp += taps[i]! * (ct[a]! + ct[b]!);
        sc += taps[i]! * (coverage[a]! + coverage[b]!);
      }
      p[y * n + x] = sp + (steel?.[y * n + x] ?? 0);
      c[y * n + x] = sc;
    }
  return { lineIntegrals: p, coverage: c };
}

/** Half-kernel of the slice smoothing (at most MAX_SMOOTH_TAPS a side). */
export function smoothingTaps(sigmaPx: number): Float32Array {
  const radius = Math.max(0, Math.min(MAX_SMOOTH_TAPS, Math.ceil(2.5 * sigmaPx)));
  const w = new Float32Array(radius + 1);
  let sum = 0;
  for (let i = 0; i <= radius; i++) {
    w[i] = Math.exp(-(i * i) / (2 * sigmaPx * sigmaPx));
    sum += i === 0 ? w[i]! : 2 * w[i]!;
  }
  for (let i = 0; i <= radius; i++) w[i] = w[i]! / sum;
  return w;
}

/** The low-pass grid of an n x n DRR: m x m blocks of f x f pixels, rows top to bottom. */
export interface DrrLowPass {
  n: number;
  f: number;
  m: number;
  /** Gaussian blur of `mean` (B on the coarse grid). */
  blurred: Float32Array;
  /** Block mean of the line integrals. */
  mean: Float32Array;
  /** Block mean of the coverage. */
  coverage: Float32Array;
}

/** Blur sigma in low-pass grid pixels for a detector field of `fieldMm` shown on an n-pixel DRR. */
export const blurSigmaPx = (look: DrrLook, fieldMm: number, n: number): number =>
  look.blurSigmaMm / ((fieldMm / n) * lowPassFactor(n));

/**
 * Block means (f x f, n a multiple of f) then a separable Gaussian (clamp to edge), each sum in float32
 * like the shader's passes.
 */
export function lowPass(
  lineIntegrals: Float32Array,
  coverage: Float32Array,
  n: number,
  sigmaPx: number,
): DrrLowPass {
  const f = lowPassFactor(n);
  const m = Math.ceil(n / f);
  const mean = new Float32Array(m * m);
  const cov = new Float32Array(m * m);
  for (let bj = 0; bj < m; bj++)
    for (let bi = 0; bi < m; bi++) {
      let s = 0;
      let c = 0;
      let count = 0;
      for (let y = bj * f; y < Math.min(n, bj * f + f); y++)
        for (let x = bi * f; x < Math.min(n, bi * f + f); x++) {
          s += lineIntegrals[y * n + x]!;
          c += coverage[y * n + x]!;
          count++;
        }
      mean[bj * m + bi] = s / count;
      cov[bj * m + bi] = c / count;
    }
  const taps = gaussianTaps(sigmaPx);
  const radius = taps.length - 1;
  const clampI = (i: number) => Math.min(m - 1, Math.max(0, i));
  const horizontal = new Float32Array(m * m);
  for (let y = 0; y < m; y++)
    for (let x = 0; x < m; x++) {
      let s = taps[0]! * mean[y * m + x]!;
      for (let i = 1; i <= radius; i++)
        s += taps[i]! * (mean[y * m + clampI(x - i)]! + mean[y * m + clampI(x + i)]!);
      horizontal[y * m + x] = s;
    }
  const blurred = new Float32Array(m * m);
  for (let y = 0; y < m; y++)
    for (let x = 0; x < m; x++) {
      let s = taps[0]! * horizontal[y * m + x]!;
      for (let i = 1; i <= radius; i++)
        s += taps[i]! * (horizontal[clampI(y - i) * m + x]! + horizontal[clampI(y + i) * m + x]!);
      blurred[y * m + x] = s;
    }
  return { n, f, m, blurred, mean, coverage: cov };
}

/** Bilinear value of a row-major m x m grid at (u, v) in its pixel coordinates (centres at integers), clamped. */
export function bilinear(grid: Float32Array, m: number, u: number, v: number): number {
  const uc = Math.min(m - 1, Math.max(0, u));
  const vc = Math.min(m - 1, Math.max(0, v));
  const i0 = Math.floor(uc);
  const j0 = Math.floor(vc);
  const i1 = Math.min(m - 1, i0 + 1);
  const j1 = Math.min(m - 1, j0 + 1);
  const a = uc - i0;
  const b = vc - j0;
  const top = grid[j0 * m + i0]! * (1 - a) + grid[j0 * m + i1]! * a;
  const bottom = grid[j1 * m + i0]! * (1 - a) + grid[j1 * m + i1]! * a;
  return top * (1 - b) + bottom * b;
}

/** B at DRR pixel position (x, y) (pixel centres at integers): bilinear on the low-pass grid. */
export const blurredAt = (lp: DrrLowPass, x: number, y: number): number =>
  bilinear(lp.blurred, lp.m, (x + 0.5) / lp.f - 0.5, (y + 0.5) / lp.f - 0.5);

/** Step 3: unsharp mask with low-frequency compression. */
export const enhance = (p: number, blurred: number, look: DrrLook): number =>
  look.lowFrequencyGain * blurred + (1 + look.edgeGain) * (p - blurred);

/** The automatic window and the line integral the dose refers to. */
export interface AbcResult {
  window: DrrWindow;
  /** Median line integral of the measured field: the detector dose of the dose level is reached there. */
  pRef: number;
}

/**
 * Step 4, automatic brightness control: the histogram of e over the low-pass grid inside the collimated field
 * (radius 0.45 x collimation of the field, so the iris edge is not measured), leaving out rays beyond the
 * scanned range (coverage < 0.5) and the direct beam beside the patient (p < 0.05). Centre = median, width =
 * 1st-99th percentile spread (at least 0.3). Order-independent, so the GPU's bottom-up readback gives the same.
 */
export function abcWindow(lp: DrrLowPass, look: DrrLook, collimation: number): AbcResult {
  const values: number[] = [];
  const ps: number[] = [];
  const radius = 0.45 * collimation;
  for (let bj = 0; bj < lp.m; bj++)
    for (let bi = 0; bi < lp.m; bi++) {
      const fx = ((bi + 0.5) * lp.f) / lp.n - 0.5;
      const fy = ((bj + 0.5) * lp.f) / lp.n - 0.5;
      if (fx * fx + fy * fy > radius * radius) continue;
      const k = bj * lp.m + bi;
      const p = lp.mean[k]!;
      if (lp.coverage[k]! < 0.5 || p < 0.05) continue;
      values.push(enhance(p, lp.blurred[k]!, look));
      ps.push(p);
    }
  if (values.length === 0) return { window: { centre: 1, width: 2 }, pRef: 1 };
  values.sort((a, b) => a - b);
  ps.sort((a, b) => a - b);
  const at = (v: number[], q: number) => v[Math.min(v.length - 1, Math.floor(q * v.length))]!;
  return {
    window: { centre: at(values, 0.5), width: Math.max(0.3, at(values, 0.99) - at(values, 0.01)) },
    pRef: at(ps, 0.5),
  };
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

/** Grey level 0..1 for a (log-domain) value: white bone (radiograph) or black bone (fluoroscopy monitor). */
export function drrGrey(p: number, w: DrrWindow, blackBone: boolean): number {
  const g = Math.min(1, Math.max(0, 0.5 + (p - w.centre) / w.width));
  return blackBone ? 1 - g : g;
}

/** 32-bit integer hash (Wang 1997), written so GLSL's uint arithmetic gives the same bits. */
export function hashU32(x: number): number {
  let h = (x ^ 61 ^ (x >>> 16)) >>> 0;
  h = Math.imul(h, 9) >>> 0;
  h = (h ^ (h >>> 4)) >>> 0;
  h = Math.imul(h, 0x27d4eb2d) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

/** Uniform in (0, 1) from the top 24 bits of a hash (exact in float32). */
const unit = (h: number): number => ((h >>> 8) + 0.5) / 16777216;

/** Standard normal deviate for DRR pixel `index` (rows top to bottom) and image `seed` (Box-Muller). */
export function noiseDeviate(index: number, seed: number): number {
  const mix = hashU32(seed >>> 0);
  const u1 = unit(hashU32((2 * index + mix) >>> 0));
  const u2 = unit(hashU32((2 * index + 1 + mix) >>> 0));
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Mean detected photons per DRR pixel at the ABC's reference line integral, for a dose level. */
export function photonsAtReference(dose: DoseLevel, fieldMm: number, n: number): number {
  if (dose === 'off') return 0;
  const pixelMm = fieldMm / n;
  return DETECTOR_DOSE_NGY[dose] * PHOTONS_PER_MM2_PER_NGY * pixelMm * pixelMm;
}

/**
 * Step 2: the line integral as the detector would measure it with `photons` expected at pRef: counts
 * Poisson(lambda), lambda = photons exp(pRef - p), drawn in the normal approximation lambda + sqrt(lambda) z
 * (floored at half a photon), back to the log domain. photons <= 0: no noise.
 */
export function withQuantumNoise(p: number, pRef: number, photons: number, z: number): number {
  if (photons <= 0) return p;
  const lambda = photons * Math.exp(pRef - p);
  const counts = Math.max(0.5, lambda + Math.sqrt(lambda) * z);
  return pRef - Math.log(counts / photons);
}

/** Everything the display step needs besides the images. */
export interface DrrDisplaySettings {
  look: DrrLook;
  window: DrrWindow;
  blackBone: boolean;
  /** Iris: open radius as a fraction of the field (0.3..1); black outside. */
  collimation: number;
  /** Mean photons per pixel at pRef (0 = no noise) and the image's noise seed. */
  photons: number;
  pRef: number;
  noiseSeed: number;
}

/**
 * Step 5 for one DRR pixel (x, y) (rows top to bottom) whose line integral is `p` and coverage `coverage`:
 * 0..1 as displayed, before 8-bit rounding.
 */
export function displayGreyAt(
  lp: DrrLowPass,
  x: number,
  y: number,
  p: number,
  coverage: number,
  s: DrrDisplaySettings,
): number {
  const n = lp.n;
  const fx = (x + 0.5) / n - 0.5;
  const fy = (y + 0.5) / n - 0.5;
  if (Math.hypot(fx, fy) > 0.5 * s.collimation) return 0;
  const z = s.photons > 0 ? noiseDeviate(Math.round(y) * n + Math.round(x), s.noiseSeed) : 0;
  const noisy = withQuantumNoise(p, s.pRef, s.photons, z);
  const e = enhance(noisy, blurredAt(lp, x, y), s.look);
  const grey = drrGrey(e, s.window, s.blackBone);
  const c = Math.min(1, Math.max(0, coverage));
  return NO_DATA_GREY + (grey - NO_DATA_GREY) * c;
}

/** The whole display pipeline on the CPU: n x n grey levels 0-255 (rows top to bottom), the field filling it. */
export function renderDrrGrey(
  lineIntegrals: Float32Array,
  coverage: Float32Array,
  n: number,
  lp: DrrLowPass,
  s: DrrDisplaySettings,
): Uint8ClampedArray {
  const grey = new Uint8ClampedArray(n * n);
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) {
      const i = y * n + x;
      grey[i] = Math.round(displayGreyAt(lp, x, y, lineIntegrals[i]!, coverage[i]!, s) * 255);
    }
  return grey;
}

/** The settings of one image from its rays: ABC window (or a fixed one), user adjustments, dose. */
export function displaySettingsFor(
  lp: DrrLowPass,
  opts: {
    look: DrrLook;
    fieldMm: number;
    collimation: number;
    blackBone: boolean;
    brightness?: number;
    contrast?: number;
    fixedWindow?: DrrWindow | null;
    dose?: DoseLevel;
    noiseSeed?: number;
  },
): DrrDisplaySettings {
  const abc = abcWindow(lp, opts.look, opts.collimation);
  const base = opts.fixedWindow ?? abc.window;
  return {
    look: opts.look,
    window: adjustWindow(base, opts.brightness ?? 0, opts.contrast ?? 1, opts.blackBone),
    blackBone: opts.blackBone,
    collimation: opts.collimation,
    photons: photonsAtReference(opts.dose ?? 'off', opts.fieldMm, lp.n),
    pRef: abc.pRef,
    noiseSeed: opts.noiseSeed ?? 0,
  };
}

/** The CPU pipeline from rays to grey levels in one call (report pictures, tests, tools). */
export function drrPicture(
  rays: { lineIntegrals: Float32Array; coverage: Float32Array; steel?: Float32Array },
  n: number,
  opts: Parameters<typeof displaySettingsFor>[1] & { smoothSigmaMm?: number },
): { grey: Uint8ClampedArray; settings: DrrDisplaySettings; lowPass: DrrLowPass } {
  const smooth = smoothColumns(
    rays.lineIntegrals,
    rays.coverage,
    n,
    (opts.smoothSigmaMm ?? 0) / (opts.fieldMm / n),
    rays.steel,
  );
  const lp = lowPass(smooth.lineIntegrals, smooth.coverage, n, blurSigmaPx(opts.look, opts.fieldMm, n));
  const settings = displaySettingsFor(lp, opts);
  return {
    grey: renderDrrGrey(smooth.lineIntegrals, smooth.coverage, n, lp, settings),
    settings,
    lowPass: lp,
  };
}
