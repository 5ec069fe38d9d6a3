import { useFrame, useThree } from '@react-three/fiber';
import { type RefObject, useEffect, useMemo } from 'react';
import * as THREE from 'three';
import type { Vec3 } from '../../core/vec3';
import { useAnalysisStore } from '../../state/analysisStore';
import { levelLabels } from './levelLabelPoints';

/** The labels in 3D: the analysis's vertebrae (and S1), cranial to caudal. */
const labels3d = () => levelLabels(useAnalysisStore.getState().analysis);

const BOX_W = 34;
const BOX_H = 18;
/** Screen distance from the body's centre to the label's: beside a lumbar body at any zoom. */
const LABEL_GAP_PX = BOX_W / 2 + 22;

/**
 * Vertebra names of the automatic spine analysis in the 3D view (issue 16), as an SVG over it:
 * `LevelLabels3DSync` (inside the canvas) moves them after each rendered frame by writing attributes,
 * without React state per frame, as the orientation triad does.
 */
export function LevelLabels3D({ svgRef }: { svgRef: RefObject<SVGSVGElement | null> }) {
  const analysis = useAnalysisStore((s) => s.analysis);
  const visible = useAnalysisStore((s) => s.labelsVisible);
  // biome-ignore lint/correctness/useExhaustiveDependencies: labels3d reads the same analysis from the store
  const labels = useMemo(() => labels3d(), [analysis]);
  return (
    <svg
      ref={svgRef}
      className="viewport-overlay"
      data-testid="level-labels-3d"
      style={{
        inset: 0,
        width: '100%',
        height: '100%',
        display: visible && labels.length > 0 ? undefined : 'none',
      }}
      aria-hidden="true"
    >
      {labels.map((l) => (
        <g key={l.name} data-name={l.name} data-testid="level-label-3d">
          <line stroke="#ffd166" strokeWidth={1} opacity={0.8} />
          <rect width={BOX_W} height={BOX_H} rx={3} fill="rgba(0,0,0,0.72)" stroke="#ffd166" />
          <text fill="#ffffff" fontSize={13} fontWeight={700} textAnchor="middle" dominantBaseline="central">
            {l.name}
          </text>
        </g>
      ))}
    </svg>
  );
}

const v = new THREE.Vector3();

export function LevelLabels3DSync({ svgRef }: { svgRef: RefObject<SVGSVGElement | null> }) {
  const invalidate = useThree((s) => s.invalidate);
  const analysis = useAnalysisStore((s) => s.analysis);
  const visible = useAnalysisStore((s) => s.labelsVisible);
  // The canvas renders on demand: draw a frame when the labels change so they are placed at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new analysis or toggle needs one more frame
  useEffect(() => invalidate(), [analysis, visible, invalidate]);
  useFrame(({ camera }) => {
    const svg = svgRef.current;
    if (!svg || svg.style.display === 'none') return;
    // The overlay's own size, not the frame state's: a View's state keeps its old size for a while after
    // the layout changes (maximise, 1+3), which put every label at the old scale.
    const width = svg.clientWidth;
    const height = svg.clientHeight;
    const toScreen = (p: Vec3): [number, number, boolean] => {
      v.set(p[0], p[1], p[2]).project(camera);
      return [((v.x + 1) / 2) * width, ((1 - v.y) / 2) * height, v.z < 1];
    };
    // Lumbar names first, then S1, then thoracic: a label that would overlap one already drawn is hidden
    // (a zoomed-out view), so the levels injections are planned at stay readable.
    const rank = (name: string) => (name.startsWith('L') ? 0 : name.startsWith('S') ? 1 : 2);
    const shown: [number, number][] = [];
    const ranked = labels3d()
      .map((l, n) => ({ l, n }))
      .sort((a, b) => rank(a.l.name) - rank(b.l.name));
    for (const { l, n } of ranked) {
      const g = svg.querySelector(`g[data-name="${l.name}"]`);
      if (!g) continue;
      // Alternately left and right of the column on screen, so neighbours stay apart when zoomed out.
      const [bx, by, inFront] = toScreen(l.bodyLps);
      const ax = bx + (n % 2 === 0 ? -LABEL_GAP_PX : LABEL_GAP_PX);
      const ay = by;
      const overlaps = shown.some(([x, y]) => Math.abs(x - ax) < BOX_W && Math.abs(y - ay) < BOX_H);
      // A view with no size (another view maximised) projects to NaN: draw nothing then.
      const finite = [bx, by, ax, ay].every(Number.isFinite);
      const drawn = finite && inFront && !overlaps;
      if (drawn) shown.push([ax, ay]);
      g.setAttribute('display', drawn ? 'inline' : 'none');
      if (!drawn) continue;
      const line = g.querySelector('line');
      line?.setAttribute('x1', String(bx));
      line?.setAttribute('y1', String(by));
      line?.setAttribute('x2', String(ax));
      line?.setAttribute('y2', String(ay));
      g.querySelector('rect')?.setAttribute('x', String(ax - BOX_W / 2));
      g.querySelector('rect')?.setAttribute('y', String(ay - BOX_H / 2));
      g.querySelector('text')?.setAttribute('x', String(ax));
      g.querySelector('text')?.setAttribute('y', String(ay));
      g.setAttribute('data-x', ax.toFixed(1));
      g.setAttribute('data-y', ay.toFixed(1));
    }
  });
  return null;
}
