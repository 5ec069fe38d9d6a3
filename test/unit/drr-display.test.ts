import { describe, expect, it } from 'vitest';
import {
  abcWindow,
  blurredAt,
  displaySettingsFor,
  drrGrey,
  drrSizeFor,
  gaussianTaps,
  hashU32,
  lowPass,
  lowPassFactor,
  MONITOR_LOOK,
  NO_DATA_GREY,
  noiseDeviate,
  PLAIN_LOOK,
  photonsAtReference,
  renderDrrGrey,
  withQuantumNoise,
} from '../../src/volume/drrDisplay';

const filled = (n: number, f: (x: number, y: number) => number) => {
  const a = new Float32Array(n * n);
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) a[y * n + x] = f(x, y);
  return a;
};

describe('DRR display pipeline (CPU twin of the GPU passes)', () => {
  it('sizes: a multiple of the low-pass block, at most 1024, half while dragging stays a multiple', () => {
    for (const px of [100, 333, 512, 610, 777, 1024, 2000]) {
      const n = drrSizeFor(px);
      expect(n % lowPassFactor(n)).toBe(0);
      expect(n).toBeLessThanOrEqual(1024);
      expect(Math.abs(n - Math.min(px, 1024))).toBeLessThan(lowPassFactor(n));
    }
    expect(drrSizeFor(1400, 256)).toBe(256);
  });

  it('Gaussian taps are normalised and the low pass of a constant is that constant', () => {
    for (const sigma of [0, 0.5, 3, 12]) {
      const w = gaussianTaps(sigma);
      expect(w[0]! + 2 * w.slice(1).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
    }
    const n = 256;
    const lp = lowPass(
      filled(n, () => 3.25),
      filled(n, () => 1),
      n,
      4,
    );
    expect(lp.m).toBe(128);
    expect(blurredAt(lp, 10.3, 200.7)).toBeCloseTo(3.25, 5);
  });

  it('the plain look with a fixed window is the window on the line integral; no data fades to flat grey', () => {
    const n = 64;
    const p = filled(n, (x, y) => 2 + x / 32 + y / 64);
    const coverage = filled(n, (_x, y) => (y < 8 ? 0 : 1));
    const lp = lowPass(p, coverage, n, 2);
    const window = { centre: 3, width: 2 };
    const s = displaySettingsFor(lp, {
      look: PLAIN_LOOK,
      fieldMm: 300,
      collimation: 1,
      blackBone: true,
      fixedWindow: window,
    });
    const grey = renderDrrGrey(p, coverage, n, lp, s);
    const inside = 40 * n + 33;
    expect(grey[inside]).toBe(Math.round(drrGrey(p[inside]!, window, true) * 255));
    expect(grey[2 * n + 32]).toBe(Math.round(NO_DATA_GREY * 255));
    expect(grey[0]).toBe(0); // outside the iris
  });

  it('edge enhancement raises a small structure against its surroundings, compresses the large range', () => {
    const n = 128;
    // A 6-pixel square 0.2 above a slope of 2 across the field.
    const p = filled(n, (x, y) => 2 + (2 * x) / n + (Math.abs(x - 64) < 3 && Math.abs(y - 64) < 3 ? 0.2 : 0));
    const lp = lowPass(
      p,
      filled(n, () => 1),
      n,
      6,
    );
    const e = (x: number, y: number) =>
      MONITOR_LOOK.lowFrequencyGain * blurredAt(lp, x, y) +
      (1 + MONITOR_LOOK.edgeGain) * (p[y * n + x]! - blurredAt(lp, x, y));
    expect(e(64, 64) - e(72, 64)).toBeGreaterThan(0.2 * 1.5);
    expect(Math.abs(e(100, 30) - e(28, 30))).toBeLessThan(0.6 * Math.abs(p[30 * n + 100]! - p[30 * n + 28]!));
  });

  it('the automatic window measures the collimated field only, without rays beyond the scanned range', () => {
    const n = 128;
    const p = filled(n, (x, y) => (Math.hypot(x - 64, y - 64) < 20 ? 4 : 1));
    const lp = lowPass(
      p,
      filled(n, () => 1),
      n,
      0.1,
    );
    const narrow = abcWindow(lp, PLAIN_LOOK, 0.3).window;
    const wide = abcWindow(lp, PLAIN_LOOK, 1).window;
    expect(narrow.centre).toBeCloseTo(4, 3);
    expect(wide.centre).toBeCloseTo(1, 3);
    const uncovered = lowPass(
      p,
      filled(n, (x, y) => (Math.hypot(x - 64, y - 64) < 20 ? 0 : 1)),
      n,
      0.1,
    );
    expect(abcWindow(uncovered, PLAIN_LOOK, 1).window.centre).toBeCloseTo(1, 3);
  });

  it('quantum noise: Poisson spread of the log image at the dose level, same bits for the same seed', () => {
    expect(hashU32(0)).toBe(hashU32(0));
    expect(hashU32(1)).not.toBe(hashU32(2));
    expect(noiseDeviate(17, 3)).toBe(noiseDeviate(17, 3));
    expect(noiseDeviate(17, 3)).not.toBe(noiseDeviate(17, 4));
    const photons = photonsAtReference('standard', 300, 512);
    expect(photons).toBeGreaterThan(100);
    const values: number[] = [];
    for (let i = 0; i < 20000; i++) values.push(withQuantumNoise(5, 5, photons, noiseDeviate(i, 1)));
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    // ln of Poisson counts: sd ~ 1 / sqrt(lambda).
    expect(sd * Math.sqrt(photons)).toBeGreaterThan(0.93);
    expect(sd * Math.sqrt(photons)).toBeLessThan(1.07);
    expect(Math.abs(mean - 5)).toBeLessThan(0.01);
    // Behind more attenuation, fewer photons: noisier.
    const behind = Array.from({ length: 2000 }, (_, i) =>
      withQuantumNoise(6, 5, photons, noiseDeviate(i, 2)),
    );
    const sdBehind = Math.sqrt(behind.reduce((s, v) => s + (v - 6) ** 2, 0) / behind.length);
    expect(sdBehind).toBeGreaterThan(1.4 * sd);
    expect(photonsAtReference('off', 300, 512)).toBe(0);
  });
});
