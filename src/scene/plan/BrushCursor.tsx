import { usePlacementStore } from '../../state/placementStore';
import { useViewStore } from '../../state/viewStore';
import type { SliceOrientation } from '../../volume/slicePlanes';
import type { SliceGeometry } from '../slice/useSliceGeometry';
import { lpsToScreen } from './sliceProjection';

/** While the paint tool is on: the brush disc (its radius in mm) under the pointer, in the view it is over. */
export function BrushCursor({
  orientation,
  geometry,
}: {
  orientation: SliceOrientation;
  geometry: SliceGeometry;
}) {
  const paint = usePlacementStore((s) => s.paint);
  const cursor = useViewStore((s) => s.cursor);
  if (!paint.active || !cursor || cursor.viewport !== orientation) return null;
  const [x, y] = lpsToScreen(geometry.plane, geometry.transform, cursor.lps);
  const { widthPx, heightPx, pxPerMm } = geometry.transform;
  return (
    <svg
      className="viewport-overlay"
      data-testid={`brush-cursor-${orientation}`}
      width={widthPx}
      height={heightPx}
      style={{ inset: 0 }}
      aria-hidden="true"
    >
      <circle cx={x} cy={y} r={paint.radiusMm * pxPerMm} fill="none" stroke="#ff3c78" strokeWidth={1.5} />
    </svg>
  );
}
