/**
 * Async string key-value stores for plan autosave: IndexedDB in the browser (the issue asks for it: it is
 * not limited to ~5 MB like Web Storage and does not block the main thread), Web Storage as its fallback,
 * a Map in Node tests. The IndexedDB factory is injected (globalThis.indexedDB in the app), so this module
 * stays free of browser globals and also runs in workers.
 */
export interface AsyncKeyValue {
  keys(): Promise<string[]>;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  remove(key: string): Promise<void>;
}

/** In memory (tests); `map` is exposed so tests can look at what was written. */
export function memoryKeyValue(initial: Record<string, string> = {}): AsyncKeyValue & {
  map: Map<string, string>;
} {
  const map = new Map(Object.entries(initial));
  return {
    map,
    keys: async () => [...map.keys()],
    get: async (k) => map.get(k),
    set: async (k, v) => void map.set(k, v),
    remove: async (k) => void map.delete(k),
  };
}

/** Over a Web Storage (localStorage): the fallback where IndexedDB cannot be opened. */
export function storageKeyValue(storage: Storage): AsyncKeyValue {
  return {
    keys: async () => {
      const out: string[] = [];
      for (let i = 0; i < storage.length; i++) {
        const k = storage.key(i);
        if (k !== null) out.push(k);
      }
      return out;
    },
    get: async (k) => storage.getItem(k) ?? undefined,
    set: async (k, v) => storage.setItem(k, v),
    remove: async (k) => storage.removeItem(k),
  };
}

const requestResult = <T>(req: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });

/**
 * One object store of out-of-line string values in an IndexedDB database (created on first open). Every
 * call is its own transaction; a write resolves when its transaction has committed (durable).
 */
export function indexedDbKeyValue(
  factory: IDBFactory,
  dbName = 'spineplan',
  storeName = 'plans',
): AsyncKeyValue {
  let db: Promise<IDBDatabase> | undefined;
  const open = (): Promise<IDBDatabase> => {
    db ??= new Promise((resolve, reject) => {
      const req = factory.open(dbName, 1);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(storeName)) req.result.createObjectStore(storeName);
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
      req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    });
    return db;
  };
  const run = async <T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const tx = (await open()).transaction(storeName, mode);
    const result = requestResult(op(tx.objectStore(storeName)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    return result;
  };
  return {
    keys: async () => (await run('readonly', (s) => s.getAllKeys())).map(String),
    get: async (k) => {
      const v = await run('readonly', (s) => s.get(k));
      return typeof v === 'string' ? v : undefined;
    },
    set: async (k, v) => void (await run('readwrite', (s) => s.put(v, k))),
    remove: async (k) => void (await run('readwrite', (s) => s.delete(k))),
  };
}
