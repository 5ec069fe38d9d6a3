import type { CSSProperties } from 'react';
import { useMemo } from 'react';
import { lerp } from '../../core/vec3';
import { useAnalysisStore } from '../../state/analysisStore';
import { selectActivePlan, usePlanStore } from '../../state/planStore';
import type { SliceOrientation } from '../../volume/slicePlanes';
import { NO_INSETS } from '../../volume/sliceViewport';
import { DOWN_MARK_REACH_PX } from '../needle/NeedleOverlay';
import { lpsToScreen } from '../plan/sliceProjection';
import type { SliceGeometry } from '../slice/useSliceGeometry';
import { needleKeepOuts, placeLevelLabels, sideLetterKeepOuts } from './levelLabelLayout';
import { labelsInPlane } from './levelLabelPoints';

/** White on a dark box, bold: legible on bone and on air alike. */
const labelStyle: CSSProperties = {
  position: 'absolute',
  transform: 'translate(-50%, -50%)',
  padding: '1px 5px',
  borderRadius: 3,
  background: 'rgba(0, 0, 0, 0.72)',
  color: '#ffffff',
  font: '700 13px system-ui, sans-serif',
  border: '1px solid #ffd166',
  pointerEvents: 'auto',
  cursor: 'pointer',
  whiteSpace: 'nowrap',
  userSelect: 'none',
};

/**
 * The vertebra names of the automatic spine analysis (issue 16) beside their bodies in a 2D view, with a
 * leader line to the body. A click on a label picks that vertebra for renaming (plan panel, Vertebra names).
 */
export function LevelLabels2D({
  orientation,
  geometry,
}: {
  orientation: SliceOrientation;
  geometry: SliceGeometry;
}) {
  const analysis = useAnalysisStore((s) => s.analysis);
  const visible = useAnalysisStore((s) => s.labelsVisible);
  const selected = useAnalysisStore((s) => s.selectedVertebra);
  const plan = usePlanStore(selectActivePlan);
  const { plane, transform, insets = NO_INSETS } = geometry;
  const inPlane = useMemo(() => (visible ? labelsInPlane(analysis, plane) : []), [analysis, plane, visible]);
  // Never under the view's toolbar or bottom info: moved clear of the bands, or not drawn (levelLabelLayout).
  // A view with no size yet projects to NaN: no label then. Names and leaders keep clear of every needle
  // the view draws (TrajectoryOverlay draws the active plan's), most of all of its tip, and of the side
  // orientation letters (SliceOverlay) and the down view's marks (NeedleOverlay).
  const { needle } = geometry;
  const downPx =
    needle?.kind === 'down'
      ? lpsToScreen(
          plane,
          transform,
          lerp(needle.entryLps, needle.targetLps, needle.depthMm / needle.lengthMm),
        )
      : null;
  const keepOuts = [
    ...sideLetterKeepOuts(transform.widthPx, transform.heightPx),
    // Down the needle: the marks of the in-plane views' traces cross the needle's point.
    ...(downPx ? [{ aPx: downPx, bPx: downPx, radiusPx: DOWN_MARK_REACH_PX + 6 }] : []),
    ...(plan?.trajectories ?? []).flatMap((t) =>
      needleKeepOuts(lpsToScreen(plane, transform, t.entryLps), lpsToScreen(plane, transform, t.targetLps)),
    ),
  ];
  const labels = placeLevelLabels(
    inPlane.map((l) => ({
      ...l,
      bodyPx: lpsToScreen(plane, transform, l.bodyLps),
      anchorPx: lpsToScreen(plane, transform, l.anchorLps),
    })),
    {
      widthPx: transform.widthPx,
      heightPx: transform.heightPx,
      topBandPx: insets.topPx,
      bottomBandPx: insets.bottomPx,
    },
    keepOuts,
  );
  if (labels.length === 0) return null;
  return (
    <div className="viewport-overlay" style={{ inset: 0 }} data-testid={`level-labels-${orientation}`}>
      <svg
        width={transform.widthPx}
        height={transform.heightPx}
        style={{ position: 'absolute', inset: 0 }}
        aria-hidden="true"
      >
        {labels.map((l) => {
          if (!l.leaderFromPx) return null;
          const [bx, by] = l.leaderFromPx;
          const [ax, ay] = l.atPx;
          return (
            <line
              key={l.name}
              data-testid={`level-leader-${orientation}`}
              data-name={l.name}
              x1={bx}
              y1={by}
              x2={ax}
              y2={ay}
              stroke="#ffd166"
              strokeWidth={1}
              opacity={0.8}
            />
          );
        })}
      </svg>
      {labels.map((l) => {
        const [x, y] = l.atPx;
        const isSelected = l.index >= 0 && l.index === selected;
        return (
          <button
            type="button"
            key={l.name}
            className="level-label"
            data-testid={`level-label-${orientation}`}
            data-name={l.name}
            data-x={x.toFixed(1)}
            data-y={y.toFixed(1)}
            title={`${l.name} (automatic, confidence ${Math.round(l.confidence * 100)}%): click to correct the name`}
            style={{ ...labelStyle, left: x, top: y, outline: isSelected ? '2px solid #4fa3ff' : undefined }}
            onPointerDown={(e) => e.stopPropagation()}
            onClick={(e) => {
              e.stopPropagation();
              if (l.index >= 0) useAnalysisStore.getState().selectVertebra(l.index);
            }}
          >
            {l.name}
          </button>
        );
      })}
    </div>
  );
}
