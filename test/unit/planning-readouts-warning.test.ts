import { describe, expect, it } from 'vitest';
import type { ClearanceStructure } from '../../src/planning/clearance';
import { trajectoryReadouts } from '../../src/planning/readouts';
import { createTrajectory } from '../../src/planning/trajectory';

describe('configurable clearance warning distance', () => {
  // 22G needle (0.72 mm outer diameter) along +y; a point 1.5 mm to its side: shaft clearance ~1.14 mm.
  const t = createTrajectory('t', { entryLps: [0, 60, 0], targetLps: [0, 0, 0] });
  const root: ClearanceStructure = {
    id: 'root',
    name: 'L4 root',
    geometry: { kind: 'point', pointLps: [1.5, 30, 0] },
  };

  it('warns inside the distance, not outside it, and never without one', () => {
    const near = (mm?: number) =>
      trajectoryReadouts(t, { structures: [root], warningDistanceMm: mm }).warnings.filter((w) =>
        w.includes('L4 root'),
      );
    expect(near(2)).toEqual(['Within 2.0 mm of L4 root: 1.1 mm at 30.0 mm depth (warning distance).']);
    expect(near(1)).toEqual([]);
    expect(near(undefined)).toEqual([]);
  });

  it('does not repeat a violation as a near miss', () => {
    const r = trajectoryReadouts(t, { structures: [{ ...root, marginMm: 1.5 }], warningDistanceMm: 2 });
    expect(r.warnings.filter((w) => w.includes('L4 root'))).toEqual([
      'Too close to L4 root: 1.1 mm at 30.0 mm depth.',
    ]);
  });
});
