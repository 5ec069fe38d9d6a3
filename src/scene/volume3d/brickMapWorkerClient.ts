import { type RpcWorker, runRpc } from '../../core/workerRpc';
import type { BrickMap, BrickMapRequest } from '../../volume/brickMap';

const newWorker = (): RpcWorker =>
  new Worker(new URL('../../workers/brickMapWorker.ts', import.meta.url), { type: 'module' });

/** A worker started ahead (its script loaded while the volume texture uploads), used by the next request. */
let started: RpcWorker | null = null;

/**
 * Starts the next request's worker now, so loading its script is not on the first 3D frame's path (issue 20:
 * the first map's request took 0.14-0.63 s from request to answer at load 6-13, much of it the worker
 * starting). Idempotent.
 */
export function startBrickMapWorker(): void {
  started ??= newWorker();
}

/**
 * One brick map made in a fresh worker (workers/brickMapWorker.ts), or the one started ahead: the ranges are
 * copied to it, the map comes back transferred. Aborting terminates the worker (a newer transfer function
 * supersedes the map).
 */
export async function makeBrickMapInWorker(request: BrickMapRequest, signal: AbortSignal): Promise<BrickMap> {
  const begun = performance.now();
  const take = (): RpcWorker => {
    const worker = started ?? newWorker();
    started = null;
    return worker;
  };
  const map = await runRpc<BrickMapRequest, BrickMap, never>(take, request, { signal });
  // Request to answer on the page's timeline (the bench reads measures, issue 20).
  performance.measure('3D view brick map (worker)', { start: begun });
  return map;
}
