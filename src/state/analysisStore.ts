import { create } from 'zustand';
import type { AnalysisProgress, SpineAnalysis } from '../analysis/index';
import { relabelVertebra, shiftLabels } from '../analysis/relabel';

/** Where the automatic spine analysis of the open volume stands (issue 16). */
export type AnalysisStatus = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

/** A user correction of the level names: how far they were shifted, and what each old name became. */
export interface LabelCorrection {
  /** Total shift from the names the analysis gave (+1 = every name one level lower). */
  shift: number;
  /** The last change's old -> new names (app/spineAnalysis.ts renames the plan's levels with it). */
  lastRenamed: ReadonlyMap<string, string>;
  /** Increases with every change, so followers can tell two equal shifts apart. */
  serial: number;
}

export interface AnalysisState {
  status: AnalysisStatus;
  /** The volume (Volume.id) the analysis belongs to. */
  volumeId: string | null;
  progress: AnalysisProgress | null;
  /** The analysis with the user's label correction applied (what every view and readout uses). */
  analysis: SpineAnalysis | null;
  /** As the analysis found it (before any correction). */
  found: SpineAnalysis | null;
  correction: LabelCorrection | null;
  error: string | null;
  /** Wall time of the last finished analysis (ms). */
  elapsedMs: number | null;
  /** Level labels drawn in the 2D and 3D views. */
  labelsVisible: boolean;
  /** Index in `analysis.vertebrae` of the label the user picked (to rename it), or null. */
  selectedVertebra: number | null;

  start: (volumeId: string) => void;
  setProgress: (volumeId: string, progress: AnalysisProgress) => void;
  finish: (volumeId: string, analysis: SpineAnalysis, elapsedMs: number) => void;
  fail: (volumeId: string, error: string) => void;
  /** The user stopped it (the views keep working; labels stay absent). */
  cancelled: (volumeId: string) => void;
  /** No volume (case closed) or another one about to be analysed. */
  reset: () => void;
  setLabelsVisible: (visible: boolean) => void;
  selectVertebra: (index: number | null) => void;
  /** Renames vertebra `index` to `name`, its neighbours with it; false when that name cannot be given. */
  renameVertebra: (index: number, name: string) => boolean;
  /** Shifts every presacral name by `delta` levels (+1: L4 -> L5); false when a name would leave T1-L6. */
  shiftAll: (delta: number) => boolean;
  /** Back to the names the analysis gave. */
  resetLabels: () => void;
}

const NOTHING = {
  status: 'idle',
  volumeId: null,
  progress: null,
  analysis: null,
  found: null,
  correction: null,
  error: null,
  elapsedMs: null,
  selectedVertebra: null,
} as const satisfies Partial<AnalysisState>;

export const useAnalysisStore = create<AnalysisState>()((set, get) => {
  const applyShift = (result: ReturnType<typeof shiftLabels>): boolean => {
    if (!result) return false;
    if (result.shift === 0) return true;
    const previous = get().correction;
    const shift = (previous?.shift ?? 0) + result.shift;
    set({
      analysis: result.analysis,
      correction: { shift, lastRenamed: result.renamed, serial: (previous?.serial ?? 0) + 1 },
    });
    return true;
  };
  return {
    ...NOTHING,
    labelsVisible: true,
    start: (volumeId) => set({ ...NOTHING, status: 'running', volumeId }),
    setProgress: (volumeId, progress) => {
      if (get().volumeId === volumeId && get().status === 'running') set({ progress });
    },
    finish: (volumeId, analysis, elapsedMs) => {
      if (get().volumeId !== volumeId) return;
      set({ status: 'done', analysis, found: analysis, progress: null, elapsedMs, correction: null });
    },
    fail: (volumeId, error) => {
      if (get().volumeId === volumeId) set({ status: 'failed', error, progress: null });
    },
    cancelled: (volumeId) => {
      if (get().volumeId === volumeId) set({ status: 'cancelled', progress: null });
    },
    reset: () => set({ ...NOTHING }),
    setLabelsVisible: (labelsVisible) => set({ labelsVisible }),
    selectVertebra: (selectedVertebra) => set({ selectedVertebra }),
    renameVertebra: (index, name) => {
      const a = get().analysis;
      return a ? applyShift(relabelVertebra(a, index, name)) : false;
    },
    shiftAll: (delta) => {
      const a = get().analysis;
      return a ? applyShift(shiftLabels(a, delta)) : false;
    },
    resetLabels: () => {
      const { found, analysis, correction } = get();
      if (!found || !analysis || !correction) return;
      const back = shiftLabels(analysis, -correction.shift);
      set({
        analysis: found,
        correction: { shift: 0, lastRenamed: back?.renamed ?? new Map(), serial: correction.serial + 1 },
      });
    },
  };
});
