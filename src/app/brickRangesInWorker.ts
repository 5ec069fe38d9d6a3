import { type RpcWorker, runRpc } from '../core/workerRpc';
import { type BrickRangesRequest, brickRangesRequest } from '../volume/brickRangesRequest';
import type { BrickRanges } from '../volume/bricks';
import type { Volume } from '../volume/volume';
import { isSharedVoxels } from '../volume/voxelStorage';

/**
 * The brick ranges of a volume whose voxels are in shared memory, made in a fresh worker that reads them in
 * place (issue 20: on the page they were 60% of the texture upload's main-thread time, 0.65 s of the demo's
 * 1.1 s). Null for plain voxels: posting them would copy the whole volume, so the upload makes the ranges
 * on the page as it goes. Aborting terminates the worker.
 */
export function brickRangesInWorker(createWorker: () => RpcWorker) {
  return (
    volume: Pick<Volume, 'data' | 'dims' | 'rescaleSlope' | 'rescaleIntercept'>,
    brickSize: number,
    signal: AbortSignal,
  ): Promise<BrickRanges> | null => {
    if (!isSharedVoxels(volume.data)) return null;
    const begun = performance.now();
    return runRpc<BrickRangesRequest, BrickRanges, never>(
      createWorker,
      brickRangesRequest(volume, brickSize),
      { signal },
    ).then((ranges) => {
      // Request to answer on the page's timeline (the bench reads measures).
      performance.measure('brick ranges (worker)', { start: begun });
      return ranges;
    });
  };
}
