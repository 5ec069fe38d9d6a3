import type { SurfaceOptions, SurfaceStats } from '../../volume/surface/extract';
import type { SurfaceMesh } from '../../volume/surface/mesh';
import type { SurfaceRequest, SurfaceWorkerMessage } from '../../volume/surface/surfaceJob';
import type { Volume } from '../../volume/volume';

export interface SurfaceJob {
  result: Promise<{ mesh: SurfaceMesh; stats: SurfaceStats }>;
  /** Stops the worker; the promise then never settles. */
  cancel: () => void;
}

/**
 * Runs one extraction in a fresh worker (one job at a time; a new request cancels the old one by
 * terminating its worker, which is the only way to stop a running loop in a worker).
 * The volume's voxels are copied by postMessage (~70 MB for 512x512x134, tens of ms), not transferred:
 * the 2D and 3D views keep using them.
 */
export function runSurfaceJob(
  volume: Volume,
  options: Omit<SurfaceOptions, 'onProgress'>,
  onProgress: (fraction: number) => void,
): SurfaceJob {
  const worker = new Worker(new URL('../../workers/surfaceWorker.ts', import.meta.url), { type: 'module' });
  const result = new Promise<{ mesh: SurfaceMesh; stats: SurfaceStats }>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<SurfaceWorkerMessage>) => {
      const message = event.data;
      if (message.type === 'progress') onProgress(message.done / message.total);
      else {
        worker.terminate();
        if (message.type === 'done') resolve({ mesh: message.mesh, stats: message.stats });
        else reject(new Error(message.error));
      }
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`bone surface worker failed: ${event.message}`));
    };
  });
  const request: SurfaceRequest = {
    volume: {
      dims: volume.dims,
      spacingMm: volume.spacingMm,
      ijkToLps: volume.ijkToLps,
      data: volume.data,
      rescaleSlope: volume.rescaleSlope,
      rescaleIntercept: volume.rescaleIntercept,
    },
    options,
  };
  worker.postMessage(request);
  return { result, cancel: () => worker.terminate() };
}
