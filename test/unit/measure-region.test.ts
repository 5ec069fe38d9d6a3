import { describe, expect, it } from 'vitest';
import { emptyPlan, parsePlanFile, serializePlan } from '../../src/planning/planFile';
import { circleRegionStats } from '../../src/scene/measure/regionStats';
import type { Volume } from '../../src/volume/volume';

/** 40^3 voxels of 1 mm at LPS = ijk - 20: HU = 100 for x < 0 (patient right), 300 for x >= 0. */
function halfAndHalf(): Volume {
  const n = 40;
  const data = new Int16Array(n * n * n);
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) data[i + n * (j + n * k)] = i < 20 ? 100 : 300;
  return {
    id: 'halves',
    dims: [n, n, n],
    spacingMm: [1, 1, 1],
    ijkToLps: [1, 0, 0, -20, 0, 1, 0, -20, 0, 0, 1, -20, 0, 0, 0, 1],
    data,
    rescaleSlope: 1,
    rescaleIntercept: -24,
    metadata: {} as Volume['metadata'],
    warnings: [],
  };
}

describe('HU region statistics', () => {
  it('reads a uniform region exactly (rescale applied), area pi r^2', () => {
    const s = circleRegionStats(halfAndHalf(), {
      centreLps: [-10, 0, 0],
      rimLps: [-10, 5, 0],
      normalLps: [0, 0, 1],
    });
    if (!s) throw new Error('no stats');
    expect(s.meanHu).toBeCloseTo(76, 9);
    expect(s.sdHu).toBeCloseTo(0, 6);
    expect(s.minHu).toBe(76);
    expect(s.maxHu).toBe(76);
    expect(s.areaMm2).toBeCloseTo(Math.PI * 25, 9);
    expect(s.samples).toBeGreaterThan(300);
  });

  it('straddling the edge: mean between the halves, SD near half the step, min and max the two values', () => {
    // A sagittal-normal disc would lie in one half; an axial one centred on the boundary (between voxel
    // 19 at x = -1 and 20 at x = 0) covers both about equally.
    const s = circleRegionStats(halfAndHalf(), {
      centreLps: [-0.5, 0, 0],
      rimLps: [-0.5, 8, 0],
      normalLps: [0, 0, 1],
    });
    if (!s) throw new Error('no stats');
    expect(s.meanHu).toBeGreaterThan(176 - 10);
    expect(s.meanHu).toBeLessThan(176 + 10);
    expect(s.sdHu).toBeGreaterThan(90);
    expect(s.sdHu).toBeLessThan(101);
    expect(s.minHu).toBe(76);
    expect(s.maxHu).toBe(276);
  });

  it('is undefined outside the volume', () => {
    expect(
      circleRegionStats(halfAndHalf(), { centreLps: [100, 0, 0], rimLps: [102, 0, 0], normalLps: [0, 0, 1] }),
    ).toBeUndefined();
  });

  it('round-trips through the plan file', () => {
    const plan = emptyPlan('demo', '2026-11-28T00:00:00.000Z');
    plan.measurements.push({
      id: 'r1',
      kind: 'region',
      name: 'R1',
      centreLps: [1, 2, 3],
      rimLps: [1, 7, 3],
      normalLps: [0, 0, -1],
    });
    const parsed = parsePlanFile(serializePlan(plan));
    expect(parsed.ok && parsed.value.measurements).toEqual(plan.measurements);
  });
});
