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

/**
 * How the four views share the workspace (issue 19): the 2x2 grid, or one view enlarged with the other three
 * beside it (in a column at the right) or below it (in a row, as Slicer's "conventional" layout), so a view
 * can be enlarged without losing the others. Maximise still shows one view alone.
 */
export type ViewLayout = '2x2' | '1+3 right' | '1+3 below';
export const VIEW_LAYOUTS: readonly ViewLayout[] = ['2x2', '1+3 right', '1+3 below'];

export interface ViewState {
  maximized: ViewportId | null;
  layout: ViewLayout;
  /** The enlarged view of the 1+3 layouts. */
  primary: ViewportId;
  /** The 3D place shows the series' stored images (cornerstone-core) instead of the 3D view (issue 19). */
  acquiredOpen: boolean;
  setAcquiredOpen: (open: boolean) => void;
  setLayout: (layout: ViewLayout) => void;
  setPrimary: (id: ViewportId) => void;
  cursor: CursorReadout | null;
  helpOpen: boolean;
  toggleMaximized: (id: ViewportId) => void;
  restoreLayout: () => void;
  setCursor: (cursor: CursorReadout | null) => void;
  setHelpOpen: (open: boolean) => void;
}

/** The layout is a preference of this browser: it comes back after a reload (issue 19). */
const LAYOUT_KEY = 'spineplan.layout';
const storage = (): Storage | undefined => (typeof localStorage === 'undefined' ? undefined : localStorage);

function savedLayout(): { layout: ViewLayout; primary: ViewportId } {
  try {
    const saved = JSON.parse(storage()?.getItem(LAYOUT_KEY) ?? 'null') as {
      layout?: unknown;
      primary?: unknown;
    } | null;
    const layout = VIEW_LAYOUTS.find((l) => l === saved?.layout) ?? '2x2';
    const primary = VIEWPORT_IDS.find((v) => v === saved?.primary) ?? '3d';
    return { layout, primary };
  } catch {
    return { layout: '2x2', primary: '3d' };
  }
}

function saveLayout(layout: ViewLayout, primary: ViewportId): void {
  try {
    storage()?.setItem(LAYOUT_KEY, JSON.stringify({ layout, primary }));
  } catch {
    // Storage full or blocked: the layout is simply not remembered.
  }
}

export const useViewStore = create<ViewState>()((set) => ({
  maximized: null,
  ...savedLayout(),
  acquiredOpen: false,
  setAcquiredOpen: (acquiredOpen) => set({ acquiredOpen }),
  setLayout: (layout) =>
    set((s) => {
      saveLayout(layout, s.primary);
      return { layout, maximized: null };
    }),
  setPrimary: (primary) =>
    set((s) => {
      saveLayout(s.layout, primary);
      return { primary };
    }),
  cursor: null,
  helpOpen: false,
  toggleMaximized: (id) => set((s) => ({ maximized: s.maximized === id ? null : id })),
  restoreLayout: () => set({ maximized: null }),
  setCursor: (cursor) => set({ cursor }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
}));
