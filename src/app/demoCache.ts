/**
 * Keeps the generated demo series in IndexedDB so the demo opens from disk after the first visit instead of
 * being generated again (issue 4: "generated in a worker, or cached after the first run"). The key names the
 * generator build (the phantom worker's content-hashed URL), so a new phantom never reads an old cache.
 * One record per file: Chromium refuses single values over ~128 MB, and the series is ~160 MB. Files are
 * Blobs (made in the phantom workers): IndexedDB keeps and returns them without the page copying their bytes.
 * Failures are never fatal: without IndexedDB the demo is simply generated each time.
 */
import type { ParsedDicom } from '../dicom/types';

const DB_NAME = 'spineplan-demo-cache';
const STORE = 'series';

/**
 * The study as the phantom workers handed it over (phantom/handOver.ts): every file's parsed header (bytes
 * dropped) in series order and the volume's voxels (Int16, slice after slice) in parts, so a later visit
 * shows the demo without reading and parsing its files (issue 20: the second visit read 311 files first).
 */
export interface DemoOpened {
  headers: ParsedDicom[];
  voxels: Blob[];
}

/** The generated series and its ground truth (plain data: structured-cloneable into IndexedDB). */
export interface DemoSeries {
  files: { path: string; blob: Blob }[];
  truth: unknown;
  opened?: DemoOpened;
}

interface Manifest {
  fileCount: number;
  truth: unknown;
  opened?: DemoOpened;
}

/** The opened study kept with the files, when it is of the expected shape (else the files are opened). */
function openedOf(m: Manifest): DemoOpened | undefined {
  const o = m.opened;
  const fits =
    o !== undefined &&
    Array.isArray(o.headers) &&
    o.headers.length === m.fileCount &&
    Array.isArray(o.voxels) &&
    o.voxels.length > 0 &&
    o.voxels.every((v) => v instanceof Blob);
  return fits ? o : undefined;
}

const fileKey = (key: string, index: number) => `${key}#${String(index).padStart(6, '0')}`;

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'));
  });
}

async function transact<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => () => T): Promise<T> {
  const db = await openDb();
  return new Promise<T>((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const result = work(tx.objectStore(STORE));
    tx.oncomplete = () => {
      db.close();
      resolve(result());
    };
    const fail = () => {
      db.close();
      reject(tx.error ?? new Error('IndexedDB transaction failed'));
    };
    tx.onerror = fail;
    tx.onabort = fail;
  });
}

export async function readDemoCache(key: string): Promise<DemoSeries | undefined> {
  try {
    return await transact('readonly', (store) => {
      const manifest = store.get(key) as IDBRequest<Manifest | undefined>;
      const files = store.getAll(IDBKeyRange.bound(`${key}#`, `${key}#\uffff`)) as IDBRequest<
        DemoSeries['files']
      >;
      return () => {
        const m = manifest.result;
        if (!m?.truth || files.result.length !== m.fileCount || m.fileCount === 0) return undefined;
        // A record of another shape (an older build's bytes) is not this cache: generate again.
        if (!files.result.every((f) => typeof f?.path === 'string' && f.blob instanceof Blob))
          return undefined;
        const opened = openedOf(m);
        return { files: files.result, truth: m.truth, ...(opened ? { opened } : {}) };
      };
    });
  } catch {
    return undefined;
  }
}

/** Replaces whatever demo was cached before (only one generator build is kept). */
export async function writeDemoCache(key: string, series: DemoSeries): Promise<void> {
  try {
    await transact('readwrite', (store) => {
      store.clear();
      series.files.forEach((file, index) => {
        store.put(file, fileKey(key, index));
      });
      // The manifest goes last: a cache is complete only when it is there.
      const manifest: Manifest = { fileCount: series.files.length, truth: series.truth };
      if (series.opened) manifest.opened = series.opened;
      store.put(manifest, key);
      return () => undefined;
    });
  } catch {
    // Quota or private mode: the demo will be generated again next time, nothing else is affected.
  }
}
