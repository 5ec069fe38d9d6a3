import type { Vec3 } from '../../core/vec3';
import { normalize, sub } from '../../core/vec3';
import { type CarmPreset, procedureViews } from '../../planning/carmViews';
import type { Trajectory } from '../../planning/trajectory';

/** The slice of the demo phantom's ground truth the C-arm uses (the study store holds the whole truth). */
export interface EndplateTruth {
  vertebrae: readonly { name: string; superiorEndplateNormal: Vec3 }[];
  sacrum: { s1SuperiorEndplateNormal: Vec3 };
}

/** Superior endplate normal of 'L4' or of the upper level of 'L4-L5' ('S1': the sacral endplate). */
export function endplateNormalFor(truth: EndplateTruth | null, level: string): Vec3 | undefined {
  if (!truth) return undefined;
  const name = level.trim().toUpperCase().split(/[-/ ]/)[0] ?? '';
  if (name === 'S1') return truth.sacrum.s1SuperiorEndplateNormal;
  return truth.vertebrae.find((v) => v.name === name)?.superiorEndplateNormal;
}

/** The procedure template's views for a trajectory (or the generic AP/lateral set without one). */
export function presetsFor(
  trajectory: Trajectory | undefined,
  endplateNormalLps: Vec3 | undefined,
): CarmPreset[] {
  if (!trajectory) return procedureViews({ procedure: 'other', side: 'midline', endplateNormalLps });
  const d = sub(trajectory.targetLps, trajectory.entryLps);
  const needleDirLps = d.some((c) => c !== 0) ? normalize(d) : undefined;
  return procedureViews({
    procedure: trajectory.procedure,
    side: trajectory.side,
    needleDirLps,
    endplateNormalLps,
  });
}
