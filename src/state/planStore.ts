import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { Result } from '../core/errors';
import { fail, ok } from '../core/errors';
import type { Vec3 } from '../core/vec3';
import { type AsyncKeyValue, indexedDbKeyValue } from '../planning/keyValueStores';
import { type BrushDab, type MaskGrid, type PaintedRegion, paintDab, sameGrid } from '../planning/noGoMask';
import { type AttachMismatch, checkPlanAttachment } from '../planning/planAttach';
import {
  createPlanAutosave,
  memoryStorage,
  type PersistedPlans,
  planHasWork,
  type StorageProblem,
} from '../planning/planAutosave';
import { createAsyncPlanAutosave, type WithLock } from '../planning/planAutosaveAsync';
import { checkPlanAgainstCase, DOES_NOT_FIT } from '../planning/planCaseBounds';
import {
  emptyPlan,
  MAX_CLEARANCE_WARNING_MM,
  type Measurement,
  type NoGoStructure,
  type Plan,
  type PlanImageIds,
  parsePlanFile,
  serializePlan,
  validatePlan,
} from '../planning/planFile';
import { type PlanHistory, recordChange, redoStep, undoStep } from '../planning/planHistory';
import { mergePlans } from '../planning/planMerge';
import type { PlanPrint } from '../planning/printSetup';
import { NOTE_FROM_ANALYSIS, NOTE_FROM_TRUTH, type TemplateProposal } from '../planning/proposal';
import { applyReviewAction, initialReview, type ReviewAction, reviewAfterEdit } from '../planning/review';
import {
  createTrajectory,
  type NudgeDirection,
  nudgeTrajectory,
  PROCEDURE_LABELS,
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

  /** Undo/redo per case (session only, not saved). */
  history: Record<string, PlanHistory>;
  /**
   * The plan an import (or a restore) last replaced, per case: kept in storage too, so "Restore previous
   * plan" works after a reload (issue 24: the previous plan kept and restorable).
   */
  previousPlans: Record<string, Plan>;
  /**
   * The voxel grid of each case's open images (session only): every plan applied to the case is checked
   * against it first (planning/planCaseBounds.ts: points near the images, painted regions on their grid).
   */
  caseGrids: Record<string, MaskGrid>;
  /** The last change another tab made to a case open here (issue 24 class 5), until dismissed. */
  tabNotice: TabNotice | null;

  /**
   * Makes `caseKey` the active case, starting an empty plan if it has none. `ids`: the series' DICOM UIDs,
   * recorded in the plan (so its file reattaches to the right images) when it has none yet.
   */
  openCase: (caseKey: string, ids?: PlanImageIds, grid?: MaskGrid) => void;
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
  /** Replaces a measurement in place (same id): one undo step. */
  updateMeasurement: (measurement: Measurement) => void;
  /**
   * Paints (or erases) one brush dab into painted region `regionId`; with null, or an id the plan does not
   * hold, a new region on `grid` is made first. Dabs of one stroke (same `strokeKey`) are one undo step.
   * Returns the region's id ('' when no case is open).
   */
  paintNoGo: (regionId: string | null, grid: MaskGrid, dab: BrushDab, strokeKey: string) => string;
  updateNoGoMask: (id: string, patch: Partial<Pick<PaintedRegion, 'name' | 'marginMm'>>) => void;
  removeNoGoMask: (id: string) => void;
  /**
   * Replaces the plan of the file's case with the file's plan (the UI should confirm first when that case
   * already has trajectories). Returns the parsed plan or a readable error.
   */
  importPlanText: (text: string) => Result<Plan>;
  /** The plan file text of a case (default: the active one). */
  exportPlanText: (caseKey?: string) => string | undefined;
  dismissStorageProblem: (index: number) => void;
  /** Writes pending autosave changes now (page hide, tests); resolves when written. */
  flushAutosave: () => Promise<void>;
  /**
   * Page hide: copies plans not yet committed to IndexedDB synchronously into localStorage (an async write
   * may not finish before the page goes; the next load keeps the newer copy). No-op without IndexedDB.
   */
  backupAutosave: () => void;
  /** Undoes the active case's last step (a drag or a held nudge is one step). */
  undo: () => void;
  redo: () => void;
  /** Sets the active plan's clearance warning distance (mm, clamped to 0-20). */
  setClearanceWarningMm: (mm: number) => void;
  /** Keeps the print made from this case (its registration pits) with the plan; one undo step. */
  setPrint: (print: PlanPrint) => void;
  /**
   * Adds a template proposal (templates.ts / proposal.ts) as a new trajectory named after it, selected;
   * returns its id ('' when no case is open). One undo step.
   */
  applyProposal: (proposal: TemplateProposal, name?: string) => string;
  /**
   * Imports a plan file INTO the active case after checking it belongs to these images (series UID, or
   * demo with demo). A mismatch is refused with its kind; `attachAnyway` then attaches it (its UIDs are
   * replaced by the open case's). Replaces the active plan (one undo step).
   */
  importPlanTextIntoActive: (text: string, options?: { attachAnyway?: boolean }) => PlanImportResult;
  /** Swaps the active plan with the one the last import replaced (one undo step); refused if it no longer fits. */
  restorePreviousPlan: () => Result<Plan>;
  /** Another tab saved `caseKey`: merge its version into this tab's plan (planning/planMerge.ts). */
  syncFromStorage: (caseKey: string) => Promise<void>;
  /** Connects autosave to the other tabs (app/planTabs.ts): a lock per case, and a call after each save. */
  connectTabs: (hooks: { withLock?: WithLock; onCommitted: (caseKeys: string[]) => void }) => void;
  dismissTabNotice: () => void;
  /** Submits, approves, sends back or comments the active plan (planning/review.ts); one undo step. */
  reviewActive: (action: ReviewAction) => Result<Plan>;
  /** Gives the active plan its review identity (a draft, version 1) if it has none yet; the plan. */
  ensureReview: () => Plan | undefined;
}

export interface TabNotice {
  caseKey: string;
  /** Items both tabs changed: both versions are kept, the other tab's named "(other tab)". */
  conflicts: string[];
}

export type PlanImportResult =
  | { ok: true; value: Plan }
  | { ok: false; kind: 'invalid' | 'no-case' | AttachMismatch; error: string };

export interface PlanStoreOptions {
  /** Web Storage to autosave into; default an in-memory one (nothing survives a reload). */
  storage?: Storage;
  /**
   * Async store to autosave into instead (IndexedDB in the app; `storage` is then where older versions
   * saved plans, migrated once, the fallback, and the page-hide backup). Loading is then asynchronous.
   */
  asyncStore?: AsyncKeyValue;
  /** Clock for coalescing undo steps (ms); default Date.now. */
  clockMs?: () => number;
  /** Autosave delay after the last change (default 500 ms; 0 writes at once). */
  debounceMs?: number;
  now?: () => Date;
  newId?: () => string;
}

export const selectActivePlan = (s: PlanState): Plan | undefined =>
  s.activeCaseKey === null ? undefined : s.plans[s.activeCaseKey];

export const selectSelectedTrajectory = (s: PlanState): Trajectory | undefined =>
  selectActivePlan(s)?.trajectories.find((t) => t.id === s.selectedTrajectoryId);

export const selectCanUndo = (s: PlanState): boolean =>
  s.activeCaseKey !== null && (s.history[s.activeCaseKey]?.past.length ?? 0) > 0;

export const selectCanRedo = (s: PlanState): boolean =>
  s.activeCaseKey !== null && (s.history[s.activeCaseKey]?.future.length ?? 0) > 0;

/** Keeps the selection when its trajectory still exists, else the first trajectory (or none). */
const keepSelection = (plan: Plan, selected: string | null): string | null =>
  plan.trajectories.some((t) => t.id === selected) ? selected : (plan.trajectories[0]?.id ?? null);

/**
 * Loaded plans merged into the state built before loading finished (async storage): a case worked on
 * meanwhile keeps that work, every other case gets its saved plan.
 */
function mergeLoaded(
  persisted: unknown,
  current: PlanState,
  setAside: (caseKey: string, plan: Plan, why: string) => StorageProblem,
): PlanState {
  const loaded = (persisted as PersistedPlans | undefined) ?? { plans: {} };
  const plans = { ...loaded.plans };
  // Work done on a case while loading started from an empty plan: merged with the saved one by id (the saved
  // plan's items are kept too, planMerge.ts), never written over it.
  for (const [key, plan] of Object.entries(current.plans)) {
    const saved = plans[key];
    if (saved && planHasWork(plan)) plans[key] = mergePlans(undefined, plan, saved).plan;
    else if (!saved) plans[key] = plan;
  }
  // A case opened before loading finished was checked against its images with an empty plan: check the
  // loaded one now, so an unfitting stored plan never reaches the views.
  const storageProblems = [...current.storageProblems, ...(loaded.storageProblems ?? [])];
  for (const [key, grid] of Object.entries(current.caseGrids)) {
    const plan = plans[key];
    const fits = plan && checkPlanAgainstCase(plan, grid);
    if (!fits || fits.ok) continue;
    storageProblems.push(setAside(key, plan, fits.error));
    plans[key] = emptyPlan(key, plan.updatedAt, plan);
  }
  const active = current.activeCaseKey === null ? undefined : plans[current.activeCaseKey];
  return {
    ...current,
    plans,
    previousPlans: { ...(loaded.previousPlans ?? {}), ...current.previousPlans },
    selectedTrajectoryId: active ? keepSelection(active, current.selectedTrajectoryId) : null,
    storageProblems,
  };
}

/** Builds a plan store; the app uses `usePlanStore`, tests build their own with an injected Storage. */
export function createPlanStore(options: PlanStoreOptions = {}) {
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? (() => crypto.randomUUID());
  const clockMs = options.clockMs ?? (() => Date.now());
  const storage = options.storage ?? memoryStorage();
  const debounceMs = options.debounceMs ?? 500;
  const nowMs = () => now().getTime();
  const asyncAutosave =
    options.asyncStore &&
    createAsyncPlanAutosave(options.asyncStore, { debounceMs, nowMs, legacy: options.storage });
  const autosave = asyncAutosave ?? createPlanAutosave(storage, debounceMs, nowMs);

  /**
   * A stored plan that does not fit the case's images (a hostile or broken file autosaved by an older
   * version): moved to a kept-aside key, never shown, never deleted, never overwritten.
   */
  const setAside = (caseKey: string, plan: Plan, refusal: string): StorageProblem => {
    const why = refusal.replace(DOES_NOT_FIT, '');
    try {
      const keptUnderKey = autosave.keepAside(caseKey, serializePlan(plan));
      return {
        caseKey,
        keptUnderKey,
        message: `The saved plan for case ${caseKey} does not fit these images (${why}). It was kept under '${keptUnderKey}'; a new plan was started.`,
      };
    } catch (e) {
      return {
        caseKey,
        message: `The saved plan for case ${caseKey} does not fit these images (${why}) and could not be kept aside (${e instanceof Error ? e.message : String(e)}); a new plan was started.`,
      };
    }
  };

  const store = create<PlanState>()(
    persist(
      (set, get) => {
        /**
         * Applies `change` to the active plan, stamps updatedAt and records an undo step (changes with the
         * same `burstKey` in quick succession are one step); no-op when no case is open.
         */
        const changeActive = (change: (plan: Plan) => Partial<Plan>, burstKey?: string): boolean => {
          let applied = false;
          set((s) => {
            const plan = selectActivePlan(s);
            if (!plan) return s;
            const nowIso = now().toISOString();
            // An edit after the plan left draft returns it to draft as a new version (planning/review.ts).
            const next: Plan = reviewAfterEdit(plan, { ...plan, ...change(plan), updatedAt: nowIso }, nowIso);
            // The same bounds as reading a plan file (planning/planLimits.ts): the app never makes, and so
            // never autosaves, a plan it would refuse to read back (101 trajectories, a 201-character name).
            const valid = validatePlan(next);
            if (!valid.ok) {
              const message = `Not changed: ${valid.error.replace(/^invalid plan file: /, '')}.`;
              if (s.storageProblems.some((p) => p.message === message)) return s;
              return { storageProblems: [...s.storageProblems, { caseKey: plan.caseKey, message }] };
            }
            applied = true;
            const history = recordChange(s.history[plan.caseKey], plan, burstKey, clockMs());
            return {
              plans: { ...s.plans, [plan.caseKey]: next },
              history: { ...s.history, [plan.caseKey]: history },
            };
          });
          return applied;
        };
        const changeTrajectory = (
          id: string,
          change: (t: Trajectory) => Trajectory,
          burstKey?: string,
        ): boolean =>
          changeActive(
            (plan) => ({
              trajectories: plan.trajectories.map((t) => (t.id === id ? change(t) : t)),
            }),
            burstKey,
          );
        /**
         * Replaces a case's whole plan as one undo step (imports). A replaced plan holding work is also kept
         * as the case's previous plan (in storage too): "Restore previous plan" brings it back after a reload.
         */
        const replacePlan = (plan: Plan): void => {
          const before = get().plans[plan.caseKey];
          const keepBefore = before !== undefined && planHasWork(before);
          if (keepBefore) autosave.keepPrevious(plan.caseKey, before);
          set((s) => {
            const history = before
              ? {
                  ...s.history,
                  [plan.caseKey]: recordChange(s.history[plan.caseKey], before, undefined, clockMs()),
                }
              : s.history;
            return {
              plans: { ...s.plans, [plan.caseKey]: plan },
              history,
              previousPlans: keepBefore ? { ...s.previousPlans, [plan.caseKey]: before } : s.previousPlans,
              selectedTrajectoryId:
                s.activeCaseKey === plan.caseKey
                  ? (plan.trajectories[0]?.id ?? null)
                  : s.selectedTrajectoryId,
            };
          });
        };
        const travel = (step: typeof undoStep): void => {
          set((s) => {
            const plan = selectActivePlan(s);
            if (!plan) return s;
            const moved = step(s.history[plan.caseKey], plan);
            if (!moved) return s;
            return {
              plans: { ...s.plans, [plan.caseKey]: moved.plan },
              history: { ...s.history, [plan.caseKey]: moved.history },
              selectedTrajectoryId: keepSelection(moved.plan, s.selectedTrajectoryId),
            };
          });
        };

        return {
          plans: {},
          activeCaseKey: null,
          selectedTrajectoryId: null,
          storageProblems: [],
          history: {},
          previousPlans: {},
          caseGrids: {},
          tabNotice: null,

          openCase: (caseKey, ids = {}, grid) =>
            set((s) => {
              let existing = s.plans[caseKey];
              const caseGrids = grid ? { ...s.caseGrids, [caseKey]: grid } : s.caseGrids;
              let storageProblems = s.storageProblems;
              const fits = existing && grid && checkPlanAgainstCase(existing, grid);
              if (existing && fits && !fits.ok) {
                storageProblems = [...storageProblems, setAside(caseKey, existing, fits.error)];
                existing = emptyPlan(caseKey, now().toISOString(), ids);
              }
              let plan = existing ?? emptyPlan(caseKey, now().toISOString(), ids);
              // A plan made before UIDs were recorded (or restored from schema 1) learns them now; no undo step.
              if (existing && !existing.studyInstanceUid && ids.studyInstanceUid)
                plan = { ...existing, ...ids };
              return {
                plans: plan === s.plans[caseKey] ? s.plans : { ...s.plans, [caseKey]: plan },
                activeCaseKey: caseKey,
                selectedTrajectoryId: plan.trajectories[0]?.id ?? null,
                caseGrids,
                storageProblems,
              };
            }),
          addTrajectory: (init) => {
            const plan = selectActivePlan(get());
            if (!plan) return '';
            const id = newId();
            const t = createTrajectory(id, init, plan.trajectories.length);
            if (!changeActive((p) => ({ trajectories: [...p.trajectories, t] }))) return '';
            set({ selectedTrajectoryId: id });
            return id;
          },
          // Typing a name sends one update per key: same fields in quick succession are one undo step.
          updateTrajectory: (id, patch) =>
            changeTrajectory(
              id,
              (t) => ({ ...t, ...patch, id }),
              `update:${id}:${Object.keys(patch).sort()}`,
            ),
          removeTrajectory: (id) => {
            changeActive((p) => ({ trajectories: p.trajectories.filter((t) => t.id !== id) }));
            if (get().selectedTrajectoryId === id) set({ selectedTrajectoryId: null });
          },
          setEntry: (id, entryLps) => changeTrajectory(id, (t) => ({ ...t, entryLps }), `move:${id}:entry`),
          setTarget: (id, targetLps) =>
            changeTrajectory(id, (t) => ({ ...t, targetLps }), `move:${id}:target`),
          nudge: (id, end, direction, steps = 1) =>
            changeTrajectory(id, (t) => nudgeTrajectory(t, end, direction, steps), `nudge:${id}:${end}`),
          select: (id) => set({ selectedTrajectoryId: id }),
          addNoGoStructure: (structure) => {
            const id = newId();
            return changeActive((p) => ({ noGoStructures: [...p.noGoStructures, { ...structure, id }] }))
              ? id
              : '';
          },
          removeNoGoStructure: (id) =>
            changeActive((p) => ({ noGoStructures: p.noGoStructures.filter((s) => s.id !== id) })),
          addMeasurement: (measurement) => {
            const id = newId();
            const added = changeActive((p) => ({
              measurements: [...p.measurements, { ...measurement, id } as Measurement],
            }));
            return added ? id : '';
          },
          removeMeasurement: (id) =>
            changeActive((p) => ({ measurements: p.measurements.filter((m) => m.id !== id) })),
          updateMeasurement: (measurement) => {
            const plan = selectActivePlan(get());
            if (!plan?.measurements.some((m) => m.id === measurement.id)) return;
            changeActive((p) => ({
              measurements: p.measurements.map((m) => (m.id === measurement.id ? measurement : m)),
            }));
          },
          paintNoGo: (regionId, grid, dab, strokeKey) => {
            const plan = selectActivePlan(get());
            if (!plan) return '';
            // A region painted on another grid (a plan attached to other images) is not painted into.
            const existing = plan.noGoMasks.find((r) => r.id === regionId && sameGrid(r.grid, grid));
            const region: PaintedRegion = existing ?? {
              id: newId(),
              name: `Painted no-go ${plan.noGoMasks.length + 1}`,
              grid,
              slices: [],
            };
            const painted = paintDab(region, dab);
            if (painted === region) return existing ? region.id : '';
            const applied = changeActive(
              (p) => ({
                noGoMasks: existing
                  ? p.noGoMasks.map((r) => (r.id === region.id ? painted : r))
                  : [...p.noGoMasks, painted],
              }),
              `paint:${strokeKey}`,
            );
            return applied || existing ? region.id : '';
          },
          updateNoGoMask: (id, patch) =>
            changeActive(
              (p) => ({ noGoMasks: p.noGoMasks.map((r) => (r.id === id ? { ...r, ...patch } : r)) }),
              `mask:${id}:${Object.keys(patch).sort()}`,
            ),
          removeNoGoMask: (id) =>
            changeActive((p) => ({ noGoMasks: p.noGoMasks.filter((r) => r.id !== id) })),
          importPlanText: (text) => {
            const parsed = parsePlanFile(text);
            if (!parsed.ok) return parsed;
            const grid = get().caseGrids[parsed.value.caseKey];
            const fits = grid ? checkPlanAgainstCase(parsed.value, grid) : parsed;
            if (fits.ok) replacePlan(parsed.value);
            return fits;
          },
          importPlanTextIntoActive: (text, { attachAnyway = false } = {}) => {
            const active = selectActivePlan(get());
            if (!active) return { ok: false, kind: 'no-case', error: 'Open images before importing a plan.' };
            const parsed = parsePlanFile(text);
            if (!parsed.ok) return { ok: false, kind: 'invalid', error: parsed.error };
            const check = checkPlanAttachment(parsed.value, {
              caseKey: active.caseKey,
              isDemo: active.caseKey === 'demo',
              studyInstanceUid: active.studyInstanceUid,
              seriesInstanceUid: active.seriesInstanceUid,
            });
            if (!check.ok && !attachAnyway) return { ok: false, kind: check.kind, error: check.message };
            const { studyInstanceUid: _study, seriesInstanceUid: _series, ...rest } = parsed.value;
            const plan: Plan = {
              ...rest,
              caseKey: active.caseKey,
              ...(active.studyInstanceUid ? { studyInstanceUid: active.studyInstanceUid } : {}),
              ...(active.seriesInstanceUid ? { seriesInstanceUid: active.seriesInstanceUid } : {}),
            };
            // Checked against the open images BEFORE it replaces anything (issue 24 class 1).
            const grid = get().caseGrids[active.caseKey];
            const fits = grid ? checkPlanAgainstCase(plan, grid) : ok(plan);
            if (!fits.ok) return { ok: false, kind: 'invalid', error: fits.error };
            replacePlan(plan);
            return { ok: true, value: plan };
          },
          restorePreviousPlan: () => {
            const s = get();
            const active = selectActivePlan(s);
            const previous = active && s.previousPlans[active.caseKey];
            if (!active || !previous) return fail('there is no previous plan of this case to restore');
            const grid = s.caseGrids[active.caseKey];
            const restored: Plan = { ...previous, updatedAt: now().toISOString() };
            const fits = grid ? checkPlanAgainstCase(restored, grid) : ok(restored);
            if (!fits.ok) return fits;
            // The plan shown now becomes the previous one (replacePlan keeps it): a restore can be undone too.
            if (!planHasWork(active))
              set((st) => {
                const { [active.caseKey]: _gone, ...others } = st.previousPlans;
                return { previousPlans: others };
              });
            replacePlan(restored);
            return ok(restored);
          },
          syncFromStorage: async (caseKey) => autosave.sync(caseKey, get().plans[caseKey]),
          connectTabs: ({ withLock, onCommitted }) => {
            if (asyncAutosave && withLock) asyncAutosave.withLock = withLock;
            autosave.events.onCommitted = onCommitted;
          },
          ensureReview: () => {
            const plan = selectActivePlan(get());
            if (plan && !plan.review) changeActive(() => ({ review: initialReview() }));
            return selectActivePlan(get());
          },
          reviewActive: (action) => {
            const plan = selectActivePlan(get());
            if (!plan) return fail('open a case first');
            const done = applyReviewAction(plan, action, now().toISOString());
            if (!done.ok) return fail(done.error);
            changeActive(() => ({ review: done.plan.review }));
            const after = selectActivePlan(get());
            return after ? ok(after) : fail('the plan was closed');
          },
          dismissTabNotice: () => set({ tabNotice: null }),
          exportPlanText: (caseKey) => {
            const plan = get().plans[caseKey ?? get().activeCaseKey ?? ''];
            return plan && serializePlan(plan);
          },
          dismissStorageProblem: (index) =>
            set((s) => ({ storageProblems: s.storageProblems.filter((_, i) => i !== index) })),
          flushAutosave: async () => autosave.flush(),
          backupAutosave: () => asyncAutosave?.backupNow(),
          undo: () => travel(undoStep),
          redo: () => travel(redoStep),
          setClearanceWarningMm: (mm) => {
            if (!Number.isFinite(mm)) return;
            const clamped = Math.min(MAX_CLEARANCE_WARNING_MM, Math.max(0, mm));
            changeActive(() => ({ clearanceWarningMm: clamped }), 'warning-distance');
          },
          setPrint: (print) => changeActive(() => ({ print }), 'print'),
          applyProposal: (proposal, name) => {
            const plan = selectActivePlan(get());
            if (!plan) return '';
            const id = newId();
            const t = createTrajectory(
              id,
              {
                name: name ?? `${proposal.level} ${proposal.side} ${PROCEDURE_LABELS[proposal.procedure]}`,
                procedure: proposal.procedure,
                level: proposal.level,
                side: proposal.side,
                entryLps: proposal.entryLps,
                targetLps: proposal.targetLps,
                needleId: proposal.needleId,
                proposal: {
                  source:
                    proposal.note === NOTE_FROM_TRUTH
                      ? 'truth'
                      : proposal.note === NOTE_FROM_ANALYSIS
                        ? 'analysis'
                        : 'clicks',
                  note: proposal.note,
                  remarks: [...proposal.remarks],
                  entryOnSkin: proposal.entryOnSkin,
                  views: [...proposal.views],
                },
              },
              plan.trajectories.length,
            );
            if (!changeActive((p) => ({ trajectories: [...p.trajectories, t] }))) return '';
            set({ selectedTrajectoryId: id });
            return id;
          },
        };
      },
      {
        name: 'spineplan.plans',
        storage: autosave,
        partialize: (s): PersistedPlans => ({ plans: s.plans }),
        merge: (persisted, current) => mergeLoaded(persisted, current, setAside),
        // Async storage: save the merged state once loaded (work done while loading, UIDs learnt).
        onRehydrateStorage: () => () => {
          if (asyncAutosave) queueMicrotask(() => store.setState({}));
        },
      },
    ),
  );
  autosave.events.onProblem = (problem) =>
    store.setState((s) => ({ storageProblems: [...s.storageProblems, problem] }));
  /**
   * Another tab's save merged in. `local` is the plan the merge started from; if this tab changed the case
   * since (an async merge), that change is merged once more on top, so no edit of either tab is lost. The
   * case's undo history restarts: undoing past another tab's change would silently remove it again.
   */
  autosave.events.onMerged = (caseKey, local, merged, conflicts) =>
    store.setState((s) => {
      const current = s.plans[caseKey];
      const plan = current && local && current !== local ? mergePlans(local, current, merged).plan : merged;
      if (current && JSON.stringify(current) === JSON.stringify(plan)) return s;
      const { [caseKey]: _restarted, ...history } = s.history;
      return {
        plans: { ...s.plans, [caseKey]: plan },
        history,
        selectedTrajectoryId:
          s.activeCaseKey === caseKey ? keepSelection(plan, s.selectedTrajectoryId) : s.selectedTrajectoryId,
        tabNotice: { caseKey, conflicts },
      };
    });
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

/** IndexedDB when the browser has it (not in Node tests); opening it may still fail later (fallback inside). */
function browserAsyncStore(): AsyncKeyValue | undefined {
  try {
    return typeof indexedDB === 'undefined' ? undefined : indexedDbKeyValue(indexedDB);
  } catch {
    return undefined;
  }
}

export const usePlanStore = createPlanStore({ storage: browserStorage(), asyncStore: browserAsyncStore() });

// A reload or closed tab inside the debounce delay must not lose the last edit: write on page hide.
if (typeof globalThis.addEventListener === 'function')
  globalThis.addEventListener('pagehide', () => {
    usePlanStore.getState().backupAutosave();
    void usePlanStore.getState().flushAutosave();
  });
