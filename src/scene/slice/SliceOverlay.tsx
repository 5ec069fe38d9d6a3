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

/**
 * The top line of a view: the top orientation letter in the centre, the slice position (and the voxel index,
 * while it fits) in the half left of it, the slab in the half right of it. The halves are equal grid columns
 * beside the letter's own, so neither text runs into the letter in a narrow view. The slab stays in sight at
 * any width (its control may be behind More); the index is the part that gives way, its count first (the
 * millimetre position says the same for reading).
 */
const topLine: CSSProperties = {
  top: 4,
  left: 6,
  right: 6,
  display: 'grid',
  gridTemplateColumns: 'minmax(0, 1fr) auto minmax(0, 1fr)',
  columnGap: 4,
  alignItems: 'start',
  lineHeight: '18px',
  whiteSpace: 'pre',
};
const topLetter: CSSProperties = { ...edge, gridColumn: 2, gridRow: 1 };
/** One line high: a part that does not fit wraps onto the hidden second line. */
const positionParts: CSSProperties = {
  gridColumn: 1,
  gridRow: 1,
  justifySelf: 'start',
  maxWidth: '100%',
  display: 'flex',
  flexWrap: 'wrap',
  height: 18,
  overflow: 'hidden',
};
const slabPart: CSSProperties = {
  gridColumn: 3,
  gridRow: 1,
  justifySelf: 'end',
  maxWidth: '100%',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
};

/**
 * The bottom line, laid out as the top one: W/L in the half left of the bottom letter (its level under its
 * width when the half is too narrow for both, so neither is cut), the scale bar (at most a quarter of the
 * view wide) in the half right of it.
 */
const bottomLine: CSSProperties = { ...topLine, top: undefined, bottom: 4, alignItems: 'end' };
const bottomLetter: CSSProperties = { ...edge, gridColumn: 2, gridRow: 1 };
const windowParts: CSSProperties = {
  gridColumn: 1,
  gridRow: 1,
  justifySelf: 'start',
  display: 'flex',
  flexWrap: 'wrap',
  columnGap: 6,
  lineHeight: 'normal',
};
const scaleBar: CSSProperties = {
  gridColumn: 3,
  gridRow: 1,
  justifySelf: 'end',
  textAlign: 'center',
  lineHeight: 'normal',
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
      <div className="viewport-overlay" data-view-band="top" style={topLine}>
        <div data-testid={`label-top-${orientation}`} style={topLetter}>
          <Letters direction={plane.vLps} />
        </div>
        {!geometry.needle && (
          // No box of its own: its parts sit either side of the letter.
          <div data-testid={`slice-position-${orientation}`} style={{ display: 'contents' }}>
            <span data-testid={`slice-position-text-${orientation}`} style={positionParts}>
              <span>{`${mm < 0 ? negLetter : posLetter} ${Math.abs(mm).toFixed(1)} mm`}</span>
              <span>{` · ${INDEX_NAMES[position.ijkAxis]} ${position.index}`}</span>
              <span>{` / ${position.count - 1}`}</span>
            </span>
            {slab.slabMm > 0 && (
              <span data-testid={`slice-slab-${orientation}`} style={slabPart}>
                <span style={{ display: 'none' }}>{' · '}</span>
                {`${slab.slabMode === 'mip' ? 'MIP' : 'Mean'} ${slab.slabMm} mm`}
              </span>
            )}
          </div>
        )}
      </div>
      <div className="viewport-overlay" data-view-band="bottom" style={bottomLine}>
        <div
          data-testid={`window-${orientation}`}
          // A needle view keeps W/L on one line: its depth and caption rows stand at fixed heights above it.
          style={geometry.needle ? { ...windowParts, flexWrap: 'nowrap' } : windowParts}
        >
          <span>{`W ${Math.round(window.width)}`}</span>
          <span style={{ display: 'none' }}>{'  '}</span>
          <span>{`L ${Math.round(window.level)}`}</span>
        </div>
        <div data-testid={`label-bottom-${orientation}`} style={bottomLetter}>
          <Letters direction={neg(plane.vLps)} />
        </div>
        <div
          data-testid={`scale-bar-${orientation}`}
          data-mm={barMm}
          data-px={barPx.toFixed(2)}
          style={scaleBar}
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
      </div>
      {chrome.sliceToolbar({ orientation })}
    </>
  );
}
