/// <reference lib="webworker" />
/**
 * Extracts a bone surface off the main thread: marching cubes, speck filter and simplification take
 * seconds on a full CT. Either the whole volume here, or one slab of it (the page runs one worker per core
 * and sends the slabs' meshes to one of them to finish). Volumes arrive as copies; meshes go back
 * transferred, not copied.
 */
import { errorMessage } from '../core/errors';
import { extractSurface, finishSurface } from '../volume/surface/extract';
import { marchingCubes } from '../volume/surface/marchingCubes';
import { meshTransferables } from '../volume/surface/mesh';
import { weldSlabs } from '../volume/surface/slabs';
import {
  type SurfaceRequest,
  type SurfaceWorkerMessage,
  slabTransferables,
} from '../volume/surface/surfaceJob';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: SurfaceWorkerMessage, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

scope.onmessage = (event: MessageEvent<SurfaceRequest>) => {
  try {
    let lastReported = -1;
    const onProgress = (done: number, total: number) => {
      const percent = Math.floor((100 * done) / total);
      if (percent === lastReported) return;
      lastReported = percent;
      post({ type: 'progress', done, total });
    };
    const request = event.data;
    if (request.kind === 'slab') {
      const mesh = marchingCubes(request.volume, {
        isoValue: request.isoValue,
        step: request.step,
        ends: request.ends,
        onProgress,
      });
      post({ type: 'slab', mesh }, slabTransferables(mesh));
      return;
    }
    const { mesh, stats } =
      request.kind === 'finish'
        ? finishSurface(weldSlabs(request.slabs), request.isoValue, request.step, request.options)
        : extractSurface(request.volume, { ...request.options, onProgress });
    post({ type: 'done', mesh, stats }, meshTransferables(mesh));
  } catch (thrown) {
    post({ type: 'error', error: `bone surface: ${errorMessage(thrown)}` });
  }
};
