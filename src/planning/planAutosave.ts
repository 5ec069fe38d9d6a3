import { errorMessage } from '../core/errors';
import { sentence } from '../core/sentence';
import { type Plan, parsePlanFile, serializePlan } from './planFile';
import { resolveStored } from './planMerge';

/** Each case's plan is saved under its own key, so one corrupt or huge plan cannot take the others down. */
export const PLAN_KEY_PREFIX = 'spineplan.plan.';
/** Where an unreadable stored plan is moved (never deleted): `spineplan.plan-corrupt.<caseKey>.<time>`. */
export const CORRUPT_PLAN_KEY_PREFIX = 'spineplan.plan-corrupt.';

/**
 * The plan an import (or a restore) replaced, one per case: `spineplan.plan-previous.<caseKey>`, so the
 * user can go back to it after a reload too ("Restore previous plan"), not only by undo.
 */
export const PREVIOUS_PLAN_KEY_PREFIX = 'spineplan.plan-previous.';

export const planStorageKey = (caseKey: string): string => `${PLAN_KEY_PREFIX}${caseKey}`;
export const previousPlanKey = (caseKey: string): string => `${PREVIOUS_PLAN_KEY_PREFIX}${caseKey}`;
/** The key an unreadable (or unfitting) stored plan is moved to. */
export const keptAsideKey = (caseKey: string, nowMs: number): string =>
  `${CORRUPT_PLAN_KEY_PREFIX}${caseKey}.${nowMs}`;

export interface StorageProblem {
  caseKey: string;
  message: string;
  /** Key the unreadable text was kept under, if it was moved aside. */
  keptUnderKey?: string;
}

/** What the store persists (the rest of its state is session-only). */
export interface PersistedPlans {
  plans: Record<string, Plan>;
  storageProblems?: StorageProblem[];
  /** Plans replaced by an import, by case (PREVIOUS_PLAN_KEY_PREFIX); loaded, written one by one. */
  previousPlans?: Record<string, Plan>;
}

/**
 * What the store hears from its autosave. Two tabs on one case (issue 24 class 5) each autosave the same
 * key: a write first compares the stored text with what this tab last read or wrote there and merges
 * another tab's version in (planMerge.ts) instead of overwriting it.
 */
export interface AutosaveEvents {
  /** Saving failed (quota full, storage disabled) or a stored plan had to be kept aside. */
  onProblem: (problem: StorageProblem) => void;
  /**
   * Another tab's stored version of the case was merged into `local` (the plan this tab had when it
   * looked; undefined: none): `merged` is the case's plan now. `conflicts` names items both tabs changed.
   */
  onMerged: (caseKey: string, local: Plan | undefined, merged: Plan, conflicts: string[]) => void;
  /** Cases whose plan this tab just wrote (the other tabs are told, app/planTabs.ts). */
  onCommitted: (caseKeys: string[]) => void;
}

export const noAutosaveEvents = (): AutosaveEvents => ({
  onProblem: () => {},
  onMerged: () => {},
  onCommitted: () => {},
});

/**
 * Cases that live for the session only, never autosaved: trainee mode's attempt case (an empty plan) and
 * debrief case (the expert plan with the trainee's needle; ui/trainee/trainingCase.ts). The trainee store
 * keeps the package and the debrief in memory only, so after a reload nothing would explain a stored
 * debrief: it would sit among the user's cases as an ordinary plan holding the expert answer. A reload
 * during a debrief (or an attempt) therefore starts the app as any reload does, trainee mode off and the
 * package to be reopened; the scored attempt itself survives in the attempt log (training/attemptLog.ts,
 * written when it is scored), listed under "Attempts of <trainee>".
 */
export const SESSION_ONLY_CASE_KEYS: readonly string[] = ['training-attempt', 'training-debrief'];

export const isSessionOnlyCase = (caseKey: string): boolean => SESSION_ONLY_CASE_KEYS.includes(caseKey);

/**
 * Whether a plan holds anything worth saving: opening a series starts an empty plan, and session-only
 * cases (above) are never saved.
 */
export const planHasWork = (plan: Plan): boolean =>
  !isSessionOnlyCase(plan.caseKey) &&
  (plan.trajectories.length > 0 ||
    plan.measurements.length > 0 ||
    plan.noGoStructures.length > 0 ||
    plan.noGoMasks.length > 0);

/** A Web Storage implementation in memory: Node tests, and browsers where localStorage is unavailable. */
export function memoryStorage(initial: Record<string, string> = {}): Storage {
  const map = new Map(Object.entries(initial));
  return {
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, String(v)),
    removeItem: (k) => void map.delete(k),
    clear: () => map.clear(),
  };
}

/** zustand's `StorageValue` shape, declared here so planning needs no zustand import. */
export interface StoredState<S> {
  state: S;
  version?: number;
}

/**
 * Structurally a zustand `PersistStorage<PersistedPlans>` (getItem/setItem/removeItem), plus flush.
 * The Storage is injected (Web Storage in the browser, `memoryStorage()` in Node): this module stays DOM-free.
 */
export interface PlanAutosave {
  getItem(name: string): StoredState<PersistedPlans>;
  setItem(name: string, value: StoredState<PersistedPlans>): void;
  removeItem(name: string): void;
  /** Writes pending changes now (call on page hide, before export, in tests). */
  flush(): void;
  /** Reads the case's stored plan now and merges another tab's version into `local` (events.onMerged). */
  sync(caseKey: string, local: Plan | undefined): void;
  /** Keeps `text` under a kept-aside key (never deleted) and returns that key. Throws when storage does. */
  keepAside(caseKey: string, text: string): string;
  /** Stores the plan an import replaced (PREVIOUS_PLAN_KEY_PREFIX); failures are reported, not thrown. */
  keepPrevious(caseKey: string, plan: Plan): void;
  events: AutosaveEvents;
}

/**
 * The `persist` storage over an injected Web Storage. Reads every
 * `spineplan.plan.*` key through `parsePlanFile` (so old schemas migrate); an unreadable one is moved to a
 * `spineplan.plan-corrupt.*` key and reported, never dropped. Writes are debounced and only touch the keys
 * of plans that changed; a plan removed from the store has its key removed.
 */
export function createPlanAutosave(storage: Storage, debounceMs: number, nowMs: () => number): PlanAutosave {
  const lastWritten = new Map<string, string>();
  const lastFailed = new Map<string, string>();
  const protectedKeys = new Set<string>();
  let pending: Record<string, Plan> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const autosave: PlanAutosave = {
    events: noAutosaveEvents(),
    getItem(): StoredState<PersistedPlans> {
      const plans: Record<string, Plan> = {};
      const previousPlans: Record<string, Plan> = {};
      const storageProblems: StorageProblem[] = [];
      const keys: string[] = [];
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (key?.startsWith(PLAN_KEY_PREFIX)) keys.push(key);
        if (key?.startsWith(PREVIOUS_PLAN_KEY_PREFIX)) {
          const previous = parsePlanFile(storage.getItem(key) ?? '');
          if (previous.ok) previousPlans[key.slice(PREVIOUS_PLAN_KEY_PREFIX.length)] = previous.value;
        }
      }
      for (const key of keys) {
        const caseKey = key.slice(PLAN_KEY_PREFIX.length);
        // Saved by a build that autosaved them: drop it (see SESSION_ONLY_CASE_KEYS).
        if (isSessionOnlyCase(caseKey)) {
          storage.removeItem(key);
          continue;
        }
        const text = storage.getItem(key) ?? '';
        const parsed = parsePlanFile(text);
        if (parsed.ok && parsed.value.caseKey === caseKey) {
          plans[caseKey] = parsed.value;
          lastWritten.set(key, text);
          continue;
        }
        const why = parsed.ok ? `it names case '${parsed.value.caseKey}'` : parsed.error;
        try {
          const keptUnderKey = autosave.keepAside(caseKey, text);
          storage.removeItem(key);
          storageProblems.push({
            caseKey,
            keptUnderKey,
            message: `The saved plan for case ${caseKey} could not be read (${why}). It was kept under '${keptUnderKey}'; a new plan was started.`,
          });
        } catch (e) {
          protectedKeys.add(key);
          storageProblems.push({
            caseKey,
            message: `The saved plan for case ${caseKey} could not be read (${why}) nor moved aside (${errorMessage(e)}); it is left in place and this case's plan will not be autosaved.`,
          });
        }
      }
      return { state: { plans, storageProblems, previousPlans }, version: 0 };
    },
    setItem(_name, value) {
      pending = value.state.plans;
      if (debounceMs <= 0) return autosave.flush();
      clearTimeout(timer);
      timer = setTimeout(() => autosave.flush(), debounceMs);
    },
    removeItem() {
      // Clearing the whole store's storage is never wanted: plans are removed one by one via setItem.
    },
    flush() {
      clearTimeout(timer);
      const plans = pending;
      pending = null;
      if (!plans) return;
      const failures: StorageProblem[] = [];
      const merges: [string, Plan, Plan, string[]][] = [];
      const written: string[] = [];
      for (const [caseKey, plan] of Object.entries(plans)) {
        const key = planStorageKey(caseKey);
        if (protectedKeys.has(key)) continue;
        // Opening a series starts an empty plan: do not litter storage with one key per series browsed.
        if (!planHasWork(plan) && !lastWritten.has(key)) continue;
        const localText = serializePlan(plan);
        // Same text as last written, or as last failed (reporting a failure changes state, which saves
        // again: retrying the same text would loop).
        if (lastWritten.get(key) === localText || lastFailed.get(key) === localText) continue;
        let text = localText;
        try {
          // Compare-and-set: another tab may have saved this case since this tab last read or wrote it.
          const stored = storage.getItem(key) ?? undefined;
          const seen = resolveStored(caseKey, lastWritten.get(key), plan, stored, localText);
          if (seen.kind === 'merged') {
            text = seen.text;
            merges.push([caseKey, plan, seen.plan, seen.conflicts]);
          } else if (seen.kind === 'unreadable' && stored !== undefined) {
            const keptUnderKey = autosave.keepAside(caseKey, stored);
            failures.push({
              caseKey,
              keptUnderKey,
              message: `The saved plan for case ${caseKey} had been replaced by an unreadable one (${seen.why}); that text was kept under '${keptUnderKey}' and this tab's plan saved.`,
            });
          }
          storage.setItem(key, text);
          lastWritten.set(key, text);
          lastFailed.delete(key);
          written.push(caseKey);
        } catch (e) {
          lastFailed.set(key, text);
          failures.push({
            caseKey,
            message: `Autosave failed for case ${caseKey}: ${sentence(errorMessage(e))} Export the plan to keep it.`,
          });
        }
      }
      for (const key of [...lastWritten.keys()]) {
        if (key.slice(PLAN_KEY_PREFIX.length) in plans) continue;
        storage.removeItem(key);
        lastWritten.delete(key);
      }
      for (const problem of failures) autosave.events.onProblem(problem);
      for (const [caseKey, local, merged, conflicts] of merges)
        autosave.events.onMerged(caseKey, local, merged, conflicts);
      if (written.length > 0) autosave.events.onCommitted(written);
    },
    sync(caseKey, local) {
      const key = planStorageKey(caseKey);
      if (protectedKeys.has(key)) return;
      const stored = storage.getItem(key) ?? undefined;
      const seen = resolveStored(caseKey, lastWritten.get(key), local, stored);
      if (seen.kind !== 'merged') return;
      let wrote = false;
      if (seen.text !== stored) {
        try {
          storage.setItem(key, seen.text);
          wrote = true;
        } catch (e) {
          autosave.events.onProblem({
            caseKey,
            message: `Autosave failed for case ${caseKey}: ${sentence(errorMessage(e))} Export the plan to keep it.`,
          });
        }
      }
      lastWritten.set(key, wrote ? seen.text : (stored ?? seen.text));
      autosave.events.onMerged(caseKey, local, seen.plan, seen.conflicts);
      if (wrote) autosave.events.onCommitted([caseKey]);
    },
    keepAside(caseKey, text) {
      const key = keptAsideKey(caseKey, nowMs());
      storage.setItem(key, text);
      return key;
    },
    keepPrevious(caseKey, plan) {
      try {
        storage.setItem(previousPlanKey(caseKey), serializePlan(plan));
      } catch (e) {
        autosave.events.onProblem({
          caseKey,
          message: `The replaced plan of case ${caseKey} could not be kept (${errorMessage(e)}); Undo still restores it in this session.`,
        });
      }
    },
  };
  return autosave;
}
