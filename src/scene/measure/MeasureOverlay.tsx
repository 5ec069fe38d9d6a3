import { useMeasureStore } from '../../state/measureStore';
import { selectActivePlan, usePlanStore } from '../../state/planStore';
import { useSliceStore } from '../../state/sliceStore';
import type { SliceOrientation } from '../../volume/slicePlanes';
import { inSliceHalfMm, lpsToScreen } from '../plan/sliceProjection';
import type { SliceGeometry } from '../slice/useSliceGeometry';
import { formatMeasurement, projectMeasurement } from './measureGeometry';

/** Light green: the brightest of the overlay colours after the crosshair's, distinct from trajectories. */
const COLOUR = '#8ff0a0';
const PENDING = '#ffd866';

/**
 * The active plan's measurements over one 2D view: each is drawn where all its points lie within half the
 * slab (at least 1 mm) of the view plane, with its value beside it; plus the points of one being made.
 */
export function MeasureOverlay({
  orientation,
  geometry,
}: {
  orientation: SliceOrientation;
  geometry: SliceGeometry;
}) {
  const measurements = usePlanStore((s) => selectActivePlan(s)?.measurements);
  const pending = useMeasureStore((s) => s.pendingLps);
  const editing = useMeasureStore((s) => s.editing);
  const regionStats = useMeasureStore((s) => s.regionStats);
  const slabMm = useSliceStore((s) => s.views[orientation].slabMm);
  const { plane, transform } = geometry;
  if (!measurements?.length && pending.length === 0) return null;
  const half = inSliceHalfMm(slabMm);
  return (
    <svg
      className="viewport-overlay"
      data-testid={`measure-overlay-${orientation}`}
      width={transform.widthPx}
      height={transform.heightPx}
      style={{ inset: 0 }}
      aria-hidden="true"
    >
      {(measurements ?? []).map((stored) => {
        const m = editing?.id === stored.id ? editing : stored;
        const p = projectMeasurement(m, plane, transform, half);
        if (!p.inView) return null;
        const [cx, cy] = p.pointsPx[0] ?? [0, 0];
        const path = p.pointsPx.map(([x, y]) => `${x},${y}`).join(' ');
        const [lx, ly] = p.pointsPx[p.pointsPx.length - 1] ?? [0, 0];
        return (
          <g key={m.id} data-testid={`measurement-${orientation}`} data-id={m.id}>
            {p.radiusPx !== undefined && (
              <circle
                data-testid={`measure-region-${orientation}`}
                cx={cx}
                cy={cy}
                r={p.radiusPx}
                fill={COLOUR}
                fillOpacity={0.12}
                stroke={COLOUR}
                strokeWidth={1.5}
              />
            )}
            <polyline points={path} fill="none" stroke="#000000" strokeOpacity={0.5} strokeWidth={4} />
            <polyline points={path} fill="none" stroke={COLOUR} strokeWidth={1.5} />
            {p.pointsPx.map(([x, y]) => (
              <circle key={`${x},${y}`} cx={x} cy={y} r={3.5} fill="none" stroke={COLOUR} strokeWidth={1.5} />
            ))}
            {/* A black halo under the letters (SVG paint-order: stroke first) keeps the value readable on bone,
                fat or air alike (issue 19: thin green letters vanished on grey). */}
            <text
              data-testid={`measure-label-${orientation}`}
              x={lx + 8}
              y={ly - 6}
              fill={COLOUR}
              fontSize={13}
              fontWeight={600}
              stroke="#000"
              strokeOpacity={0.85}
              strokeWidth={3.5}
              strokeLinejoin="round"
              paintOrder="stroke"
            >
              {m.kind === 'region' && regionStats[m.id]
                ? `${m.name} ${regionStats[m.id]?.meanHu.toFixed(0)} ± ${regionStats[m.id]?.sdHu.toFixed(0)} HU`
                : `${m.name} ${formatMeasurement(m)}`}
            </text>
          </g>
        );
      })}
      {pending.map((lps) => {
        const [x, y] = lpsToScreen(plane, transform, lps);
        return (
          <circle
            key={lps.join(',')}
            data-testid={`measure-pending-${orientation}`}
            cx={x}
            cy={y}
            r={4}
            fill={PENDING}
          />
        );
      })}
    </svg>
  );
}
