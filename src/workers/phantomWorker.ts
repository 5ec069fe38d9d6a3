/// <reference lib="webworker" />
/**
 * Builds the demo phantom and writes it as a DICOM series off the main thread; the page then opens those
 * files through the same ingest path as patient data. The ground truth travels with the files.
 */
import { errorMessage } from '../core/errors';
import {
  generatePhantomPart,
  type PhantomOptions,
  type PhantomTruth,
  phantomToDicomFiles,
  phantomTruth,
} from '../phantom/index';

/**
 * 'generate' with `part` builds and writes only that share of the slices (one worker per core, issue 20:
 * each worker finds its own slices, so none waits for another), without: the whole series.
 */
export type PhantomWorkerRequest =
  | { type: 'identify' }
  | { type: 'generate'; options: PhantomOptions; part?: { index: number; count: number } };

export type PhantomWorkerMessage =
  | { type: 'identity'; buildId: string }
  | { type: 'progress'; done: number; total: number }
  /**
   * The files as Blobs made here: the page passes them on (to the ingest worker, to IndexedDB) without
   * copying the series' bytes on its own thread.
   */
  | { type: 'done'; files: { path: string; blob: Blob }[]; truth: PhantomTruth }
  | { type: 'error'; error: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: PhantomWorkerMessage) => scope.postMessage(message);

/**
 * Progress at most every PROGRESS_INTERVAL_MS (and at the end): each message re-renders the page's loading
 * screen, and on a 2-core machine ~700 of them per worker took CPU from the generation itself.
 */
const PROGRESS_INTERVAL_MS = 100;
function throttledProgress(): (done: number, total: number) => void {
  let last = Number.NEGATIVE_INFINITY;
  return (done, total) => {
    const now = performance.now();
    if (done < total && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    post({ type: 'progress', done, total });
  };
}

scope.onmessage = (event: MessageEvent<PhantomWorkerRequest>) => {
  if (event.data.type === 'identify') {
    // The built worker's file name carries a content hash: it names this generator build (cache key).
    post({ type: 'identity', buildId: scope.location.pathname });
    return;
  }
  const { options, part } = event.data;
  try {
    const phantom = generatePhantomPart(options, part ?? { index: 0, count: 1 }, throttledProgress());
    if (!phantom) {
      post({ type: 'done', files: [], truth: phantomTruth(options.seed, options.variant) });
      return;
    }
    const files = phantomToDicomFiles(phantom, options).map((f) => ({
      path: f.path,
      blob: new Blob([f.bytes as BlobPart], { type: 'application/dicom' }),
    }));
    post({ type: 'done', files, truth: phantom.truth });
  } catch (thrown) {
    post({ type: 'error', error: `demo phantom: ${errorMessage(thrown)}` });
  }
};
