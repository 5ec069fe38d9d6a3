import type { Vec3 } from '../../core/vec3';
import { add, dot, scale, sub } from '../../core/vec3';
import type { Trajectory, TrajectoryEnd } from '../../planning/trajectory';
import type { SlicePlane } from '../../volume/slicePlanes';
import { lpsToPlane, planeToLps } from '../../volume/slicePlanes';
import type { SliceViewTransform } from '../../volume/sliceViewport';
import { planeToScreen, screenToPlane } from '../../volume/sliceViewport';

/**
 * How a trajectory shows in one 2D view (pure: used by the SVG overlay, the pointer hit test and unit tests).
 * A point counts as "in the slice" within half the slab, and never less than 1 mm, of the plane: a thin
 * slice would otherwise show a needle lying in it as dashed through rounding alone.
 */
export const MIN_IN_SLICE_HALF_MM = 1;

export const inSliceHalfMm = (slabMm: number): number => Math.max(slabMm / 2, MIN_IN_SLICE_HALF_MM);

/** Signed distance (mm) of a point from the plane, positive towards the viewer. */
export const planeDistanceMm = (plane: SlicePlane, lps: Vec3): number =>
  dot(sub(lps, plane.originLps), plane.normalLps);

/**
 * The fraction interval [t0, t1] of the segment (t = 0 at `d0`, 1 at `d1`, distances from the plane) that
 * lies within +-`halfMm` of the plane, or null when none of it does.
 */
export function inSlabInterval(d0: number, d1: number, halfMm: number): [number, number] | null {
  const dd = d1 - d0;
  if (Math.abs(dd) < 1e-12) return Math.abs(d0) <= halfMm ? [0, 1] : null;
  const ta = (-halfMm - d0) / dd;
  const tb = (halfMm - d0) / dd;
  const lo = Math.max(0, Math.min(ta, tb));
  const hi = Math.min(1, Math.max(ta, tb));
  return lo <= hi ? [lo, hi] : null;
}

export type ScreenPoint = readonly [number, number];

export interface ProjectedTrajectory {
  id: string;
  colour: string;
  entryPx: ScreenPoint;
  targetPx: ScreenPoint;
  entryInSlice: boolean;
  targetInSlice: boolean;
  /** Screen end points of the part within the slab (entry side first), or null. */
  inSlabPx: readonly [ScreenPoint, ScreenPoint] | null;
}

/** CSS px (from the view's top-left) of an LPS point projected along the normal onto the view. */
export function lpsToScreen(plane: SlicePlane, transform: SliceViewTransform, lps: Vec3): ScreenPoint {
  return planeToScreen(transform, ...lpsToPlane(plane, lps));
}

const lerp2 = (a: ScreenPoint, b: ScreenPoint, t: number): ScreenPoint => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
];

export function projectTrajectory(
  t: Pick<Trajectory, 'id' | 'colour' | 'entryLps' | 'targetLps'>,
  plane: SlicePlane,
  transform: SliceViewTransform,
  halfMm: number,
): ProjectedTrajectory {
  const dEntry = planeDistanceMm(plane, t.entryLps);
  const dTarget = planeDistanceMm(plane, t.targetLps);
  const entryPx = lpsToScreen(plane, transform, t.entryLps);
  const targetPx = lpsToScreen(plane, transform, t.targetLps);
  const interval = inSlabInterval(dEntry, dTarget, halfMm);
  return {
    id: t.id,
    colour: t.colour,
    entryPx,
    targetPx,
    entryInSlice: Math.abs(dEntry) <= halfMm,
    targetInSlice: Math.abs(dTarget) <= halfMm,
    inSlabPx: interval && [lerp2(entryPx, targetPx, interval[0]), lerp2(entryPx, targetPx, interval[1])],
  };
}

export interface HandleHit {
  trajectoryId: string;
  end: TrajectoryEnd;
  /** Pointer minus handle centre (px), kept during a drag so the handle does not jump to the pointer. */
  grabOffsetPx: ScreenPoint;
}

/**
 * The handle under the pointer (within `radiusPx`), nearest first; on a tie the selected trajectory wins,
 * then the target (the end one usually adjusts).
 */
export function hitHandle(
  projected: readonly ProjectedTrajectory[],
  xPx: number,
  yPx: number,
  radiusPx: number,
  selectedId: string | null,
): HandleHit | null {
  let best: (HandleHit & { score: number }) | null = null;
  for (const p of projected)
    for (const end of ['target', 'entry'] as const) {
      const [hx, hy] = end === 'entry' ? p.entryPx : p.targetPx;
      const d = Math.hypot(xPx - hx, yPx - hy);
      if (d > radiusPx) continue;
      // Sub-pixel bonuses order ties without overriding a clearly nearer handle.
      const score = d - (p.id === selectedId ? 0.5 : 0) - (end === 'target' ? 0.25 : 0);
      if (!best || score < best.score)
        best = { trajectoryId: p.id, end, grabOffsetPx: [xPx - hx, yPx - hy], score };
    }
  if (!best) return null;
  const { score: _score, ...hit } = best;
  return hit;
}

/**
 * Where a dragged handle goes: under the pointer (less the grab offset) in the view's plane, keeping the
 * point's own distance from the plane, so dragging moves it parallel to the view ("in the plane of that view").
 */
export function draggedLps(
  plane: SlicePlane,
  transform: SliceViewTransform,
  xPx: number,
  yPx: number,
  grabOffsetPx: ScreenPoint,
  distanceFromPlaneMm: number,
): Vec3 {
  const inPlane = planeToLps(
    plane,
    ...screenToPlane(transform, xPx - grabOffsetPx[0], yPx - grabOffsetPx[1]),
  );
  return add(inPlane, scale(plane.normalLps, distanceFromPlaneMm));
}

/** Distance (px) from a point to the segment a-b on screen. */
export function distanceToSegmentPx(a: ScreenPoint, b: ScreenPoint, xPx: number, yPx: number): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((xPx - a[0]) * dx + (yPx - a[1]) * dy) / len2));
  return Math.hypot(xPx - (a[0] + t * dx), yPx - (a[1] + t * dy));
}

/** The trajectory whose drawn line (entry to target, projected) passes within `radiusPx`, nearest first. */
export function hitLine(
  projected: readonly ProjectedTrajectory[],
  xPx: number,
  yPx: number,
  radiusPx: number,
): string | null {
  let best: { id: string; d: number } | null = null;
  for (const p of projected) {
    const d = distanceToSegmentPx(p.entryPx, p.targetPx, xPx, yPx);
    if (d <= radiusPx && (!best || d < best.d)) best = { id: p.id, d };
  }
  return best?.id ?? null;
}
