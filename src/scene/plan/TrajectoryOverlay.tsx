import { usePlacementStore } from '../../state/placementStore';
import { selectActivePlan, usePlanStore } from '../../state/planStore';
import { useSliceStore } from '../../state/sliceStore';
import type { SliceOrientation } from '../../volume/slicePlanes';
import type { SliceGeometry } from '../slice/useSliceGeometry';
import {
  inSliceHalfMm,
  type ProjectedTrajectory,
  projectTrajectory,
  type ScreenPoint,
} from './sliceProjection';

const TARGET_RADIUS_PX = 6;
const ENTRY_RADIUS_PX = 5;

function Handle({
  at,
  radius,
  colour,
  filled,
  active,
  testId,
}: {
  at: ScreenPoint;
  radius: number;
  colour: string;
  filled: boolean;
  active: boolean;
  testId: string;
}) {
  return (
    <g data-testid={testId} data-in-slice={filled} data-x={at[0].toFixed(1)} data-y={at[1].toFixed(1)}>
      {active && <circle cx={at[0]} cy={at[1]} r={radius + 4} fill="none" stroke="#ffffff" strokeWidth={1} />}
      <circle
        cx={at[0]}
        cy={at[1]}
        r={radius}
        fill={filled ? colour : 'none'}
        stroke={colour}
        strokeWidth={2}
      />
    </g>
  );
}

function TrajectoryShape({
  p,
  orientation,
  selected,
  activeEnd,
}: {
  p: ProjectedTrajectory;
  orientation: SliceOrientation;
  selected: boolean;
  activeEnd: 'entry' | 'target' | null;
}) {
  const width = selected ? 3 : 2;
  const [e, t] = [p.entryPx, p.targetPx];
  return (
    <g data-testid={`plan-trajectory-${orientation}`} data-id={p.id} data-selected={selected}>
      {/* A dark underlay keeps the colour readable over bone; the selected one gets a light halo. */}
      <line
        x1={e[0]}
        y1={e[1]}
        x2={t[0]}
        y2={t[1]}
        stroke={selected ? '#ffffff' : '#000000'}
        strokeOpacity={selected ? 0.35 : 0.5}
        strokeWidth={width + 3}
        strokeLinecap="round"
      />
      {/* The whole path projected onto the view: dashed and faint where it is outside the slice. */}
      <line
        x1={e[0]}
        y1={e[1]}
        x2={t[0]}
        y2={t[1]}
        stroke={p.colour}
        strokeOpacity={0.6}
        strokeWidth={width - 0.5}
        strokeDasharray="6 5"
      />
      {p.inSlabPx && (
        <line
          data-testid={`plan-in-slice-${orientation}`}
          x1={p.inSlabPx[0][0]}
          y1={p.inSlabPx[0][1]}
          x2={p.inSlabPx[1][0]}
          y2={p.inSlabPx[1][1]}
          stroke={p.colour}
          strokeWidth={width}
          strokeLinecap="round"
        />
      )}
      <Handle
        at={e}
        radius={ENTRY_RADIUS_PX}
        colour={p.colour}
        filled={p.entryInSlice}
        active={activeEnd === 'entry'}
        testId={`plan-entry-${orientation}`}
      />
      <Handle
        at={t}
        radius={TARGET_RADIUS_PX}
        colour={p.colour}
        filled={p.targetInSlice}
        active={activeEnd === 'target'}
        testId={`plan-target-${orientation}`}
      />
    </g>
  );
}

/**
 * The active plan's trajectories over one 2D view, as SVG with the view's own px<->mm mapping: the path
 * projected on the view (solid within the slab, dashed outside), entry and target handles (filled when the
 * point lies in the slice), the selected trajectory on top with a halo, and a ring on the active handle.
 */
export function TrajectoryOverlay({
  orientation,
  geometry,
}: {
  orientation: SliceOrientation;
  geometry: SliceGeometry;
}) {
  const plan = usePlanStore(selectActivePlan);
  const selectedId = usePlanStore((s) => s.selectedTrajectoryId);
  const active = usePlacementStore((s) => s.activeHandle);
  const slabMm = useSliceStore((s) => s.views[orientation].slabMm);
  const { plane, transform } = geometry;
  if (!plan || plan.trajectories.length === 0) return null;
  const half = inSliceHalfMm(slabMm);
  // The selected trajectory is drawn last, so it sits on top of the others.
  const ordered = [...plan.trajectories].sort(
    (a, b) => Number(a.id === selectedId) - Number(b.id === selectedId),
  );
  return (
    <svg
      className="viewport-overlay"
      data-testid={`plan-overlay-${orientation}`}
      width={transform.widthPx}
      height={transform.heightPx}
      style={{ inset: 0 }}
      aria-hidden="true"
    >
      {ordered.map((t) => (
        <TrajectoryShape
          key={t.id}
          p={projectTrajectory(t, plane, transform, half)}
          orientation={orientation}
          selected={t.id === selectedId}
          activeEnd={active?.trajectoryId === t.id && t.id === selectedId ? active.end : null}
        />
      ))}
    </svg>
  );
}
