import type { PhantomTruth } from '../phantom/index';
import type { PhantomWorkerMessage, PhantomWorkerRequest } from '../workers/phantomWorker';
import { type DemoSeries, readDemoCache, writeDemoCache } from './demoCache';
import type { SourceFile } from './readInputFiles';

export const DEMO_CASE_NAME = 'Demo: lumbar spine phantom';
const DEMO_OPTIONS = { size: 'default', seed: 1 } as const;

const toSourceFiles = (files: DemoSeries['files']): SourceFile[] =>
  files.map((f) => ({ path: f.path, blob: new Blob([f.bytes as BlobPart]) }));

/** Talks to one phantom worker: ask who it is (which build), then maybe ask it to generate. */
function phantomWorkerSession(createWorker: () => Worker, signal: AbortSignal) {
  const worker = createWorker();
  const listeners = new Set<(m: PhantomWorkerMessage) => void>();
  let failure: ((e: Error) => void) | null = null;
  worker.onmessage = (event: MessageEvent<PhantomWorkerMessage>) => {
    for (const l of listeners) l(event.data);
  };
  worker.onerror = (e) => failure?.(new Error(`demo phantom worker failed: ${e.message}`));
  const close = () => worker.terminate();
  signal.addEventListener('abort', close, { once: true });
  const ask = <T>(
    request: PhantomWorkerRequest,
    until: (m: PhantomWorkerMessage) => T | undefined,
  ): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      failure = reject;
      signal.addEventListener('abort', () => reject(new DOMException('cancelled', 'AbortError')), {
        once: true,
      });
      const listener = (m: PhantomWorkerMessage) => {
        if (m.type === 'error') reject(new Error(m.error));
        const value = until(m);
        if (value !== undefined) {
          listeners.delete(listener);
          resolve(value);
        }
      };
      listeners.add(listener);
      worker.postMessage(request);
    });
  return { ask, close };
}

/**
 * The demo series as DICOM files plus its ground truth: from the IndexedDB cache when this generator build
 * made it before, else generated in a worker and then cached. The dev server (unhashed worker) never caches.
 */
export async function demoSeries(
  createWorker: () => Worker,
  onProgress: (done: number, total: number) => void,
  signal: AbortSignal,
): Promise<{ files: SourceFile[]; truth: PhantomTruth }> {
  const session = phantomWorkerSession(createWorker, signal);
  try {
    const buildId = await session.ask({ type: 'identify' }, (m) =>
      m.type === 'identity' ? m.buildId : undefined,
    );
    const cacheKey = buildId.endsWith('.ts')
      ? undefined
      : `${buildId}:${DEMO_OPTIONS.size}:${DEMO_OPTIONS.seed}`;
    const cached = cacheKey ? await readDemoCache(cacheKey) : undefined;
    signal.throwIfAborted();
    if (cached) return { files: toSourceFiles(cached.files), truth: cached.truth as PhantomTruth };
    const generated = await generateInParallel(session, createWorker, onProgress, signal);
    if (cacheKey) await writeDemoCache(cacheKey, generated);
    return { files: toSourceFiles(generated.files), truth: generated.truth };
  } finally {
    session.close();
  }
}

/** Phantom workers at most: generation is compute-bound, and each worker also builds the model (~0.5 s). */
const MAX_PHANTOM_WORKERS = 4;

/**
 * The demo's slices split into one run per core (issue 20: the first visit on all cores), each generated
 * and written to DICOM by its own worker; the files come back in slice order. Slab generation is exact:
 * the same voxels and bytes as one pass (test/unit/phantom-slabs.test.ts).
 */
async function generateInParallel(
  first: ReturnType<typeof phantomWorkerSession>,
  createWorker: () => Worker,
  onProgress: (done: number, total: number) => void,
  signal: AbortSignal,
): Promise<{ files: DemoSeries['files']; truth: PhantomTruth }> {
  const cores = Math.max(1, Math.min(navigator.hardwareConcurrency ?? 1, MAX_PHANTOM_WORKERS));
  const sliceTotal = await first.ask({ type: 'slices', options: DEMO_OPTIONS }, (m) =>
    m.type === 'slices' ? m.count : undefined,
  );
  const runs = Math.min(cores, sliceTotal);
  const sessions = [
    first,
    ...Array.from({ length: runs - 1 }, () => phantomWorkerSession(createWorker, signal)),
  ];
  const progress = sessions.map(() => ({ done: 0, total: 1 }));
  try {
    const parts = await Promise.all(
      sessions.map((session, n) => {
        const from = Math.round((n * sliceTotal) / runs);
        const to = Math.round(((n + 1) * sliceTotal) / runs);
        return session.ask(
          { type: 'generate', options: DEMO_OPTIONS, slices: { first: from, count: to - from } },
          (m) => {
            if (m.type === 'progress') {
              progress[n] = { done: m.done, total: m.total };
              onProgress(
                progress.reduce((s, p) => s + p.done, 0),
                progress.reduce((s, p) => s + p.total, 0),
              );
            }
            return m.type === 'done' ? m : undefined;
          },
        );
      }),
    );
    return { files: parts.flatMap((p) => p.files), truth: parts[0]!.truth };
  } finally {
    for (const session of sessions.slice(1)) session.close();
  }
}
