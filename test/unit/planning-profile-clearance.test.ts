import { describe, expect, it } from 'vitest';
import type { Mat4 } from '../../src/core/mat4';
import type { Vec3 } from '../../src/core/vec3';
import { distance } from '../../src/core/vec3';
import {
  type ClearanceStructure,
  clearances,
  clearanceTo,
  closestSegmentSegment,
  type NeedleCapsule,
} from '../../src/planning/clearance';
import { classifyHu, pathProfile } from '../../src/planning/pathProfile';
import { sampleTrilinearLps } from '../../src/volume/sample';
import type { Volume } from '../../src/volume/volume';

describe('HU path profile', () => {
  const entry: Vec3 = [0, 0, 0];
  const target: Vec3 = [20, 0, 0];

  it('samples every 0.5 mm including the target, and finds a step within half a step', () => {
    const step = (p: Vec3) => (p[0] < 10.2 ? 40 : 1000);
    const prof = pathProfile(entry, target, step);
    expect(prof.samples).toHaveLength(41);
    expect(prof.samples[40]!.depthMm).toBe(20);
    expect(prof.segments.map((s) => s.tissue)).toEqual(['soft-tissue', 'cortical-bone']);
    expect(prof.boundariesMm).toEqual([10.25]);
    expect(Math.abs(prof.boundariesMm[0]! - 10.2)).toBeLessThanOrEqual(0.25);
    expect(prof.firstDepthMm['cortical-bone']).toBe(10.25);
    expect(prof.flags).toEqual({ corticalBone: true, air: false, vessel: false });
    expect(prof.segments[1]).toMatchObject({ startDepthMm: 10.25, endDepthMm: 20, minHu: 1000, maxHu: 1000 });
  });

  it('classifies a ramp -1000 + 100 HU/mm at the stated thresholds', () => {
    const ramp = (p: Vec3) => -1000 + 100 * p[0];
    const prof = pathProfile(entry, target, ramp);
    expect(prof.segments.map((s) => s.tissue)).toEqual([
      'air',
      'fat',
      'soft-tissue',
      'bone',
      'cortical-bone',
    ]);
    // Changes at -500 (5 mm), -30 (9.7 mm), 150 (11.5 mm), > 700 (17 mm) -> midpoints between samples.
    expect(prof.boundariesMm).toEqual([4.75, 9.75, 11.25, 17.25]);
    expect(prof.flags.air).toBe(false); // air before the skin does not count
    const contrast = pathProfile(entry, target, ramp, { contrastEnhanced: true });
    expect(contrast.segments.map((s) => s.tissue)).toEqual([
      'air',
      'fat',
      'soft-tissue',
      'vessel',
      'bone',
      'cortical-bone',
    ]);
    expect(contrast.firstDepthMm.vessel).toBe(11.25);
    expect(contrast.flags.vessel).toBe(true);
  });

  it('flags air inside the body and marks samples outside the image', () => {
    const pocket = (p: Vec3) => (p[0] > 18 ? undefined : p[0] > 5 && p[0] < 7 ? -900 : 30);
    const prof = pathProfile(entry, target, pocket, { stepMm: 1 });
    expect(prof.flags.air).toBe(true);
    expect(prof.segments.map((s) => s.tissue)).toEqual(['soft-tissue', 'air', 'soft-tissue', 'outside']);
    expect(classifyHu(undefined)).toBe('outside');
    expect(classifyHu(Number.NaN)).toBe('outside');
    expect(() => pathProfile(entry, target, pocket, { stepMm: 0 })).toThrow(RangeError);
  });
});

describe('clearance', () => {
  const r = 0.7176 / 2; // 22G
  const needle: NeedleCapsule = { entryLps: [0, 0, 0], tipLps: [0, 0, 100], radiusMm: r };
  const s = (
    id: string,
    geometry: ClearanceStructure['geometry'],
    marginMm?: number,
  ): ClearanceStructure => ({
    id,
    name: id,
    geometry,
    ...(marginMm === undefined ? {} : { marginMm }),
  });

  it('to a point beside the shaft and beyond the tip', () => {
    const beside = clearanceTo(needle, s('p', { kind: 'point', pointLps: [10, 0, 50] }));
    expect(beside.minDistanceMm).toBeCloseTo(10 - r, 12);
    expect(beside.depthMm).toBeCloseTo(50, 12);
    expect(beside.at).toEqual([10, 0, 50]);
    expect(beside.tipDistanceMm).toBeCloseTo(Math.hypot(10, 50), 12);
    expect(beside.violates).toBe(false);
    const beyond = clearanceTo(needle, s('q', { kind: 'point', pointLps: [0, 0, 110] }));
    expect(beyond.minDistanceMm).toBeCloseTo(10 - r, 12);
    expect(beyond.depthMm).toBeCloseTo(100, 12);
  });

  it('to spheres and capsules (gauge and margin included)', () => {
    const sphere = clearanceTo(needle, s('s', { kind: 'sphere', centreLps: [0, 5, 30], radiusMm: 3 }));
    expect(sphere.minDistanceMm).toBeCloseTo(2 - r, 12);
    expect(sphere.at![1]).toBeCloseTo(2, 12);
    const withMargin = s('s', { kind: 'sphere', centreLps: [0, 5, 30], radiusMm: 3 }, 3);
    expect(clearanceTo(needle, withMargin).violates).toBe(true); // 1.64 mm < the 3 mm margin
    const crossing = clearanceTo(
      needle,
      s('c', { kind: 'capsule', aLps: [-10, 2, 40], bLps: [10, 2, 40], radiusMm: 1 }),
    );
    expect(crossing.minDistanceMm).toBeCloseTo(2 - 1 - r, 12);
    // Skew capsule: x = 5, y from -10 to 10 while z goes 60 -> 80; nearest where y = 0 (z = 70).
    const skew = clearanceTo(
      needle,
      s('k', { kind: 'capsule', aLps: [5, -10, 60], bLps: [5, 10, 80], radiusMm: 0 }),
    );
    expect(skew.minDistanceMm).toBeCloseTo(5 - r, 10);
    expect(skew.depthMm).toBeCloseTo(70, 10);
    expect(skew.at![2]).toBeCloseTo(70, 10);
  });

  it('to polylines, and a polyline through the shaft violates', () => {
    const line = clearanceTo(
      needle,
      s('l', {
        kind: 'polyline',
        pointsLps: [
          [20, 0, 0],
          [20, 0, 50],
          [3, 0, 50],
        ],
      }),
    );
    expect(line.minDistanceMm).toBeCloseTo(3 - r, 12);
    const through = clearanceTo(
      needle,
      s('t', {
        kind: 'polyline',
        pointsLps: [
          [-5, 0, 20],
          [5, 0, 20],
        ],
      }),
    );
    expect(through.minDistanceMm).toBeCloseTo(-r, 12);
    expect(through.violates).toBe(true);
  });

  it('closest points of parallel segments are a valid pair', () => {
    const c = closestSegmentSegment([0, 0, 0], [0, 0, 10], [3, 0, 2], [3, 0, 5]);
    expect(distance(c.onFirst, c.onSecond)).toBeCloseTo(3, 12);
  });

  // A 1 mm grid from (-20, -20, -10), labels: 1 = a ball of radius 4 around (8, 0, 50); 2 = one voxel.
  const dims = [41, 41, 121] as const;
  const ijkToLps: Mat4 = [1, 0, 0, -20, 0, 1, 0, -20, 0, 0, 1, -10, 0, 0, 0, 1];
  const labels = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (let k = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++) {
        const p: Vec3 = [i - 20, j - 20, k - 10];
        if (distance(p, [8, 0, 50]) <= 4) labels[i + dims[0] * (j + dims[1] * k)] = 1;
      }
  labels[40 + dims[0] * (20 + dims[1] * 60)] = 2; // voxel (40, 20, 60) = LPS (20, 0, 50): 20 mm from the axis

  it('to a labelled voxel mask, searching only near the needle', () => {
    const mask = clearanceTo(needle, s('m', { kind: 'mask', dims, ijkToLps, labels, label: 1 }));
    expect(mask.found).toBe(true);
    expect(mask.minDistanceMm).toBeCloseTo(4 - 0.5 - r, 12); // voxel centre 4 mm away, less half a voxel
    expect(mask.at).toEqual([4, 0, 50]);
    expect(mask.uncertaintyMm).toBe(0.5);
    const through: NeedleCapsule = { entryLps: [8, 0, 0], tipLps: [8, 0, 100], radiusMm: r };
    const crossing = clearanceTo(through, s('m', { kind: 'mask', dims, ijkToLps, labels, label: 1 }));
    expect(crossing.minDistanceMm).toBeLessThanOrEqual(-r);
    expect(crossing.violates).toBe(true);
    const far = clearanceTo(needle, s('f', { kind: 'mask', dims, ijkToLps, labels, label: 2 }), {
      searchRadiusMm: 10,
    });
    expect(far.found).toBe(false);
    expect(far.minDistanceMm).toBeGreaterThanOrEqual(10);
    const near = clearanceTo(needle, s('f', { kind: 'mask', dims, ijkToLps, labels, label: 2 }), {
      searchRadiusMm: 25,
    });
    expect(near.minDistanceMm).toBeCloseTo(20 - 0.5 - r, 12);
  });

  it('to a signed distance field (the phantom kind) and sorts nearest first', () => {
    const field = s('sdf', { kind: 'field', signedDistanceMm: (p) => distance(p, [8, 0, 50]) - 4 });
    const res = clearanceTo(needle, field);
    expect(res.minDistanceMm).toBeCloseTo(4 - r, 12);
    expect(res.tipDistanceMm).toBeCloseTo(Math.hypot(8, 50) - 4, 12);
    const all = clearances(needle, [field, s('p', { kind: 'point', pointLps: [1, 0, 10] })]);
    expect(all.map((c) => c.structureId)).toEqual(['p', 'sdf']);
  });
});

describe('HU profile through a real Volume with trilinear sampling', () => {
  it('finds a cortical plate in a synthetic CT within one voxel', () => {
    // 1 mm voxels, origin (-20, -20, -20); soft tissue 40 HU with a cortical plate (1200 HU) of voxel centres
    // y = -5..-3. A needle from y = +15 heading anterior (-y) reaches the plate's first voxel centre at 18 mm.
    const dims = [41, 41, 41] as const;
    const data = new Int16Array(dims[0] * dims[1] * dims[2]);
    for (let k = 0; k < 41; k++)
      for (let j = 0; j < 41; j++)
        for (let i = 0; i < 41; i++) data[i + 41 * (j + 41 * k)] = j - 20 >= -5 && j - 20 <= -3 ? 1200 : 40;
    const volume: Volume = {
      id: 'synthetic',
      dims,
      spacingMm: [1, 1, 1],
      ijkToLps: [1, 0, 0, -20, 0, 1, 0, -20, 0, 0, 1, -20, 0, 0, 0, 1],
      data,
      rescaleSlope: 1,
      rescaleIntercept: 0,
      metadata: {} as Volume['metadata'],
      warnings: [],
    };
    const prof = pathProfile([0, 15, 0], [0, -15, 0], (p) => sampleTrilinearLps(volume, p));
    // Voxel centres at y = -2 (40 HU) and -3 (1200 HU): trilinear crosses 700 HU at y = -2.57, depth 17.57.
    expect(Math.abs(prof.firstDepthMm['cortical-bone']! - 17.57)).toBeLessThanOrEqual(0.5);
    expect(prof.flags.corticalBone).toBe(true);
    expect(prof.segments.at(-1)!.tissue).toBe('soft-tissue');
    expect(prof.samples.every((s) => s.hu !== undefined)).toBe(true);
  });
});
