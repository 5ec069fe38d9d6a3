import { describe, expect, it } from 'vitest';
import { type AsyncKeyValue, memoryKeyValue } from '../../src/planning/keyValueStores';
import { memoryStorage, planStorageKey } from '../../src/planning/planAutosave';
import { emptyPlan, parsePlanFile, serializePlan } from '../../src/planning/planFile';
import { createPlanStore, selectActivePlan } from '../../src/state/planStore';

// The IndexedDB path in Node: the same async store interface, over a Map (memoryKeyValue). The browser
// adapter (keyValueStores.indexedDbKeyValue) is exercised by the app's reload e2e test.

function makeStore(asyncStore: AsyncKeyValue, storage: Storage = memoryStorage()) {
  let n = 0;
  let t = Date.parse('2026-03-01T10:00:00Z');
  return createPlanStore({
    storage,
    asyncStore,
    debounceMs: 0,
    newId: () => `id${++n}`,
    now: () => {
      t += 1000;
      return new Date(t);
    },
  });
}

/** Waits until loading and the writes it triggers are done (all async work here is microtasks). */
const settle = async (store: ReturnType<typeof makeStore>) => {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await store.getState().flushAutosave();
  }
};

const planText = (caseKey: string, updatedAt: string, name: string) => {
  const plan = emptyPlan(caseKey, '2026-01-01T00:00:00.000Z');
  plan.updatedAt = updatedAt;
  plan.trajectories.push({
    id: 't1',
    name,
    colour: '#000000',
    procedure: 'tfesi',
    level: 'L4-L5',
    side: 'left',
    entryLps: [0, 60, 0],
    targetLps: [0, 0, 0],
    needleId: 'spinal-22g-88.9',
  });
  return serializePlan(plan);
};

describe('plan autosave in IndexedDB (async store)', () => {
  it('saves per case and restores after a reload (a new store on the same database)', async () => {
    const db = memoryKeyValue();
    const first = makeStore(db);
    await settle(first);
    first.getState().openCase('demo');
    const id = first.getState().addTrajectory({ entryLps: [0, 50, 0], targetLps: [0, 0, 0] });
    first.getState().openCase('empty'); // never saved: no work
    await settle(first);
    expect([...db.map.keys()]).toEqual([planStorageKey('demo')]);

    const reloaded = makeStore(db);
    expect(reloaded.getState().plans).toEqual({}); // loading is asynchronous...
    await settle(reloaded);
    expect(reloaded.getState().plans.demo).toEqual(first.getState().plans.demo); // ...and then complete
    reloaded.getState().openCase('demo');
    expect(reloaded.getState().selectedTrajectoryId).toBe(id);
  });

  it('keeps work done while loading and merges the saved plans of other cases', async () => {
    const db = memoryKeyValue({
      [planStorageKey('1.2.3')]: planText('1.2.3', '2026-02-01T00:00:00.000Z', 'saved'),
    });
    const store = makeStore(db);
    store.getState().openCase('demo'); // before loading has finished (the app opens the demo at once)
    store.getState().addTrajectory({ entryLps: [0, 9, 0], targetLps: [0, 0, 0] });
    await settle(store);
    expect(store.getState().plans.demo!.trajectories).toHaveLength(1);
    expect(store.getState().plans['1.2.3']!.trajectories[0]!.name).toBe('saved');
    expect(selectActivePlan(store.getState())!.caseKey).toBe('demo');
    expect(db.map.has(planStorageKey('demo'))).toBe(true); // the merged state was saved
    expect(db.map.has(planStorageKey('1.2.3'))).toBe(true); // and the loaded plan not deleted
  });

  it('moves localStorage plans into IndexedDB once, the newer copy winning', async () => {
    const legacy = memoryStorage({
      [planStorageKey('a')]: planText('a', '2026-02-02T00:00:00.000Z', 'newer in localStorage'),
      [planStorageKey('b')]: planText('b', '2026-01-01T00:00:00.000Z', 'older in localStorage'),
      [planStorageKey('c')]: '{"broken',
      'other.app': 'untouched',
    });
    const db = memoryKeyValue({
      [planStorageKey('a')]: planText('a', '2026-02-01T00:00:00.000Z', 'older in IndexedDB'),
      [planStorageKey('b')]: planText('b', '2026-02-01T00:00:00.000Z', 'newer in IndexedDB'),
    });
    const store = makeStore(db, legacy);
    await settle(store);
    const names = (k: string) => store.getState().plans[k]?.trajectories[0]?.name;
    expect([names('a'), names('b')]).toEqual(['newer in localStorage', 'newer in IndexedDB']);
    const savedA = parsePlanFile(db.map.get(planStorageKey('a'))!);
    expect(savedA.ok && savedA.value.trajectories[0]!.name).toBe('newer in localStorage');
    expect(legacy.getItem(planStorageKey('a'))).toBeNull();
    expect(legacy.getItem(planStorageKey('b'))).toBeNull();
    // An unreadable localStorage plan stays where it is and is reported; other keys are untouched.
    expect(legacy.getItem(planStorageKey('c'))).toBe('{"broken');
    expect(legacy.getItem('other.app')).toBe('untouched');
    expect(store.getState().storageProblems.map((p) => p.caseKey)).toEqual(['c']);
  });

  it('falls back to localStorage when IndexedDB cannot be opened, and says so', async () => {
    const broken: AsyncKeyValue = {
      keys: () => Promise.reject(new Error('SecurityError: IndexedDB disabled')),
      get: () => Promise.reject(new Error('no')),
      set: () => Promise.reject(new Error('no')),
      remove: () => Promise.reject(new Error('no')),
    };
    const legacy = memoryStorage({
      [planStorageKey('a')]: planText('a', '2026-02-02T00:00:00.000Z', 'kept'),
    });
    const store = makeStore(broken, legacy);
    await settle(store);
    expect(store.getState().plans.a!.trajectories[0]!.name).toBe('kept');
    expect(store.getState().storageProblems[0]!.message).toMatch(/IndexedDB is unavailable \(SecurityError/);
    store.getState().openCase('demo');
    store.getState().addTrajectory({ entryLps: [0, 9, 0], targetLps: [0, 0, 0] });
    await settle(store);
    expect(legacy.getItem(planStorageKey('demo'))).not.toBeNull();
  });

  it('backs up an unsaved change into localStorage on page hide; the next load keeps it', async () => {
    const db = memoryKeyValue();
    const legacy = memoryStorage();
    let t = Date.parse('2026-03-01T10:00:00Z');
    const store = createPlanStore({
      storage: legacy,
      asyncStore: db,
      debounceMs: 10_000, // the write is still pending when the page goes
      now: () => {
        t += 1000;
        return new Date(t);
      },
    });
    await settle(store);
    store.getState().openCase('demo');
    store.getState().addTrajectory({ entryLps: [0, 9, 0], targetLps: [0, 0, 0], name: 'last edit' });
    store.getState().backupAutosave();
    expect(legacy.getItem(planStorageKey('demo'))).toContain('last edit');

    const lostWrites = memoryKeyValue(Object.fromEntries(db.map)); // the async write never landed
    lostWrites.map.delete(planStorageKey('demo'));
    const reloaded = makeStore(lostWrites, legacy);
    await settle(reloaded);
    expect(reloaded.getState().plans.demo!.trajectories[0]!.name).toBe('last edit');
    expect(legacy.getItem(planStorageKey('demo'))).toBeNull(); // moved into IndexedDB
    expect(lostWrites.map.has(planStorageKey('demo'))).toBe(true);
  });

  it('reports a failed write once and keeps the work in memory', async () => {
    const db = memoryKeyValue();
    const full: AsyncKeyValue = { ...db, set: () => Promise.reject(new Error('QuotaExceededError')) };
    const store = makeStore(full);
    await settle(store);
    store.getState().openCase('demo');
    store.getState().addTrajectory({ entryLps: [0, 9, 0], targetLps: [0, 0, 0] });
    await settle(store);
    expect(store.getState().storageProblems.map((p) => p.message)).toEqual([
      'Autosave failed for case demo: QuotaExceededError. Export the plan to keep it.',
    ]);
    expect(store.getState().plans.demo!.trajectories).toHaveLength(1);
  });
});
