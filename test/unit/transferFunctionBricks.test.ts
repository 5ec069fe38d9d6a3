import { describe, expect, it } from 'vitest';
import { brickRangesRequest, makeBrickRanges } from '../../src/volume/brickRangesRequest';
import {
  brickOccupancy,
  computeBrickRanges,
  lutOpacityTest,
  occupiedFraction,
} from '../../src/volume/bricks';
import { trilinearStored } from '../../src/volume/sample';
import {
  buildTransferFunctionLut,
  type TransferFunction,
  transferFunctionRange,
} from '../../src/volume/transfer/transferFunction';
import { huHistogram, logHistogramHeights } from '../../src/volume/transfer/transferFunctionHistogram';
import { VOLUME_PRESETS } from '../../src/volume/transfer/transferFunctionPresets';

/** Seeded LCG so the random volumes are the same every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A CT-like block: air with a dense ball and a few random spikes (so bricks differ). */
function volumeOf(dims: [number, number, number], seed: number) {
  const [nx, ny, nz] = dims;
  const rand = rng(seed);
  const data = new Int16Array(nx * ny * nz).fill(-1000);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++)
        if (Math.hypot(i - nx / 3, j - ny / 2, k - nz / 2) < Math.min(nx, ny, nz) / 4)
          data[i + nx * (j + ny * k)] = 200 + Math.floor(rand() * 800);
  for (let s = 0; s < 20; s++) data[Math.floor(rand() * data.length)] = 1500;
  return { data, dims, rescaleSlope: 1, rescaleIntercept: 0 } as const;
}

describe('empty-space bricks', () => {
  it('holds every trilinear sample a brick owns within its HU range (one-voxel apron)', () => {
    const dims: [number, number, number] = [37, 29, 23];
    const volume = volumeOf(dims, 7);
    const B = 8;
    const ranges = computeBrickRanges(volume, B);
    expect(ranges.brickDims).toEqual([5, 4, 3]);
    const rand = rng(99);
    const [nx, ny, nz] = dims;
    let outside = 0;
    for (let n = 0; n < 20_000; n++) {
      // A texture coordinate in [0,1)^3 and the brick the shader assigns it: floor(tc * dims / B).
      const tc = [rand(), rand(), rand()];
      const b = tc.map((t, a) => Math.floor((t * dims[a]!) / B));
      const index = b[0]! + ranges.brickDims[0] * (b[1]! + ranges.brickDims[1] * b[2]!);
      const hu = trilinearStored(
        volume.data,
        nx,
        ny,
        nz,
        tc[0]! * nx - 0.5,
        tc[1]! * ny - 0.5,
        tc[2]! * nz - 0.5,
      );
      if (!(hu >= ranges.minHu[index]! && hu <= ranges.maxHu[index]!)) outside++;
    }
    expect(outside).toBe(0);
  });

  it('equals a brute-force min/max over each brick plus its apron (within the half-float margin)', () => {
    const dims: [number, number, number] = [33, 17, 40];
    const volume = volumeOf(dims, 3);
    const B = 16;
    const ranges = computeBrickRanges(volume, B);
    const [nx, ny, nz] = dims;
    const [bx, by, bz] = ranges.brickDims;
    for (let c = 0; c < bz; c++)
      for (let b = 0; b < by; b++)
        for (let a = 0; a < bx; a++) {
          let lo = Infinity;
          let hi = -Infinity;
          for (let k = Math.max(0, c * B - 1); k <= Math.min(nz - 1, c * B + B); k++)
            for (let j = Math.max(0, b * B - 1); j <= Math.min(ny - 1, b * B + B); j++)
              for (let i = Math.max(0, a * B - 1); i <= Math.min(nx - 1, a * B + B); i++) {
                const v = volume.data[i + nx * (j + ny * k)]!;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
              }
          const q = a + bx * (b + by * c);
          expect(lo - ranges.minHu[q]!).toBeGreaterThanOrEqual(1);
          // Widened by 1 HU and the half-float margin, then outward to a whole HU (< 1 more).
          expect(lo - ranges.minHu[q]!).toBeLessThan(2 + Math.abs(lo) / 2048);
          expect(ranges.maxHu[q]! - hi).toBeGreaterThanOrEqual(1);
          expect(ranges.maxHu[q]! - hi).toBeLessThan(2 + Math.abs(hi) / 2048);
        }
  });

  it("the worker's request reads shared voxels in place and gives the same ranges, in transferable buffers", () => {
    const dims: [number, number, number] = [37, 21, 19];
    const plain = volumeOf(dims, 5);
    const data = new Int16Array(new SharedArrayBuffer(plain.data.byteLength));
    data.set(plain.data);
    const request = brickRangesRequest({ ...plain, data }, 4);
    expect(request.data.buffer).toBe(data.buffer);
    const ranges = makeBrickRanges(request);
    const reference = computeBrickRanges(plain, 4);
    expect(ranges.brickDims).toEqual(reference.brickDims);
    expect([...ranges.minHu]).toEqual([...reference.minHu]);
    expect([...ranges.maxHu]).toEqual([...reference.maxHu]);
    expect(ranges.minHu.buffer).toBeInstanceOf(ArrayBuffer);
    expect(ranges.maxHu.buffer).toBeInstanceOf(ArrayBuffer);
  });

  it('applies rescale slope and intercept (negative slope swaps the ends)', () => {
    const data = new Int16Array(8).fill(10);
    data[3] = 20;
    const r = computeBrickRanges({ data, dims: [2, 2, 2], rescaleSlope: -2, rescaleIntercept: 5 }, 16);
    expect(r.minHu[0]).toBe(Math.floor(-35 - 1 - 35 / 2048));
    expect(r.maxHu[0]).toBe(Math.ceil(-15 + 1 + 15 / 2048));
  });

  it('keeps whole-HU bounds in 2 bytes a brick, and 4 where a bound leaves the Int16 range', () => {
    const data = new Int16Array(8).fill(-1024);
    data[5] = 3071;
    const ct = computeBrickRanges({ data, dims: [2, 2, 2], rescaleSlope: 1, rescaleIntercept: 0 }, 16);
    expect(ct.minHu).toBeInstanceOf(Int16Array);
    expect(ct.maxHu).toBeInstanceOf(Int16Array);
    expect([ct.minHu[0], ct.maxHu[0]]).toEqual([
      Math.floor(-1025 - 1024 / 2048),
      Math.ceil(3072 + 3071 / 2048),
    ]);
    // A stored 30 000 at slope 2 is 60 000 HU: no Int16 holds it, so the bounds stay Float32 and exact.
    data[5] = 30_000;
    const wide = computeBrickRanges({ data, dims: [2, 2, 2], rescaleSlope: 2, rescaleIntercept: 0 }, 16);
    expect(wide.maxHu).toBeInstanceOf(Float32Array);
    expect(wide.maxHu[0]).toBe(Math.ceil(60_001 + 60_000 / 2048));
    expect(wide.minHu[0]).toBe(Math.floor(-2049 - 2048 / 2048));
  });
});

describe('occupancy per transfer function', () => {
  const bone = VOLUME_PRESETS.bone.transferFunction;
  const testOf = (tf: TransferFunction) => {
    const range = transferFunctionRange(tf);
    return {
      test: lutOpacityTest(buildTransferFunctionLut(tf, range), range),
      lut: buildTransferFunctionLut(tf, range),
      range,
    };
  };

  it('calls air and soft tissue empty for the bone preset and bone ranges visible', () => {
    const { test } = testOf(bone);
    expect(test(-1024, -900)).toBe(false);
    expect(test(-1000, 100)).toBe(false);
    expect(test(-1000, 160)).toBe(true); // reaches the ramp
    expect(test(400, 600)).toBe(true);
    expect(test(3000, 3100)).toBe(true); // beyond the LUT: clamps to the last (opaque) entry
    const skin = testOf(VOLUME_PRESETS.skin.transferFunction).test;
    expect(skin(-1024, -900)).toBe(false);
    expect(skin(-1024, -480)).toBe(true);
  });

  it('never calls a range empty where a linear LUT lookup gives non-zero opacity (all presets, random ranges)', () => {
    const rand = rng(5);
    for (const preset of Object.values(VOLUME_PRESETS)) {
      const { test, lut, range } = testOf(preset.transferFunction);
      const size = lut.length / 4;
      const lookup = (hu: number) => {
        const x = Math.min(
          size - 1,
          Math.max(0, ((hu - range.minHu) / (range.maxHu - range.minHu)) * size - 0.5),
        );
        const e = Math.min(size - 2, Math.floor(x));
        const f = x - e;
        return lut[e * 4 + 3]! * (1 - f) + lut[(e + 1) * 4 + 3]! * f;
      };
      for (let n = 0; n < 300; n++) {
        const lo = -1100 + rand() * 3500;
        const hi = lo + rand() * 300;
        let visible = false;
        for (let hu = lo; hu <= hi; hu += 0.5) if (lookup(hu) > 0) visible = true;
        if (visible) expect(test(lo, hi)).toBe(true);
      }
    }
  });

  it('marks bricks of a ball in air: only the ball bricks are occupied for bone', () => {
    const volume = volumeOf([64, 64, 64], 11);
    const ranges = computeBrickRanges(volume, 16);
    const { test } = testOf(bone);
    const occupancy = brickOccupancy(ranges, test);
    const fraction = occupiedFraction(occupancy);
    // Ball of radius 16 at (21, 32, 32) plus 20 spikes: well under all 64 bricks, more than none.
    expect(fraction).toBeGreaterThan(0.1);
    expect(fraction).toBeLessThan(0.8);
    expect(occupiedFraction(brickOccupancy(ranges, () => false))).toBe(0);
  });
});

describe('HU histogram', () => {
  it('bins HU values, clamps outliers into the end bins and log-scales heights to 1', () => {
    const data = Int16Array.from([-2000, -1000, -1000, 0, 5, 15, 3000, 9000]);
    const h = huHistogram({ data, rescaleSlope: 1, rescaleIntercept: 0 }, -1024, 3072, 16);
    expect(h.counts.length).toBe(256);
    expect(h.counts[0]).toBe(1); // -2000 clamped
    expect(h.counts[Math.floor((-1000 + 1024) / 16)]).toBe(2);
    expect(h.counts[64]).toBe(3); // 0, 5 and 15: bin 64 is [0, 16)
    expect(h.counts[255]).toBe(1); // 9000 clamped; 3000 lands in bin 251
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(8);
    const heights = logHistogramHeights(h);
    expect(Math.max(...heights)).toBe(1);
    expect(heights[0]).toBeCloseTo(Math.log10(2) / Math.log10(4), 6); // 1 voxel vs the fullest bin's 3
    const strided = huHistogram({ data, rescaleSlope: 1, rescaleIntercept: 0 }, -1024, 3072, 16, 2);
    expect(strided.counts.reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('computes bricks and histogram of a CT-sized volume in one pass each (timing reported, not asserted)', () => {
    const dims: [number, number, number] = [512, 512, 134];
    const data = new Int16Array(dims[0] * dims[1] * dims[2]);
    const rand = rng(1);
    for (let p = 0; p < data.length; p += 97) data[p] = Math.floor(rand() * 2000) - 1000;
    const volume = { data, dims, rescaleSlope: 1, rescaleIntercept: 0 };
    const t0 = performance.now();
    const ranges = computeBrickRanges(volume, 16);
    const t1 = performance.now();
    huHistogram(volume, -1024, 3072, 16, Math.max(1, Math.floor(data.length / 8e6)));
    const t2 = performance.now();
    console.log(`512x512x134: bricks ${(t1 - t0).toFixed(0)} ms, histogram ${(t2 - t1).toFixed(0)} ms`);
    expect(ranges.brickDims).toEqual([32, 32, 9]);
  });
});
