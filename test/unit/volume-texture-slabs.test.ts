import { describe, expect, it } from 'vitest';
import { slabOrder } from '../../src/render/volumeTextureUpload';
import { computeBrickRanges, createBrickRangeBuilder } from '../../src/volume/bricks';

/** A small volume with structure along every axis (values from a fixed formula, no randomness). */
function volume(nx: number, ny: number, nz: number) {
  const data = new Int16Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++)
        data[i + nx * (j + ny * k)] = ((i * 37 + j * 11 + k * 53) % 400) - 1000 + (k === 20 ? 2500 : 0);
  return { data, dims: [nx, ny, nz] as const, rescaleSlope: 1, rescaleIntercept: -24 };
}

describe('the slab upload of the volume texture', () => {
  it('visits every slice once, the middle slab first and then outwards', () => {
    for (const [nz, per] of [
      [134, 4],
      [1, 1],
      [7, 3],
      [40, 40],
      [95, 8],
    ] as const) {
      const order = slabOrder(nz, per);
      const seen = new Array(nz).fill(0);
      for (const [k0, k1] of order) for (let k = k0; k < k1; k++) seen[k]++;
      expect(seen.every((n) => n === 1)).toBe(true);
      const [m0, m1] = order[0]!;
      expect(m0 <= Math.floor(nz / 2) && Math.floor(nz / 2) < m1).toBe(true);
      const distance = order.map(([k0, k1]) => Math.abs((k0 + k1) / 2 - nz / 2));
      // Outwards: no slab is farther than one slab-width plus the one after it.
      for (let i = 2; i < distance.length; i++)
        expect(distance[i]! + per).toBeGreaterThanOrEqual(distance[i - 2]!);
    }
  });

  it('gives the same brick ranges slab by slab, in the upload order, as in one pass', () => {
    const v = volume(37, 21, 45);
    const whole = computeBrickRanges(v, 16);
    const builder = createBrickRangeBuilder(v, 16);
    for (const [k0, k1] of slabOrder(45, 4)) builder.addSlices(k0, k1);
    const stepped = builder.finish();
    expect(stepped.brickDims).toEqual(whole.brickDims);
    expect([...stepped.minHu]).toEqual([...whole.minHu]);
    expect([...stepped.maxHu]).toEqual([...whole.maxHu]);
  });

  it('refuses to finish before every slice is in', () => {
    const builder = createBrickRangeBuilder(volume(8, 8, 10), 16);
    builder.addSlices(0, 9);
    expect(() => builder.finish()).toThrow(/9 of 10 slices/);
  });

  it('answers the same ranges after finish and takes no more slices (its work arrays are let go)', () => {
    const builder = createBrickRangeBuilder(volume(8, 8, 10), 4);
    builder.addSlices(0, 10);
    const first = builder.finish();
    expect(builder.finish()).toBe(first);
    expect(() => builder.addSlices(0, 1)).toThrow(/after finish/);
  });
});
