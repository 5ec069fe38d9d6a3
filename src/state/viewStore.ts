import { create } from 'zustand';
import type { Vec3 } from '../core/vec3';

export type ViewportId = '3d' | 'axial' | 'sagittal' | 'coronal';
export const VIEWPORT_IDS: readonly ViewportId[] = ['3d', 'axial', 'sagittal', 'coronal'];

/** What is under the pointer: shown in the status bar. */
export interface CursorReadout {
  lps: Vec3;
  value: number | null;
  viewport: ViewportId;
}

export interface ViewState {
  maximized: ViewportId | null;
  cursor: CursorReadout | null;
  helpOpen: boolean;
  toggleMaximized: (id: ViewportId) => void;
  restoreLayout: () => void;
  setCursor: (cursor: CursorReadout | null) => void;
  setHelpOpen: (open: boolean) => void;
}

export const useViewStore = create<ViewState>()((set) => ({
  maximized: null,
  cursor: null,
  helpOpen: false,
  toggleMaximized: (id) => set((s) => ({ maximized: s.maximized === id ? null : id })),
  restoreLayout: () => set({ maximized: null }),
  setCursor: (cursor) => set({ cursor }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
}));
