import { describe, expect, it } from 'vitest';
import { memoryKeyValue } from '../../src/planning/keyValueStores';
import { memoryStorage, planStorageKey, SESSION_ONLY_CASE_KEYS } from '../../src/planning/planAutosave';
import { serializePlan } from '../../src/planning/planFile';
import { createPlanStore } from '../../src/state/planStore';
import { ATTEMPT_CASE_KEY, DEBRIEF_CASE_KEY, debriefPlan } from '../../src/ui/trainee/trainingCase';
import { packageWith } from './training-fixtures';

/** A debrief plan: the expert's trajectory plus the trainee's final needle 50 mm along +y. */
const debrief = () =>
  debriefPlan(
    packageWith([
      [
        [0, 0, 0],
        [0, 50, 3],
      ],
    ]),
    [],
    { tMs: 0, entryLps: [0, 0, 0], directionLps: [0, 1, 0], depthMm: 50, tipLps: [0, 50, 0] },
  );

/** Waits until loading and the writes it triggers are done (as planStore-indexeddb.test.ts: microtasks). */
const settle = async (store: ReturnType<typeof createPlanStore>) => {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await store.getState().flushAutosave();
  }
};

describe('training cases are not autosaved', () => {
  it('names the same keys trainingCase.ts uses', () => {
    expect([...SESSION_ONLY_CASE_KEYS].sort()).toEqual([ATTEMPT_CASE_KEY, DEBRIEF_CASE_KEY].sort());
  });

  it('IndexedDB path (the app): the debrief and attempt plans are never written, the user plan is', async () => {
    const kv = memoryKeyValue();
    const store = createPlanStore({ asyncStore: kv, storage: memoryStorage(), debounceMs: 0 });
    await settle(store);
    store.getState().openCase('demo');
    store.getState().addTrajectory({ entryLps: [0, 0, 0], targetLps: [0, 50, 0], name: 'mine' });
    store.getState().openCase(ATTEMPT_CASE_KEY);
    store.getState().addTrajectory({ entryLps: [0, 0, 0], targetLps: [0, 40, 0], name: 'stray' });
    const plan = debrief();
    expect(plan.trajectories).toHaveLength(2);
    expect(store.getState().importPlanText(serializePlan(plan)).ok).toBe(true);
    store.getState().openCase(DEBRIEF_CASE_KEY);
    await settle(store);
    expect([...kv.map.keys()]).toEqual([planStorageKey('demo')]);
    // The session still has them (the debrief is shown from memory).
    expect(store.getState().plans[DEBRIEF_CASE_KEY]?.trajectories).toHaveLength(2);
  });

  it('Web Storage path: not written, and one left by an older build is removed on load', async () => {
    const stale = serializePlan(debrief());
    const storage = memoryStorage({ [planStorageKey(DEBRIEF_CASE_KEY)]: stale });
    const store = createPlanStore({ storage, debounceMs: 0 });
    await store.getState().flushAutosave();
    expect(store.getState().plans[DEBRIEF_CASE_KEY]).toBeUndefined();
    expect(store.getState().storageProblems).toEqual([]);
    expect(store.getState().importPlanText(stale).ok).toBe(true);
    store.getState().openCase('demo');
    store.getState().addTrajectory({ entryLps: [0, 0, 0], targetLps: [0, 50, 0], name: 'mine' });
    await store.getState().flushAutosave();
    const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i));
    expect(keys).toEqual([planStorageKey('demo')]);
  });
});
