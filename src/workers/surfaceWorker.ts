/// <reference lib="webworker" />
/**
 * Extracts a bone surface off the main thread: marching cubes, speck filter and simplification take
 * seconds on a full CT. The volume arrives as a copy (the page keeps its own); the mesh buffers go back
 * transferred, not copied.
 */
import { errorMessage } from '../core/errors';
import { extractSurface } from '../volume/surface/extract';
import { meshTransferables } from '../volume/surface/mesh';
import type { SurfaceRequest, SurfaceWorkerMessage } from '../volume/surface/surfaceJob';

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (event: MessageEvent<SurfaceRequest>) => {
  try {
    let lastReported = -1;
    const { mesh, stats } = extractSurface(event.data.volume, {
      ...event.data.options,
      onProgress: (done, total) => {
        const percent = Math.floor((100 * done) / total);
        if (percent === lastReported) return;
        lastReported = percent;
        scope.postMessage({ type: 'progress', done, total } satisfies SurfaceWorkerMessage);
      },
    });
    scope.postMessage({ type: 'done', mesh, stats } satisfies SurfaceWorkerMessage, meshTransferables(mesh));
  } catch (thrown) {
    scope.postMessage({
      type: 'error',
      error: `bone surface: ${errorMessage(thrown)}`,
    } satisfies SurfaceWorkerMessage);
  }
};
