import type { CSSProperties } from 'react';
import type { Vec3 } from '../../core/vec3';
import { useSliceStore } from '../../state/sliceStore';
import type { SliceOrientation } from '../../volume/slicePlanes';
import { orientationLetters } from '../../volume/slicePlanes';
import { scaleBarMm } from '../../volume/sliceViewport';
import { LevelLabels2D } from '../analysis/LevelLabels2D';
import { MeasureOverlay } from '../measure/MeasureOverlay';
import { NeedleOverlay } from '../needle/NeedleOverlay';
import { BrushCursor } from '../plan/BrushCursor';
import { PaintOverlay } from '../plan/PaintOverlay';
import { TrajectoryOverlay } from '../plan/TrajectoryOverlay';
import { ReviewPins2D } from '../review/ReviewPins';
import { useViewChrome } from '../viewChrome';
import { CrosshairLines } from './CrosshairLines';
import type { SliceGeometry } from './useSliceGeometry';

const POSITION_LETTERS: Record<SliceOrientation, [string, string]> = {
  axial: ['I', 'S'],
  sagittal: ['R', 'L'],
  coronal: ['A', 'P'],
};
const INDEX_NAMES = ['i', 'j', 'k'] as const;
const neg = (d: Vec3): Vec3 => [-d[0], -d[1], -d[2]];
/**
 * Orientation letters on a dark plate, so they read on bone as on air (issue 19); an oblique direction shows
 * its dominant letter first and larger, the others smaller (e.g. "L" with "ps" for a left-posterior-superior
 * edge), as the letters of a tilted plane are read.
 */
const edge: CSSProperties = {
  fontWeight: 700,
  fontSize: 15,
  lineHeight: '18px',
  padding: '0 4px',
  borderRadius: 3,
  background: 'rgba(0, 0, 0, 0.7)',
  textShadow: 'none',
  letterSpacing: 0.5,
};

function Letters({ direction }: { direction: Vec3 }) {
  const letters = orientationLetters(direction);
  return (
    <>
      {letters.slice(0, 1)}
      {letters.length > 1 && <span style={{ fontSize: 11, fontWeight: 600 }}>{letters.slice(1)}</span>}
    </>
  );
}

/**
 * HTML over a 2D view: orientation letters on all four edges, slice position, W/L, scale bar, crosshair,
 * the plan's trajectories and the placement prompt.
 */
export function SliceOverlay({
  orientation,
  geometry,
}: {
  orientation: SliceOrientation;
  geometry: SliceGeometry;
}) {
  const window = useSliceStore((s) => s.window);
  const slab = useSliceStore((s) => s.views[orientation]);
  const { plane, transform, position } = geometry;
  const [negLetter, posLetter] = POSITION_LETTERS[orientation];
  const mm = position.positionMm;
  const barMm = scaleBarMm(transform.pxPerMm, Math.max(20, transform.widthPx / 4));
  const barPx = barMm * transform.pxPerMm;
  const chrome = useViewChrome();
  return (
    <>
      {geometry.needle ? (
        <NeedleOverlay orientation={orientation} geometry={geometry} needle={geometry.needle} />
      ) : (
        <CrosshairLines orientation={orientation} geometry={geometry} />
      )}
      <LevelLabels2D orientation={orientation} geometry={geometry} />
      <PaintOverlay orientation={orientation} geometry={geometry} />
      <BrushCursor orientation={orientation} geometry={geometry} />
      <TrajectoryOverlay orientation={orientation} geometry={geometry} />
      <MeasureOverlay orientation={orientation} geometry={geometry} />
      <ReviewPins2D orientation={orientation} geometry={geometry} />
      {chrome.placementHint({ testId: `placement-hint-${orientation}` })}
      <div
        className="viewport-overlay"
        data-testid={`label-top-${orientation}`}
        data-view-band="top"
        style={{ ...edge, top: 4, left: '50%', transform: 'translateX(-50%)' }}
      >
        <Letters direction={plane.vLps} />
      </div>
      <div
        className="viewport-overlay"
        data-testid={`label-bottom-${orientation}`}
        data-view-band="bottom"
        style={{ ...edge, bottom: 4, left: '50%', transform: 'translateX(-50%)' }}
      >
        <Letters direction={neg(plane.vLps)} />
      </div>
      <div
        className="viewport-overlay"
        data-testid={`label-left-${orientation}`}
        style={{ ...edge, left: 6, top: '50%', transform: 'translateY(-50%)' }}
      >
        <Letters direction={neg(plane.uLps)} />
      </div>
      <div
        className="viewport-overlay"
        data-testid={`label-right-${orientation}`}
        style={{ ...edge, right: 6, top: '50%', transform: 'translateY(-50%)' }}
      >
        <Letters direction={plane.uLps} />
      </div>
      {!geometry.needle && (
        <div
          className="viewport-overlay"
          data-testid={`slice-position-${orientation}`}
          data-view-band="top"
          style={{ top: 4, left: 6 }}
        >
          {`${mm < 0 ? negLetter : posLetter} ${Math.abs(mm).toFixed(1)} mm`}
          {` · ${INDEX_NAMES[position.ijkAxis]} ${position.index} / ${position.count - 1}`}
          {slab.slabMm > 0 ? ` · ${slab.slabMode === 'mip' ? 'MIP' : 'Mean'} ${slab.slabMm} mm` : ''}
        </div>
      )}
      <div
        className="viewport-overlay"
        data-testid={`window-${orientation}`}
        data-view-band="bottom"
        style={{ bottom: 4, left: 6 }}
      >
        {`W ${Math.round(window.width)}  L ${Math.round(window.level)}`}
      </div>
      <div
        className="viewport-overlay"
        data-testid={`scale-bar-${orientation}`}
        data-view-band="bottom"
        data-mm={barMm}
        data-px={barPx.toFixed(2)}
        style={{ bottom: 4, right: 28, textAlign: 'center' }}
      >
        <div
          style={{
            width: barPx,
            height: 4,
            borderLeft: '1px solid',
            borderRight: '1px solid',
            borderBottom: '1px solid',
          }}
        />
        {`${barMm} mm`}
      </div>
      {chrome.sliceToolbar({ orientation })}
    </>
  );
}
