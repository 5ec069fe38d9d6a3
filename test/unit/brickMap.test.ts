import { describe, expect, it } from 'vitest';
import { makeBrickMap } from '../../src/volume/brickMap';
import { computeBrickRanges, occupiedBoundsTc } from '../../src/volume/bricks';

/** Seeded LCG so the volume is the same every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A 40x36x22 volume: air with a few dense blobs (stored = HU + 1024, slope 1). */
function blobVolume() {
  const dims: [number, number, number] = [40, 36, 22];
  const data = new Int16Array(dims[0] * dims[1] * dims[2]).fill(0);
  const rand = rng(7);
  for (let b = 0; b < 6; b++) {
    const c = [rand() * dims[0], rand() * dims[1], rand() * dims[2]];
    const hu = 100 + Math.floor(rand() * 1400);
    for (let k = 0; k < dims[2]; k++)
      for (let j = 0; j < dims[1]; j++)
        for (let i = 0; i < dims[0]; i++)
          if ((i - c[0]!) ** 2 + (j - c[1]!) ** 2 + (k - c[2]!) ** 2 < 16)
            data[i + dims[0] * (j + dims[1] * k)] = hu + 1024;
  }
  return { data, dims, rescaleSlope: 1, rescaleIntercept: -1024 };
}

describe('brick map (the 3D view worker: occupancy, distance map, occupied box)', () => {
  const volume = blobVolume();
  const ranges = computeBrickRanges(volume, 4);
  const plainMap = (visible: (lo: number, hi: number) => boolean) => {
    // The definition, brick by brick: distance 0 where visible, else the chessboard distance to one that is.
    const [bx, by, bz] = ranges.brickDims;
    const seen: number[][] = [];
    for (let b = 0; b < ranges.minHu.length; b++)
      if (visible(ranges.minHu[b]!, ranges.maxHu[b]!))
        seen.push([b % bx, Math.floor(b / bx) % by, Math.floor(b / (bx * by))]);
    const out = new Uint8Array(bx * by * bz);
    for (let b = 0; b < out.length; b++) {
      const p = [b % bx, Math.floor(b / bx) % by, Math.floor(b / (bx * by))];
      let d = 255;
      for (const q of seen) d = Math.min(d, Math.max(...p.map((v, a) => Math.abs(v - q[a]!))));
      out[b] = d;
    }
    return out;
  };

  it('surface and MIP: a brick shows when its maximum reaches (surface) or passes (MIP) the HU', () => {
    for (const inclusive of [true, false]) {
      const map = makeBrickMap({
        ranges,
        visibility: { kind: 'above', hu: 600, inclusive },
        dims: volume.dims,
      });
      const expected = plainMap((_lo, hi) => (inclusive ? hi >= 600 : hi > 600));
      expect(map.distance).toEqual(expected);
      expect(map.boundsTc).toEqual(occupiedBoundsTc(expected, ranges.brickDims, 4, volume.dims));
      expect(map.boundsTc).not.toBeNull();
    }
  });

  it('composite: a brick shows when its range, widened by the margin, meets non-zero LUT opacity', () => {
    // 256 entries over -1024..1476 HU, opaque from entry 160 (~540 HU) up.
    const lut = new Uint8Array(256 * 4);
    for (let e = 160; e < 256; e++) lut[e * 4 + 3] = 200;
    const range = { minHu: -1024, maxHu: 1476 };
    const entryHu = (e: number) => range.minHu + ((e + 0.5) / 256) * (range.maxHu - range.minHu);
    const marginHu = 10;
    const map = makeBrickMap({
      ranges,
      visibility: { kind: 'lut', lut, range, marginHu },
      dims: volume.dims,
    });
    // Loose bounds of the exact test: an entry at or above 160 can be touched when hi + margin reaches entry 159's centre.
    const expected = plainMap((_lo, hi) => hi + marginHu >= entryHu(159));
    expect(map.distance).toEqual(expected);
  });

  it('nothing visible: every brick at the cap, no box', () => {
    const map = makeBrickMap({
      ranges,
      visibility: { kind: 'above', hu: 5000, inclusive: true },
      dims: volume.dims,
    });
    expect(map.boundsTc).toBeNull();
    expect(map.distance.every((d) => d === 255)).toBe(true);
  });
});
