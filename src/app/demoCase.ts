import type { PhantomWorkerMessage } from '../workers/phantomWorker';
import type { SourceFile } from './readInputFiles';

export const DEMO_CASE_NAME = 'Demo: lumbar spine phantom';

/**
 * Generates the demo series in a worker and hands back its DICOM files. Progress is reported as slices made.
 * Nothing is cached yet: generation takes a few seconds (see the phantom's own figures).
 */
export function generateDemoFiles(
  createWorker: () => Worker,
  onProgress: (done: number, total: number) => void,
  signal: AbortSignal,
): Promise<SourceFile[]> {
  return new Promise((resolve, reject) => {
    const worker = createWorker();
    const stop = () => {
      worker.terminate();
      reject(new DOMException('cancelled', 'AbortError'));
    };
    signal.addEventListener('abort', stop, { once: true });
    worker.onmessage = (event: MessageEvent<PhantomWorkerMessage>) => {
      const m = event.data;
      if (m.type === 'progress') onProgress(m.done, m.total);
      else {
        signal.removeEventListener('abort', stop);
        worker.terminate();
        if (m.type === 'done')
          resolve(m.files.map((f) => ({ path: f.path, blob: new Blob([f.bytes as BlobPart]) })));
        else reject(new Error(m.error));
      }
    };
    worker.onerror = (e) => {
      signal.removeEventListener('abort', stop);
      worker.terminate();
      reject(new Error(`demo phantom worker failed: ${e.message}`));
    };
    worker.postMessage({ size: 'default', seed: 1 });
  });
}
