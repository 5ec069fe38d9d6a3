import type { PathProfile } from '../../planning/pathProfile';
import { mm, TISSUE_LABELS } from './planFormat';
import { type PlotBox, profilePlotGeometry } from './profilePlotGeometry';

const BOX: PlotBox = { width: 276, height: 130, left: 38, right: 6, top: 6, bottom: 22 };

/** HU along the path from entry (left) to target (right), cortical bone, air and vessel runs shaded. */
export function HuProfilePlot({ profile }: { profile: PathProfile }) {
  const g = profilePlotGeometry(profile, BOX);
  const bottom = BOX.height - BOX.bottom;
  const right = BOX.width - BOX.right;
  return (
    <figure className="hu-profile" data-testid="hu-profile">
      <svg
        viewBox={`0 0 ${BOX.width} ${BOX.height}`}
        role="img"
        aria-label="HU profile along the needle path, entry to target"
      >
        {g.bands.map((b) => (
          <rect
            key={`${b.tissue}-${b.startDepthMm}`}
            className={`band band-${b.tissue}`}
            data-testid={`profile-flag-${b.tissue}`}
            x={b.x0}
            y={BOX.top}
            width={b.x1 - b.x0}
            height={bottom - BOX.top}
          >
            <title>{`${TISSUE_LABELS[b.tissue]}: ${mm(b.startDepthMm)} to ${mm(b.endDepthMm)}`}</title>
          </rect>
        ))}
        {g.huTicks.map((t) => (
          <g key={t.hu} className="tick">
            <line x1={BOX.left} x2={right} y1={t.y} y2={t.y} className={t.hu === 0 ? 'zero' : 'grid'} />
            <text x={BOX.left - 3} y={t.y + 3} textAnchor="end">
              {t.hu}
            </text>
          </g>
        ))}
        {g.depthTicks.map((t) => (
          <text key={t.depthMm} x={t.x} y={bottom + 11} textAnchor="middle" className="tick">
            {t.depthMm}
          </text>
        ))}
        <text x={right} y={BOX.height - 1} textAnchor="end" className="axis-label">
          depth from entry (mm) → target
        </text>
        <text x={2} y={BOX.top + 8} className="axis-label">
          HU
        </text>
        <rect x={BOX.left} y={BOX.top} width={right - BOX.left} height={bottom - BOX.top} className="frame" />
        {g.lines.map((points) => (
          <polyline key={points.slice(0, 24)} points={points} className="curve" data-testid="profile-curve" />
        ))}
      </svg>
      <figcaption className="legend">
        <span className="swatch band-cortical-bone" /> cortical bone <span className="swatch band-air" /> air{' '}
        <span className="swatch band-vessel" /> vessel range
      </figcaption>
    </figure>
  );
}
