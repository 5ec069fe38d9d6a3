import { errorMessage } from '../core/errors';
import type { AsyncKeyValue } from './keyValueStores';
import { storageKeyValue } from './keyValueStores';
import {
  CORRUPT_PLAN_KEY_PREFIX,
  type PersistedPlans,
  PLAN_KEY_PREFIX,
  planHasWork,
  planStorageKey,
  type StorageProblem,
  type StoredState,
} from './planAutosave';
import { type Plan, parsePlanFile, serializePlan } from './planFile';

/**
 * Autosave over an async store (IndexedDB in the app), shaped as a zustand `PersistStorage` whose getItem
 * returns a Promise. Same rules as the Web Storage autosave (planAutosave.ts): one key per case, unreadable
 * plans kept aside and reported, debounced writes of changed plans only, empty never-saved plans skipped.
 * Besides:
 * - Plans saved by earlier versions in Web Storage (`legacy`) move into the store once, the newer copy
 *   winning by updatedAt; their Web Storage key is removed only after the store has them.
 * - If the store cannot be opened, `legacy` becomes the store (the Web Storage path), with a problem reported.
 * - Writes wait until loading has finished; the store then merges what was loaded with what changed
 *   meanwhile and saves the merged state.
 * - `backupNow()` (page hide) writes not-yet-committed plans synchronously into `legacy`: an async write may
 *   not finish before the page goes, and the next load takes the newer copy.
 */
export interface AsyncPlanAutosave {
  getItem(name: string): Promise<StoredState<PersistedPlans>>;
  setItem(name: string, value: StoredState<PersistedPlans>): void;
  removeItem(name: string): void;
  /** Writes pending changes now; resolves when they are committed. */
  flush(): Promise<void>;
  backupNow(): void;
  onProblem: (problem: StorageProblem) => void;
}

export interface AsyncAutosaveOptions {
  debounceMs: number;
  nowMs: () => number;
  /** Web Storage: where older versions saved plans, the fallback store and the page-hide backup. */
  legacy?: Storage;
}

interface Loaded {
  plans: Record<string, Plan>;
  problems: StorageProblem[];
}

export function createAsyncPlanAutosave(
  primary: AsyncKeyValue,
  options: AsyncAutosaveOptions,
): AsyncPlanAutosave {
  const { legacy, nowMs } = options;
  let kv = primary;
  const committed = new Map<string, string>();
  const failed = new Map<string, string>();
  let loaded = false;
  let latest: Record<string, Plan> | null = null;
  let dirty = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let chain: Promise<void> = Promise.resolve();

  const readStore = async (store: AsyncKeyValue): Promise<Loaded> => {
    const plans: Record<string, Plan> = {};
    const problems: StorageProblem[] = [];
    for (const key of (await store.keys()).filter((k) => k.startsWith(PLAN_KEY_PREFIX))) {
      const caseKey = key.slice(PLAN_KEY_PREFIX.length);
      const text = (await store.get(key)) ?? '';
      const parsed = parsePlanFile(text);
      if (parsed.ok && parsed.value.caseKey === caseKey) {
        plans[caseKey] = parsed.value;
        committed.set(key, text);
        continue;
      }
      const why = parsed.ok ? `it names case '${parsed.value.caseKey}'` : parsed.error;
      const keptUnderKey = `${CORRUPT_PLAN_KEY_PREFIX}${caseKey}.${nowMs()}`;
      await store.set(keptUnderKey, text);
      await store.remove(key);
      problems.push({
        caseKey,
        keptUnderKey,
        message: `The saved plan for case ${caseKey} could not be read (${why}). It was kept under '${keptUnderKey}'; a new plan was started.`,
      });
    }
    return { plans, problems };
  };

  /** Moves Web Storage plans into the store (newer updatedAt wins), then removes their Web Storage keys. */
  const migrateLegacy = async (into: Loaded): Promise<void> => {
    if (!legacy) return;
    const keys: string[] = [];
    for (let i = 0; i < legacy.length; i++) {
      const k = legacy.key(i);
      if (k?.startsWith(PLAN_KEY_PREFIX)) keys.push(k);
    }
    for (const key of keys) {
      const caseKey = key.slice(PLAN_KEY_PREFIX.length);
      const text = legacy.getItem(key) ?? '';
      const parsed = parsePlanFile(text);
      if (!parsed.ok || parsed.value.caseKey !== caseKey) {
        into.problems.push({
          caseKey,
          message: `A plan saved in this browser's localStorage for case ${caseKey} could not be read (${parsed.ok ? 'wrong case' : parsed.error}); it was left under '${key}'.`,
        });
        continue;
      }
      const current = into.plans[caseKey];
      if (!current || parsed.value.updatedAt > current.updatedAt) {
        await kv.set(key, text);
        committed.set(key, text);
        into.plans[caseKey] = parsed.value;
      }
      legacy.removeItem(key);
    }
  };

  const load = async (): Promise<Loaded> => {
    try {
      const result = await readStore(kv);
      await migrateLegacy(result);
      return result;
    } catch (e) {
      if (!legacy || kv !== primary) throw e;
      kv = storageKeyValue(legacy);
      committed.clear();
      const result = await readStore(kv);
      result.problems.push({
        caseKey: '',
        message: `IndexedDB is unavailable (${errorMessage(e)}): plans are saved in localStorage instead (smaller).`,
      });
      return result;
    }
  };

  const writeAll = async (): Promise<void> => {
    const plans = latest;
    if (!plans || !dirty) return;
    dirty = false;
    const problems: StorageProblem[] = [];
    for (const [caseKey, plan] of Object.entries(plans)) {
      const key = planStorageKey(caseKey);
      if (!planHasWork(plan) && !committed.has(key)) continue;
      const text = serializePlan(plan);
      if (committed.get(key) === text || failed.get(key) === text) continue;
      try {
        await kv.set(key, text);
        committed.set(key, text);
        failed.delete(key);
      } catch (e) {
        failed.set(key, text);
        problems.push({
          caseKey,
          message: `Autosave failed for case ${caseKey}: ${errorMessage(e)}. Export the plan to keep it.`,
        });
      }
    }
    for (const key of [...committed.keys()]) {
      if (key.slice(PLAN_KEY_PREFIX.length) in plans) continue;
      committed.delete(key);
      await kv.remove(key).catch(() => {});
    }
    for (const p of problems) autosave.onProblem(p);
  };

  const autosave: AsyncPlanAutosave = {
    onProblem: () => {},
    async getItem() {
      let result: Loaded;
      try {
        result = await load();
      } catch (e) {
        result = {
          plans: {},
          problems: [{ caseKey: '', message: `Saved plans could not be loaded: ${errorMessage(e)}.` }],
        };
      }
      // What changed before loading finished is in the store's state, which merges the loaded plans into
      // it: the store saves that merged state next (setItem), not this stale pre-load snapshot.
      loaded = true;
      latest = null;
      dirty = false;
      return { state: { plans: result.plans, storageProblems: result.problems }, version: 0 };
    },
    setItem(_name, value) {
      latest = value.state.plans;
      dirty = true;
      if (!loaded) return;
      clearTimeout(timer);
      if (options.debounceMs <= 0) void autosave.flush();
      else timer = setTimeout(() => void autosave.flush(), options.debounceMs);
    },
    removeItem() {
      // As in planAutosave.ts: plans are removed one by one, never the whole store.
    },
    flush() {
      clearTimeout(timer);
      if (!loaded) return chain;
      chain = chain.then(writeAll, writeAll);
      return chain;
    },
    backupNow() {
      if (!legacy || !latest) return;
      for (const [caseKey, plan] of Object.entries(latest)) {
        const key = planStorageKey(caseKey);
        if (!planHasWork(plan) && !committed.has(key)) continue;
        const text = serializePlan(plan);
        if (committed.get(key) === text) continue;
        try {
          legacy.setItem(key, text);
        } catch {
          // Best effort while the page goes away; the async write is still under way.
        }
      }
      void autosave.flush();
    },
  };
  return autosave;
}
