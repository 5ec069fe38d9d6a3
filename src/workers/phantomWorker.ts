/// <reference lib="webworker" />
/**
 * Builds the demo phantom and writes it as a DICOM series off the main thread; the page then opens those
 * files through the same ingest path as patient data. The ground truth travels with the files.
 */
import { type RpcScope, serveRpc } from '../core/workerRpc';
import {
  generatePhantomPart,
  type PhantomOptions,
  type PhantomTruth,
  phantomToDicomFiles,
  phantomTruth,
} from '../phantom/index';

/**
 * With `part`: build and write only that share of the slices (one worker per core, issue 20: each worker finds
 * its own slices, so none waits for another); without: the whole series.
 */
export interface PhantomWorkerRequest {
  options: PhantomOptions;
  part?: { index: number; count: number };
}

/**
 * The files as Blobs made here: the page passes them on (to the ingest worker, to IndexedDB) without copying
 * the series' bytes on its own thread.
 */
export interface PhantomWorkerAnswer {
  files: { path: string; blob: Blob }[];
  truth: PhantomTruth;
}

export interface PhantomProgress {
  done: number;
  total: number;
}

const scope = self as unknown as DedicatedWorkerGlobalScope;

/**
 * Progress at most every PROGRESS_INTERVAL_MS (and at the end): each message re-renders the page's loading
 * screen, and on a 2-core machine ~700 of them per worker took CPU from the generation itself.
 */
const PROGRESS_INTERVAL_MS = 100;
function throttledProgress(report: (p: PhantomProgress) => void): (done: number, total: number) => void {
  let last = Number.NEGATIVE_INFINITY;
  return (done, total) => {
    const now = performance.now();
    if (done < total && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    report({ done, total });
  };
}

serveRpc<PhantomWorkerRequest, PhantomWorkerAnswer, PhantomProgress>(
  scope as unknown as RpcScope,
  'demo phantom',
  (request, context) => {
    const { options, part } = request;
    const phantom = generatePhantomPart(
      options,
      part ?? { index: 0, count: 1 },
      throttledProgress(context.progress),
    );
    if (!phantom) return { files: [], truth: phantomTruth(options.seed, options.variant) };
    const files = phantomToDicomFiles(phantom, options).map((f) => ({
      path: f.path,
      blob: new Blob([f.bytes as BlobPart], { type: 'application/dicom' }),
    }));
    return { files, truth: phantom.truth };
  },
);
