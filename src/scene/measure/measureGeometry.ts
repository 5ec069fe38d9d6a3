import type { Vec3 } from '../../core/vec3';
import { angleDeg, distance, sub } from '../../core/vec3';
import type { Measurement } from '../../planning/planFile';
import type { SlicePlane } from '../../volume/slicePlanes';
import type { SliceViewTransform } from '../../volume/sliceViewport';
import { lpsToScreen, planeDistanceMm, type ScreenPoint } from '../plan/sliceProjection';

/** The measurement's points in drawing order (distance a-b, angle a-vertex-b). */
export function measurementPoints(m: Measurement): Vec3[] {
  return m.kind === 'distance' ? [m.aLps, m.bLps] : [m.aLps, m.vertexLps, m.bLps];
}

/** The value a measurement reads: mm between the points, or the angle at the vertex (deg, 0-180). */
export function measurementValue(m: Measurement): { value: number; unit: 'mm' | 'deg' } {
  if (m.kind === 'distance') return { value: distance(m.aLps, m.bLps), unit: 'mm' };
  return { value: angleDeg(sub(m.aLps, m.vertexLps), sub(m.bLps, m.vertexLps)), unit: 'deg' };
}

export const formatMeasurement = (m: Measurement): string => {
  const { value, unit } = measurementValue(m);
  return unit === 'mm' ? `${value.toFixed(1)} mm` : `${value.toFixed(1)}°`;
};

export interface ProjectedMeasurement {
  id: string;
  pointsPx: ScreenPoint[];
  /** Every point lies within `halfMm` of the view plane: the measurement is drawn in this view. */
  inView: boolean;
}

/** Screen points of a measurement in one view and whether it lies in that view's slice (all points within). */
export function projectMeasurement(
  m: Measurement,
  plane: SlicePlane,
  transform: SliceViewTransform,
  halfMm: number,
): ProjectedMeasurement {
  const points = measurementPoints(m);
  return {
    id: m.id,
    pointsPx: points.map((p) => lpsToScreen(plane, transform, p)),
    inView: points.every((p) => Math.abs(planeDistanceMm(plane, p)) <= halfMm),
  };
}
