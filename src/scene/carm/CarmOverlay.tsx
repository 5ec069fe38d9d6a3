import type { Vec3 } from '../../core/vec3';
import type { Trajectory } from '../../planning/trajectory';
import { type DrrGeometry, projectToDetector } from '../../volume/drr';

/** Anatomical letter for the patient direction closest to an LPS unit vector. */
export function directionLetter(v: Vec3): string {
  const a = v.map(Math.abs);
  const axis = a[0]! >= a[1]! && a[0]! >= a[2]! ? 0 : a[1]! >= a[2]! ? 1 : 2;
  return [
    ['R', 'L'],
    ['A', 'P'],
    ['I', 'S'],
  ][axis]![v[axis]! > 0 ? 1 : 0]!;
}

/**
 * HTML/SVG overlay of the C-arm image: orientation letters at the field's right and top edges, and each
 * trajectory's target projected as a ring (plan objects the radiograph itself does not show).
 */
export function CarmOverlay({
  geometry,
  widthPx,
  heightPx,
  trajectories,
}: {
  geometry: DrrGeometry;
  widthPx: number;
  heightPx: number;
  trajectories: readonly Trajectory[];
}) {
  const short = Math.min(widthPx, heightPx);
  const toScreen = (fx: number, fy: number): [number, number] => [
    widthPx / 2 + (fx - 0.5) * short,
    heightPx / 2 + (fy - 0.5) * short,
  ];
  const right = directionLetter(geometry.rightLps);
  const up = directionLetter(geometry.upLps);
  const [rx, ry] = toScreen(1, 0.5);
  const [ux, uy] = toScreen(0.5, 0);
  return (
    <svg
      className="viewport-overlay"
      data-testid="carm-overlay"
      width={widthPx}
      height={heightPx}
      style={{ left: 0, top: 0, overflow: 'visible' }}
      aria-hidden="true"
    >
      <text x={rx - 14} y={ry + 4} fill="#ffd24d" fontSize={14} data-testid="carm-letter-right">
        {right}
      </text>
      <text x={ux - 4} y={uy + 16} fill="#ffd24d" fontSize={14} data-testid="carm-letter-up">
        {up}
      </text>
      {trajectories.map((t) => {
        const p = projectToDetector(geometry, t.targetLps);
        if (!p) return null;
        const [x, y] = toScreen(p.fx, p.fy);
        return <circle key={t.id} cx={x} cy={y} r={7} fill="none" stroke={t.colour} strokeWidth={1.5} />;
      })}
    </svg>
  );
}
