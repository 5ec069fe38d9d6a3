import { describe, expect, it } from 'vitest';
import type { Measurement } from '../../src/planning/planFile';
import {
  formatMeasurement,
  measurementValue,
  projectMeasurement,
} from '../../src/scene/measure/measureGeometry';
import { useMeasureStore } from '../../src/state/measureStore';
import { ORIENTATION_AXES } from '../../src/volume/slicePlanes';

const distanceM: Measurement = { id: 'd', kind: 'distance', name: 'D1', aLps: [0, 0, 0], bLps: [3, 4, 0] };
const angleM: Measurement = {
  id: 'a',
  kind: 'angle',
  name: 'A1',
  aLps: [10, 0, 0],
  vertexLps: [0, 0, 0],
  bLps: [0, 10, 0],
};
const axialAt = (z: number) => ({ originLps: [0, 0, z] as const, ...ORIENTATION_AXES.axial });
const transform = { centreMm: [0, 0] as const, pxPerMm: 2, widthPx: 200, heightPx: 100 };

describe('measurements', () => {
  it('reads distances in mm and angles at the vertex in degrees', () => {
    expect(measurementValue(distanceM)).toEqual({ value: 5, unit: 'mm' });
    expect(measurementValue(angleM).value).toBeCloseTo(90, 12);
    expect(formatMeasurement(distanceM)).toBe('5.0 mm');
    expect(formatMeasurement(angleM)).toBe('90.0°');
  });

  it('shows in a view only when every point lies within the slice', () => {
    expect(projectMeasurement(distanceM, axialAt(0.9), transform, 1).inView).toBe(true);
    expect(projectMeasurement(distanceM, axialAt(1.1), transform, 1).inView).toBe(false);
    const p = projectMeasurement(distanceM, axialAt(0), transform, 1);
    // Axial: patient left is screen right, anterior (-y) is screen up, so +4 mm posterior is 8 px down.
    expect(p.pointsPx).toEqual([
      [100, 50],
      [106, 58],
    ]);
  });

  it('collects clicks until the tool has its points, then starts over', () => {
    const s = useMeasureStore.getState();
    s.start('angle');
    expect(s.addPoint([1, 0, 0])).toBeNull();
    expect(useMeasureStore.getState().addPoint([0, 0, 0])).toBeNull();
    expect(useMeasureStore.getState().addPoint([0, 1, 0])).toHaveLength(3);
    expect(useMeasureStore.getState().pendingLps).toEqual([]);
    expect(useMeasureStore.getState().tool).toBe('angle');
    useMeasureStore.getState().cancel();
    expect(useMeasureStore.getState().addPoint([0, 0, 0])).toBeNull();
  });
});
