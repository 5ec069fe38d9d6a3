import { cross, dot, normalize, type Vec3 } from '../../core/vec3';
import type { FrameGeometry } from '../types';

/** ImageOrientationPatient as two unit vectors (PS3.3 C.7.6.2.1.1). */
export type Orientation = FrameGeometry['imageOrientationPatient'];

export const rowDirection = (iop: Orientation): Vec3 => [iop[0], iop[1], iop[2]];
export const columnDirection = (iop: Orientation): Vec3 => [iop[3], iop[4], iop[5]];

/** Slice normal = row direction x column direction (points to increasing slice position). */
export const sliceNormal = (iop: Orientation): Vec3 =>
  normalize(cross(rowDirection(iop), columnDirection(iop)));

/** Position of a slice along the normal, the only valid sort key (never InstanceNumber or SliceLocation). */
export const slicePositionMm = (ipp: Vec3, normal: Vec3): number => dot(ipp, normal);

/**
 * A text key equal for orientations that agree to ~1e-3 (about 0.06 deg): scanners write IOP with a
 * few decimals and rounding noise must not split a series.
 */
export function orientationKey(iop: Orientation): string {
  return iop.map((v) => (Math.round(v * 1000) / 1000 || 0).toFixed(3)).join('\\');
}

export type PlaneName = 'axial' | 'coronal' | 'sagittal' | 'oblique';

/** Names the plane when the normal is within ~10 deg of a patient axis (cos 10 deg = 0.985). */
export function planeOf(normal: Vec3): PlaneName {
  const [x, y, z] = normal.map(Math.abs) as [number, number, number];
  if (z > 0.985) return 'axial';
  if (y > 0.985) return 'coronal';
  if (x > 0.985) return 'sagittal';
  return 'oblique';
}

/**
 * Lower median of a non-empty list: always one of the values (for slice steps, a spacing that was
 * really acquired, not the mean of two different ones).
 */
export function lowerMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[(sorted.length - 1) >> 1]!;
}

/** Short mm text for messages: "3.00". */
export const mm = (v: number): string => v.toFixed(2);
