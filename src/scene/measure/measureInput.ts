import type { Vec3 } from '../../core/vec3';
import type { Measurement } from '../../planning/planFile';
import { useMeasureStore } from '../../state/measureStore';
import { selectActivePlan, usePlanStore } from '../../state/planStore';
import { draggedLps, inSliceHalfMm, planeDistanceMm, type ScreenPoint } from '../plan/sliceProjection';
import type { SliceGeometry } from '../slice/useSliceGeometry';
import { measurementPoints, projectMeasurement } from './measureGeometry';

const NAMES = { distance: 'D', angle: 'A', region: 'R' } as const;

/**
 * A plain left press in a 2D view while a measuring tool is on: adds the point (on the view's plane, LPS) and,
 * once the tool has all its points, stores the measurement in the active plan (so it is saved with it).
 * Returns whether the press was used.
 */
export function measurePointerDown(lps: Vec3, viewNormalLps: Vec3): boolean {
  const measure = useMeasureStore.getState();
  const tool = measure.tool;
  if (tool === 'none') return false;
  const plans = usePlanStore.getState();
  const plan = selectActivePlan(plans);
  if (!plan) {
    measure.cancel();
    return false;
  }
  const points = measure.addPoint(lps);
  if (!points) return true;
  const n = plan.measurements.filter((m) => m.kind === tool).length + 1;
  const name = `${NAMES[tool]}${n}`;
  const [a, b, c] = points;
  if (tool === 'distance' && a && b) plans.addMeasurement({ kind: 'distance', name, aLps: a, bLps: b });
  else if (tool === 'region' && a && b)
    plans.addMeasurement({ kind: 'region', name, centreLps: a, rimLps: b, normalLps: viewNormalLps });
  else if (tool === 'angle' && a && b && c)
    plans.addMeasurement({ kind: 'angle', name, aLps: a, vertexLps: b, bLps: c });
  return true;
}

/** How close (CSS px) the pointer must come to a measurement's point to grab it. */
const POINT_HIT_RADIUS_PX = 8;

/** A measurement point being dragged in one view. */
export interface MeasureDrag {
  original: Measurement;
  index: number;
  grabOffsetPx: ScreenPoint;
  distanceFromPlaneMm: number;
}

function withPoint(m: Measurement, index: number, lps: Vec3): Measurement {
  if (m.kind === 'region') return index === 0 ? { ...m, centreLps: lps } : { ...m, rimLps: lps };
  if (m.kind === 'distance') return index === 0 ? { ...m, aLps: lps } : { ...m, bLps: lps };
  if (index === 0) return { ...m, aLps: lps };
  return index === 1 ? { ...m, vertexLps: lps } : { ...m, bLps: lps };
}

/** The point of a measurement shown in this view under the pointer, nearest first; null when none. */
export function measureHandleDown(
  geometry: SliceGeometry,
  slabMm: number,
  xPx: number,
  yPx: number,
): MeasureDrag | null {
  const plan = selectActivePlan(usePlanStore.getState());
  const half = inSliceHalfMm(slabMm);
  let best: (MeasureDrag & { d: number }) | null = null;
  for (const m of plan?.measurements ?? []) {
    const p = projectMeasurement(m, geometry.plane, geometry.transform, half);
    if (!p.inView) continue;
    p.pointsPx.forEach(([hx, hy], index) => {
      const d = Math.hypot(xPx - hx, yPx - hy);
      if (d > POINT_HIT_RADIUS_PX || (best && best.d <= d)) return;
      const point = measurementPoints(m)[index];
      if (!point) return;
      best = {
        original: m,
        index,
        grabOffsetPx: [xPx - hx, yPx - hy],
        distanceFromPlaneMm: planeDistanceMm(geometry.plane, point),
        d,
      };
    });
  }
  if (!best) return null;
  const { d: _d, ...drag } = best as MeasureDrag & { d: number };
  useMeasureStore.getState().setEditing(drag.original);
  return drag;
}

/** Moves the dragged point under the pointer, parallel to the view (shown live; stored when the drag ends). */
export function measureHandleMove(
  drag: MeasureDrag,
  geometry: SliceGeometry,
  xPx: number,
  yPx: number,
): void {
  const lps = draggedLps(
    geometry.plane,
    geometry.transform,
    xPx,
    yPx,
    drag.grabOffsetPx,
    drag.distanceFromPlaneMm,
  );
  const current = useMeasureStore.getState().editing ?? drag.original;
  useMeasureStore.getState().setEditing(withPoint(current, drag.index, lps));
}

/** Ends a drag: the edited measurement replaces the original in the plan (one undo step). */
export function measureHandleUp(): void {
  const measure = useMeasureStore.getState();
  const edited = measure.editing;
  measure.setEditing(null);
  if (!edited) return;
  const plans = usePlanStore.getState();
  const original = selectActivePlan(plans)?.measurements.find((m) => m.id === edited.id);
  if (!original || JSON.stringify(original) === JSON.stringify(edited)) return;
  plans.updateMeasurement(edited);
}
