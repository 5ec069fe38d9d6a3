/// <reference lib="webworker" />
/**
 * Builds the demo phantom and writes it as a DICOM series off the main thread; the page then opens those
 * files through the same ingest path as patient data. The ground truth travels with the files.
 */
import { errorMessage } from '../core/errors';
import {
  generatePhantom,
  type PhantomOptions,
  type PhantomSlices,
  type PhantomTruth,
  phantomSliceCount,
  phantomToDicomFiles,
} from '../phantom/index';

/**
 * 'slices' asks how many slices the phantom has, so the page can split the work; 'generate' with
 * `slices` builds and writes only those (one worker per core, issue 20), without: the whole series.
 */
export type PhantomWorkerRequest =
  | { type: 'identify' }
  | { type: 'slices'; options: PhantomOptions }
  | { type: 'generate'; options: PhantomOptions; slices?: PhantomSlices };

export type PhantomWorkerMessage =
  | { type: 'identity'; buildId: string }
  | { type: 'slices'; count: number }
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; files: { path: string; bytes: Uint8Array }[]; truth: PhantomTruth }
  | { type: 'error'; error: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: PhantomWorkerMessage, transfer: Transferable[] = []) =>
  scope.postMessage(message, transfer);

scope.onmessage = (event: MessageEvent<PhantomWorkerRequest>) => {
  if (event.data.type === 'identify') {
    // The built worker's file name carries a content hash: it names this generator build (cache key).
    post({ type: 'identity', buildId: scope.location.pathname });
    return;
  }
  const request = event.data;
  try {
    if (request.type === 'slices') {
      post({ type: 'slices', count: phantomSliceCount(request.options) });
      return;
    }
    const { options, slices } = request;
    const phantom = generatePhantom(
      options,
      (done, total) => post({ type: 'progress', done, total }),
      slices,
    );
    const files = phantomToDicomFiles(phantom, { ...options, firstSlice: slices?.first ?? 0 });
    post(
      { type: 'done', files, truth: phantom.truth },
      files.map((f) => f.bytes.buffer as ArrayBuffer),
    );
  } catch (thrown) {
    post({ type: 'error', error: `demo phantom: ${errorMessage(thrown)}` });
  }
};
