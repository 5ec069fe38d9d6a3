import { create } from 'zustand';
import type { Vec3 } from '../core/vec3';
import type { Measurement } from '../planning/planFile';

/** The measuring tool a left click in a 2D view feeds ('none': clicks move the crosshair as usual). */
export type MeasureTool = 'none' | 'distance' | 'angle' | 'region';

/** Points each tool needs: distance a-b; angle a-vertex-b; region centre then rim (clicked in that order). */
export const MEASURE_POINTS: Record<Exclude<MeasureTool, 'none'>, number> = {
  distance: 2,
  angle: 3,
  region: 2,
};

/** HU statistics of a region measurement, computed from the images by the scene (the UI cannot read volumes). */
export interface RegionStatsView {
  meanHu: number;
  sdHu: number;
  minHu: number;
  maxHu: number;
  areaMm2: number;
}

export interface MeasureState {
  tool: MeasureTool;
  /** Points clicked so far for the measurement being made (LPS mm). */
  pendingLps: Vec3[];
  start: (tool: MeasureTool) => void;
  /**
   * Adds a clicked point; when the tool has all its points returns them and clears (the tool stays on for
   * the next measurement), else null.
   */
  addPoint: (lps: Vec3) => Vec3[] | null;
  cancel: () => void;
  /**
   * A measurement whose handle is being dragged, as it looks now (drawn instead of the stored one until the
   * drag ends and the plan gets the edit).
   */
  editing: Measurement | null;
  setEditing: (measurement: Measurement | null) => void;
  /** Region statistics by measurement id (null: outside the volume). */
  regionStats: Record<string, RegionStatsView | null>;
  setRegionStats: (stats: Record<string, RegionStatsView | null>) => void;
}

export const useMeasureStore = create<MeasureState>()((set, get) => ({
  tool: 'none',
  pendingLps: [],
  start: (tool) => set({ tool, pendingLps: [] }),
  addPoint: (lps) => {
    const { tool, pendingLps } = get();
    if (tool === 'none') return null;
    const points = [...pendingLps, lps];
    if (points.length < MEASURE_POINTS[tool]) {
      set({ pendingLps: points });
      return null;
    }
    set({ pendingLps: [] });
    return points;
  },
  cancel: () => set({ tool: 'none', pendingLps: [] }),
  editing: null,
  setEditing: (editing) => set({ editing }),
  regionStats: {},
  setRegionStats: (regionStats) => set({ regionStats }),
}));
