import { useFrame, useThree } from '@react-three/fiber';
import { type RefObject, useEffect, useMemo } from 'react';
import * as THREE from 'three';
import type { Vec3 } from '../../core/vec3';
import { useAnalysisStore } from '../../state/analysisStore';
import { LABEL_OFFSET_MM, type LevelLabel, levelLabels } from './levelLabelPoints';

/** Labels in 3D sit to the patient's right of each body (the 3D scene is in LPS mm: -x = right). */
function labels3d(): LevelLabel[] {
  return levelLabels(useAnalysisStore.getState().analysis).map((l) => ({
    ...l,
    anchorLps: [l.bodyLps[0] - LABEL_OFFSET_MM - 8, l.bodyLps[1], l.bodyLps[2]] as Vec3,
  }));
}

const BOX_W = 34;
const BOX_H = 18;

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
  useFrame(({ camera, size }) => {
    const svg = svgRef.current;
    if (!svg || svg.style.display === 'none') return;
    const toScreen = (p: Vec3): [number, number, boolean] => {
      v.set(p[0], p[1], p[2]).project(camera);
      return [((v.x + 1) / 2) * size.width, ((1 - v.y) / 2) * size.height, v.z < 1];
    };
    for (const l of labels3d()) {
      const g = svg.querySelector(`g[data-name="${l.name}"]`);
      if (!g) continue;
      const [bx, by, inFront] = toScreen(l.bodyLps);
      const [ax, ay] = toScreen(l.anchorLps);
      g.setAttribute('display', inFront ? 'inline' : 'none');
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
