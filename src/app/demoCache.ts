/**
 * Keeps the generated demo series in IndexedDB so the demo opens from disk after the first visit instead of
 * being generated again (issue 4: "generated in a worker, or cached after the first run"). The key names the
 * generator build (the phantom worker's content-hashed URL), so a new phantom never reads an old cache.
 * Failures are never fatal: without IndexedDB the demo is simply generated each time.
 */
const DB_NAME = 'spineplan-demo-cache';
const STORE = 'series';

/** The generated series and its ground truth (plain data: structured-cloneable into IndexedDB). */
export interface DemoSeries {
  files: { path: string; bytes: Uint8Array }[];
  truth: unknown;
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'));
  });
}

function run<T>(
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => IDBRequest<T> | undefined,
): Promise<T | undefined> {
  return openDb().then(
    (db) =>
      new Promise<T | undefined>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const request = work(tx.objectStore(STORE));
        tx.oncomplete = () => {
          db.close();
          resolve(request?.result);
        };
        tx.onerror = () => {
          db.close();
          reject(tx.error ?? new Error('IndexedDB transaction failed'));
        };
      }),
  );
}

export async function readDemoCache(key: string): Promise<DemoSeries | undefined> {
  try {
    const value = await run<DemoSeries>('readonly', (store) => store.get(key) as IDBRequest<DemoSeries>);
    return value && Array.isArray(value.files) && value.files.length > 0 && value.truth ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Replaces whatever demo was cached before (only one generator build is kept). */
export async function writeDemoCache(key: string, series: DemoSeries): Promise<void> {
  try {
    await run('readwrite', (store) => {
      store.clear();
      return store.put(series, key);
    });
  } catch {
    // Quota or private mode: the demo will be generated again next time, nothing else is affected.
  }
}
