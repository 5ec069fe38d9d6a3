import { describe, expect, it } from 'vitest';
import { parsePlanFile, serializePlan } from '../../src/planning/planFile';
import { usePlanStore } from '../../src/state/planStore';
import { useSliceStore } from '../../src/state/sliceStore';
import { replayNeedle } from '../../src/training/needleState';
import type { AttemptEvent, TrainingPackage } from '../../src/training/types';
import {
  ATTEMPT_CASE_KEY,
  DEBRIEF_CASE_KEY,
  debriefPlan,
  earlierPoses,
  enterAttemptCase,
  enterDebriefCase,
  leaveTrainingCase,
} from '../../src/ui/trainee/trainingCase';

/** Skin at the origin going +y, 20 mm in, a 10 deg turn in 1 deg steps, 30 mm more; a new pass; 5 mm. */
const EVENTS: AttemptEvent[] = [
  { tMs: 0, kind: 'skin', entryLps: [0, 0, 0], directionLps: [0, 1, 0] },
  { tMs: 1, kind: 'advance', depthDeltaMm: 20 },
  ...Array.from({ length: 10 }, (_, i): AttemptEvent => {
    const a = ((i + 1) * Math.PI) / 180;
    return { tMs: 2 + i, kind: 'steer', directionLps: [Math.sin(a), Math.cos(a), 0] };
  }),
  { tMs: 20, kind: 'advance', depthDeltaMm: 30 },
  { tMs: 30, kind: 'skin', entryLps: [5, 0, 0], directionLps: [0, 1, 0] },
  { tMs: 31, kind: 'advance', depthDeltaMm: 5 },
];

function pkgWithPlan(): TrainingPackage {
  const plan = parsePlanFile(
    serializePlan({
      schemaVersion: 3,
      caseKey: 'demo',
      trajectories: [],
      measurements: [],
      noGoStructures: [],
      noGoMasks: [],
      clearanceWarningMm: 2,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    }),
  );
  if (!plan.ok) throw new Error(plan.error);
  const expertPlan = {
    ...plan.value,
    trajectories: [
      {
        id: 'x1',
        name: 'L4-L5 left',
        colour: '#e69f00',
        procedure: 'tfesi',
        level: 'L4-L5',
        side: 'left',
        entryLps: [0, 0, 0],
        targetLps: [0, 60, 0],
        needleId: 'spinal-22g-88.9',
      },
    ],
  } as TrainingPackage['expertPlan'];
  return {
    expertPlan,
    needles: [{ trajectoryId: 'x1', targetZoneRadiusMm: 4, entryRegionRadiusMm: 10 }],
  } as TrainingPackage;
}

describe('debrief plan', () => {
  const replay = replayNeedle(EVENTS);

  it('keeps the course before each turn or new pass (one per 1-degree steering run)', () => {
    const earlier = earlierPoses(replay.poses);
    expect(earlier.map((p) => [p.depthMm, p.entryLps[0]])).toEqual([
      [20, 0],
      [50, 0],
    ]);
    expect(earlier[0]!.directionLps).toEqual([0, 1, 0]);
  });

  it('holds the expert plan, the earlier courses and the final needle at the expert level and side', () => {
    const plan = debriefPlan(pkgWithPlan(), replay.poses, replay.finalPose);
    expect(plan.caseKey).toBe(DEBRIEF_CASE_KEY);
    expect(plan.trajectories.map((t) => t.name)).toEqual([
      'Expert: L4-L5 left',
      'Your course 1',
      'Your course 2',
      'Your needle',
    ]);
    const mine = plan.trajectories[3]!;
    expect(mine.entryLps).toEqual([5, 0, 0]);
    expect(mine.targetLps).toEqual([5, 5, 0]);
    expect([mine.level, mine.side, mine.needleId]).toEqual(['L4-L5', 'left', 'spinal-22g-88.9']);
    // It is a valid plan file (the plan store imports it as one).
    expect(parsePlanFile(serializePlan(plan)).ok).toBe(true);
  });

  it('hides every plan during an attempt, shows the debrief, and returns to the case it came from', () => {
    const plans = usePlanStore.getState();
    plans.openCase('demo');
    plans.addTrajectory({ entryLps: [0, 0, 0], targetLps: [0, 50, 0], name: 'mine' });
    enterAttemptCase(true);
    expect(usePlanStore.getState().activeCaseKey).toBe(ATTEMPT_CASE_KEY);
    expect(usePlanStore.getState().plans[ATTEMPT_CASE_KEY]!.trajectories).toEqual([]);
    enterDebriefCase(debriefPlan(pkgWithPlan(), replay.poses, replay.finalPose));
    const s = usePlanStore.getState();
    expect(s.activeCaseKey).toBe(DEBRIEF_CASE_KEY);
    expect(s.selectedTrajectoryId).toBe('x1');
    expect(useSliceStore.getState().layout).toBe('needle');
    leaveTrainingCase();
    expect(usePlanStore.getState().activeCaseKey).toBe('demo');
    expect(usePlanStore.getState().plans.demo!.trajectories.map((t) => t.name)).toEqual(['mine']);
    expect(useSliceStore.getState().layout).toBe('standard');
  });
});
