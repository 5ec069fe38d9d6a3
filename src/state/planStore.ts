import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { Result } from '../core/errors';
import type { Vec3 } from '../core/vec3';
import {
  createPlanAutosave,
  memoryStorage,
  type PersistedPlans,
  type StorageProblem,
} from '../planning/planAutosave';
import {
  emptyPlan,
  type Measurement,
  type NoGoStructure,
  type Plan,
  parsePlanFile,
  serializePlan,
} from '../planning/planFile';
import {
  createTrajectory,
  type NudgeDirection,
  nudgeTrajectory,
  type Trajectory,
  type TrajectoryEnd,
} from '../planning/trajectory';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type TrajectoryInit = Partial<Omit<Trajectory, 'id'>> & Pick<Trajectory, 'entryLps' | 'targetLps'>;

export interface PlanState {
  /** Plans by case key (SeriesInstanceUID or 'demo'); persisted. */
  plans: Record<string, Plan>;
  activeCaseKey: string | null;
  selectedTrajectoryId: string | null;
  /** Stored plans that could not be read or saved: show them, they are not silently dropped. */
  storageProblems: StorageProblem[];

  /** Makes `caseKey` the active case, starting an empty plan if it has none. */
  openCase: (caseKey: string) => void;
  /** Adds a trajectory to the active plan and selects it; returns its id ('' when no case is open). */
  addTrajectory: (init: TrajectoryInit) => string;
  updateTrajectory: (id: string, patch: Partial<Omit<Trajectory, 'id'>>) => void;
  removeTrajectory: (id: string) => void;
  setEntry: (id: string, entryLps: Vec3) => void;
  setTarget: (id: string, targetLps: Vec3) => void;
  /** Moves one end by `steps` x 0.5 mm (trajectory.NUDGE_STEP_MM). */
  nudge: (id: string, end: TrajectoryEnd, direction: NudgeDirection, steps?: number) => void;
  select: (id: string | null) => void;
  addNoGoStructure: (structure: Omit<NoGoStructure, 'id'>) => string;
  removeNoGoStructure: (id: string) => void;
  addMeasurement: (measurement: DistributiveOmit<Measurement, 'id'>) => string;
  removeMeasurement: (id: string) => void;
  /**
   * Replaces the plan of the file's case with the file's plan (the UI should confirm first when that case
   * already has trajectories). Returns the parsed plan or a readable error.
   */
  importPlanText: (text: string) => Result<Plan>;
  /** The plan file text of a case (default: the active one). */
  exportPlanText: (caseKey?: string) => string | undefined;
  dismissStorageProblem: (index: number) => void;
  /** Writes pending autosave changes now (page hide, tests). */
  flushAutosave: () => void;
}

export interface PlanStoreOptions {
  /** Web Storage to autosave into; default an in-memory one (nothing survives a reload). */
  storage?: Storage;
  /** Autosave delay after the last change (default 500 ms; 0 writes at once). */
  debounceMs?: number;
  now?: () => Date;
  newId?: () => string;
}

export const selectActivePlan = (s: PlanState): Plan | undefined =>
  s.activeCaseKey === null ? undefined : s.plans[s.activeCaseKey];

export const selectSelectedTrajectory = (s: PlanState): Trajectory | undefined =>
  selectActivePlan(s)?.trajectories.find((t) => t.id === s.selectedTrajectoryId);

/** Builds a plan store; the app uses `usePlanStore`, tests build their own with an injected Storage. */
export function createPlanStore(options: PlanStoreOptions = {}) {
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? (() => crypto.randomUUID());
  const autosave = createPlanAutosave(options.storage ?? memoryStorage(), options.debounceMs ?? 500, () =>
    now().getTime(),
  );

  const store = create<PlanState>()(
    persist(
      (set, get) => {
        /** Applies `change` to the active plan and stamps updatedAt; no-op when no case is open. */
        const changeActive = (change: (plan: Plan) => Partial<Plan>): void => {
          set((s) => {
            const plan = selectActivePlan(s);
            if (!plan) return s;
            const next: Plan = { ...plan, ...change(plan), updatedAt: now().toISOString() };
            return { plans: { ...s.plans, [plan.caseKey]: next } };
          });
        };
        const changeTrajectory = (id: string, change: (t: Trajectory) => Trajectory): void =>
          changeActive((plan) => ({
            trajectories: plan.trajectories.map((t) => (t.id === id ? change(t) : t)),
          }));

        return {
          plans: {},
          activeCaseKey: null,
          selectedTrajectoryId: null,
          storageProblems: [],

          openCase: (caseKey) =>
            set((s) => {
              const plan = s.plans[caseKey] ?? emptyPlan(caseKey, now().toISOString());
              return {
                plans: s.plans[caseKey] ? s.plans : { ...s.plans, [caseKey]: plan },
                activeCaseKey: caseKey,
                selectedTrajectoryId: plan.trajectories[0]?.id ?? null,
              };
            }),
          addTrajectory: (init) => {
            const plan = selectActivePlan(get());
            if (!plan) return '';
            const id = newId();
            const t = createTrajectory(id, init, plan.trajectories.length);
            changeActive((p) => ({ trajectories: [...p.trajectories, t] }));
            set({ selectedTrajectoryId: id });
            return id;
          },
          updateTrajectory: (id, patch) => changeTrajectory(id, (t) => ({ ...t, ...patch, id })),
          removeTrajectory: (id) => {
            changeActive((p) => ({ trajectories: p.trajectories.filter((t) => t.id !== id) }));
            if (get().selectedTrajectoryId === id) set({ selectedTrajectoryId: null });
          },
          setEntry: (id, entryLps) => changeTrajectory(id, (t) => ({ ...t, entryLps })),
          setTarget: (id, targetLps) => changeTrajectory(id, (t) => ({ ...t, targetLps })),
          nudge: (id, end, direction, steps = 1) =>
            changeTrajectory(id, (t) => nudgeTrajectory(t, end, direction, steps)),
          select: (id) => set({ selectedTrajectoryId: id }),
          addNoGoStructure: (structure) => {
            const id = newId();
            changeActive((p) => ({ noGoStructures: [...p.noGoStructures, { ...structure, id }] }));
            return id;
          },
          removeNoGoStructure: (id) =>
            changeActive((p) => ({ noGoStructures: p.noGoStructures.filter((s) => s.id !== id) })),
          addMeasurement: (measurement) => {
            const id = newId();
            changeActive((p) => ({
              measurements: [...p.measurements, { ...measurement, id } as Measurement],
            }));
            return id;
          },
          removeMeasurement: (id) =>
            changeActive((p) => ({ measurements: p.measurements.filter((m) => m.id !== id) })),
          importPlanText: (text) => {
            const parsed = parsePlanFile(text);
            if (parsed.ok) {
              const plan = parsed.value;
              set((s) => ({
                plans: { ...s.plans, [plan.caseKey]: plan },
                selectedTrajectoryId:
                  s.activeCaseKey === plan.caseKey
                    ? (plan.trajectories[0]?.id ?? null)
                    : s.selectedTrajectoryId,
              }));
            }
            return parsed;
          },
          exportPlanText: (caseKey) => {
            const plan = get().plans[caseKey ?? get().activeCaseKey ?? ''];
            return plan && serializePlan(plan);
          },
          dismissStorageProblem: (index) =>
            set((s) => ({ storageProblems: s.storageProblems.filter((_, i) => i !== index) })),
          flushAutosave: () => autosave.flush(),
        };
      },
      {
        name: 'spineplan.plans',
        storage: autosave,
        partialize: (s): PersistedPlans => ({ plans: s.plans }),
      },
    ),
  );
  autosave.onProblem = (problem) =>
    store.setState((s) => ({ storageProblems: [...s.storageProblems, problem] }));
  return store;
}

/** Web Storage if the browser allows it (it may throw when storage is disabled), else in memory. */
function browserStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

export const usePlanStore = createPlanStore({ storage: browserStorage() });

// A reload or closed tab inside the debounce delay must not lose the last edit: write on page hide.
if (typeof globalThis.addEventListener === 'function')
  globalThis.addEventListener('pagehide', () => usePlanStore.getState().flushAutosave());
