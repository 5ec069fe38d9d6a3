import { create } from 'zustand';
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

export interface StudyState {
  status: StudyStatus;
  caseName: string;
  volume: Volume | null;
  progress: LoadProgress | null;
  skipped: SkippedFile[];
  error: string | null;
  beginLoading: (caseName: string) => void;
  setProgress: (progress: LoadProgress) => void;
  setVolume: (volume: Volume, skipped?: SkippedFile[]) => void;
  setError: (error: string, skipped?: SkippedFile[]) => void;
  close: () => void;
}

export const useStudyStore = create<StudyState>()((set) => ({
  status: 'empty',
  caseName: '',
  volume: null,
  progress: null,
  skipped: [],
  error: null,
  beginLoading: (caseName) => set({ status: 'loading', caseName, progress: null, error: null, skipped: [] }),
  setProgress: (progress) => set({ progress }),
  setVolume: (volume, skipped = []) => set({ status: 'ready', volume, progress: null, skipped, error: null }),
  setError: (error, skipped = []) => set({ status: 'error', error, progress: null, skipped }),
  close: () => set({ status: 'empty', caseName: '', volume: null, progress: null, skipped: [], error: null }),
}));
