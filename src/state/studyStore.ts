import { create } from 'zustand';
import type { PhantomTruth } from '../phantom/index';
import type { Volume } from '../volume/volume';

export type StudyStatus = 'empty' | 'loading' | 'ready' | 'error';

/** A file that could not be used, and why, in words for the user. */
export interface SkippedFile {
  path: string;
  reason: string;
}

export interface LoadProgress {
  phase: string;
  done: number;
  total: number;
}

/** A picture shown on the loading screen while the rest loads (a real slice, windowed as the views open). */
export interface LoadingPreview {
  image: { width: number; height: number; grey: Uint8Array };
  /** What it is, e.g. "Middle image of ABDOMEN (134 images)". */
  caption: string;
}

/** One series found in the opened files, as the series picker shows it. */
export interface SeriesListItem {
  key: string;
  description: string;
  modality: string;
  sliceCount: number;
  rows: number;
  columns: number;
  spacingMm: readonly [number, number, number];
  coverageMm: number;
  orientation: string;
  warnings: string[];
  /** 8-bit grey thumbnail of the middle image, row-major; absent while it is being made. */
  thumbnail?: { width: number; height: number; grey: Uint8Array };
  /** Why this series cannot become a volume, if it cannot. */
  unusable?: string;
}

export interface StudyState {
  status: StudyStatus;
  caseName: string;
  volume: Volume | null;
  progress: LoadProgress | null;
  /** The loading screen's picture (first image read, then the chosen series' middle image); null once ready. */
  preview: LoadingPreview | null;
  skipped: SkippedFile[];
  error: string | null;
  series: SeriesListItem[];
  activeSeriesKey: string | null;
  /** Non-image objects and localizers found beside the images (listed, not loaded). */
  nonImages: SkippedFile[];
  /** Ground truth of the demo phantom (landmarks, no-go structures); null for patient data. */
  demoTruth: PhantomTruth | null;
  setDemoTruth: (truth: PhantomTruth | null) => void;
  setSeries: (series: SeriesListItem[], nonImages: SkippedFile[]) => void;
  setActiveSeries: (key: string | null) => void;
  setThumbnail: (key: string, thumbnail: NonNullable<SeriesListItem['thumbnail']>) => void;
  /** A new case: everything of the previous one is dropped. */
  beginLoading: (caseName: string) => void;
  /** Another series of the same files: the series list, skipped files and demo truth stay. */
  beginSeriesSwitch: () => void;
  setProgress: (progress: LoadProgress) => void;
  setPreview: (preview: LoadingPreview) => void;
  setVolume: (volume: Volume, skipped?: SkippedFile[]) => void;
  setError: (error: string, skipped?: SkippedFile[]) => void;
  /** Closes the case: every reference the store holds to it goes (volume, series list and thumbnails). */
  close: () => void;
  /** How many times a case was closed in this page: the shell mounts afresh on each (ui/FreshAfterClose). */
  closedCount: number;
}

/** Everything a case holds, empty: the state before a case and after closing one. */
const NO_CASE = {
  status: 'empty',
  caseName: '',
  volume: null,
  progress: null,
  preview: null,
  skipped: [],
  error: null,
  series: [],
  activeSeriesKey: null,
  nonImages: [],
  demoTruth: null,
} as const satisfies Partial<StudyState>;

export const useStudyStore = create<StudyState>()((set) => ({
  ...NO_CASE,
  closedCount: 0,
  setDemoTruth: (demoTruth) => set({ demoTruth }),
  setSeries: (series, nonImages) => set({ series, nonImages }),
  setActiveSeries: (activeSeriesKey) => set({ activeSeriesKey }),
  setThumbnail: (key, thumbnail) =>
    set((s) => ({ series: s.series.map((item) => (item.key === key ? { ...item, thumbnail } : item)) })),
  // The previous case is dropped at once, so its volume can be freed before the next one is allocated.
  beginLoading: (caseName) => set({ ...NO_CASE, status: 'loading', caseName }),
  beginSeriesSwitch: () =>
    set({ status: 'loading', volume: null, progress: null, preview: null, error: null }),
  setProgress: (progress) => set({ progress }),
  setPreview: (preview) => set({ preview }),
  setVolume: (volume, skipped = []) =>
    set({ status: 'ready', volume, progress: null, preview: null, skipped, error: null }),
  setError: (error, skipped = []) => set({ status: 'error', error, progress: null, preview: null, skipped }),
  close: () => set((s) => ({ ...NO_CASE, closedCount: s.closedCount + 1 })),
}));
