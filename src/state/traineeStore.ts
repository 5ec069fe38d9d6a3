import { create } from 'zustand';
import { errorMessage } from '../core/errors';
import type { Vec3 } from '../core/vec3';
import type { CarmAngles } from '../planning/carm';
import type { ClearanceStructure } from '../planning/clearance';
import { type AsyncKeyValue, indexedDbKeyValue, memoryKeyValue } from '../planning/keyValueStores';
import { mergeAttemptLogs, readAttemptLogs, writeAttemptLog } from '../training/attemptLog';
import { packageKeyOf } from '../training/packageKey';
import { expertNeedleRadiusMm, scoreAttempt } from '../training/scoring';
import type {
  AttemptEvent,
  AttemptMode,
  AttemptRecord,
  AttemptScore,
  TrainingPackage,
} from '../training/types';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type AttemptEventInit = DistributiveOmit<AttemptEvent, 'tMs'>;

/** The attempt under way: its events are timestamped from `startedAtMs` by the store's clock. */
export interface RunningAttempt {
  id: string;
  mode: AttemptMode;
  /** ISO 8601. */
  startedAt: string;
  startedAtMs: number;
  events: AttemptEvent[];
}

export interface TraineeState {
  /** Trainee mode is on (the UI hides the planning tools and shows the exercise). */
  active: boolean;
  /** The case package of the exercise, or null. */
  pkg: TrainingPackage | null;
  packageKey: string | null;
  /** Whether the expert plan may be shown: false during an attempt, true after it ends (debrief). */
  revealed: boolean;
  trainee: string;
  attempt: RunningAttempt | null;
  /** The attempt that ended last (its score is the debrief), or null. */
  lastAttempt: AttemptRecord | null;
  /** Finished attempts by trainee name, oldest first; persisted (IndexedDB in the app). */
  attempts: Record<string, AttemptRecord[]>;
  /** True once the saved attempts have been read. */
  loaded: boolean;
  /** The last storage failure (reading or writing the attempt log), shown to the user. */
  storageProblem: string | null;

  enter: () => void;
  exit: () => void;
  /** Sets the exercise (null clears it); any running attempt is dropped and the expert plan hidden. */
  setPackage: (pkg: TrainingPackage | null) => void;
  setTrainee: (name: string) => void;
  /** Shows or hides the expert plan; it cannot be revealed while an attempt runs. */
  setRevealed: (revealed: boolean) => void;
  /** Starts an attempt (default mode: the package's); returns its id ('' without a package). */
  startAttempt: (mode?: AttemptMode) => string;
  recordShot: (angles: CarmAngles, seconds: number) => void;
  /** A live fluoroscopy run (pedal held) that ended now, with its beam-on time. */
  recordRun: (angles: CarmAngles, seconds: number) => void;
  placeOnSkin: (entryLps: Vec3, directionLps: Vec3) => void;
  /** + advances, - withdraws (mm). */
  advance: (mm: number) => void;
  steer: (directionLps: Vec3) => void;
  /**
   * Declares the attempt done: scores it, keeps it in the trainee's log, reveals the expert plan. `noGo`:
   * structures to keep clear of (the expert plan's and, on the demo, the ground truth's); needle radius
   * default: the expert needle's. Returns the score (undefined when no attempt runs).
   */
  finish: (noGo?: readonly ClearanceStructure[], needleRadiusMm?: number) => AttemptScore | undefined;
  /** Drops the running attempt without scoring it. */
  abandon: () => void;
  /** Deletes a trainee's attempts (default: every trainee's). */
  clearAttempts: (trainee?: string) => Promise<void>;
  /** Resolves when every log write so far has finished. */
  flush: () => Promise<void>;
}

export interface TraineeStoreOptions {
  /** Where attempt logs are kept; default in memory (Node tests). */
  storage?: AsyncKeyValue;
  /** Epoch ms clock (tests inject one). */
  nowMs?: () => number;
  newId?: () => string;
}

export const DEFAULT_TRAINEE = 'Trainee';

/** The one empty list the selectors answer (a fresh [] per call would re-render a zustand subscriber forever). */
const NO_ATTEMPTS: readonly AttemptRecord[] = Object.freeze([]);

/**
 * Memoises a two-input computation on its inputs (compared by reference): the same state answers the same
 * list, so the selectors below can be passed to `useTraineeStore` directly. One entry: a store has one
 * current state.
 */
function memoOnInputs<A, B, R>(compute: (a: A, b: B) => R): (a: A, b: B) => R {
  let last: { a: A; b: B; result: R } | undefined;
  return (a, b) => {
    if (!last || !Object.is(a, last.a) || !Object.is(b, last.b)) last = { a, b, result: compute(a, b) };
    return last.result;
  };
}

type Attempts = TraineeState['attempts'];

const allAttempts = memoOnInputs((attempts: Attempts, _unused: null): readonly AttemptRecord[] => {
  const all = Object.values(attempts).flat();
  return all.length === 0 ? NO_ATTEMPTS : all.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
});

/** Attempts of every trainee, newest first (the director's view). */
export const selectAllAttempts = (s: Pick<TraineeState, 'attempts'>): readonly AttemptRecord[] =>
  allAttempts(s.attempts, null);

const packageAttempts = memoOnInputs(
  (mine: readonly AttemptRecord[] | undefined, packageKey: string | null): readonly AttemptRecord[] => {
    const found = (mine ?? NO_ATTEMPTS).filter((a) => a.packageKey === packageKey);
    return found.length === 0 ? NO_ATTEMPTS : found;
  },
);

/** The current trainee's attempts at the loaded exercise, oldest first (progress over repeats). */
export const selectPackageAttempts = (
  s: Pick<TraineeState, 'attempts' | 'trainee' | 'packageKey'>,
): readonly AttemptRecord[] => packageAttempts(s.attempts[s.trainee], s.packageKey);

/** The current trainee's attempts, oldest first (the stored list itself, or the shared empty list). */
export const selectTraineeAttempts = (
  s: Pick<TraineeState, 'attempts' | 'trainee'>,
): readonly AttemptRecord[] => s.attempts[s.trainee] ?? NO_ATTEMPTS;

export function createTraineeStore(options: TraineeStoreOptions = {}) {
  const storage = options.storage ?? memoryKeyValue();
  const nowMs = options.nowMs ?? (() => Date.now());
  const newId = options.newId ?? (() => crypto.randomUUID());
  // Writes wait for the saved logs to be read: a write before that would overwrite the older attempts.
  let markLoaded: () => void = () => {};
  let writes: Promise<void> = new Promise<void>((resolve) => {
    markLoaded = resolve;
  });

  const store = create<TraineeState>()((set, get) => {
    const problem = (what: string) => (e: unknown) => set({ storageProblem: `${what}: ${errorMessage(e)}` });
    /** Writes one trainee's log; writes run one after another so the last state wins. */
    const save = (trainee: string): Promise<void> => {
      writes = writes.then(async () => {
        try {
          await writeAttemptLog(storage, trainee, get().attempts[trainee] ?? []);
        } catch (e) {
          problem('could not save the attempt log')(e);
        }
      });
      return writes;
    };
    /** Appends an event to the running attempt, timestamped now. */
    const record = (event: AttemptEventInit): void => {
      const a = get().attempt;
      if (!a) return;
      const e = { ...event, tMs: Math.max(0, nowMs() - a.startedAtMs) } as AttemptEvent;
      set({ attempt: { ...a, events: [...a.events, e] } });
    };

    return {
      active: false,
      pkg: null,
      packageKey: null,
      revealed: false,
      trainee: DEFAULT_TRAINEE,
      attempt: null,
      lastAttempt: null,
      attempts: {},
      loaded: false,
      storageProblem: null,

      enter: () => set({ active: true }),
      exit: () => set({ active: false, attempt: null }),
      setPackage: (pkg) =>
        set({
          pkg,
          packageKey: pkg ? packageKeyOf(pkg) : null,
          attempt: null,
          lastAttempt: null,
          revealed: false,
        }),
      setTrainee: (name) => set({ trainee: name.trim() || DEFAULT_TRAINEE }),
      setRevealed: (revealed) => set((s) => ({ revealed: revealed && s.attempt === null })),
      startAttempt: (mode) => {
        const { pkg } = get();
        if (!pkg) return '';
        const startedAtMs = nowMs();
        const attempt: RunningAttempt = {
          id: newId(),
          mode: mode ?? pkg.defaultMode,
          startedAt: new Date(startedAtMs).toISOString(),
          startedAtMs,
          events: [],
        };
        set({ attempt, revealed: false, lastAttempt: null });
        return attempt.id;
      },
      recordShot: (angles, seconds) =>
        record({ kind: 'shot', angles: { obliqueDeg: angles.obliqueDeg, tiltDeg: angles.tiltDeg }, seconds }),
      recordRun: (angles, seconds) =>
        record({ kind: 'run', angles: { obliqueDeg: angles.obliqueDeg, tiltDeg: angles.tiltDeg }, seconds }),
      placeOnSkin: (entryLps, directionLps) => record({ kind: 'skin', entryLps, directionLps }),
      advance: (mm) => record({ kind: 'advance', depthDeltaMm: mm }),
      steer: (directionLps) => record({ kind: 'steer', directionLps }),
      finish: (noGo = [], needleRadiusMm) => {
        const { attempt, pkg, trainee, packageKey } = get();
        if (!attempt || !pkg || packageKey === null) return undefined;
        record({ kind: 'done' });
        const events = get().attempt?.events ?? attempt.events;
        const score = scoreAttempt(events, pkg, noGo, needleRadiusMm ?? expertNeedleRadiusMm(pkg));
        const done: AttemptRecord = {
          id: attempt.id,
          trainee,
          packageTitle: pkg.title,
          packageKey,
          mode: attempt.mode,
          startedAt: attempt.startedAt,
          events,
          score,
        };
        set((s) => ({
          attempt: null,
          lastAttempt: done,
          revealed: true,
          attempts: { ...s.attempts, [trainee]: [...(s.attempts[trainee] ?? []), done] },
        }));
        void save(trainee);
        return score;
      },
      abandon: () => set({ attempt: null }),
      clearAttempts: async (trainee) => {
        const names = trainee === undefined ? Object.keys(get().attempts) : [trainee];
        set((s) => {
          const attempts = { ...s.attempts };
          for (const n of names) delete attempts[n];
          return { attempts, lastAttempt: null };
        });
        await Promise.all(names.map(save));
      },
      flush: () => writes,
    };
  });

  // Reads the saved logs; attempts finished meanwhile are kept (loaded ones first: they are older).
  void (async () => {
    try {
      const { logs, problems } = await readAttemptLogs(storage);
      store.setState((s) => ({
        attempts: mergeAttemptLogs(logs, s.attempts),
        loaded: true,
        storageProblem: problems.length > 0 ? problems.join('; ') : s.storageProblem,
      }));
    } catch (e) {
      store.setState({ loaded: true, storageProblem: `could not read the attempt log: ${errorMessage(e)}` });
    }
    markLoaded();
  })();
  return store;
}

/** IndexedDB when the browser has it (its own database: the plans' database has a fixed set of stores). */
function browserAttemptStorage(): AsyncKeyValue | undefined {
  try {
    return typeof indexedDB === 'undefined'
      ? undefined
      : indexedDbKeyValue(indexedDB, 'spineplan-training', 'attempts');
  } catch {
    return undefined;
  }
}

export const useTraineeStore = createTraineeStore({ storage: browserAttemptStorage() });
