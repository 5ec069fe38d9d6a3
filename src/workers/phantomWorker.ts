/// <reference lib="webworker" />
/**
 * Builds the demo phantom and writes it as a DICOM series off the main thread; the page then opens those
 * files through the same ingest path as patient data.
 */
import { errorMessage } from '../core/errors';
import { generatePhantom, type PhantomOptions, phantomToDicomFiles } from '../phantom/index';

export type PhantomWorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; files: { path: string; bytes: Uint8Array }[] }
  | { type: 'error'; error: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (event: MessageEvent<PhantomOptions>) => {
  try {
    const phantom = generatePhantom(event.data, (done, total) =>
      scope.postMessage({ type: 'progress', done, total } satisfies PhantomWorkerMessage),
    );
    const files = phantomToDicomFiles(phantom, event.data);
    scope.postMessage(
      { type: 'done', files } satisfies PhantomWorkerMessage,
      files.map((f) => f.bytes.buffer as ArrayBuffer),
    );
  } catch (thrown) {
    scope.postMessage({
      type: 'error',
      error: `demo phantom: ${errorMessage(thrown)}`,
    } satisfies PhantomWorkerMessage);
  }
};
