import type { Vec3 } from '../../core/vec3';
import { useMeasureStore } from '../../state/measureStore';
import { selectActivePlan, usePlanStore } from '../../state/planStore';

const NAMES = { distance: 'D', angle: 'A' } as const;

/**
 * A plain left press in a 2D view while a measuring tool is on: adds the point (on the view's plane, LPS) and,
 * once the tool has all its points, stores the measurement in the active plan (so it is saved with it).
 * Returns whether the press was used.
 */
export function measurePointerDown(lps: Vec3): boolean {
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
  else if (tool === 'angle' && a && b && c)
    plans.addMeasurement({ kind: 'angle', name, aLps: a, vertexLps: b, bLps: c });
  return true;
}
