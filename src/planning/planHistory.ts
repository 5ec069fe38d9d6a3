import type { Plan } from './planFile';

/**
 * Undo/redo for one case's plan: whole-plan snapshots (plans are small and immutable, so a snapshot is a
 * reference, not a copy). Pure: the plan store keeps one history per case.
 */
export interface PlanHistory {
  /** Older plans, oldest first; the last one is what undo restores. */
  past: readonly Plan[];
  /** Plans undone, the next redo last. */
  future: readonly Plan[];
  /** The burst the last change belonged to (see `recordChange`). */
  burstKey?: string;
  burstAtMs?: number;
}

/** Snapshots kept per case; older steps are dropped. */
export const HISTORY_LIMIT = 100;
/**
 * Changes with the same burst key this close together are one undo step: a drag sends a setEntry per
 * pointer move, a held arrow key a nudge per repeat (~30 ms apart), typing a name one update per key.
 */
export const COALESCE_MS = 300;

export const emptyHistory = (): PlanHistory => ({ past: [], future: [] });

/**
 * Records that `before` is about to be replaced. A change in the same burst as the previous one (same
 * `burstKey`, within COALESCE_MS of it) adds no step: undo then goes back to before the whole burst.
 */
export function recordChange(
  history: PlanHistory | undefined,
  before: Plan,
  burstKey: string | undefined,
  nowMs: number,
): PlanHistory {
  const h = history ?? emptyHistory();
  const sameBurst =
    burstKey !== undefined &&
    h.burstKey === burstKey &&
    h.burstAtMs !== undefined &&
    nowMs - h.burstAtMs <= COALESCE_MS &&
    h.past.length > 0;
  if (sameBurst) return { past: h.past, future: [], burstKey, burstAtMs: nowMs };
  const past = [...h.past, before];
  return {
    past: past.length > HISTORY_LIMIT ? past.slice(past.length - HISTORY_LIMIT) : past,
    future: [],
    burstKey,
    burstAtMs: nowMs,
  };
}

/** The plan before the last step, and the history with `current` made redoable; undefined: nothing to undo. */
export function undoStep(
  h: PlanHistory | undefined,
  current: Plan,
): { plan: Plan; history: PlanHistory } | undefined {
  const plan = h?.past[h.past.length - 1];
  if (!h || !plan) return undefined;
  return { plan, history: { past: h.past.slice(0, -1), future: [...h.future, current] } };
}

/** The plan the last undo left, and the history with `current` undoable again. */
export function redoStep(
  h: PlanHistory | undefined,
  current: Plan,
): { plan: Plan; history: PlanHistory } | undefined {
  const plan = h?.future[h.future.length - 1];
  if (!h || !plan) return undefined;
  return { plan, history: { past: [...h.past, current], future: h.future.slice(0, -1) } };
}
