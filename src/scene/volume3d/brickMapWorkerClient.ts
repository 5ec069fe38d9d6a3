import { runRpc } from '../../core/workerRpc';
import type { BrickMap, BrickMapRequest } from '../../volume/brickMap';

const newWorker = () =>
  new Worker(new URL('../../workers/brickMapWorker.ts', import.meta.url), { type: 'module' });

/**
 * One brick map made in a fresh worker (workers/brickMapWorker.ts): the ranges are copied to it, the map
 * comes back transferred. Aborting terminates the worker (a newer transfer function supersedes the map).
 */
export async function makeBrickMapInWorker(request: BrickMapRequest, signal: AbortSignal): Promise<BrickMap> {
  const started = performance.now();
  const map = await runRpc<BrickMapRequest, BrickMap, never>(newWorker, request, { signal });
  // Request to answer on the page's timeline (the bench reads measures, issue 20).
  performance.measure('3D view brick map (worker)', { start: started });
  return map;
}
