import { create } from 'zustand';
import type { DicomwebAuth } from '../dicom/dicomweb/client';
import type { PacsSeries, PacsStudy, StudyQuery } from '../dicom/dicomweb/models';

/**
 * The PACS connection, search and results. Credentials stay in this in-memory store only: they are never
 * persisted, so they last as long as the page (issue 12: "kept only in the session").
 */
export interface PacsConnection {
  /** DICOMweb service root; "/dicom-web" reaches the PACS through this app's origin (proxy or same host). */
  baseUrl: string;
  authKind: DicomwebAuth['kind'];
  token: string;
  username: string;
  password: string;
}

export type PacsBusy = 'idle' | 'searching' | 'listing-series' | 'storing';

/** A message for the user: `error` for failures, `info` for results such as "no studies match". */
export interface PacsNotice {
  kind: 'error' | 'info';
  text: string;
}

/** Where the open case came from, so the plan can be stored back into the same study. */
export interface PacsOrigin {
  baseUrl: string;
  study: PacsStudy;
  series: PacsSeries;
}

export interface PacsState {
  dialogOpen: boolean;
  connection: PacsConnection;
  query: StudyQuery;
  busy: PacsBusy;
  notice: PacsNotice | null;
  studies: PacsStudy[];
  selectedStudyUid: string | null;
  series: PacsSeries[];
  origin: PacsOrigin | null;
  /** Result of the last store-back, shown beside the button. */
  storeNotice: PacsNotice | null;
  setDialogOpen: (open: boolean) => void;
  setConnection: (patch: Partial<PacsConnection>) => void;
  setQuery: (patch: Partial<StudyQuery>) => void;
  setBusy: (busy: PacsBusy) => void;
  setNotice: (notice: PacsNotice | null) => void;
  setStudies: (studies: PacsStudy[]) => void;
  setSeries: (studyUid: string | null, series: PacsSeries[]) => void;
  setOrigin: (origin: PacsOrigin | null) => void;
  setStoreNotice: (notice: PacsNotice | null) => void;
}

export const DEFAULT_PACS_BASE_URL = '/dicom-web';

export function authOf(c: PacsConnection): DicomwebAuth {
  if (c.authKind === 'bearer') return { kind: 'bearer', token: c.token };
  if (c.authKind === 'basic') return { kind: 'basic', username: c.username, password: c.password };
  return { kind: 'none' };
}

export const usePacsStore = create<PacsState>()((set) => ({
  dialogOpen: false,
  connection: { baseUrl: DEFAULT_PACS_BASE_URL, authKind: 'none', token: '', username: '', password: '' },
  query: {},
  busy: 'idle',
  notice: null,
  studies: [],
  selectedStudyUid: null,
  series: [],
  origin: null,
  storeNotice: null,
  setDialogOpen: (dialogOpen) => set({ dialogOpen }),
  setConnection: (patch) => set((s) => ({ connection: { ...s.connection, ...patch } })),
  setQuery: (patch) => set((s) => ({ query: { ...s.query, ...patch } })),
  setBusy: (busy) => set({ busy }),
  setNotice: (notice) => set({ notice }),
  setStudies: (studies) => set({ studies, selectedStudyUid: null, series: [] }),
  setSeries: (selectedStudyUid, series) => set({ selectedStudyUid, series }),
  setOrigin: (origin) => set({ origin, storeNotice: null }),
  setStoreNotice: (storeNotice) => set({ storeNotice }),
}));

export type { PacsSeries, PacsStudy, StudyQuery } from '../dicom/dicomweb/models';
