import { errorMessage } from '../core/errors';
import { sentence } from '../core/sentence';
import type { AsyncKeyValue } from './keyValueStores';
import { storageKeyValue } from './keyValueStores';
import {
  type AutosaveEvents,
  keptAsideKey,
  noAutosaveEvents,
  type PersistedPlans,
  PLAN_KEY_PREFIX,
  PREVIOUS_PLAN_KEY_PREFIX,
  planHasWork,
  planStorageKey,
  previousPlanKey,
  type StorageProblem,
  type StoredState,
} from './planAutosave';
import { type Plan, parsePlanFile, serializePlan } from './planFile';
import { resolveStored } from './planMerge';

/**
 * Where page hide's backup records the stored text its plan was based on, so the next load merges the
 * backup with what another tab saved meanwhile (planMerge.ts) instead of the newer one replacing the other.
 */
export const BACKUP_BASE_KEY_PREFIX = 'spineplan.plan-backup-base.';

/** Runs `task` holding the named lock (Web Locks in the browser: one tab at a time per case key). */
export type WithLock = <T>(name: string, task: () => Promise<T>) => Promise<T>;
const noLock: WithLock = (_name, task) => task();

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
  /** Reads the case's stored plan now and merges another tab's version into `local` (events.onMerged). */
  sync(caseKey: string, local: Plan | undefined): Promise<void>;
  /** Keeps `text` under a kept-aside key (never deleted); returns that key at once, the write follows. */
  keepAside(caseKey: string, text: string): string;
  /** Stores the plan an import replaced (PREVIOUS_PLAN_KEY_PREFIX). */
  keepPrevious(caseKey: string, plan: Plan): void;
  events: AutosaveEvents;
  /** Serialises read-compare-write of one case across tabs (set by the app; none in tests). */
  withLock: WithLock;
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
  previousPlans: Record<string, Plan>;
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
    const previousPlans: Record<string, Plan> = {};
    const keys = await store.keys();
    for (const key of keys.filter((k) => k.startsWith(PREVIOUS_PLAN_KEY_PREFIX))) {
      const previous = parsePlanFile((await store.get(key)) ?? '');
      if (previous.ok) previousPlans[key.slice(PREVIOUS_PLAN_KEY_PREFIX.length)] = previous.value;
    }
    for (const key of keys.filter((k) => k.startsWith(PLAN_KEY_PREFIX))) {
      const caseKey = key.slice(PLAN_KEY_PREFIX.length);
      const text = (await store.get(key)) ?? '';
      const parsed = parsePlanFile(text);
      if (parsed.ok && parsed.value.caseKey === caseKey) {
        plans[caseKey] = parsed.value;
        committed.set(key, text);
        continue;
      }
      const why = parsed.ok ? `it names case '${parsed.value.caseKey}'` : parsed.error;
      const keptUnderKey = keptAsideKey(caseKey, nowMs());
      await store.set(keptUnderKey, text);
      await store.remove(key);
      problems.push({
        caseKey,
        keptUnderKey,
        message: `The saved plan for case ${caseKey} could not be read (${why}). It was kept under '${keptUnderKey}'; a new plan was started.`,
      });
    }
    return { plans, problems, previousPlans };
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
      const baseKey = `${BACKUP_BASE_KEY_PREFIX}${caseKey}`;
      const baseText = legacy.getItem(baseKey) ?? undefined;
      if (current && baseText !== undefined) {
        // A page-hide backup: merged with what the store holds now (another tab may have saved since).
        const seen = resolveStored(caseKey, baseText, parsed.value, committed.get(key), text);
        const merged = seen.kind === 'merged' ? seen : { plan: parsed.value, text };
        await kv.set(key, merged.text);
        committed.set(key, merged.text);
        into.plans[caseKey] = merged.plan;
      } else if (!current || parsed.value.updatedAt > current.updatedAt) {
        await kv.set(key, text);
        committed.set(key, text);
        into.plans[caseKey] = parsed.value;
      }
      legacy.removeItem(key);
      legacy.removeItem(baseKey);
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

  /**
   * Writes one case's plan under its lock, compare-and-set: if the stored text is no longer what this tab
   * last read or wrote, another tab saved meanwhile and the two are merged (planMerge.ts), never overwritten.
   */
  const writeCase = (caseKey: string, plan: Plan, localText: string, report: StorageProblem[]) =>
    autosave.withLock(`spineplan.plan-lock.${caseKey}`, async (): Promise<boolean> => {
      const key = planStorageKey(caseKey);
      const stored = await kv.get(key);
      const seen = resolveStored(caseKey, committed.get(key), plan, stored, localText);
      let text = localText;
      if (seen.kind === 'merged') text = seen.text;
      else if (seen.kind === 'unreadable' && stored !== undefined) {
        const keptUnderKey = keptAsideKey(caseKey, nowMs());
        await kv.set(keptUnderKey, stored);
        report.push({
          caseKey,
          keptUnderKey,
          message: `The saved plan for case ${caseKey} had been replaced by an unreadable one (${seen.why}); that text was kept under '${keptUnderKey}' and this tab's plan saved.`,
        });
      }
      if (text !== stored) await kv.set(key, text);
      committed.set(key, text);
      if (seen.kind === 'merged') autosave.events.onMerged(caseKey, plan, seen.plan, seen.conflicts);
      return text !== stored;
    });

  const writeAll = async (): Promise<void> => {
    const plans = latest;
    if (!plans || !dirty) return;
    dirty = false;
    const problems: StorageProblem[] = [];
    const written: string[] = [];
    for (const [caseKey, plan] of Object.entries(plans)) {
      const key = planStorageKey(caseKey);
      if (!planHasWork(plan) && !committed.has(key)) continue;
      const text = serializePlan(plan);
      if (committed.get(key) === text || failed.get(key) === text) continue;
      try {
        if (await writeCase(caseKey, plan, text, problems)) written.push(caseKey);
        failed.delete(key);
      } catch (e) {
        failed.set(key, text);
        problems.push({
          caseKey,
          message: `Autosave failed for case ${caseKey}: ${sentence(errorMessage(e))} Export the plan to keep it.`,
        });
      }
    }
    for (const key of [...committed.keys()]) {
      if (key.slice(PLAN_KEY_PREFIX.length) in plans) continue;
      committed.delete(key);
      await kv.remove(key).catch(() => {});
    }
    for (const p of problems) autosave.events.onProblem(p);
    if (written.length > 0) autosave.events.onCommitted(written);
  };

  /** Another tab saved `caseKey`: merge its version into this tab's plan (and store the merge if it differs). */
  const syncCase = (caseKey: string, local: Plan | undefined) =>
    autosave.withLock(`spineplan.plan-lock.${caseKey}`, async (): Promise<void> => {
      const key = planStorageKey(caseKey);
      const stored = await kv.get(key);
      const seen = resolveStored(caseKey, committed.get(key), local, stored);
      if (seen.kind !== 'merged') return;
      const wrote = seen.text !== stored;
      if (wrote) await kv.set(key, seen.text);
      committed.set(key, seen.text);
      autosave.events.onMerged(caseKey, local, seen.plan, seen.conflicts);
      if (wrote) autosave.events.onCommitted([caseKey]);
    });

  const autosave: AsyncPlanAutosave = {
    events: noAutosaveEvents(),
    withLock: noLock,
    async getItem() {
      let result: Loaded;
      try {
        result = await load();
      } catch (e) {
        result = {
          plans: {},
          previousPlans: {},
          problems: [
            { caseKey: '', message: `Saved plans could not be loaded: ${sentence(errorMessage(e))}` },
          ],
        };
      }
      // What changed before loading finished is in the store's state, which merges the loaded plans into
      // it: the store saves that merged state next (setItem), not this stale pre-load snapshot.
      loaded = true;
      latest = null;
      dirty = false;
      return {
        state: { plans: result.plans, storageProblems: result.problems, previousPlans: result.previousPlans },
        version: 0,
      };
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
        const base = committed.get(key);
        if (base === text) continue;
        try {
          legacy.setItem(key, text);
          // What the backup was based on, so the next load merges it with another tab's save (above).
          if (kv === primary && base !== undefined)
            legacy.setItem(`${BACKUP_BASE_KEY_PREFIX}${caseKey}`, base);
        } catch {
          // Best effort while the page goes away; the async write is still under way.
        }
      }
      void autosave.flush();
    },
    sync(caseKey, local) {
      if (!loaded) return Promise.resolve();
      const run = () =>
        syncCase(caseKey, local).catch((e) =>
          autosave.events.onProblem({
            caseKey,
            message: `Another tab's changes to case ${caseKey} could not be read: ${sentence(errorMessage(e))}`,
          }),
        );
      chain = chain.then(run, run);
      return chain;
    },
    keepAside(caseKey, text) {
      const key = keptAsideKey(caseKey, nowMs());
      chain = chain
        .then(() => kv.set(key, text))
        .catch((e) =>
          autosave.events.onProblem({
            caseKey,
            message: `A plan of case ${caseKey} could not be kept under '${key}': ${sentence(errorMessage(e))}`,
          }),
        );
      return key;
    },
    keepPrevious(caseKey, plan) {
      const text = serializePlan(plan);
      chain = chain
        .then(() => kv.set(previousPlanKey(caseKey), text))
        .catch((e) =>
          autosave.events.onProblem({
            caseKey,
            message: `The replaced plan of case ${caseKey} could not be kept (${errorMessage(e)}); Undo still restores it in this session.`,
          }),
        );
    },
  };
  return autosave;
}
