import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage, planStorageKey } from '../../src/planning/planAutosave';
import { parsePlanFile } from '../../src/planning/planFile';
import { createPlanStore, selectActivePlan, selectSelectedTrajectory } from '../../src/state/planStore';

function deterministic(storage: Storage, debounceMs = 0) {
  let n = 0;
  let t = Date.parse('2026-03-01T10:00:00Z');
  return createPlanStore({
    storage,
    debounceMs,
    newId: () => `id${++n}`,
    now: () => {
      t += 1000; // each action one second later: updatedAt must move
      return new Date(t);
    },
  });
}

afterEach(() => vi.useRealTimers());

describe('plan store', () => {
  it('adds, edits, nudges, selects and removes trajectories on the active case', () => {
    const store = deterministic(memoryStorage());
    const s = store.getState;
    expect(s().addTrajectory({ entryLps: [0, 0, 0], targetLps: [0, 0, 1] })).toBe(''); // no case open
    s().openCase('demo');
    const id = s().addTrajectory({ entryLps: [0, 50, 0], targetLps: [0, 0, 0], side: 'left' });
    expect(s().selectedTrajectoryId).toBe(id);
    s().nudge(id, 'target', 'left', 2);
    s().setEntry(id, [1, 60, 2]);
    s().updateTrajectory(id, { name: 'L5-S1 left', level: 'L5-S1' });
    const t = selectSelectedTrajectory(s())!;
    expect(t).toMatchObject({ name: 'L5-S1 left', targetLps: [1, 0, 0], entryLps: [1, 60, 2], side: 'left' });
    const plan = selectActivePlan(s())!;
    expect(plan.updatedAt > plan.createdAt).toBe(true);
    const second = s().addTrajectory({ entryLps: [0, 0, 0], targetLps: [1, 1, 1] });
    expect(selectActivePlan(s())!.trajectories.map((x) => x.name)).toEqual(['L5-S1 left', 'Needle 2']);
    s().select(id);
    s().removeTrajectory(id);
    expect(s().selectedTrajectoryId).toBeNull();
    expect(selectActivePlan(s())!.trajectories.map((x) => x.id)).toEqual([second]);
    const ng = s().addNoGoStructure({ name: 'root', geometry: { kind: 'point', pointLps: [0, 0, 0] } });
    const m = s().addMeasurement({ kind: 'distance', name: 'd', aLps: [0, 0, 0], bLps: [0, 0, 3] });
    expect(selectActivePlan(s())!.noGoStructures[0]!.id).toBe(ng);
    s().removeMeasurement(m);
    s().removeNoGoStructure(ng);
    expect(selectActivePlan(s())).toMatchObject({ measurements: [], noGoStructures: [] });
  });

  it('autosaves each case under its own key and restores it in a new store (a reload)', () => {
    const storage = memoryStorage();
    const first = deterministic(storage);
    first.getState().openCase('empty');
    expect(storage.length).toBe(0); // an opened case without work is not saved
    first.getState().openCase('demo');
    const id = first.getState().addTrajectory({ entryLps: [0, 50, 0], targetLps: [0, 0, 0] });
    first.getState().nudge(id, 'entry', 'superior');
    first.getState().openCase('1.2.3');
    first.getState().addTrajectory({ entryLps: [5, 5, 5], targetLps: [6, 6, 6] });

    const saved = parsePlanFile(storage.getItem(planStorageKey('demo'))!);
    expect(saved.ok && saved.value.trajectories[0]!.entryLps).toEqual([0, 50, 0.5]);
    expect(storage.getItem('spineplan.plan.1.2.3')).not.toBeNull();

    const reloaded = deterministic(storage);
    const { empty, ...withWork } = first.getState().plans;
    expect(empty?.trajectories).toEqual([]);
    expect(reloaded.getState().plans).toEqual(withWork);
    expect(reloaded.getState().storageProblems).toEqual([]);
    reloaded.getState().openCase('demo');
    expect(reloaded.getState().selectedTrajectoryId).toBe(id);
  });

  it('debounces writes and flushes on demand', () => {
    vi.useFakeTimers();
    const storage = memoryStorage();
    const store = deterministic(storage, 500);
    store.getState().openCase('demo');
    store.getState().addTrajectory({ entryLps: [0, 1, 0], targetLps: [0, 0, 0] });
    expect(storage.getItem(planStorageKey('demo'))).toBeNull();
    vi.advanceTimersByTime(500);
    expect(storage.getItem(planStorageKey('demo'))).not.toBeNull();
    store.getState().updateTrajectory(selectSelectedTrajectory(store.getState())!.id, { name: 'x' });
    store.getState().flushAutosave();
    expect(storage.getItem(planStorageKey('demo'))).toContain('"name": "x"');
  });

  it('keeps a corrupt stored plan aside under a renamed key and reports it', () => {
    const storage = memoryStorage({
      'spineplan.plan.demo': '{"format":"spineplan-plan","schemaVersion":1, "caseKey": "demo", "traj',
      'spineplan.plan.1.2.3': JSON.stringify({ version: 0, case: '1.2.3', saved: 0, needles: [] }),
      'other.app.key': 'untouched',
    });
    const store = deterministic(storage);
    const problems = store.getState().storageProblems;
    expect(problems).toHaveLength(1);
    expect(problems[0]!.caseKey).toBe('demo');
    expect(problems[0]!.message).toMatch(/could not be read \(not a plan file: the text is not JSON/);
    const kept = problems[0]!.keptUnderKey!;
    expect(kept).toMatch(/^spineplan\.plan-corrupt\.demo\.\d+$/);
    expect(storage.getItem(kept)).toContain('"traj');
    expect(storage.getItem('spineplan.plan.demo')).toBeNull();
    // The schema-0 plan migrated; the unrelated key is untouched.
    expect(store.getState().plans['1.2.3']?.schemaVersion).toBe(4);
    expect(storage.getItem('other.app.key')).toBe('untouched');
    // A new plan for the case saves under the normal key; the corrupt copy stays.
    store.getState().openCase('demo');
    store.getState().addTrajectory({ entryLps: [0, 1, 0], targetLps: [0, 0, 0] });
    expect(storage.getItem('spineplan.plan.demo')).not.toBeNull();
    expect(storage.getItem(kept)).toContain('"traj');
    store.getState().dismissStorageProblem(0);
    expect(store.getState().storageProblems).toEqual([]);
  });

  it('reports a failed save (storage full) instead of losing it silently', () => {
    const inner = memoryStorage();
    const full: Storage = {
      ...inner,
      get length() {
        return inner.length;
      },
      key: inner.key,
      getItem: inner.getItem,
      removeItem: inner.removeItem,
      clear: inner.clear,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const store = deterministic(full);
    store.getState().openCase('demo');
    store.getState().addTrajectory({ entryLps: [0, 2, 0], targetLps: [0, 0, 0] });
    expect(store.getState().storageProblems[0]?.message).toMatch(
      /Autosave failed for case demo: QuotaExceededError/,
    );
    expect(store.getState().storageProblems).toHaveLength(1); // reported once, not retried in a loop
    store.getState().addTrajectory({ entryLps: [0, 1, 0], targetLps: [0, 0, 0] });
    expect(store.getState().storageProblems).toHaveLength(2); // a new change that fails is reported again
    expect(store.getState().plans.demo?.trajectories).toHaveLength(2); // the work stays in memory
  });

  it('imports and exports plan files', () => {
    const a = deterministic(memoryStorage());
    a.getState().openCase('demo');
    a.getState().addTrajectory({ entryLps: [0, 9, 0], targetLps: [0, 0, 0] });
    const text = a.getState().exportPlanText()!;
    const b = deterministic(memoryStorage());
    b.getState().openCase('demo');
    const res = b.getState().importPlanText(text);
    expect(res.ok).toBe(true);
    expect(b.getState().plans.demo).toEqual(a.getState().plans.demo);
    expect(b.getState().selectedTrajectoryId).toBe(a.getState().plans.demo!.trajectories[0]!.id);
    const bad = b.getState().importPlanText('nope');
    expect(bad.ok).toBe(false);
    expect(b.getState().plans.demo).toEqual(a.getState().plans.demo);
    expect(b.getState().exportPlanText('missing')).toBeUndefined();
  });
});
