import { describe, expect, it } from 'vitest';
import {
  generatePhantom,
  generatePhantomPart,
  phantomToDicomFiles,
  slicesOfPart,
} from '../../src/phantom/index';
import { xorshift32, xorshift32Jump } from '../../src/phantom/prng';

/** Index of the first differing element, -1 when equal (vitest's deep equality is slow on millions of voxels). */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

describe('demo phantom built in slabs (issue 20: first visit on all cores)', () => {
  it('xorshift32 jump equals stepping', () => {
    for (const [state, steps] of [
      [1, 0],
      [1, 1],
      [2654435761, 1000],
      [0xdeadbeef, 65_537],
    ] as const) {
      let s = state >>> 0;
      for (let n = 0; n < steps; n++) s = xorshift32(s);
      expect(xorshift32Jump(state, steps)).toBe(s);
    }
  });

  for (const seed of [1, 5]) {
    it(`seed ${seed}: three slabs give the one-pass voxels, labels and DICOM files`, () => {
      const options = { size: 'small', seed } as const;
      const whole = generatePhantom(options);
      const nz = whole.dims[2];
      const perSlice = whole.dims[0] * whole.dims[1];
      const cuts = [0, Math.floor(nz / 3), Math.floor((2 * nz) / 3), nz];
      const wholeFiles = phantomToDicomFiles(whole, options);
      for (let s = 0; s < 3; s++) {
        const first = cuts[s]!;
        const count = cuts[s + 1]! - first;
        const slab = generatePhantom(options, undefined, { first, count });
        expect(slab.dims).toEqual([whole.dims[0], whole.dims[1], count]);
        const range = [first * perSlice, (first + count) * perSlice] as const;
        expect(firstDifference(slab.hu, whole.hu.subarray(...range))).toBe(-1);
        expect(firstDifference(slab.labels, whole.labels.subarray(...range))).toBe(-1);
        expect(slab.truth).toEqual(whole.truth);
        const files = phantomToDicomFiles(slab, { ...options, firstSlice: first });
        files.forEach((f, k) => {
          expect(f.path).toBe(wholeFiles[first + k]!.path);
          expect(firstDifference(f.bytes, wholeFiles[first + k]!.bytes)).toBe(-1);
        });
      }
    });
  }

  it('parts (one per worker) cover every slice once; each part writes its own files of the series', () => {
    expect([0, 1, 2].map((index) => slicesOfPart(10, index, 3))).toEqual([
      { first: 0, count: 3 },
      { first: 3, count: 4 },
      { first: 7, count: 3 },
    ]);
    expect(slicesOfPart(1, 0, 2).count + slicesOfPart(1, 1, 2).count).toBe(1);
    const options = { size: 'small', seed: 3 } as const;
    const whole = generatePhantom(options);
    const wholeFiles = phantomToDicomFiles(whole, options);
    const perSlice = whole.dims[0] * whole.dims[1];
    const files = [0, 1].flatMap((index) => {
      const part = generatePhantomPart(options, { index, count: 2 })!;
      const at = part.firstSlice * perSlice;
      expect(firstDifference(part.hu, whole.hu.subarray(at, at + part.hu.length))).toBe(-1);
      // The part's own first slice numbers its files (no firstSlice option needed).
      return phantomToDicomFiles(part, options);
    });
    expect(files.map((f) => f.path)).toEqual(wholeFiles.map((f) => f.path));
    files.forEach((f, k) => {
      expect(firstDifference(f.bytes, wholeFiles[k]!.bytes)).toBe(-1);
    });
  });
});
