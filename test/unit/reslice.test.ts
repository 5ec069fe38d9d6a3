import { describe, expect, it } from 'vitest';
import type { Mat4 } from '../../src/core/mat4';
import { invert4, multiply4, transformPoint } from '../../src/core/mat4';
import type { Vec3 } from '../../src/core/vec3';
import { reslice, slabOffsetsMm } from '../../src/volume/reslice';
import { sampleNearestLps, sampleTrilinearIjk, sampleTrilinearLps } from '../../src/volume/sample';
import type { Volume } from '../../src/volume/volume';
import { ijkToLps, lpsToIjk } from '../../src/volume/volume';
import { syntheticVolume } from './volume-fixtures';

/** A volume whose stored value is an analytic function of the voxel index. */
function analyticVolume(
  dims: [number, number, number],
  ijkToLpsMatrix: Mat4,
  f: (i: number, j: number, k: number) => number,
): Volume {
  return syntheticVolume(dims, ijkToLpsMatrix, f, { id: 'analytic', spacingMm: [1, 1, 1] });
}

/** 0.7 x 0.8 x 2.5 mm voxels, rotated 30 deg about S and tilted, feet-first-like flip of k: not axis-aligned. */
const rad = Math.PI / 6;
const rotation: Mat4 = [
  Math.cos(rad),
  -Math.sin(rad),
  0,
  0,
  Math.sin(rad),
  Math.cos(rad),
  0,
  0,
  0,
  0,
  1,
  0,
  0,
  0,
  0,
  1,
];
const tilted: Mat4 = multiply4(
  [1, 0, 0, -12, 0, 1, 0, 30, 0, 0, 1, 100, 0, 0, 0, 1],
  multiply4(rotation, [0.7, 0, 0, 0, 0, 0.8, 0.3, 0, 0, 0, -2.5, 0, 0, 0, 0, 1]),
);
const ramp = (i: number, j: number, k: number) => 3 * i - 2 * j + 5 * k - 40;
const rampAt = (ijk: Vec3) => ramp(ijk[0], ijk[1], ijk[2]);

describe('trilinear sampling', () => {
  const volume = analyticVolume([20, 18, 12], tilted, ramp);

  it('returns the voxel value at voxel centres, by LPS', () => {
    for (const ijk of [
      [0, 0, 0],
      [19, 17, 11],
      [7, 3, 5],
    ] as const) {
      const lps = ijkToLps(volume, ijk);
      expect(sampleTrilinearLps(volume, lps)).toBeCloseTo(rampAt(ijk), 9);
      expect(sampleNearestLps(volume, lps)).toBe(rampAt(ijk));
    }
  });

  it('reproduces a linear ramp exactly between voxel centres', () => {
    for (const ijk of [
      [0.25, 0.5, 0.75],
      [10.1, 9.9, 10.5],
      [18.999, 16.5, 0.001],
    ] as const)
      expect(sampleTrilinearIjk(volume, ijk)).toBeCloseTo(rampAt(ijk), 9);
  });

  it('clamps to the edge voxel within half a voxel of the edge, and is undefined beyond', () => {
    expect(sampleTrilinearIjk(volume, [-0.4, 3, 3])).toBe(ramp(0, 3, 3));
    expect(sampleTrilinearIjk(volume, [19.5, 3, 3])).toBe(ramp(19, 3, 3));
    expect(sampleTrilinearIjk(volume, [-0.51, 3, 3])).toBeUndefined();
    expect(sampleTrilinearIjk(volume, [3, 3, 11.6])).toBeUndefined();
    expect(sampleNearestLps(volume, ijkToLps(volume, [3, 3, 12]))).toBeUndefined();
  });

  it('applies rescale slope and intercept', () => {
    const v = { ...analyticVolume([2, 2, 2], tilted, () => 10), rescaleSlope: 2, rescaleIntercept: -1024 };
    expect(sampleTrilinearIjk(v, [0.5, 0.5, 0.5])).toBe(-1004);
  });
});

describe('reslice', () => {
  it('reslices a linear ramp exactly on an oblique plane of a tilted volume', () => {
    const volume = analyticVolume([20, 18, 12], tilted, ramp);
    const origin = ijkToLps(volume, [9.5, 9, 6]);
    const s = Math.SQRT1_2;
    const grid = { originLps: origin, uLps: [s, s, 0] as const, vLps: [0, 0, -1] as const, pixelSizeMm: 0.5 };
    const out = reslice(volume, { ...grid, width: 9, height: 7 });
    // The ramp is linear in ijk, so its exact value at a pixel is the ramp at that pixel's continuous ijk.
    const exact = (lps: Vec3) => ramp(...(lpsToIjk(volume, lps) as [number, number, number]));
    let checked = 0;
    for (let r = 0; r < 7; r++)
      for (let c = 0; c < 9; c++) {
        const lps = [origin[0] + c * s * 0.5, origin[1] + c * s * 0.5, origin[2] - r * 0.5] as const;
        expect(out[c + 9 * r]).toBeCloseTo(exact(lps), 3);
        checked++;
      }
    expect(checked).toBe(63);
  });

  it('matches the analytic ramp at arbitrary pixel centres (not via the sampler)', () => {
    // Axis-aligned 1 mm volume with origin 0: value = 3x - 2y + 5z - 40 in mm.
    const volume = analyticVolume([16, 16, 16], [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], ramp);
    const out = reslice(volume, {
      originLps: [2.25, 12.5, 7.75],
      uLps: [1, 0, 0],
      vLps: [0, -1, 0],
      pixelSizeMm: 0.75,
      width: 10,
      height: 10,
    });
    for (let r = 0; r < 10; r++)
      for (let c = 0; c < 10; c++)
        expect(out[c + 10 * r]).toBeCloseTo(ramp(2.25 + 0.75 * c, 12.5 - 0.75 * r, 7.75), 3);
  });

  it('marks pixels outside the volume', () => {
    const volume = analyticVolume([4, 4, 4], [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], () => 7);
    const out = reslice(volume, {
      originLps: [-2, 1, 1],
      uLps: [1, 0, 0],
      vLps: [0, 1, 0],
      pixelSizeMm: 1,
      width: 8,
      height: 1,
    });
    expect(Array.from(out.slice(0, 2)).every(Number.isNaN)).toBe(true);
    expect(Array.from(out.slice(2, 6))).toEqual([7, 7, 7, 7]);
    expect(Array.from(out.slice(6)).every(Number.isNaN)).toBe(true);
  });

  it('thin slab: MIP finds a one-voxel bright plane off the slice, mean averages it', () => {
    const volume = analyticVolume([8, 8, 9], [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1], (_i, _j, k) =>
      k === 6 ? 1000 : 0,
    );
    const grid = {
      originLps: [3, 3, 4] as const,
      uLps: [1, 0, 0] as const,
      vLps: [0, 1, 0] as const,
      pixelSizeMm: 1,
      width: 1,
      height: 1,
    };
    expect(reslice(volume, grid)[0]).toBe(0);
    const slab = { thicknessMm: 4, samples: 5, normalLps: [0, 0, 1] as const };
    expect(reslice(volume, grid, { ...slab, mode: 'mip' })[0]).toBe(1000);
    expect(reslice(volume, grid, { ...slab, mode: 'mean' })[0]).toBeCloseTo(200, 6);
    expect(slabOffsetsMm(4, 5)).toEqual([-2, -1, 0, 1, 2]);
    expect(slabOffsetsMm(0, 5)).toEqual([0]);
  });
});

/** The previous per-pixel formulation (LPS point, 4x4 transform, sampler per sample): the reference. */
function reslicePerPixel(
  volume: Volume,
  grid: Parameters<typeof reslice>[1],
  slab?: Parameters<typeof reslice>[2],
) {
  const toIjk = invert4(volume.ijkToLps);
  const offsets = slab ? slabOffsetsMm(slab.thicknessMm, slab.samples) : [0];
  const normal = slab?.normalLps ?? [0, 0, 0];
  const out = new Float32Array(grid.width * grid.height);
  for (let r = 0; r < grid.height; r++)
    for (let c = 0; c < grid.width; c++) {
      const values: number[] = [];
      for (const t of offsets) {
        const lps: Vec3 = [0, 1, 2].map(
          (a) =>
            grid.originLps[a]! +
            c * grid.pixelSizeMm * grid.uLps[a]! +
            r * grid.pixelSizeMm * grid.vLps[a]! +
            t * normal[a]!,
        ) as unknown as Vec3;
        const v = sampleTrilinearIjk(volume, transformPoint(toIjk, lps));
        if (v !== undefined) values.push(v);
      }
      out[c + grid.width * r] =
        values.length === 0
          ? Number.NaN
          : slab?.mode === 'mean'
            ? values.reduce((s, v) => s + v, 0) / values.length
            : Math.max(...values);
    }
  return out;
}

describe('reslice (voxel-space stepping) equals the per-pixel reference', () => {
  // Non-linear content, so interpolation weights matter; slope/intercept not 1/0.
  const volume = {
    ...analyticVolume([23, 19, 11], tilted, (i, j, k) => ((i * 37 + j * 101 + k * 7919) % 601) - 300),
    rescaleSlope: 1.5,
    rescaleIntercept: -20,
  };
  const centre = ijkToLps(volume, [11, 9, 5]);
  const u = [0.6, 0.8, 0] as const;
  const n = Math.hypot(0.3, -0.2, 1);
  const v: Vec3 = [0.8 * 0.3, -0.6 * 0.3, 0.2];
  const vn = Math.hypot(...v);
  const grid = {
    // Larger than the volume, so rows cross the outer edge (clamp zone and outside).
    originLps: [centre[0] - 14, centre[1] - 12, centre[2] - 6] as Vec3,
    uLps: u,
    vLps: [v[0] / vn, v[1] / vn, v[2] / vn] as Vec3,
    pixelSizeMm: 0.37,
    width: 90,
    height: 80,
  };
  const compare = (a: Float32Array, b: Float32Array) => {
    let outsideMismatch = 0;
    let maxDiff = 0;
    let inside = 0;
    for (let i = 0; i < a.length; i++) {
      if (Number.isNaN(a[i]!) !== Number.isNaN(b[i]!)) outsideMismatch++;
      else if (!Number.isNaN(a[i]!)) {
        inside++;
        maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
      }
    }
    expect(outsideMismatch).toBe(0);
    expect(inside).toBeGreaterThan(200);
    expect(inside).toBeLessThan(a.length);
    expect(maxDiff).toBeLessThan(1e-3);
  };

  it('single plane', () => compare(reslice(volume, grid), reslicePerPixel(volume, grid)));
  it('single plane through a one-slice volume (degenerate axis, not the inlined loop)', () => {
    const thin = { ...volume, dims: [23, 19, 1] as [number, number, number] };
    const flat = { ...grid, originLps: ijkToLps(thin, [-3, -2, 0.2]), vLps: u, uLps: [0.8, -0.6, 0] as Vec3 };
    compare(reslice(thin, flat), reslicePerPixel(thin, flat));
  });
  for (const mode of ['mip', 'mean'] as const) {
    it(`slab ${mode}`, () => {
      const slab = { thicknessMm: 3, samples: 4, mode, normalLps: [0.3 / n, -0.2 / n, 1 / n] as Vec3 };
      compare(reslice(volume, grid, slab), reslicePerPixel(volume, grid, slab));
    });
  }
});
