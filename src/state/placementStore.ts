import { create } from 'zustand';
import type { Vec3 } from '../core/vec3';
import type { TemplateClicks } from '../planning/proposal';
import type { ProcedureTemplate } from '../planning/templates';
import type { Side, TrajectoryEnd } from '../planning/trajectory';

/**
 * What a left click in a 2D view does: 'none' moves the crosshair; 'target' and 'entry' place that end of
 * a trajectory (issue 7). A new trajectory is created by the target click, so while placing its entry the
 * trajectory already exists (zero length) and is drawn.
 */
export type PlacementMode = 'none' | 'target' | 'entry';

/** A trajectory end the keyboard nudges (the last handle clicked or placed). */
export interface ActiveHandle {
  trajectoryId: string;
  end: TrajectoryEnd;
}

/**
 * A template's guided click sequence on the images (patient data, or the demo without its truth): the
 * clicks so far; the scene turns the last one into a proposal (scene/plan/guidedTemplateInput.ts).
 */
export interface GuidedTemplate {
  templateId: ProcedureTemplate['id'];
  level: string;
  side: Side;
  /** Click steps of the template, in order (templates.ts ClickStep ids). */
  steps: readonly ProcedureTemplate['clicks'][number][];
  clicks: TemplateClicks;
  /** Index of the step the next click answers. */
  step: number;
}

/** Painting no-go regions on the 2D views (issue 7). */
export interface PaintTool {
  active: boolean;
  radiusMm: number;
  /** Painted region dabs go into; null: the next stroke starts a new region. */
  regionId: string | null;
}

export const DEFAULT_BRUSH_RADIUS_MM = 3;

export interface PlacementState {
  mode: PlacementMode;
  /** The trajectory being placed; null while waiting for the target of a new one. */
  trajectoryId: string | null;
  /** True when the trajectory being placed was created by this placement (cancel then removes it). */
  isNew: boolean;
  activeHandle: ActiveHandle | null;
  /** Waits for a target click that creates a new trajectory, then for its entry click. */
  startNewTrajectory: () => void;
  /** Re-places one end of an existing trajectory with the next click (the other end is kept). */
  startReplacing: (trajectoryId: string, end: TrajectoryEnd) => void;
  /** The target of a new trajectory was placed: wait for its entry. */
  targetPlaced: (trajectoryId: string) => void;
  /** The last point was placed: back to crosshair clicks, the placed end stays active. */
  finish: (placed: ActiveHandle) => void;
  /** Leaves placement; returns what the caller must undo (a half-placed new trajectory), if anything. */
  cancel: () => string | null;
  setActiveHandle: (handle: ActiveHandle | null) => void;

  guided: GuidedTemplate | null;
  /** What the last guided sequence gave: the new trajectory, or why there is none. */
  guidedOutcome: { trajectoryId: string } | { error: string } | null;
  startGuided: (template: Pick<ProcedureTemplate, 'id' | 'clicks'>, level: string, side: Side) => void;
  /** Records a click; returns the finished sequence (and leaves guided mode) after its last step. */
  guidedClick: (lps: Vec3) => GuidedTemplate | null;
  cancelGuided: () => void;
  setGuidedOutcome: (outcome: PlacementState['guidedOutcome']) => void;

  paint: PaintTool;
  setPaint: (patch: Partial<PaintTool>) => void;
}

export const usePlacementStore = create<PlacementState>()((set, get) => ({
  mode: 'none',
  trajectoryId: null,
  isNew: false,
  activeHandle: null,
  startNewTrajectory: () =>
    set({
      mode: 'target',
      trajectoryId: null,
      isNew: true,
      guided: null,
      paint: { ...get().paint, active: false },
    }),
  startReplacing: (trajectoryId, end) => set({ mode: end, trajectoryId, isNew: false }),
  targetPlaced: (trajectoryId) =>
    set({ mode: 'entry', trajectoryId, activeHandle: { trajectoryId, end: 'target' } }),
  finish: (placed) => set({ mode: 'none', trajectoryId: null, isNew: false, activeHandle: placed }),
  cancel: () => {
    const { mode, isNew, trajectoryId } = get();
    set({ mode: 'none', trajectoryId: null, isNew: false });
    return mode !== 'none' && isNew ? trajectoryId : null;
  },
  setActiveHandle: (activeHandle) => set({ activeHandle }),

  guided: null,
  guidedOutcome: null,
  startGuided: (template, level, side) =>
    set({
      guided: { templateId: template.id, level, side, steps: template.clicks, clicks: {}, step: 0 },
      guidedOutcome: null,
      mode: 'none',
      trajectoryId: null,
      isNew: false,
      paint: { ...get().paint, active: false },
    }),
  guidedClick: (lps) => {
    const g = get().guided;
    const step = g?.steps[g.step];
    if (!g || !step) return null;
    const next: GuidedTemplate = { ...g, clicks: { ...g.clicks, [step.id]: lps }, step: g.step + 1 };
    const done = next.step >= next.steps.length;
    set({ guided: done ? null : next });
    return done ? next : null;
  },
  cancelGuided: () => set({ guided: null }),
  setGuidedOutcome: (guidedOutcome) => set({ guidedOutcome }),

  paint: { active: false, radiusMm: DEFAULT_BRUSH_RADIUS_MM, regionId: null },
  setPaint: (patch) => {
    const paint = { ...get().paint, ...patch };
    paint.radiusMm = Math.min(30, Math.max(0.5, paint.radiusMm));
    set(paint.active ? { paint, guided: null, mode: 'none' } : { paint });
  },
}));
