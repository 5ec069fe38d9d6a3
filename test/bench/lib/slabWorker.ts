/**
 * A Node worker_threads twin of the app's surface worker for one slab (src/workers/surfaceWorker.ts,
 * kind 'slab'): the bench's parallel surface row runs our marching cubes in one thread per core, as the
 * app does with Web Workers.
 */
import { parentPort } from 'node:worker_threads';
import { marchingCubes } from '../../../src/volume/surface/marchingCubes';
import type { SurfaceRequest } from '../../../src/volume/surface/surfaceJob';
import { slabTransferables } from '../../../src/volume/surface/surfaceJob';

parentPort?.on('message', (request: Extract<SurfaceRequest, { kind: 'slab' }>) => {
  const mesh = marchingCubes(request.volume, {
    isoValue: request.isoValue,
    step: request.step,
    ends: request.ends,
  });
  parentPort?.postMessage(mesh, slabTransferables(mesh));
});
