/// <reference lib="webworker" />
/**
 * Extracts a bone surface off the main thread: marching cubes, speck filter and simplification take
 * seconds on a full CT. Either the whole volume here, or one slab of it (the page runs one worker per core
 * and sends the slabs' meshes to a last one to finish). Volumes arrive as copies; meshes go back
 * transferred, not copied.
 */
import { type RpcScope, serveRpc } from '../core/workerRpc';
import { extractSurface, finishSurface } from '../volume/surface/extract';
import { marchingCubes } from '../volume/surface/marchingCubes';
import { meshTransferables } from '../volume/surface/mesh';
import { weldSlabs } from '../volume/surface/slabs';
import {
  type SurfaceAnswer,
  type SurfaceProgress,
  type SurfaceRequest,
  slabTransferables,
} from '../volume/surface/surfaceJob';

serveRpc<SurfaceRequest, SurfaceAnswer, SurfaceProgress>(
  self as unknown as RpcScope,
  'bone surface',
  (request, context) => {
    let lastReported = -1;
    const onProgress = (done: number, total: number) => {
      const percent = Math.floor((100 * done) / total);
      if (percent === lastReported) return;
      lastReported = percent;
      context.progress({ done, total });
    };
    if (request.kind === 'slab') {
      const mesh = marchingCubes(request.volume, {
        isoValue: request.isoValue,
        step: request.step,
        ends: request.ends,
        onProgress,
      });
      return { kind: 'slab', mesh };
    }
    const { mesh, stats } =
      request.kind === 'finish'
        ? finishSurface(weldSlabs(request.slabs), request.isoValue, request.step, request.options)
        : extractSurface(request.volume, { ...request.options, onProgress });
    return { kind: 'surface', mesh, stats };
  },
  (answer) => (answer.kind === 'slab' ? slabTransferables(answer.mesh) : meshTransferables(answer.mesh)),
);
