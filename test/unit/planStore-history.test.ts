import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/planning/planAutosave';
import { emptyPlan, serializePlan } from '../../src/planning/planFile';
import { COALESCE_MS, HISTORY_LIMIT } from '../../src/planning/planHistory';
import { proposeFromTruth } from '../../src/planning/proposal';
import { findTemplate } from '../../src/planning/templates';
import { createPlanStore, selectActivePlan, selectCanRedo, selectCanUndo } from '../../src/state/planStore';

/** A store whose undo clock is driven by the test (`clock.ms`). */
function storeWithClock() {
  const clock = { ms: 0 };
  let n = 0;
  const store = createPlanStore({
    storage: memoryStorage(),
    debounceMs: 0,
    newId: () => `id${++n}`,
    clockMs: () => clock.ms,
  });
  return { store, clock, s: store.getState };
}

describe('plan store undo/redo', () => {
  it('undoes and redoes each step, and a new change drops the redo branch', () => {
    const { s, clock } = storeWithClock();
    s().openCase('demo');
    expect(selectCanUndo(s())).toBe(false); // opening a case is not a step
    const id = s().addTrajectory({ entryLps: [0, 50, 0], targetLps: [0, 0, 0] });
    clock.ms += 1000;
    s().updateTrajectory(id, { name: 'renamed' });
    clock.ms += 1000;
    s().removeTrajectory(id);
    expect(selectActivePlan(s())!.trajectories).toEqual([]);
    s().undo();
    expect(selectActivePlan(s())!.trajectories[0]!.name).toBe('renamed');
    expect(s().selectedTrajectoryId).toBe(id); // the restored trajectory is selected again
    s().undo();
    expect(selectActivePlan(s())!.trajectories[0]!.name).toBe('Needle 1');
    s().undo();
    expect(selectActivePlan(s())!.trajectories).toEqual([]);
    expect(s().selectedTrajectoryId).toBeNull();
    expect(selectCanUndo(s())).toBe(false);
    s().undo(); // nothing left: no-op
    s().redo();
    s().redo();
    expect(selectActivePlan(s())!.trajectories[0]!.name).toBe('renamed');
    expect(selectCanRedo(s())).toBe(true);
    clock.ms += 1000;
    s().setTarget(id, [1, 1, 1]);
    expect(selectCanRedo(s())).toBe(false);
  });

  it('counts a drag (setEntry bursts < 300 ms apart) as one step, and a pause as a new one', () => {
    const { s, clock } = storeWithClock();
    s().openCase('demo');
    const id = s().addTrajectory({ entryLps: [0, 50, 0], targetLps: [0, 0, 0] });
    for (let i = 1; i <= 20; i++) {
      clock.ms += 16; // pointer moves at 60 Hz
      s().setEntry(id, [i, 50, 0]);
    }
    clock.ms += COALESCE_MS + 1;
    s().setEntry(id, [99, 50, 0]); // a second drag after a pause
    s().undo();
    expect(selectActivePlan(s())!.trajectories[0]!.entryLps).toEqual([20, 50, 0]);
    s().undo();
    expect(selectActivePlan(s())!.trajectories[0]!.entryLps).toEqual([0, 50, 0]);
    // Dragging the target right after the entry is its own step (another burst key).
    s().redo();
    clock.ms += 10;
    s().setTarget(id, [0, 0, 5]);
    s().undo();
    expect(selectActivePlan(s())!.trajectories[0]).toMatchObject({
      entryLps: [20, 50, 0],
      targetLps: [0, 0, 0],
    });
  });

  it('keeps at most HISTORY_LIMIT steps, and one history per case', () => {
    const { s, clock } = storeWithClock();
    s().openCase('a');
    const id = s().addTrajectory({ entryLps: [0, 50, 0], targetLps: [0, 0, 0] });
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) {
      clock.ms += 1000;
      s().nudge(id, 'target', 'left');
    }
    expect(s().history.a!.past).toHaveLength(HISTORY_LIMIT);
    s().openCase('b');
    expect(selectCanUndo(s())).toBe(false);
    s().undo(); // nothing in b: case a is untouched
    expect(selectActivePlan(s())!.caseKey).toBe('b');
    s().openCase('a');
    s().undo();
    expect(selectActivePlan(s())!.trajectories[0]!.targetLps[0]).toBeCloseTo((HISTORY_LIMIT + 19) * 0.5, 9);
  });

  it('makes an import and a template proposal undoable, and sets the warning distance per plan', () => {
    const { s, clock } = storeWithClock();
    s().openCase('demo');
    const proposal = proposeFromTruth(findTemplate('tfesi')!, 'L4-L5', 'left', {
      vertebrae: [
        {
          name: 'L4',
          bodyCentreLps: [0, 0, 0],
          superiorEndplateNormal: [0, 0, 1],
          left: { pedicleCentreLps: [15, 20, 5], pedicleAxis: [0, -1, 0], sapTpJunctionLps: [25, 35, 5] },
          right: { pedicleCentreLps: [-15, 20, 5], pedicleAxis: [0, -1, 0], sapTpJunctionLps: [-25, 35, 5] },
        },
      ],
      segments: [
        {
          name: 'L4-L5',
          interlaminarWindowCentreLps: [0, 35, -15],
          left: { safeTriangleCentreLps: [20, 22, -5], kambinTriangleCentreLps: [16, 28, -18] },
          right: { safeTriangleCentreLps: [-20, 22, -5], kambinTriangleCentreLps: [-16, 28, -18] },
        },
      ],
      sacrum: {
        s1SuperiorEndplateNormal: [0, -0.6, 0.8],
        s1DorsalForamenLps: { left: [15, 60, -60], right: [-15, 60, -60] },
        siJointLowerThirdLps: { left: [45, 60, -95], right: [-45, 60, -95] },
      },
    });
    if (!proposal.ok) throw new Error(proposal.error);
    const id = s().applyProposal(proposal.value);
    expect(selectActivePlan(s())!.trajectories[0]).toMatchObject({
      id,
      procedure: 'tfesi',
      level: 'L4-L5',
      side: 'left',
      name: 'L4-L5 left Transforaminal epidural (subpedicular)',
      targetLps: [20, 22, -5],
    });
    clock.ms += 1000;
    s().setClearanceWarningMm(3.5);
    s().setClearanceWarningMm(99);
    expect(selectActivePlan(s())!.clearanceWarningMm).toBe(20);
    s().undo(); // both warning-distance edits were one burst
    expect(selectActivePlan(s())!.clearanceWarningMm).toBe(2);
    clock.ms += 1000;
    const other = emptyPlan('demo', '2026-01-01T00:00:00.000Z');
    expect(s().importPlanText(serializePlan(other)).ok).toBe(true);
    expect(selectActivePlan(s())!.trajectories).toEqual([]);
    s().undo();
    expect(selectActivePlan(s())!.trajectories.map((t) => t.id)).toEqual([id]);
  });
});

describe('importing a plan file into the open case', () => {
  const ids = { studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.4' };
  const fileFor = (caseKey: string, uids = {}) => {
    const plan = emptyPlan(caseKey, '2026-01-01T00:00:00.000Z', uids);
    plan.trajectories.push({
      id: 't',
      name: 'n',
      colour: '#000000',
      procedure: 'tfesi',
      level: 'L4-L5',
      side: 'left',
      entryLps: [0, 1, 0],
      targetLps: [0, 0, 0],
      needleId: 'spinal-22g-88.9',
    });
    return serializePlan(plan);
  };

  it('records the UIDs at openCase and attaches a file of the same series', () => {
    const { s } = storeWithClock();
    s().openCase('1.2.3.4', ids);
    expect(selectActivePlan(s())).toMatchObject(ids);
    const res = s().importPlanTextIntoActive(fileFor('1.2.3.4', ids));
    expect(res.ok).toBe(true);
    expect(selectActivePlan(s())!.trajectories).toHaveLength(1);
  });

  it('refuses another series or study, the demo for a patient, with distinct kinds; attaches anyway on request', () => {
    const { s } = storeWithClock();
    s().openCase('1.2.3.4', ids);
    const otherSeries = s().importPlanTextIntoActive(
      fileFor('1.2.3.5', { studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.5' }),
    );
    expect(otherSeries).toMatchObject({ ok: false, kind: 'other-series' });
    expect(!otherSeries.ok && otherSeries.error).toMatch(/another series .* same frame of reference/);
    const otherStudy = s().importPlanTextIntoActive(
      fileFor('9.9', { studyInstanceUid: '9', seriesInstanceUid: '9.9' }),
    );
    expect(otherStudy).toMatchObject({ ok: false, kind: 'other-study' });
    expect(s().importPlanTextIntoActive(fileFor('demo'))).toMatchObject({ ok: false, kind: 'demo-mismatch' });
    expect(s().importPlanTextIntoActive('{"format":"slicer"}')).toMatchObject({ ok: false, kind: 'invalid' });
    expect(selectActivePlan(s())!.trajectories).toEqual([]); // nothing was attached
    const forced = s().importPlanTextIntoActive(fileFor('1.2.3.5', { seriesInstanceUid: '1.2.3.5' }), {
      attachAnyway: true,
    });
    expect(forced.ok).toBe(true);
    expect(selectActivePlan(s())).toMatchObject({ caseKey: '1.2.3.4', ...ids });
    expect(selectActivePlan(s())!.trajectories).toHaveLength(1);
    expect(s().plans['1.2.3.5']).toBeUndefined();
  });
});
