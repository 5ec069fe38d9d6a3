import { create } from 'zustand';
import { type DicomwebAuth, effectiveAuth, normaliseBaseUrl } from '../dicom/dicomweb/client';
import type { PacsSeries, PacsStudy, StudyQuery } from '../dicom/dicomweb/models';
import { redactCredentials, splitCredentials } from '../dicom/dicomweb/urls';

/**
 * The PACS connection, search and results. This store holds no secret (issue 24 class 7: it is reachable
 * from the test hook): passwords and tokens live in `usePacsSecrets` below, in memory only, never persisted,
 * so they last as long as the page (issue 12: "kept only in the session").
 */
export interface PacsConnection {
  /** DICOMweb service root as typed; "/dicom-web" reaches the PACS through this app's origin (proxy or same host). */
  baseUrl: string;
  authKind: DicomwebAuth['kind'];
  username: string;
}

/** The secrets of the sign-in, apart from every store the page exposes. */
export interface PacsSecrets {
  password: string;
  token: string;
  /** The sign-in of the server the open case came from (what "Store plan" uses). */
  originAuth: DicomwebAuth;
  setSecret: (patch: Partial<Pick<PacsSecrets, 'password' | 'token'>>) => void;
  setOriginAuth: (auth: DicomwebAuth) => void;
}

export const usePacsSecrets = create<PacsSecrets>()((set) => ({
  password: '',
  token: '',
  originAuth: { kind: 'none' },
  setSecret: (patch) => set(patch),
  setOriginAuth: (originAuth) => set({ originAuth }),
}));

/** A plan, Segmentation or report found in the open case's study (QIDO-RS by modality). */
export interface PacsStudyObject {
  kind: 'plan-sr' | 'seg' | 'pdf';
  seriesInstanceUid: string;
  sopInstanceUid: string;
  seriesDescription: string;
  /** YYYYMMDD HHMMSS when the server lists them (SeriesDate/Time), else ''. */
  when: string;
}

export type PacsBusy = 'idle' | 'searching' | 'listing-series' | 'storing' | 'opening' | 'finding';

/** A message for the user: `error` for failures, `info` for results such as "no studies match". */
export interface PacsNotice {
  kind: 'error' | 'info';
  text: string;
}

/** Where the open case came from, so the plan can be stored back into the same study on the same server. */
export interface PacsOrigin {
  /** The service root without user information (shown beside "Store plan"). */
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
  /** Plans, Segmentations and reports found in the origin study; null until looked for. */
  studyObjects: PacsStudyObject[] | null;
  setDialogOpen: (open: boolean) => void;
  setConnection: (patch: Partial<PacsConnection>) => void;
  setQuery: (patch: Partial<StudyQuery>) => void;
  setBusy: (busy: PacsBusy) => void;
  setNotice: (notice: PacsNotice | null) => void;
  setStudies: (studies: PacsStudy[]) => void;
  setSeries: (studyUid: string | null, series: PacsSeries[]) => void;
  setOrigin: (origin: PacsOrigin | null) => void;
  setStoreNotice: (notice: PacsNotice | null) => void;
  setStudyObjects: (objects: PacsStudyObject[] | null) => void;
}

export const DEFAULT_PACS_BASE_URL = '/dicom-web';

/** The sign-in chosen in the dialog, with its secrets; a user:password written into the address counts too. */
export function authOf(c: PacsConnection, secrets: Pick<PacsSecrets, 'password' | 'token'>): DicomwebAuth {
  if (c.authKind === 'bearer') return { kind: 'bearer', token: secrets.token };
  if (c.authKind === 'basic') return { kind: 'basic', username: c.username, password: secrets.password };
  return effectiveAuth({ baseUrl: c.baseUrl });
}

/** The address as it may be shown: no user information, no trailing slash. */
export const shownBaseUrl = (baseUrl: string) => normaliseBaseUrl(baseUrl);

/** Messages never show a password a URL carried (the server's or the browser's words may quote it). */
const redacted = (notice: PacsNotice | null): PacsNotice | null =>
  notice && { kind: notice.kind, text: redactCredentials(notice.text) };

export const usePacsStore = create<PacsState>()((set) => ({
  dialogOpen: false,
  connection: { baseUrl: DEFAULT_PACS_BASE_URL, authKind: 'none', username: '' },
  query: {},
  busy: 'idle',
  notice: null,
  studies: [],
  selectedStudyUid: null,
  series: [],
  origin: null,
  storeNotice: null,
  studyObjects: null,
  setDialogOpen: (dialogOpen) => set({ dialogOpen }),
  setConnection: (patch) =>
    set((s) => {
      // A user name and password typed into the address move to the sign-in fields: the address kept here
      // (and shown) never carries them.
      const split = patch.baseUrl === undefined ? undefined : splitCredentials(patch.baseUrl);
      if (!split?.credentials) return { connection: { ...s.connection, ...patch } };
      usePacsSecrets.getState().setSecret({ password: split.credentials.password });
      return {
        connection: {
          ...s.connection,
          ...patch,
          baseUrl: split.url,
          authKind: 'basic',
          username: split.credentials.username,
        },
      };
    }),
  setQuery: (patch) => set((s) => ({ query: { ...s.query, ...patch } })),
  setBusy: (busy) => set({ busy }),
  setNotice: (notice) => set({ notice: redacted(notice) }),
  setStudies: (studies) => set({ studies, selectedStudyUid: null, series: [] }),
  setSeries: (selectedStudyUid, series) => set({ selectedStudyUid, series }),
  setOrigin: (origin) =>
    set({
      origin: origin && { ...origin, baseUrl: shownBaseUrl(origin.baseUrl) },
      storeNotice: null,
      studyObjects: null,
    }),
  setStoreNotice: (storeNotice) => set({ storeNotice: redacted(storeNotice) }),
  setStudyObjects: (studyObjects) => set({ studyObjects }),
}));

export type { PacsSeries, PacsStudy, StudyQuery } from '../dicom/dicomweb/models';
