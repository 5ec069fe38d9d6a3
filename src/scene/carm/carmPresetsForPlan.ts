import type { Vec3 } from '../../core/vec3';
import { normalize, sub } from '../../core/vec3';
import { type CarmPreset, procedureViews } from '../../planning/carmViews';
import type { Trajectory } from '../../planning/trajectory';

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
