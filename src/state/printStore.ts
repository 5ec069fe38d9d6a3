import { create } from 'zustand';
import type { PrintModel } from '../volume/surface/printModel';

/** The 3D print of the open case (issue 23): the specialist's choice, the job, and the files made. */
export interface PrintState {
  phase: 'idle' | 'working' | 'ready' | 'error';
  /** 0..1 while working. */
  progress: number;
  /** The volume (Volume.id) the result belongs to. */
  volumeId: string | null;
  /** "L2-L5" as chosen. */
  vertebrae: string | null;
  model: PrintModel | null;
  stl: Uint8Array | null;
  threeMf: Uint8Array | null;
  /** The skin shell's STL, when one was asked for and made. */
  shellStl: Uint8Array | null;
  error: string | null;
  /** The print model is drawn in the 3D view (with its pits) instead of only listed. */
  showInScene: boolean;
  start: (volumeId: string, vertebrae: string) => void;
  setProgress: (progress: number) => void;
  finish: (result: {
    model: PrintModel;
    stl: Uint8Array;
    threeMf: Uint8Array;
    shellStl?: Uint8Array;
  }) => void;
  fail: (error: string) => void;
  setShowInScene: (show: boolean) => void;
  /** Drops the model and the files (case closed or another opened: patient data not kept). */
  clear: () => void;
}

const EMPTY = {
  phase: 'idle' as const,
  progress: 0,
  volumeId: null,
  vertebrae: null,
  model: null,
  stl: null,
  threeMf: null,
  shellStl: null,
  error: null,
};

export const usePrintStore = create<PrintState>((set) => ({
  ...EMPTY,
  showInScene: true,
  start: (volumeId, vertebrae) => set({ ...EMPTY, phase: 'working', volumeId, vertebrae }),
  setProgress: (progress) => set({ progress }),
  finish: ({ model, stl, threeMf, shellStl }) =>
    set({ phase: 'ready', progress: 1, model, stl, threeMf, shellStl: shellStl ?? null }),
  fail: (error) => set({ phase: 'error', error }),
  setShowInScene: (showInScene) => set({ showInScene }),
  clear: () => set(EMPTY),
}));
