import type { Vec3 } from '../../core/vec3';
import type { Side, TrajectoryEnd } from '../../planning/trajectory';
import { useAnalysisStore } from '../../state/analysisStore';
import { usePlacementStore } from '../../state/placementStore';
import { selectActivePlan, usePlanStore } from '../../state/planStore';
import { useSliceStore } from '../../state/sliceStore';
import { useStudyStore } from '../../state/studyStore';
import type { SliceOrientation } from '../../volume/slicePlanes';
import { planeToLps } from '../../volume/slicePlanes';
import { screenToPlane } from '../../volume/sliceViewport';
import { type InferredLevel, inferLevelAndSide } from '../analysis/inferLevel';
import type { SliceGeometry } from '../slice/useSliceGeometry';
import { nudgeForKey } from './nudgeKeys';
import {
  draggedLps,
  hitHandle,
  hitLine,
  inSliceHalfMm,
  type ProjectedTrajectory,
  planeDistanceMm,
  projectTrajectory,
  type ScreenPoint,
} from './sliceProjection';

/** How close (CSS px) the pointer must come to a handle to grab it: a bit more than the drawn circle. */
export const HANDLE_HIT_RADIUS_PX = 9;
/** How close (CSS px) a click must come to a trajectory's drawn line to select it. */
export const LINE_HIT_RADIUS_PX = 5;

/** A handle being dragged in one view. */
export interface HandleDrag {
  trajectoryId: string;
  end: TrajectoryEnd;
  grabOffsetPx: ScreenPoint;
  /** The point's distance from the view plane when grabbed; kept while dragging. */
  distanceFromPlaneMm: number;
}

function projectActivePlan(geometry: SliceGeometry, slabMm: number): ProjectedTrajectory[] {
  const plan = selectActivePlan(usePlanStore.getState());
  const half = inSliceHalfMm(slabMm);
  return (plan?.trajectories ?? []).map((t) =>
    projectTrajectory(t, geometry.plane, geometry.transform, half),
  );
}

/** Level and side from the open volume's spine analysis (none while it runs or for another volume). */
function inferAt(lps: Vec3): InferredLevel {
  const { analysis, volumeId } = useAnalysisStore.getState();
  const current = useStudyStore.getState().volume?.id;
  return inferLevelAndSide(volumeId === current ? analysis : null, lps);
}

/**
 * Places the point the placement mode waits for (from a 2D click, or the 3D view's first hit). Store actions
 * only. The target of a new trajectory also becomes the crosshair, so every 2D view shows it.
 */
export function placePlanPoint(lps: Vec3): void {
  const placement = usePlacementStore.getState();
  const plans = usePlanStore.getState();
  if (placement.mode === 'target' && placement.trajectoryId === null) {
    // The new trajectory exists from its target on (zero length) so every view draws it at once.
    // Level and side follow from the target (issue 16); the user can change them in the editor.
    const { level, side } = inferAt(lps);
    const id = plans.addTrajectory({
      targetLps: lps,
      entryLps: lps,
      ...(level ? { level } : {}),
      ...(side ? { side } : {}),
    });
    if (!id) {
      placement.cancel();
      return;
    }
    placement.targetPlaced(id);
    // A 2D click lies on its view's plane, so that view stays put and the other two move to the target.
    useSliceStore.getState().setCrosshair(lps);
    return;
  }
  const id = placement.trajectoryId;
  const exists = selectActivePlan(plans)?.trajectories.some((t) => t.id === id);
  if (id === null || !exists || placement.mode === 'none') {
    placement.cancel();
    return;
  }
  const end = placement.mode;
  if (end === 'target') {
    // A re-placed target renames the level/side the old target had given, not a choice the user made.
    const t = selectActivePlan(plans)?.trajectories.find((x) => x.id === id);
    const before = t && inferAt(t.targetLps);
    const after = inferAt(lps);
    plans.setTarget(id, lps);
    if (t && before) {
      const patch: { level?: string; side?: Side } = {};
      if (after.level && t.level === (before.level ?? '')) patch.level = after.level;
      if (after.side && t.side === before.side) patch.side = after.side;
      if (patch.level !== undefined || patch.side !== undefined) plans.updateTrajectory(id, patch);
    }
  } else plans.setEntry(id, lps);
  plans.select(id);
  placement.finish({ trajectoryId: id, end });
}

/**
 * A plain left press in a 2D view: in placement mode it places the awaited point ('placed'); on a handle it
 * selects that trajectory and starts a drag; on the line of a trajectory not selected yet it selects it
 * ('selected'; a press on the selected one's line moves the crosshair, to scroll along the needle); elsewhere
 * null (the view moves its crosshair as before).
 */
export function planPointerDown(
  geometry: SliceGeometry,
  slabMm: number,
  xPx: number,
  yPx: number,
): 'placed' | 'selected' | HandleDrag | null {
  if (usePlacementStore.getState().mode !== 'none') {
    placePlanPoint(planeToLps(geometry.plane, ...screenToPlane(geometry.transform, xPx, yPx)));
    return 'placed';
  }
  const plans = usePlanStore.getState();
  const projected = projectActivePlan(geometry, slabMm);
  const hit = hitHandle(projected, xPx, yPx, HANDLE_HIT_RADIUS_PX, plans.selectedTrajectoryId);
  const t = hit && selectActivePlan(plans)?.trajectories.find((tr) => tr.id === hit.trajectoryId);
  if (!hit || !t) {
    const lineId = hitLine(projected, xPx, yPx, LINE_HIT_RADIUS_PX);
    if (lineId === null || lineId === plans.selectedTrajectoryId) return null;
    plans.select(lineId);
    return 'selected';
  }
  plans.select(hit.trajectoryId);
  usePlacementStore.getState().setActiveHandle({ trajectoryId: hit.trajectoryId, end: hit.end });
  const point = hit.end === 'entry' ? t.entryLps : t.targetLps;
  return { ...hit, distanceFromPlaneMm: planeDistanceMm(geometry.plane, point) };
}

/** Moves the dragged handle under the pointer (live: every move updates the plan store). */
export function planPointerMove(drag: HandleDrag, geometry: SliceGeometry, xPx: number, yPx: number): void {
  const lps = draggedLps(
    geometry.plane,
    geometry.transform,
    xPx,
    yPx,
    drag.grabOffsetPx,
    drag.distanceFromPlaneMm,
  );
  const plans = usePlanStore.getState();
  if (drag.end === 'entry') plans.setEntry(drag.trajectoryId, lps);
  else plans.setTarget(drag.trajectoryId, lps);
}

/** Whether the pointer is over a handle (for the cursor shape). */
export function isOverHandle(geometry: SliceGeometry, slabMm: number, xPx: number, yPx: number): boolean {
  const selected = usePlanStore.getState().selectedTrajectoryId;
  return hitHandle(projectActivePlan(geometry, slabMm), xPx, yPx, HANDLE_HIT_RADIUS_PX, selected) !== null;
}

/**
 * Alt+arrows / Alt+PageUp / Alt+PageDown nudge the active handle of the selected trajectory by 0.5 mm in this
 * view's screen directions (plain arrows keep scrolling slices). Returns whether the key was used.
 */
export function planKeyDown(
  orientation: SliceOrientation,
  e: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey'>,
): boolean {
  if (!e.altKey || e.ctrlKey || e.metaKey) return false;
  const direction = nudgeForKey(orientation, e.key);
  const plans = usePlanStore.getState();
  const id = plans.selectedTrajectoryId;
  if (!direction || id === null) return false;
  const active = usePlacementStore.getState().activeHandle;
  const end: TrajectoryEnd = active?.trajectoryId === id ? active.end : 'target';
  plans.nudge(id, end, direction);
  return true;
}
