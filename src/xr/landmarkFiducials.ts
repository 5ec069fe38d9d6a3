import type { Vec3 } from '../core/vec3';
import type { XrFiducial } from '../state/xrStore';

/** What the phantom's truth and the automatic spine analysis both carry (analysis/types.ts, phantom/truth.ts). */
export interface LandmarkSource {
  vertebrae: readonly { name: string; spinousProcessTipLps: Vec3 | undefined }[];
  sacrum?: { s1DorsalForamenLps: Record<'left' | 'right', Vec3> } | undefined;
}

/** At most this many touches per round: more makes registration slow for little gain (FRE falls as 1/sqrt N). */
const MAX_LANDMARKS = 6;

/**
 * Registration points on a print that has no pit list (issue 23, until the print-ready export's pits are
 * given): bony points a controller tip can rest on, spread out of line so they fix a rotation. The lumbar
 * spinous process tips (every other one, from the top; the last always) lie along the spine; the S1 dorsal
 * foramina sit ~2-3 cm either side of the midline below them.
 */
export function landmarkFiducials(source: LandmarkSource | null | undefined): XrFiducial[] {
  if (!source) return [];
  const tips = source.vertebrae
    .filter((v) => v.name.startsWith('L') && v.spinousProcessTipLps)
    .map((v) => ({
      id: `spinous-${v.name}`,
      label: `${v.name} spinous process tip`,
      positionLps: v.spinousProcessTipLps!,
    }));
  const chosen = tips.filter((_, i) => i % 2 === 0 || i === tips.length - 1);
  const foramina: XrFiducial[] = source.sacrum
    ? (['left', 'right'] as const).map((side) => ({
        id: `s1-dorsal-foramen-${side}`,
        label: `S1 dorsal foramen, ${side}`,
        positionLps: source.sacrum!.s1DorsalForamenLps[side],
      }))
    : [];
  return [...chosen.slice(0, MAX_LANDMARKS - foramina.length), ...foramina];
}
