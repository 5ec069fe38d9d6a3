import { Worker } from 'node:worker_threads';
import { finishSurface, type SurfaceResult } from '../../../src/volume/surface/extract';
import type { SlabMesh } from '../../../src/volume/surface/marchingCubes';
import { planSlabs, slabVolume, weldSlabs } from '../../../src/volume/surface/slabs';
import type { Volume } from '../../../src/volume/volume';

/** Worker threads that march slabs (slabWorker.ts, run through tsx like the bench itself). */
export interface SlabPool {
  run: (volume: Volume, isoValue: number) => Promise<SurfaceResult>;
  close: () => Promise<void>;
}

/**
 * The app's parallel bone surface (scene/surface/surfaceWorkerClient.ts) in Node: the slices cut into one
 * slab per thread, each copied and transferred, marched in parallel, welded and finished on this thread
 * (the app finishes in its first worker). Threads are started once, outside the timing.
 */
export function createSlabPool(threads: number): SlabPool {
  const workers = Array.from(
    { length: threads },
    // A worker thread does not inherit tsx's loader: register it, then import the TypeScript worker.
    () =>
      new Worker(
        `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(
          new URL('./slabWorker.ts', import.meta.url).href,
        )}); });`,
        { eval: true },
      ),
  );
  const march = (worker: Worker, request: unknown, transfer: ArrayBuffer[]) =>
    new Promise<SlabMesh>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage(request, transfer);
    });
  return {
    async run(volume, isoValue) {
      const step: [number, number, number] = [1, 1, 1];
      const slabs = planSlabs(volume.dims[2], 1, threads);
      const meshes = await Promise.all(
        slabs.map((slab, n) => {
          const part = slabVolume(volume, slab);
          return march(workers[n]!, { kind: 'slab', volume: part, ends: slab.ends, isoValue, step }, [
            part.data.buffer as ArrayBuffer,
          ]);
        }),
      );
      return finishSurface(weldSlabs(meshes), isoValue, step);
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
