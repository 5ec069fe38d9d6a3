import type { Vec3 } from '../../core/vec3';
import { angleDeg, distance, dot, sub } from '../../core/vec3';
import type { Measurement } from '../../planning/planFile';
import type { SlicePlane } from '../../volume/slicePlanes';
import type { SliceViewTransform } from '../../volume/sliceViewport';
import { lpsToScreen, planeDistanceMm, type ScreenPoint } from '../plan/sliceProjection';

/** The measurement's points in drawing order (distance a-b, angle a-vertex-b). */
export function measurementPoints(m: Measurement): Vec3[] {
  if (m.kind === 'distance') return [m.aLps, m.bLps];
  if (m.kind === 'region') return [m.centreLps, m.rimLps];
  return [m.aLps, m.vertexLps, m.bLps];
}

/** The value a measurement reads: mm between the points, the angle at the vertex (deg, 0-180), a region's radius. */
export function measurementValue(m: Measurement): { value: number; unit: 'mm' | 'deg' } {
  if (m.kind === 'distance') return { value: distance(m.aLps, m.bLps), unit: 'mm' };
  if (m.kind === 'region') return { value: distance(m.centreLps, m.rimLps), unit: 'mm' };
  return { value: angleDeg(sub(m.aLps, m.vertexLps), sub(m.bLps, m.vertexLps)), unit: 'deg' };
}

export const formatMeasurement = (m: Measurement): string => {
  const { value, unit } = measurementValue(m);
  if (m.kind === 'region') return `r ${value.toFixed(1)} mm`;
  return unit === 'mm' ? `${value.toFixed(1)} mm` : `${value.toFixed(1)}°`;
};

export interface ProjectedMeasurement {
  id: string;
  pointsPx: ScreenPoint[];
  /** Every point lies within `halfMm` of the view plane: the measurement is drawn in this view. */
  inView: boolean;
  /** Regions: the disc's radius on screen (px); drawn only in views parallel to the plane it was drawn on. */
  radiusPx?: number;
}

/** A region is shown in views whose plane is parallel to its own (within ~2.5 deg). */
const PARALLEL_COS = 0.999;

/** Screen points of a measurement in one view and whether it lies in that view's slice (all points within). */
export function projectMeasurement(
  m: Measurement,
  plane: SlicePlane,
  transform: SliceViewTransform,
  halfMm: number,
): ProjectedMeasurement {
  const points = measurementPoints(m);
  const inSlice = points.every((p) => Math.abs(planeDistanceMm(plane, p)) <= halfMm);
  const pointsPx = points.map((p) => lpsToScreen(plane, transform, p));
  if (m.kind !== 'region') return { id: m.id, pointsPx, inView: inSlice };
  return {
    id: m.id,
    pointsPx,
    inView: inSlice && Math.abs(dot(m.normalLps, plane.normalLps)) >= PARALLEL_COS,
    radiusPx: distance(m.centreLps, m.rimLps) * transform.pxPerMm,
  };
}
