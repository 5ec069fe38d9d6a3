import { create } from 'zustand';

/**
 * A case opened before, kept in this browser (issue 19): what the start screen lists so a reload, or a return
 * the next day, reopens case and plan with one click, offline. The images themselves are kept by
 * src/app/recentCases.ts (IndexedDB); this store holds only what the list shows.
 */
export interface RecentCase {
  /** The plan case key: SeriesInstanceUID, or 'demo' for the built-in phantom. */
  id: string;
  /** The name the case was opened under (folder name, PACS study...). */
  name: string;
  patientName: string;
  /** DICOM StudyDate (YYYYMMDD) or ''. */
  studyDate: string;
  seriesDescription: string;
  modality: string;
  sliceCount: number;
  /** Bytes of the images kept in the browser (0 for the demo: it has its own cache). */
  sizeBytes: number;
  isDemo: boolean;
  /** Trajectories in the case's plan at its last edit. */
  trajectoryCount: number;
  openedAt: string;
  /** ISO time of the plan's last change seen, or null before any. */
  lastEditAt: string | null;
}

export interface RecentCasesState {
  cases: RecentCase[];
  /** False until the browser's list has been read (the start screen then shows nothing yet). */
  loaded: boolean;
  /** A save or read that failed (quota, private mode), said on the start screen. */
  problem: string | null;
  setCases: (cases: RecentCase[]) => void;
  setProblem: (problem: string | null) => void;
}

export const useRecentCasesStore = create<RecentCasesState>()((set) => ({
  cases: [],
  loaded: false,
  problem: null,
  setCases: (cases) =>
    set({ cases: [...cases].sort((a, b) => latest(b).localeCompare(latest(a))), loaded: true }),
  setProblem: (problem) => set({ problem }),
}));

const latest = (c: RecentCase) => (c.lastEditAt && c.lastEditAt > c.openedAt ? c.lastEditAt : c.openedAt);
