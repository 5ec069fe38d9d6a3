import { useFrame } from '@react-three/fiber';
import type { RefObject } from 'react';
import * as THREE from 'three';

/** Patient axes in LPS with their labels at the positive and negative ends. */
const AXES = [
  { key: 'x', dir: [1, 0, 0], plus: 'L', minus: 'R', color: '#ff6b6b' },
  { key: 'y', dir: [0, 1, 0], plus: 'P', minus: 'A', color: '#6bdc6b' },
  { key: 'z', dir: [0, 0, 1], plus: 'S', minus: 'I', color: '#6ba8ff' },
] as const;

const SIZE = 84;
const HALF = SIZE / 2;
const ARM = 26;

/**
 * Orientation triad (L, P, S axes, with R, A, I at the far ends) in a corner of the 3D view, as HTML SVG.
 * `OrientationMarkerSync` updates it from inside the canvas after each rendered frame, by writing SVG
 * attributes directly: no React state changes per frame.
 */
export function OrientationMarker({ svgRef }: { svgRef: RefObject<SVGSVGElement | null> }) {
  return (
    <svg
      ref={svgRef}
      className="viewport-overlay"
      data-testid="orientation-marker"
      width={SIZE}
      height={SIZE}
      viewBox={`0 0 ${SIZE} ${SIZE}`}
      style={{ left: 4, bottom: 4 }}
      aria-label="Patient orientation"
    >
      {AXES.map((a) => (
        <g key={a.key} data-axis={a.key}>
          <line
            x1={HALF}
            y1={HALF}
            x2={HALF}
            y2={HALF}
            stroke={a.color}
            strokeWidth={3}
            strokeLinecap="round"
          />
          <text fill={a.color} fontSize={12} fontWeight="bold" textAnchor="middle" dominantBaseline="central">
            {a.plus}
          </text>
          <text fill={a.color} fontSize={10} opacity={0.6} textAnchor="middle" dominantBaseline="central">
            {a.minus}
          </text>
        </g>
      ))}
    </svg>
  );
}

const right = new THREE.Vector3();
const up = new THREE.Vector3();
const back = new THREE.Vector3();

export function OrientationMarkerSync({ svgRef }: { svgRef: RefObject<SVGSVGElement | null> }) {
  useFrame(({ camera }) => {
    const svg = svgRef.current;
    if (!svg) return;
    camera.matrixWorld.extractBasis(right, up, back);
    for (const a of AXES) {
      const g = svg.querySelector(`g[data-axis="${a.key}"]`);
      if (!g) continue;
      const v = new THREE.Vector3(...a.dir);
      const sx = v.dot(right);
      const sy = -v.dot(up);
      // Axes pointing away from the viewer are drawn fainter, so the triad reads in depth.
      g.setAttribute('opacity', v.dot(back) < -0.2 ? '0.55' : '1');
      const line = g.querySelector('line');
      line?.setAttribute('x2', String(HALF + sx * ARM));
      line?.setAttribute('y2', String(HALF + sy * ARM));
      const [plus, minus] = g.querySelectorAll('text');
      plus?.setAttribute('x', String(HALF + sx * (ARM + 9)));
      plus?.setAttribute('y', String(HALF + sy * (ARM + 9)));
      minus?.setAttribute('x', String(HALF - sx * (ARM + 6)));
      minus?.setAttribute('y', String(HALF - sy * (ARM + 6)));
    }
  });
  return null;
}
