import { useFrame, useThree } from '@react-three/fiber';
import { type RefObject, useEffect } from 'react';
import * as THREE from 'three';
import { dot, sub, type Vec3 } from '../../core/vec3';
import { planReview, type ReviewComment } from '../../planning/review';
import { selectActivePlan, usePlanStore } from '../../state/planStore';
import { useReviewPinStore } from '../../state/reviewPinStore';
import type { SliceOrientation } from '../../volume/slicePlanes';
import { lpsToScreen } from '../plan/sliceProjection';
import type { SliceGeometry } from '../slice/useSliceGeometry';

/**
 * Review comments (issue 22) where they are pinned: a numbered marker (the comment's number in the review
 * panel's list) in each 2D view whose plane passes within NEAR_PLANE_MM of the pin, and in the 3D view.
 */
const NEAR_PLANE_MM = 5;
const PIN_COLOUR = '#ff8c42';
const R = 9;

const useComments = (): readonly ReviewComment[] => {
  const plan = usePlanStore(selectActivePlan);
  return plan?.review ? planReview(plan).comments : [];
};

function Pin({ n, x, y, text }: { n: number; x: number; y: number; text: string }) {
  return (
    <g data-testid="review-pin" data-n={n}>
      <title>{text}</title>
      <circle cx={x} cy={y} r={R} fill="rgba(0,0,0,0.75)" stroke={PIN_COLOUR} strokeWidth={2} />
      <text
        x={x}
        y={y}
        fill="#ffffff"
        fontSize={11}
        fontWeight={700}
        textAnchor="middle"
        dominantBaseline="central"
      >
        {n}
      </text>
    </g>
  );
}

export function ReviewPins2D({
  orientation,
  geometry,
}: {
  orientation: SliceOrientation;
  geometry: SliceGeometry;
}) {
  const comments = useComments();
  const { plane, transform } = geometry;
  const shown = comments
    .map((c, i) => ({ c, n: i + 1 }))
    .filter(
      ({ c }) => Math.abs(dot(sub(c.anchor.pointLps, plane.originLps), plane.normalLps)) <= NEAR_PLANE_MM,
    )
    .map(({ c, n }) => ({ c, n, xy: lpsToScreen(plane, transform, c.anchor.pointLps) }))
    .filter(({ xy }) => xy.every(Number.isFinite));
  if (shown.length === 0) return null;
  return (
    <svg
      className="viewport-overlay"
      data-testid={`review-pins-${orientation}`}
      width={transform.widthPx}
      height={transform.heightPx}
      style={{ position: 'absolute', inset: 0, pointerEvents: 'none' }}
    >
      {shown.map(({ c, n, xy }) => (
        <Pin key={c.id} n={n} x={xy[0]} y={xy[1]} text={`${c.author}: ${c.text}`} />
      ))}
    </svg>
  );
}

/**
 * The 3D view's pins: an SVG over the view, placed after each rendered frame by ReviewPins3DSync; and, while
 * the review panel waits for a click to pin a comment (reviewPinStore), a hint in the view itself.
 */
export function ReviewPins3D({ svgRef }: { svgRef: RefObject<SVGSVGElement | null> }) {
  const comments = useComments();
  const pinPending = useReviewPinStore((s) => s.pending !== null);
  return (
    <>
      {pinPending && (
        <div
          className="viewport-overlay"
          data-testid="review-pin-hint-3d"
          style={{
            left: '50%',
            bottom: 8,
            transform: 'translateX(-50%)',
            padding: '3px 8px',
            border: `1px solid ${PIN_COLOUR}`,
            borderRadius: 4,
            background: 'rgba(0,0,0,0.7)',
            whiteSpace: 'nowrap',
          }}
        >
          Click the bone to pin the comment · Esc cancels
        </div>
      )}
      <svg
        ref={svgRef}
        className="viewport-overlay"
        data-testid="review-pins-3d"
        style={{
          inset: 0,
          width: '100%',
          height: '100%',
          pointerEvents: 'none',
          display: comments.length ? undefined : 'none',
        }}
      >
        {comments.map((c, i) => (
          <g key={c.id} data-id={c.id} display="none">
            <Pin n={i + 1} x={0} y={0} text={`${c.author}: ${c.text}`} />
          </g>
        ))}
      </svg>
    </>
  );
}

const v = new THREE.Vector3();

export function ReviewPins3DSync({ svgRef }: { svgRef: RefObject<SVGSVGElement | null> }) {
  const invalidate = useThree((s) => s.invalidate);
  const comments = useComments();
  // The canvas renders on demand: one more frame places new pins at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new comment needs one more frame
  useEffect(() => invalidate(), [comments, invalidate]);
  useFrame(({ camera }) => {
    const svg = svgRef.current;
    if (!svg || svg.style.display === 'none') return;
    const width = svg.clientWidth;
    const height = svg.clientHeight;
    for (const c of comments) {
      const g = svg.querySelector(`g[data-id="${CSS.escape(c.id)}"]`);
      if (!g) continue;
      const p: Vec3 = c.anchor.pointLps;
      v.set(p[0], p[1], p[2]).project(camera);
      const x = ((v.x + 1) / 2) * width;
      const y = ((1 - v.y) / 2) * height;
      const drawn = Number.isFinite(x) && Number.isFinite(y) && v.z < 1;
      g.setAttribute('display', drawn ? 'inline' : 'none');
      if (drawn) g.setAttribute('transform', `translate(${x.toFixed(1)} ${y.toFixed(1)})`);
    }
  });
  return null;
}
