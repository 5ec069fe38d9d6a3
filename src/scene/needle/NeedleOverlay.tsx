import type { CSSProperties } from 'react';
import type { Vec3 } from '../../core/vec3';
import { lerp } from '../../core/vec3';
import { useSliceStore } from '../../state/sliceStore';
import type { SliceOrientation } from '../../volume/slicePlanes';
import { needleDepthTicksMm } from '../../volume/slicePlanes';
import { lpsToScreen } from '../plan/sliceProjection';
import type { NeedleViewGeometry, SliceGeometry } from '../slice/useSliceGeometry';

const TICK_HALF_PX = 5;
const ROTATE_STEP_DEG = 15;
const control: CSSProperties = { fontSize: 11, padding: '1px 4px', pointerEvents: 'auto' };
const TITLES = { inPlaneA: 'Needle A', inPlaneB: 'Needle B', down: 'Down the needle' } as const;

/** "12.0 mm · 33.0 mm to target" for the down view; the turn about the needle for the in-plane views. */
export function needleViewCaption(n: NeedleViewGeometry): string {
  if (n.kind === 'down')
    return `${TITLES.down} · depth ${n.depthMm.toFixed(1)} mm · ${(n.lengthMm - n.depthMm).toFixed(1)} mm to target`;
  const turn = (n.rotationDeg + (n.kind === 'inPlaneB' ? 90 : 0)) % 360;
  return `${TITLES[n.kind]} · ${turn.toFixed(0)}° about the needle · ${n.lengthMm.toFixed(1)} mm`;
}

/** Depth ticks (every 10 mm from the entry) and the down view's cut, drawn across the needle in an in-plane view. */
function InPlaneMarks({ geometry, needle }: { geometry: SliceGeometry; needle: NeedleViewGeometry }) {
  const { plane, transform } = geometry;
  const at = (mm: number): Vec3 => lerp(needle.entryLps, needle.targetLps, mm / needle.lengthMm);
  // Screen direction across the needle: the plane's v axis (the needle runs along u), y down on screen.
  const across = (lps: Vec3, halfPx: number) => {
    const [x, y] = lpsToScreen(plane, transform, lps);
    return { x1: x, y1: y - halfPx, x2: x, y2: y + halfPx };
  };
  const cut = across(at(needle.depthMm), 14);
  return (
    <svg
      className="viewport-overlay"
      width={transform.widthPx}
      height={transform.heightPx}
      style={{ inset: 0 }}
      aria-hidden="true"
    >
      {needleDepthTicksMm(needle.lengthMm).map((mm) => (
        <line key={mm} {...across(at(mm), TICK_HALF_PX)} stroke="#ffd866" strokeWidth={1.5} />
      ))}
      <line
        data-testid="needle-depth-cut"
        {...cut}
        stroke="#5ad1ff"
        strokeWidth={1.5}
        strokeDasharray="4 3"
      />
    </svg>
  );
}

/** How far the down view's marks (the in-plane views' traces) reach from the needle (px). */
export const DOWN_MARK_REACH_PX = 40;

/** Where the in-plane views cut the down view: two lines through the needle, A solid, B dashed. */
function DownMarks({ geometry, needle }: { geometry: SliceGeometry; needle: NeedleViewGeometry }) {
  const { plane, transform } = geometry;
  const centre = lerp(needle.entryLps, needle.targetLps, needle.depthMm / needle.lengthMm);
  const [cx, cy] = lpsToScreen(plane, transform, centre);
  const theta = (needle.rotationDeg * Math.PI) / 180;
  // Plane A holds up*cos + (d x up)*sin; here v = up and u = d x up, so its trace runs along (sin, cos) in (u, v).
  const dirs: [number, number][] = [
    [Math.sin(theta), Math.cos(theta)],
    [Math.cos(theta), -Math.sin(theta)],
  ];
  const reach = DOWN_MARK_REACH_PX;
  return (
    <svg
      className="viewport-overlay"
      width={transform.widthPx}
      height={transform.heightPx}
      style={{ inset: 0 }}
      aria-hidden="true"
    >
      {dirs.map(([du, dv], i) => (
        <line
          key={du + dv * 3}
          x1={cx - du * reach}
          y1={cy + dv * reach}
          x2={cx + du * reach}
          y2={cy - dv * reach}
          stroke="#5ad1ff"
          strokeOpacity={0.7}
          strokeDasharray={i === 0 ? undefined : '4 3'}
        />
      ))}
      <circle
        data-testid="needle-down-ring"
        cx={cx}
        cy={cy}
        r={8}
        fill="none"
        stroke="#ffd866"
        strokeWidth={1.5}
      />
    </svg>
  );
}

/**
 * The needle view's own overlay: caption (what the view is, depth and distance to target), rotation buttons
 * for the in-plane views, the depth slider with 10 mm ticks for the down view, and marks on the image.
 */
export function NeedleOverlay({
  orientation,
  geometry,
  needle,
}: {
  orientation: SliceOrientation;
  geometry: SliceGeometry;
  needle: NeedleViewGeometry;
}) {
  const store = useSliceStore.getState;
  const ticks = needleDepthTicksMm(needle.lengthMm);
  return (
    <>
      {needle.kind === 'down' ? (
        <DownMarks geometry={geometry} needle={needle} />
      ) : (
        <InPlaneMarks geometry={geometry} needle={needle} />
      )}
      <div
        className="viewport-overlay"
        data-testid={`needle-view-${orientation}`}
        data-kind={needle.kind}
        data-depth-mm={needle.depthMm.toFixed(2)}
        data-remaining-mm={(needle.lengthMm - needle.depthMm).toFixed(2)}
        data-view-band="bottom"
        style={{ bottom: 44, left: 6 }}
      >
        {needleViewCaption(needle)}
      </div>
      <div
        className="viewport-overlay"
        data-view-band="bottom"
        style={{ bottom: 22, left: 6, display: 'flex', gap: 4 }}
      >
        {needle.kind === 'down' ? (
          <label style={{ ...control, display: 'flex', alignItems: 'center', gap: 4 }}>
            Depth
            <input
              type="range"
              data-testid={`needle-depth-${orientation}`}
              min={0}
              max={needle.lengthMm}
              step="any"
              value={needle.depthMm}
              list={`needle-ticks-${orientation}`}
              onChange={(e) => store().setNeedleDepth(Number(e.target.value))}
            />
            <datalist id={`needle-ticks-${orientation}`}>
              {[0, ...ticks, needle.lengthMm].map((mm) => (
                <option key={mm} value={mm} />
              ))}
            </datalist>
          </label>
        ) : (
          <>
            <button
              type="button"
              style={control}
              title={`Turn the needle views ${ROTATE_STEP_DEG}° about the needle (wheel: 5°)`}
              data-testid={`needle-rotate-minus-${orientation}`}
              onClick={() => store().setNeedleRotation(needle.rotationDeg - ROTATE_STEP_DEG)}
            >
              ⟲
            </button>
            <button
              type="button"
              style={control}
              title={`Turn the needle views ${ROTATE_STEP_DEG}° the other way (wheel: 5°)`}
              data-testid={`needle-rotate-plus-${orientation}`}
              onClick={() => store().setNeedleRotation(needle.rotationDeg + ROTATE_STEP_DEG)}
            >
              ⟳
            </button>
          </>
        )}
      </div>
    </>
  );
}
