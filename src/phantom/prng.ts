/**
 * Seeded pseudo-random numbers: mulberry32 (Tommy Ettinger, public domain) for parameters, and a
 * precomputed table of gaussian samples (Box-Muller) indexed by xorshift32 for per-voxel noise, which
 * keeps 60 M noisy voxels to a fraction of a second.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number;
  /** Gaussian with mean 0 and the given standard deviation. */
  gauss(sd: number): number;
}

export function createRng(seed: number): Rng {
  let a = (seed ^ 0x9e3779b9) >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const gauss = (sd: number): number => {
    const u = 1 - next();
    const v = next();
    return sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return { next, range: (lo, hi) => lo + (hi - lo) * next(), gauss };
}

/** 2^16 rounded gaussian samples (HU), standard deviation `sd`. */
export function gaussianTable(rng: Rng, sd: number): Int16Array {
  const table = new Int16Array(1 << 16);
  for (let i = 0; i < table.length; i++) table[i] = Math.round(rng.gauss(sd));
  return table;
}

/** One xorshift32 step (Marsaglia 2003, shifts 13, 17, 5). */
export function xorshift32(state: number): number {
  let s = state;
  s ^= s << 13;
  s ^= s >>> 17;
  s ^= s << 5;
  return s >>> 0;
}

/** A linear map on 32-bit words over GF(2), as the images of the 32 unit words. */
type BitMatrix = Uint32Array;

const applyBits = (m: BitMatrix, word: number): number => {
  let out = 0;
  for (let b = 0; b < 32; b++) if ((word >>> b) & 1) out ^= m[b]!;
  return out >>> 0;
};

const composeBits = (outer: BitMatrix, inner: BitMatrix): BitMatrix =>
  inner.map((column) => applyBits(outer, column));

/**
 * The xorshift32 state after `steps` steps, in O(32^2 log steps): xorshift is linear over GF(2), so its
 * n-th power is a 32x32 bit matrix found by squaring (Brent 2004 on xorshift jumps). Lets the phantom's
 * slabs start their noise exactly where one pass over the slices before them would.
 */
export function xorshift32Jump(state: number, steps: number): number {
  let power: BitMatrix = new Uint32Array(32).map((_, b) => xorshift32((1 << b) >>> 0));
  let result = state >>> 0;
  let n = steps;
  while (n > 0) {
    if (n % 2 === 1) result = applyBits(power, result);
    power = composeBits(power, power);
    n = Math.floor(n / 2);
  }
  return result;
}
