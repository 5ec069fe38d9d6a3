import { describe, expect, it } from 'vitest';
import { brickDistanceMap, MAX_BRICK_DISTANCE, occupiedBoundsTc } from '../../src/volume/bricks';

/** Seeded LCG so the random grids are the same every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The definition: min over occupied bricks of max(|di|, |dj|, |dk|), capped. */
function bruteForce(occupancy: Uint8Array, dims: readonly [number, number, number]): Uint8Array {
  const [bx, by, bz] = dims;
  const occupied: [number, number, number][] = [];
  for (let k = 0; k < bz; k++)
    for (let j = 0; j < by; j++)
      for (let i = 0; i < bx; i++) if (occupancy[i + bx * (j + by * k)]) occupied.push([i, j, k]);
  const out = new Uint8Array(bx * by * bz);
  for (let k = 0; k < bz; k++)
    for (let j = 0; j < by; j++)
      for (let i = 0; i < bx; i++) {
        let d = MAX_BRICK_DISTANCE;
        for (const [a, b, c] of occupied)
          d = Math.min(d, Math.max(Math.abs(i - a), Math.abs(j - b), Math.abs(k - c)));
        out[i + bx * (j + by * k)] = d;
      }
  return out;
}

describe('brick distance map (chessboard distance to the nearest occupied brick)', () => {
  it('equals the brute-force definition on random grids of every density and shape', () => {
    const rand = rng(20);
    const shapes: [number, number, number][] = [
      [1, 1, 1],
      [7, 1, 1],
      [1, 9, 4],
      [13, 11, 7],
      [20, 17, 9],
      [24, 16, 5],
    ];
    for (const dims of shapes)
      for (const density of [0, 0.002, 0.01, 0.05, 0.3, 1]) {
        const occupancy = new Uint8Array(dims[0] * dims[1] * dims[2]);
        for (let q = 0; q < occupancy.length; q++) occupancy[q] = rand() < density ? 255 : 0;
        expect(brickDistanceMap(occupancy, dims), `${dims.join('x')} at ${density}`).toEqual(
          bruteForce(occupancy, dims),
        );
      }
  });

  it('gives a lone occupied brick concentric shells of 1, 2, 3 bricks and the cap past 255', () => {
    const dims: [number, number, number] = [9, 9, 9];
    const occupancy = new Uint8Array(729);
    occupancy[4 + 9 * (4 + 9 * 4)] = 255;
    const d = brickDistanceMap(occupancy, dims);
    expect(d[4 + 9 * (4 + 9 * 4)]).toBe(0);
    expect(d[0]).toBe(4);
    expect(d[5 + 9 * (3 + 9 * 6)]).toBe(2);
    const long: [number, number, number] = [300, 1, 1];
    const row = new Uint8Array(300);
    row[0] = 255;
    const dRow = brickDistanceMap(row, long);
    expect(dRow[200]).toBe(200);
    expect(dRow[299]).toBe(MAX_BRICK_DISTANCE);
    expect(brickDistanceMap(new Uint8Array(8), [2, 2, 2])).toEqual(
      new Uint8Array(8).fill(MAX_BRICK_DISTANCE),
    );
  });

  it('leaves only empty bricks inside the (2d - 1)^3 block around a brick at distance d', () => {
    const rand = rng(3);
    const dims: [number, number, number] = [24, 20, 16];
    const occupancy = new Uint8Array(24 * 20 * 16);
    for (let q = 0; q < occupancy.length; q++) occupancy[q] = rand() < 0.004 ? 255 : 0;
    const d = brickDistanceMap(occupancy, dims);
    let occupiedInside = 0;
    let leapsOverTwo = 0;
    for (let k = 0; k < 16; k++)
      for (let j = 0; j < 20; j++)
        for (let i = 0; i < 24; i++) {
          const r = d[i + 24 * (j + 20 * k)]! - 1;
          if (r >= 2) leapsOverTwo++;
          for (let c = Math.max(0, k - r); c <= Math.min(15, k + r); c++)
            for (let b = Math.max(0, j - r); b <= Math.min(19, j + r); b++)
              for (let a = Math.max(0, i - r); a <= Math.min(23, i + r); a++)
                if (occupancy[a + 24 * (b + 20 * c)]) occupiedInside++;
        }
    expect(occupiedInside).toBe(0);
    expect(leapsOverTwo).toBeGreaterThan(100);
  });

  it('builds the map of a 512x512x134 CT with 4^3 bricks quickly (timing reported, not asserted)', () => {
    const dims: [number, number, number] = [128, 128, 34];
    const rand = rng(1);
    const occupancy = new Uint8Array(128 * 128 * 34);
    for (let q = 0; q < occupancy.length; q++) occupancy[q] = rand() < 0.05 ? 255 : 0;
    const t0 = performance.now();
    brickDistanceMap(occupancy, dims);
    console.log(`128x128x34 bricks: distance map ${(performance.now() - t0).toFixed(0)} ms`);
  });
});

describe('bounds of the occupied bricks', () => {
  it('is the box of the bricks at distance 0, in texture coordinates clamped to 1, or null', () => {
    const dims: [number, number, number] = [30, 20, 10];
    const brickDims: [number, number, number] = [8, 5, 3]; // 4^3 bricks, the last partial on x and z
    const occupancy = new Uint8Array(8 * 5 * 3);
    expect(occupiedBoundsTc(brickDistanceMap(occupancy, brickDims), brickDims, 4, dims)).toBeNull();
    occupancy[2 + 8 * (1 + 5 * 0)] = 255;
    occupancy[7 + 8 * (3 + 5 * 2)] = 255;
    const b = occupiedBoundsTc(brickDistanceMap(occupancy, brickDims), brickDims, 4, dims)!;
    expect(b.min).toEqual([8 / 30, 4 / 20, 0]);
    expect(b.max).toEqual([1, 16 / 20, 1]);
  });

  it('holds every sample whose brick (floor(tc * dims / size)) is occupied, on random grids', () => {
    const rand = rng(8);
    const dims: [number, number, number] = [37, 23, 19];
    const brickDims: [number, number, number] = [10, 6, 5];
    for (let trial = 0; trial < 20; trial++) {
      const occupancy = new Uint8Array(300);
      for (let q = 0; q < 300; q++) occupancy[q] = rand() < 0.01 ? 255 : 0;
      const b = occupiedBoundsTc(brickDistanceMap(occupancy, brickDims), brickDims, 4, dims);
      let outside = 0;
      for (let n = 0; n < 5000; n++) {
        const tc = [rand(), rand(), rand()];
        const brick = tc.map((t, a) => Math.floor((t * dims[a]!) / 4));
        if (!occupancy[brick[0]! + 10 * (brick[1]! + 6 * brick[2]!)]) continue;
        if (!b || tc.some((t, a) => t < b.min[a]! || t > b.max[a]!)) outside++;
      }
      expect(outside).toBe(0);
    }
  });
});
