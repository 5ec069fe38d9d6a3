import { create } from 'zustand';
import type { TrajectoryEnd } from '../planning/trajectory';

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
}

export const usePlacementStore = create<PlacementState>()((set, get) => ({
  mode: 'none',
  trajectoryId: null,
  isNew: false,
  activeHandle: null,
  startNewTrajectory: () => set({ mode: 'target', trajectoryId: null, isNew: true }),
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
}));
