import type { Vec3 } from '../../core/vec3';
import { distance, lerp } from '../../core/vec3';
import { usePlacementStore } from '../../state/placementStore';
import { selectActivePlan, usePlanStore } from '../../state/planStore';
import type { Volume } from '../../volume/volume';

/** One stroke of the no-go brush in one view (pointer down to up). */
export interface PaintStroke {
  key: string;
  normalLps: Vec3;
  erase: boolean;
  lastLps: Vec3;
  grid: { dims: Volume['dims']; ijkToLps: Volume['ijkToLps'] };
}

let strokeCount = 0;

/** Dabs along a drag this far apart (fraction of the radius), so a fast stroke leaves no gaps. */
const DAB_SPACING = 0.5;

function dab(stroke: PaintStroke, centreLps: Vec3): void {
  const placement = usePlacementStore.getState();
  const { radiusMm, regionId } = placement.paint;
  const plans = usePlanStore.getState();
  // Erasing acts on the chosen region, or on the newest one when none is chosen.
  const target = regionId ?? (stroke.erase ? (selectActivePlan(plans)?.noGoMasks.at(-1)?.id ?? null) : null);
  if (stroke.erase && target === null) return;
  const id = plans.paintNoGo(
    target,
    stroke.grid,
    { centreLps, normalLps: stroke.normalLps, radiusMm, erase: stroke.erase },
    stroke.key,
  );
  if (id && id !== regionId) placement.setPaint({ regionId: id });
}

/**
 * A left press in a 2D view while the paint tool is on: paints a disc of the brush radius in the view's
 * plane at the pointer (Shift: erases) into the chosen painted region (a new one when none is chosen).
 */
export function paintPointerDown(
  lps: Vec3,
  viewNormalLps: Vec3,
  volume: Volume,
  erase: boolean,
): PaintStroke {
  const stroke: PaintStroke = {
    key: `stroke${++strokeCount}`,
    normalLps: viewNormalLps,
    erase,
    lastLps: lps,
    grid: { dims: volume.dims, ijkToLps: volume.ijkToLps },
  };
  dab(stroke, lps);
  return stroke;
}

/** Paints from the last dab to the pointer, a dab every half radius. */
export function paintPointerMove(stroke: PaintStroke, lps: Vec3): void {
  const stepMm = Math.max(0.25, usePlacementStore.getState().paint.radiusMm * DAB_SPACING);
  const gapMm = distance(stroke.lastLps, lps);
  if (gapMm < stepMm) return;
  const n = Math.ceil(gapMm / stepMm);
  for (let i = 1; i <= n; i++) dab(stroke, lerp(stroke.lastLps, lps, i / n));
  stroke.lastLps = lps;
}
