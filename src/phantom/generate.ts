import { TISSUE_HU } from './labels';
import { buildPhantomModel, type PhantomModel } from './model';
import { gaussianTable, xorshift32Jump } from './prng';
import { type Grid, paint } from './raster';
import { paintBackgroundSlice } from './softTissue';
import type { PhantomVariant } from './spine';
import type { PhantomTruth } from './truth';

export interface PhantomOptions {
  /** 'default': 512 x 512 at 0.75 mm, 1 mm slices; 'small': 160 x 160 at 2.4 mm, 3 mm slices (tests). */
  size: 'default' | 'small';
  seed: number;
  /** Segmentation variant for testing level counting (spine.ts PhantomVariant); the demo uses 'normal'. */
  variant?: PhantomVariant;
}

/** A run of the phantom's slices (0 = most inferior) to build alone, for generation in parallel. */
export interface PhantomSlices {
  first: number;
  count: number;
}

export interface Phantom {
  /** HU per voxel, i fastest then j then k (k = slices from inferior to superior). */
  hu: Int16Array;
  /** Tissue label per voxel (labels.ts), same layout. */
  labels: Uint8Array;
  dims: [number, number, number];
  /** [column (x), row (y), slice (z)] spacing in mm. */
  spacingMm: [number, number, number];
  /** LPS mm of voxel (0, 0, 0)'s centre; axes are aligned with LPS. */
  originLps: [number, number, number];
  /** For a slab (generatePhantom's `slices`): its first slice's index in the whole series; else 0. */
  firstSlice: number;
  truth: PhantomTruth;
}

const PRESETS = {
  default: { n: 512, pixelMm: 0.75, sliceMm: 1 },
  small: { n: 160, pixelMm: 2.4, sliceMm: 3 },
} as const;

/** CT noise standard deviation, HU (typical of a 120 kVp abdominal CT at 1 mm). */
const NOISE_SD_HU = 12;

/**
 * HU of one slice from its labels: an in-plane [1 2 1]/4 x [1 2 1]/4 blur (a point-spread function of ~0.7
 * pixel standard deviation, so edges look reconstructed rather than cut out), rounded, plus gaussian noise
 * from the xorshift32 stream (Marsaglia 2003), one table entry per voxel in storage order. One fused pass
 * (issue 20): the row pass reads labels through `lut` into `rows`, the column pass writes HU and noise.
 * Returns the stream's state after the slice.
 */
function huSlice(
  labels: Uint8Array,
  hu: Int16Array,
  start: number,
  nx: number,
  ny: number,
  lut: Int16Array,
  noise: Int16Array,
  rows: Int32Array,
  noiseState: number,
): number {
  for (let j = 0; j < ny; j++) {
    const row = start + j * nx;
    const out = j * nx;
    let left = lut[labels[row]!]!;
    let centre = left;
    for (let i = 0; i < nx; i++) {
      const right = i < nx - 1 ? lut[labels[row + i + 1]!]! : centre;
      rows[out + i] = left + 2 * centre + right;
      left = centre;
      centre = right;
    }
  }
  let state = noiseState;
  for (let j = 0; j < ny; j++) {
    const up = (j > 0 ? j - 1 : j) * nx;
    const here = j * nx;
    const down = (j < ny - 1 ? j + 1 : j) * nx;
    const row = start + here;
    for (let i = 0; i < nx; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      // Math.round(s / 16) for an integer s is floor((s + 8) / 16): an arithmetic shift (|s| < 2^27 here).
      hu[row + i] =
        ((rows[up + i]! + 2 * rows[here + i]! + rows[down + i]! + 8) >> 4) + noise[state & 0xffff]!;
    }
  }
  return state;
}

/** Slices of the phantom `opts` describes (to split its generation before any voxel is made). */
export function phantomSliceCount(opts: PhantomOptions): number {
  return sliceCount(buildPhantomModel(opts.seed, opts.variant ?? 'normal'), opts.size);
}

const sliceCount = (model: { zTopMm: number; zBottomMm: number }, size: PhantomOptions['size']): number =>
  Math.floor((model.zTopMm - model.zBottomMm) / PRESETS[size].sliceMm) + 1;

/** Part `index` of `count` near-equal runs of a phantom's slices (one per worker); count 0 when none is left. */
export function slicesOfPart(sliceTotal: number, index: number, count: number): PhantomSlices {
  const first = Math.round((index * sliceTotal) / count);
  return { first, count: Math.round(((index + 1) * sliceTotal) / count) - first };
}

/**
 * Part `index` of `count` of the phantom (slicesOfPart), its model built once: what one of several
 * workers builds (issue 20), without first asking how many slices there are. Undefined when the part is empty.
 */
export function generatePhantomPart(
  opts: PhantomOptions,
  part: { index: number; count: number },
  onProgress?: (done: number, total: number) => void,
): Phantom | undefined {
  const model = buildPhantomModel(opts.seed, opts.variant ?? 'normal');
  const slices = slicesOfPart(sliceCount(model, opts.size), part.index, part.count);
  return slices.count > 0 ? generateFromModel(model, opts, onProgress, slices) : undefined;
}

/**
 * Generates the demo lumbar spine phantom: pure and deterministic from the seed (no DOM, runs in a
 * worker or Node). `onProgress(done, total)` is called as steps finish.
 */
export function generatePhantom(
  opts: PhantomOptions,
  onProgress?: (done: number, total: number) => void,
  slices?: PhantomSlices,
): Phantom {
  return generateFromModel(buildPhantomModel(opts.seed, opts.variant ?? 'normal'), opts, onProgress, slices);
}

function generateFromModel(
  model: PhantomModel,
  opts: PhantomOptions,
  onProgress?: (done: number, total: number) => void,
  slices?: PhantomSlices,
): Phantom {
  const { rng } = model;
  // A cortex thinner than a voxel rasterises as a dotted outline: keep it at least one voxel thick.
  const minCortexMm = PRESETS[opts.size].pixelMm;
  const ops = model.ops.map((op) =>
    op.core && op.core.depthMm < minCortexMm ? { ...op, core: { ...op.core, depthMm: minCortexMm } } : op,
  );
  const preset = PRESETS[opts.size];
  const nz = sliceCount(model, opts.size);
  const half = ((preset.n - 1) / 2) * preset.pixelMm;
  const allSlices = nz;
  const first = slices ? Math.max(0, Math.min(allSlices - 1, slices.first)) : 0;
  const count = slices ? Math.max(1, Math.min(allSlices - first, slices.count)) : allSlices;
  // A slab keeps the full grid's origin (every z exact, as in one pass) and holds its own slices only.
  const grid: Grid = {
    dims: [preset.n, preset.n, count],
    spacingMm: [preset.pixelMm, preset.pixelMm, preset.sliceMm],
    originLps: [-half, -half, model.zBottomMm],
    firstSlice: first,
  };

  const total = count + ops.length + count;
  let done = 0;
  const step = (): void => {
    done++;
    onProgress?.(done, total);
  };
  const [nx, ny] = grid.dims;
  const labels = new Uint8Array(nx * ny * count);
  const ctx = { canalYAt: model.canalYAt, iliacCrestZ: model.iliacCrestZ };
  for (let k = 0; k < count; k++) {
    paintBackgroundSlice(labels, grid, k, ctx);
    step();
  }
  for (const op of ops) {
    paint(labels, grid, op);
    step();
  }

  const hu = new Int16Array(labels.length);
  const lut = new Int16Array(256);
  for (const [label, value] of Object.entries(TISSUE_HU)) lut[Number(label)] = value;
  const noise = gaussianTable(rng, NOISE_SD_HU);
  const perSlice = nx * ny;
  // The noise stream continues over the slices: a slab starts where one pass would be at its first slice.
  let state = xorshift32Jump((opts.seed * 2654435761) >>> 0 || 1, first * perSlice);
  const rows = new Int32Array(perSlice);
  for (let k = 0; k < count; k++) {
    state = huSlice(labels, hu, k * perSlice, nx, ny, lut, noise, rows, state);
    step();
  }

  return {
    hu,
    labels,
    dims: [nx, ny, count],
    spacingMm: [grid.spacingMm[0], grid.spacingMm[1], grid.spacingMm[2]],
    // The slab's own first voxel: the series it writes places each slice where the full grid has it.
    originLps: [grid.originLps[0], grid.originLps[1], grid.originLps[2] + first * grid.spacingMm[2]],
    firstSlice: first,
    truth: model.truth,
  };
}
