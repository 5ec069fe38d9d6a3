import { errorMessage } from '../core/errors';
import { type Plan, parsePlanFile, serializePlan } from './planFile';

/** Each case's plan is saved under its own key, so one corrupt or huge plan cannot take the others down. */
export const PLAN_KEY_PREFIX = 'spineplan.plan.';
/** Where an unreadable stored plan is moved (never deleted): `spineplan.plan-corrupt.<caseKey>.<time>`. */
export const CORRUPT_PLAN_KEY_PREFIX = 'spineplan.plan-corrupt.';

export const planStorageKey = (caseKey: string): string => `${PLAN_KEY_PREFIX}${caseKey}`;

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
}

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
  /** Called with problems met while saving (quota full, storage disabled). */
  onProblem: (problem: StorageProblem) => void;
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
    onProblem: () => {},
    getItem(): StoredState<PersistedPlans> {
      const plans: Record<string, Plan> = {};
      const storageProblems: StorageProblem[] = [];
      const keys: string[] = [];
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (key?.startsWith(PLAN_KEY_PREFIX)) keys.push(key);
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
        const keptUnderKey = `${CORRUPT_PLAN_KEY_PREFIX}${caseKey}.${nowMs()}`;
        try {
          storage.setItem(keptUnderKey, text);
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
      return { state: { plans, storageProblems }, version: 0 };
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
      for (const [caseKey, plan] of Object.entries(plans)) {
        const key = planStorageKey(caseKey);
        if (protectedKeys.has(key)) continue;
        // Opening a series starts an empty plan: do not litter storage with one key per series browsed.
        if (!planHasWork(plan) && !lastWritten.has(key)) continue;
        const text = serializePlan(plan);
        // Same text as last written, or as last failed (reporting a failure changes state, which saves
        // again: retrying the same text would loop).
        if (lastWritten.get(key) === text || lastFailed.get(key) === text) continue;
        try {
          storage.setItem(key, text);
          lastWritten.set(key, text);
          lastFailed.delete(key);
        } catch (e) {
          lastFailed.set(key, text);
          failures.push({
            caseKey,
            message: `Autosave failed for case ${caseKey}: ${errorMessage(e)}. Export the plan to keep it.`,
          });
        }
      }
      for (const key of [...lastWritten.keys()]) {
        if (key.slice(PLAN_KEY_PREFIX.length) in plans) continue;
        storage.removeItem(key);
        lastWritten.delete(key);
      }
      for (const problem of failures) autosave.onProblem(problem);
    },
  };
  return autosave;
}
