/// <reference lib="webworker" />
/**
 * Builds the demo phantom and writes it as a DICOM series off the main thread; the page then opens those
 * files through the same ingest path as patient data. The ground truth travels with the files.
 */
import { errorMessage } from '../core/errors';
import {
  generatePhantom,
  type PhantomOptions,
  type PhantomTruth,
  phantomToDicomFiles,
} from '../phantom/index';

export type PhantomWorkerRequest = { type: 'identify' } | { type: 'generate'; options: PhantomOptions };

export type PhantomWorkerMessage =
  | { type: 'identity'; buildId: string }
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
  const { options } = event.data;
  try {
    const phantom = generatePhantom(options, (done, total) => post({ type: 'progress', done, total }));
    const files = phantomToDicomFiles(phantom, options);
    post(
      { type: 'done', files, truth: phantom.truth },
      files.map((f) => f.bytes.buffer as ArrayBuffer),
    );
  } catch (thrown) {
    post({ type: 'error', error: `demo phantom: ${errorMessage(thrown)}` });
  }
};
