import type { Vec3 } from '../../src/core/vec3';
import { emptyPlan, type Plan } from '../../src/planning/planFile';
import { createTrajectory } from '../../src/planning/trajectory';
import { DEFAULT_THRESHOLDS } from '../../src/training/defaults';
import type { AttemptEvent, TrainingPackage } from '../../src/training/types';

/** A plan with one trajectory per [entry, target] pair, ids 't0', 't1', ... */
export function planWith(paths: readonly (readonly [Vec3, Vec3])[], caseKey = 'demo'): Plan {
  const plan = emptyPlan(caseKey, '2026-11-28T10:00:00.000Z');
  plan.trajectories = paths.map(([entryLps, targetLps], i) =>
    createTrajectory(`t${i}`, { entryLps, targetLps, procedure: 'tfesi', level: 'L4-L5', side: 'left' }, i),
  );
  return plan;
}

/** A package around `planWith(paths)`: default thresholds, 4 mm target zone, 10 mm entry region. */
export function packageWith(
  paths: readonly (readonly [Vec3, Vec3])[],
  patch: Partial<TrainingPackage> = {},
): TrainingPackage {
  const plan = planWith(paths);
  return {
    format: 'spineplan-training',
    schemaVersion: 1,
    title: 'Hand-made exercise',
    instructions: 'Place the needle at the target.',
    study: { kind: 'demo', seed: 1 },
    expertPlan: plan,
    needles: plan.trajectories.map((t) => ({
      trajectoryId: t.id,
      targetZoneRadiusMm: 4,
      entryRegionRadiusMm: 10,
    })),
    expectedViews: [],
    thresholds: { ...DEFAULT_THRESHOLDS },
    defaultMode: 'fluoro-only',
    createdAt: '2026-11-28T10:00:00.000Z',
    ...patch,
  };
}

/** Builds events one per second: `at(seconds)` stamps them. */
export const at = (seconds: number, e: DistributiveOmit<AttemptEvent, 'tMs'>): AttemptEvent =>
  ({ ...e, tMs: seconds * 1000 }) as AttemptEvent;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
