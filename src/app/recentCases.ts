import { errorMessage } from '../core/errors';
import { selectActivePlan, usePlanStore } from '../state/planStore';
import { type RecentCase, useRecentCasesStore } from '../state/recentCasesStore';
import { useStudyStore } from '../state/studyStore';
import type { Volume } from '../volume/volume';
import { planCaseKey } from './planSync';
import type { SourceFile } from './readInputFiles';

/**
 * Recent cases (issue 19): each opened series' own files are kept in this browser's IndexedDB, so the start
 * screen reopens case and plan with one click after a reload or the next day, offline, without the files
 * being dropped again. The plan itself is the autosaved one (keyed by the same case key). IndexedDB rather
 * than Web Storage: it holds binary values and hundreds of MB, asynchronously (MDN, "Storage quotas and
 * eviction criteria"). One record per file, as in demoCache.ts (Chromium refuses single values over ~128 MB).
 * A record holds the file as a Blob (the dropped File itself where it is a file of its own): IndexedDB
 * keeps Blobs (structured clone, HTML "StructuredSerializeInternal"), so the browser copies the file from
 * disk into its store without the page reading it (issue 20: reading the series again held a second copy
 * of its bytes on the page, and each put cloned them once more).
 */
const DB_NAME = 'spineplan-recent-cases';
const CASES = 'cases';
const FILES = 'files';
/** Older cases are forgotten beyond this many, so the browser's storage does not fill without a word. */
const MAX_CASES = 8;

/** A stored file: a Blob; records written before Blobs were kept hold the bytes. */
type StoredFile = { path: string; blob: Blob } | { path: string; bytes: Uint8Array };

const fileKey = (id: string, index: number) => `${id}#${String(index).padStart(6, '0')}`;
const fileRange = (id: string) => IDBKeyRange.bound(`${id}#`, `${id}#\uffff`);

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore(CASES);
      request.result.createObjectStore(FILES);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'));
  });
}

/** One transaction on an open database; resolves with `work`'s result once it has committed. */
function runTransaction<T>(
  db: IDBDatabase,
  mode: IDBTransactionMode,
  work: (cases: IDBObjectStore, files: IDBObjectStore) => () => T,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction([CASES, FILES], mode);
    const result = work(tx.objectStore(CASES), tx.objectStore(FILES));
    tx.oncomplete = () => resolve(result());
    const fail = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onerror = fail;
    tx.onabort = fail;
  });
}

async function transact<T>(
  mode: IDBTransactionMode,
  work: (cases: IDBObjectStore, files: IDBObjectStore) => () => T,
): Promise<T> {
  const db = await openDb();
  try {
    return await runTransaction(db, mode, work);
  } finally {
    db.close();
  }
}

const listStored = () =>
  transact('readonly', (cases) => {
    const all = cases.getAll() as IDBRequest<RecentCase[]>;
    return () => all.result;
  });

/**
 * Bytes of files written to IndexedDB per transaction. A put clones a Blob by reference (the browser copies
 * its bytes when the transaction commits); kept in steps so one commit does not copy a whole series at once.
 */
const CHUNK_BYTES = 16 << 20;

/** Lets the page draw and take input between two chunks of writes. */
const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

type SeriesFiles = SourceFile[] | undefined;

export interface RecentCasesDeps {
  /** The open series' original files as Blobs (the files opened, not read), or undefined. */
  activeSeriesBlobs: () => SeriesFiles | Promise<SeriesFiles>;
  /**
   * Resolves once the open volume's first picture is drawn: the files are written after it
   * (issue 20: the writes cloned ~150 ms of file bytes on the page while the case opened). Default: at once.
   */
  afterFirstFrame?: (volume: Volume) => Promise<void>;
  openFiles: (caseName: string, files: (signal: AbortSignal) => Promise<SourceFile[]>) => void;
  openDemo: () => void;
}

/**
 * Starts keeping recent cases: reads the list, records every case the study store opens (its files once,
 * then only its times), follows the active plan's trajectory count and last edit. Returns the actions the
 * start screen uses.
 */
export function startRecentCases(deps: RecentCasesDeps) {
  const store = useRecentCasesStore.getState;
  const refresh = async () => {
    try {
      store().setCases(await listStored());
    } catch (thrown) {
      store().setCases([]);
      store().setProblem(`Recent cases cannot be kept in this browser (${errorMessage(thrown)}).`);
    }
  };
  void refresh();

  const record = async (volume: Volume) => {
    await (deps.afterFirstFrame?.(volume) ?? Promise.resolve());
    // Another case (or none) opened meanwhile: that one is recorded by its own call.
    if (useStudyStore.getState().volume !== volume) return;
    const { caseName } = useStudyStore.getState();
    const id = planCaseKey(volume);
    const known = store().cases.find((c) => c.id === id);
    // A file that can no longer be read (moved or deleted since the drop) leaves the case unrecorded.
    const files = volume.metadata.isDemo
      ? []
      : ((await Promise.resolve()
          .then(deps.activeSeriesBlobs)
          .catch(() => undefined)) ?? []);
    if (!volume.metadata.isDemo && files.length === 0) return;
    if (useStudyStore.getState().volume !== volume) return;
    const plan = selectActivePlan(usePlanStore.getState());
    const entry: RecentCase = {
      id,
      name: volume.metadata.isDemo ? caseName : caseName || volume.metadata.seriesDescription,
      patientName: volume.metadata.patientName,
      studyDate: volume.metadata.studyDate,
      seriesDescription: volume.metadata.seriesDescription,
      modality: volume.metadata.modality,
      sliceCount: volume.dims[2],
      sizeBytes: files.reduce((n, f) => n + f.blob.size, 0),
      isDemo: volume.metadata.isDemo,
      trajectoryCount: plan?.caseKey === id ? plan.trajectories.length : (known?.trajectoryCount ?? 0),
      openedAt: new Date().toISOString(),
      lastEditAt: known?.lastEditAt ?? null,
    };
    const sameFiles = known !== undefined && known.sizeBytes === entry.sizeBytes;
    const evicted = [...store().cases]
      .filter((c) => c.id !== id)
      .slice(MAX_CASES - 1)
      .map((c) => c.id);
    try {
      await transact('readwrite', (cases, stored) => {
        for (const old of evicted) {
          cases.delete(old);
          stored.delete(fileRange(old));
        }
        if (!sameFiles) {
          cases.delete(id);
          stored.delete(fileRange(id));
        }
        return () => undefined;
      });
      // The files in transactions of ~2 MB on one connection, the page free between them.
      if (!sameFiles && files.length > 0) {
        const db = await openDb();
        try {
          for (let first = 0; first < files.length; ) {
            await yieldToPage();
            let last = first;
            for (let bytes = 0; last < files.length && (last === first || bytes < CHUNK_BYTES); last++)
              bytes += files[last]!.blob.size;
            const start = first;
            await runTransaction(db, 'readwrite', (_cases, stored) => {
              for (let i = start; i < last; i++) {
                const f = files[i]!;
                stored.put({ path: f.path, blob: f.blob } satisfies StoredFile, fileKey(id, i));
              }
              return () => undefined;
            });
            first = last;
          }
        } finally {
          db.close();
        }
      }
      // The entry goes last: a case is listed only when its files are all there.
      await transact('readwrite', (cases) => {
        cases.put(entry, id);
        return () => undefined;
      });
      store().setProblem(null);
    } catch (thrown) {
      store().setProblem(
        `“${entry.name}” could not be kept in this browser (${errorMessage(thrown)}): reopen it from its files.`,
      );
    }
    await refresh();
    await writePlanInfo();
  };

  useStudyStore.subscribe((s, previous) => {
    if (s.status === 'ready' && s.volume && s.volume !== previous.volume) void record(s.volume);
  });

  // The active plan's trajectory count and last edit, written a moment after the edits stop (and after the
  // case's own entry is written, which can take longer than the first edit).
  let timer: ReturnType<typeof setTimeout> | undefined;
  let editedSinceWrite = false;
  const writePlanInfo = async () => {
    const plan = selectActivePlan(usePlanStore.getState());
    const entry = plan && store().cases.find((c) => c.id === plan.caseKey);
    if (!plan || !entry) return;
    const next: RecentCase = {
      ...entry,
      trajectoryCount: plan.trajectories.length,
      lastEditAt: editedSinceWrite ? new Date().toISOString() : entry.lastEditAt,
    };
    editedSinceWrite = false;
    if (next.trajectoryCount === entry.trajectoryCount && next.lastEditAt === entry.lastEditAt) return;
    try {
      await transact('readwrite', (cases) => {
        cases.put(next, next.id);
        return () => undefined;
      });
      await refresh();
    } catch {
      // The list keeps the older count; the plan itself is autosaved apart.
    }
  };
  usePlanStore.subscribe((s, previous) => {
    const plan = selectActivePlan(s);
    const before = selectActivePlan(previous);
    if (!plan || plan === before || s.activeCaseKey !== previous.activeCaseKey) return;
    if (before !== undefined) editedSinceWrite = true;
    clearTimeout(timer);
    timer = setTimeout(() => void writePlanInfo(), 400);
  });

  return {
    /** Reopens a kept case from the browser's copy of its files (the demo from its own cache). */
    open: (id: string) => {
      const entry = store().cases.find((c) => c.id === id);
      if (!entry) return;
      if (entry.isDemo) {
        deps.openDemo();
        return;
      }
      deps.openFiles(entry.name, async () => {
        const files = await transact('readonly', (_cases, stored) => {
          const all = stored.getAll(fileRange(id)) as IDBRequest<StoredFile[]>;
          return () => all.result;
        });
        if (files.length === 0)
          throw new Error(
            `The images of “${entry.name}” are no longer in this browser: open its files again.`,
          );
        return files.map((f) =>
          'blob' in f
            ? { path: f.path, blob: f.blob }
            : { path: f.path, blob: new Blob([f.bytes as Uint8Array<ArrayBuffer>]) },
        );
      });
    },
    /** Forgets a case's images and its entry (its autosaved plan stays, and comes back with the files). */
    forget: async (id: string) => {
      try {
        await transact('readwrite', (cases, stored) => {
          cases.delete(id);
          stored.delete(fileRange(id));
          return () => undefined;
        });
      } catch (thrown) {
        store().setProblem(`Could not forget the case (${errorMessage(thrown)}).`);
      }
      await refresh();
    },
  };
}
