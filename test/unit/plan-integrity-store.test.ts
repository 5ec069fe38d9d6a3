import { describe, expect, it, vi } from 'vitest';
import { connectPlanTabs, type TabChannel } from '../../src/app/planTabs';
import { memoryKeyValue } from '../../src/planning/keyValueStores';
import type { MaskGrid } from '../../src/planning/noGoMask';
import {
  CORRUPT_PLAN_KEY_PREFIX,
  memoryStorage,
  planStorageKey,
  previousPlanKey,
} from '../../src/planning/planAutosave';
import { BACKUP_BASE_KEY_PREFIX } from '../../src/planning/planAutosaveAsync';
import { emptyPlan, type Plan, parsePlanFile, serializePlan } from '../../src/planning/planFile';
import { mergePlans } from '../../src/planning/planMerge';
import { createTrajectory } from '../../src/planning/trajectory';
import { createPlanStore, type PlanStoreOptions, selectActivePlan } from '../../src/state/planStore';
import { createTabPresenceStore, otherTabsOnCase } from '../../src/state/tabPresenceStore';

/**
 * Issue 24 classes 1, 5 and 8 in the plan store: nothing the user made is lost. Hostile plans are refused
 * before they replace anything (the plan and its undo history stay as they were), an unfitting autosaved
 * plan is kept aside, the replaced plan stays restorable, and two tabs on one case (two stores on one
 * storage) merge instead of overwriting each other.
 */

const CASE = '2.25.1';
const IDS = { studyInstanceUid: '2.25.2', seriesInstanceUid: CASE };
/** The e2e synthetic sphere's grid: 64^3 voxels of 2 mm about LPS (0, 0, 0). */
const GRID: MaskGrid = {
  dims: [64, 64, 64],
  ijkToLps: [2, 0, 0, -64, 0, 2, 0, -64, 0, 0, 2, -64, 0, 0, 0, 1],
};

function tab(name: string, options: PlanStoreOptions) {
  let n = 0;
  let t = Date.parse('2026-12-07T10:00:00Z');
  return createPlanStore({
    debounceMs: 0,
    newId: () => `${name}-${++n}`,
    now: () => {
      t += 1000;
      return new Date(t);
    },
    ...options,
  });
}

const planFile = (edit: (p: Plan) => void = () => {}): string => {
  const plan = emptyPlan(CASE, '2026-12-07T09:00:00.000Z', IDS);
  plan.trajectories = [
    createTrajectory('f1', { name: 'from file', entryLps: [30, 50, 0], targetLps: [5, 5, 0] }, 0),
  ];
  edit(plan);
  return serializePlan(plan);
};

const names = (plan: Plan | undefined) => plan?.trajectories.map((t) => t.name);

/** Waits until loading and the writes it triggers are done (all async work here is microtasks and timers). */
const settle = async (store: ReturnType<typeof tab>) => {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await store.getState().flushAutosave();
  }
};

describe('hostile plans never replace the plan (class 1, class 8)', () => {
  it('refuses an import 2 m from the images by name; the plan, its undo history and storage stay', () => {
    const storage = memoryStorage();
    const store = tab('a', { storage });
    const s = store.getState;
    s().openCase(CASE, IDS, GRID);
    s().addTrajectory({ name: 'mine', entryLps: [40, 60, 0], targetLps: [0, 0, 0] });
    s().addMeasurement({ kind: 'distance', name: 'gap', aLps: [0, 0, 0], bLps: [0, 0, 9] });
    const before = {
      plan: selectActivePlan(s()),
      history: s().history[CASE],
      stored: storage.getItem(planStorageKey(CASE)),
    };

    const far = s().importPlanTextIntoActive(
      planFile((p) => {
        p.trajectories[0]!.entryLps = [2063, 0, 0];
      }),
    );
    expect(far).toEqual({
      ok: false,
      kind: 'invalid',
      error:
        "the plan does not fit these images: trajectory 1 ('from file') entry is 2000 mm from the images (limit: 500 mm outside)",
    });
    const huge = s().importPlanTextIntoActive(
      planFile((p) => {
        p.trajectories[0]!.entryLps = [1e9, 0, 0];
      }),
    );
    expect(!huge.ok && huge.error).toMatch(
      /trajectories\[0\]\.entryLps: a coordinate is 1e9 \(limit: -10000 to 10000 mm\)/,
    );
    const grid = s().importPlanTextIntoActive(
      planFile((p) => {
        p.noGoMasks = [{ id: 'm', name: 'vessel', grid: { ...GRID, dims: [4096, 4096, 4096] }, slices: [] }];
      }),
    );
    expect(!grid.ok && grid.error).toMatch(
      /painted region 1 \('vessel'\) is on a 4096 x 4096 x 4096 voxel grid/,
    );

    expect(selectActivePlan(s())).toBe(before.plan);
    expect(s().history[CASE]).toBe(before.history);
    expect(storage.getItem(planStorageKey(CASE))).toBe(before.stored);
    expect(s().previousPlans[CASE]).toBeUndefined();
  });

  it('a successful import is one undo step; the replaced plan is restorable after a reload', () => {
    const storage = memoryStorage();
    const first = tab('a', { storage });
    first.getState().openCase(CASE, IDS, GRID);
    first
      .getState()
      .addMeasurement({ kind: 'distance', name: 'only a measurement', aLps: [0, 0, 0], bLps: [0, 0, 9] });
    const pastBefore = first.getState().history[CASE]!.past.length;
    expect(first.getState().importPlanTextIntoActive(planFile()).ok).toBe(true);
    expect(first.getState().history[CASE]!.past.length).toBe(pastBefore + 1);
    expect(parsePlanFile(storage.getItem(previousPlanKey(CASE))!).ok).toBe(true);

    const reloaded = tab('b', { storage });
    reloaded.getState().openCase(CASE, IDS, GRID);
    expect(names(selectActivePlan(reloaded.getState()))).toEqual(['from file']);
    expect(reloaded.getState().restorePreviousPlan().ok).toBe(true);
    expect(selectActivePlan(reloaded.getState())!.measurements.map((m) => m.name)).toEqual([
      'only a measurement',
    ]);
    // The restore is reversible too: the imported plan is now the previous one, and undo works.
    expect(names(reloaded.getState().previousPlans[CASE])).toEqual(['from file']);
    reloaded.getState().undo();
    expect(names(selectActivePlan(reloaded.getState()))).toEqual(['from file']);
  });

  it('an autosaved plan that does not fit the images is kept aside on reopen, never shown or overwritten', () => {
    const hostile = planFile((p) => {
      p.trajectories[0]!.targetLps = [9000, 0, 0];
    });
    const storage = memoryStorage({ [planStorageKey(CASE)]: hostile });
    const store = tab('a', { storage });
    store.getState().openCase(CASE, IDS, GRID);
    expect(selectActivePlan(store.getState())!.trajectories).toEqual([]);
    const problem = store.getState().storageProblems[0]!;
    expect(problem.message).toMatch(
      /does not fit these images \(trajectory 1 \('from file'\) target is 8937 mm from the images \(limit: 500 mm outside\)\)/,
    );
    expect(problem.keptUnderKey?.startsWith(CORRUPT_PLAN_KEY_PREFIX)).toBe(true);
    expect(storage.getItem(problem.keptUnderKey!)).toBe(hostile);
    store.getState().addTrajectory({ entryLps: [40, 60, 0], targetLps: [0, 0, 0] });
    expect(storage.getItem(problem.keptUnderKey!)).toBe(hostile); // the new plan is saved beside it
  });

  it('the same, when the plans load asynchronously after the case opened (IndexedDB)', async () => {
    const hostile = planFile((p) => {
      p.trajectories[0]!.targetLps = [9000, 0, 0];
    });
    const db = memoryKeyValue({ [planStorageKey(CASE)]: hostile });
    const store = tab('a', { asyncStore: db, storage: memoryStorage() });
    store.getState().openCase(CASE, IDS, GRID); // before loading finished
    await settle(store);
    expect(selectActivePlan(store.getState())!.trajectories).toEqual([]);
    const kept = store.getState().storageProblems.find((p) => p.keptUnderKey)!;
    expect(db.map.get(kept.keptUnderKey!)).toBe(hostile);
  });
});

describe('two tabs on one case (class 5)', () => {
  it('merges by trajectory id: each tab keeps the other tab\u2019s new trajectory (Web Storage)', () => {
    const storage = memoryStorage();
    const a = tab('a', { storage });
    const b = tab('b', { storage });
    a.getState().openCase(CASE, IDS, GRID);
    b.getState().openCase(CASE, IDS, GRID);
    a.getState().addTrajectory({ name: 'A: L4 left', entryLps: [40, 60, 0], targetLps: [0, 0, 0] });
    b.getState().addTrajectory({ name: 'B: L5 right', entryLps: [-40, 60, 0], targetLps: [0, 0, 0] });
    // B's autosave found A's save in storage and merged instead of overwriting it.
    const stored = parsePlanFile(storage.getItem(planStorageKey(CASE))!);
    expect(stored.ok && names(stored.value)).toEqual(['B: L5 right', 'A: L4 left']);
    expect(names(selectActivePlan(b.getState()))).toEqual(['B: L5 right', 'A: L4 left']);
    expect(b.getState().tabNotice).toEqual({ caseKey: CASE, conflicts: [] });
    // A hears of the save (app/planTabs.ts broadcasts it) and merges too.
    void a.getState().syncFromStorage(CASE);
    expect(names(selectActivePlan(a.getState()))).toEqual(['A: L4 left', 'B: L5 right']);
    // Both were the first needle of their tab, so both got the first colour: the merge tells them apart.
    const colours = (p: Plan | undefined) => p?.trajectories.map((t) => t.colour);
    expect(new Set(colours(selectActivePlan(a.getState())))).toHaveProperty('size', 2);
    expect(colours(selectActivePlan(a.getState()))).toEqual(
      colours(selectActivePlan(b.getState()))?.reverse(),
    );
    // A deletion in one tab of an item the other did not touch is a deletion in both.
    const bId = selectActivePlan(a.getState())!.trajectories[1]!.id;
    a.getState().removeTrajectory(bId);
    void b.getState().syncFromStorage(CASE);
    expect(names(selectActivePlan(b.getState()))).toEqual(['A: L4 left']);
  });

  it('both tabs change one trajectory: both versions are kept, the conflict named', async () => {
    const db = memoryKeyValue();
    const a = tab('a', { asyncStore: db });
    const b = tab('b', { asyncStore: db });
    await settle(a);
    await settle(b);
    a.getState().openCase(CASE, IDS, GRID);
    const id = a.getState().addTrajectory({ name: 'L4 left', entryLps: [40, 60, 0], targetLps: [0, 0, 0] });
    await a.getState().flushAutosave();
    b.getState().openCase(CASE, IDS, GRID);
    await b.getState().syncFromStorage(CASE);
    expect(names(selectActivePlan(b.getState()))).toEqual(['L4 left']);
    a.getState().setTarget(id, [1, 1, 1]);
    b.getState().setTarget(id, [2, 2, 2]);
    await a.getState().flushAutosave();
    await b.getState().flushAutosave();
    const plan = selectActivePlan(b.getState())!;
    expect(plan.trajectories.map((t) => [t.name, t.targetLps])).toEqual([
      ['L4 left', [2, 2, 2]],
      ['L4 left (other tab)', [1, 1, 1]],
    ]);
    expect(b.getState().tabNotice).toEqual({ caseKey: CASE, conflicts: ['L4 left'] });
    await a.getState().syncFromStorage(CASE);
    expect(selectActivePlan(a.getState())!.trajectories).toHaveLength(2);
    expect(JSON.parse(db.map.get(planStorageKey(CASE))!).trajectories).toHaveLength(2);
  });

  it('a page-hide backup merges with what another tab saved since, on the next load', async () => {
    const db = memoryKeyValue();
    const local = memoryStorage();
    const a = tab('a', { asyncStore: db, storage: local });
    await settle(a);
    a.getState().openCase(CASE, IDS, GRID);
    a.getState().addTrajectory({ name: 'first', entryLps: [40, 60, 0], targetLps: [0, 0, 0] });
    await settle(a);
    // Tab A adds one more and goes away before its write (only the synchronous backup is made)...
    a.setState((s) => {
      const plan = s.plans[CASE]!;
      const t = createTrajectory('late', { name: 'A late', entryLps: [1, 1, 1], targetLps: [0, 0, 0] }, 1);
      return { plans: { ...s.plans, [CASE]: { ...plan, trajectories: [...plan.trajectories, t] } } };
    });
    a.getState().backupAutosave();
    expect(local.getItem(`${BACKUP_BASE_KEY_PREFIX}${CASE}`)).not.toBeNull();
    // ...while tab B, still open, saved a trajectory of its own into the database.
    const stored = parsePlanFile(db.map.get(planStorageKey(CASE))!);
    if (!stored.ok) throw new Error(stored.error);
    const t = createTrajectory('b1', { name: 'B', entryLps: [2, 2, 2], targetLps: [0, 0, 0] }, 1);
    db.map.set(
      planStorageKey(CASE),
      serializePlan({ ...stored.value, trajectories: [stored.value.trajectories[0]!, t] }),
    );
    const reloaded = tab('c', { asyncStore: db, storage: local });
    await settle(reloaded);
    expect(names(reloaded.getState().plans[CASE])?.sort()).toEqual(['A late', 'B', 'first']);
  });
});

describe('work done while the saved plans load (IndexedDB)', () => {
  it('is merged with the saved plan of the same case, not written over it', async () => {
    const db = memoryKeyValue({ [planStorageKey(CASE)]: planFile() });
    const store = tab('a', { asyncStore: db });
    store.getState().openCase(CASE, IDS, GRID); // before loading finished
    store.getState().addTrajectory({ name: 'while loading', entryLps: [40, 60, 0], targetLps: [0, 0, 0] });
    await settle(store);
    expect(names(selectActivePlan(store.getState()))).toEqual(['while loading', 'from file']);
    const stored = parsePlanFile(db.map.get(planStorageKey(CASE))!);
    expect(stored.ok && names(stored.value)).toEqual(['while loading', 'from file']);
  });
});

describe('mergePlans', () => {
  const base = () => parsePlanFile(planFile()).ok && (parsePlanFile(planFile()) as { value: Plan }).value;
  it('keeps an item deleted on one side and changed on the other', () => {
    const b = base() as Plan;
    const local = { ...b, trajectories: [] };
    const remote = { ...b, trajectories: [{ ...b.trajectories[0]!, name: 'renamed' }] };
    expect(names(mergePlans(b, local, remote).plan)).toEqual(['renamed']);
    expect(names(mergePlans(b, remote, local).plan)).toEqual(['renamed']);
    expect(names(mergePlans(b, local, b).plan)).toEqual([]);
  });
});

describe('tabs told of each other (app/planTabs.ts over a real BroadcastChannel)', () => {
  it('announces the case, merges the other tab’s save at once, and says goodbye', async () => {
    const storage = memoryStorage();
    const [a, b] = [tab('a', { storage }), tab('b', { storage })];
    const [presenceA, presenceB] = [createTabPresenceStore(), createTabPresenceStore()];
    const name = `spineplan-test-${Math.random()}`;
    const chA = new BroadcastChannel(name) as unknown as TabChannel & BroadcastChannel;
    const chB = new BroadcastChannel(name) as unknown as TabChannel & BroadcastChannel;
    const stopA = connectPlanTabs({ plans: a, presence: presenceA, channel: chA, tabId: 'A' });
    const stopB = connectPlanTabs({ plans: b, presence: presenceB, channel: chB, tabId: 'B' });
    a.getState().openCase(CASE, IDS, GRID);
    b.getState().openCase(CASE, IDS, GRID);
    // Messages arrive asynchronously: wait for the state they make, not for a time.
    await vi.waitFor(() => expect(otherTabsOnCase(presenceA.getState(), CASE)).toBe(1));
    await vi.waitFor(() => expect(otherTabsOnCase(presenceB.getState(), CASE)).toBe(1));
    a.getState().addTrajectory({ name: 'A: L4 left', entryLps: [40, 60, 0], targetLps: [0, 0, 0] });
    await vi.waitFor(() => expect(names(selectActivePlan(b.getState()))).toEqual(['A: L4 left']));
    stopB();
    await vi.waitFor(() => expect(otherTabsOnCase(presenceA.getState(), CASE)).toBe(0));
    stopA();
  });
});

describe('the app never makes a plan it would refuse to read', () => {
  it('the 101st trajectory, a 201-character name and a NaN point are not made; the plan stays', () => {
    const storage = memoryStorage();
    const store = tab('a', { storage });
    const s = store.getState;
    s().openCase(CASE, IDS, GRID);
    for (let i = 0; i < 100; i++)
      expect(s().addTrajectory({ entryLps: [40, 60, 0], targetLps: [0, 0, 0] })).not.toBe('');
    const full = selectActivePlan(s());
    expect(s().addTrajectory({ entryLps: [40, 60, 0], targetLps: [0, 0, 0] })).toBe('');
    const id = full!.trajectories[0]!.id;
    s().updateTrajectory(id, { name: 'n'.repeat(201) });
    s().setEntry(id, [Number.NaN, 0, 0]);
    expect(selectActivePlan(s())).toBe(full);
    expect(s().storageProblems.map((p) => p.message)).toEqual([
      'Not changed: trajectories: 101 entries (limit: 100 trajectories).',
      'Not changed: trajectories[0].name: 201 characters long (limit: 200 characters).',
      'Not changed: trajectories[0].entryLps: expected [x, y, z] in mm (3 finite numbers).',
    ]);
    // What was saved reads back.
    const reloaded = tab('b', { storage });
    reloaded.getState().openCase(CASE, IDS, GRID);
    expect(selectActivePlan(reloaded.getState())!.trajectories).toHaveLength(100);
  });
});
