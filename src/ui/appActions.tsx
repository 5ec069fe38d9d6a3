import { createContext, useContext } from 'react';

/**
 * What the UI can ask the app to do. The composition root (main.tsx) supplies implementations,
 * so React components never import the ingest pipeline or the renderer directly.
 */
/** A file the user dropped or picked, with its path inside the dropped folder (for messages). */
export interface PickedFile {
  file: File;
  path: string;
}

export interface AppActions {
  /** Open dropped or picked files (folders already expanded). */
  openFiles: (files: readonly PickedFile[]) => void;
  openDemo: () => void;
  /** Show the DICOMweb connect/search dialog (issue 12). */
  openPacs: () => void;
  /** Switch to another series of the opened files (key from the study store's series list). */
  openSeries: (key: string) => void;
  /** Stop an open in progress; nothing partial is kept. */
  cancelLoading: () => void;
  closeCase: () => void;
  /** Stop the automatic spine analysis of the open CT (issue 16). */
  cancelAnalysis: () => void;
  /** Run it again (after a cancel or a failure). */
  restartAnalysis: () => void;
  /** Reopen a recent case from the copy of its images kept in this browser (recentCasesStore id). */
  openRecent: (id: string) => void;
  /** Forget a recent case's kept images and its entry. */
  forgetRecent: (id: string) => void;
}

const noop = () => undefined;
export const AppActionsContext = createContext<AppActions>({
  openFiles: noop,
  openDemo: noop,
  openPacs: noop,
  openSeries: noop,
  cancelLoading: noop,
  closeCase: noop,
  cancelAnalysis: noop,
  restartAnalysis: noop,
  openRecent: noop,
  forgetRecent: noop,
});
export const useAppActions = (): AppActions => useContext(AppActionsContext);
