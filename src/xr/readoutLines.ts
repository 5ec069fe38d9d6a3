import type { TrajectoryReadouts } from '../planning/readouts';
import type { Trajectory } from '../planning/trajectory';
import type { XrScaleMode } from '../state/xrStore';

export interface PanelLine {
  text: string;
  title?: boolean;
  warn?: boolean;
}

/** At most this many warnings fit the panel; the desktop panel lists them all. */
const MAX_WARNINGS = 2;

/** The panel's text for the selected trajectory (pure, tested in Node). */
export function readoutLines(
  t: Trajectory | undefined,
  r: TrajectoryReadouts | undefined,
  scaleMode: XrScaleMode,
  draggingEnd: 'entry' | 'target' | null,
): PanelLine[] {
  const size = scaleMode === 'life' ? 'Size 1:1 (real size)' : 'Size: table-top (scaled)';
  if (!t || !r) return [{ text: 'Point at a needle and pull the trigger', title: true }, { text: size }];
  const lines: PanelLine[] = [{ text: `${t.name}${t.level ? ` - ${t.level}` : ''}`, title: true }];
  lines.push({ text: `Length ${r.lengthMm.toFixed(1)} mm${r.needle ? ` - ${r.needle.label}` : ''}` });
  if (r.angles)
    lines.push({
      text: `Medio-lateral ${r.angles.mediolateralDeg.toFixed(0)} deg, cranio-caudal ${r.angles.craniocaudalDeg.toFixed(0)} deg`,
    });
  const nearest = [...r.clearance].sort((a, b) => a.minDistanceMm - b.minDistanceMm)[0];
  lines.push(
    nearest
      ? {
          text: `Clearance ${nearest.minDistanceMm.toFixed(1)} mm to ${nearest.name}`,
          warn: nearest.violates,
        }
      : { text: 'Clearance: no structures on this case' },
  );
  for (const w of r.warnings.slice(0, MAX_WARNINGS)) lines.push({ text: w, warn: true });
  lines.push({ text: draggingEnd ? `Moving the ${draggingEnd}` : size });
  return lines;
}
