/// <reference lib="webworker" />
/**
 * Automatic spine analysis off the main thread (issue 16): the volume's geometry arrives with the request
 * and its voxels in pieces through `voxels` (workers/voxelPort.ts: no copy of the whole volume on the page
 * in one task; shared, not copied, when they are in a SharedArrayBuffer); the analysis goes back with its
 * label grids transferred, progress per stage on the way. The worker lets its copy of the voxels go once
 * the stages that read the CT are done, and runRpc terminates it when the result is posted.
 */
import { type AnalysisProgress, analyzeSpineReleasing, type SpineAnalysis } from '../analysis/index';
import { labelBuffers } from '../analysis/labels';
import { type RpcScope, serveRpc } from '../core/workerRpc';
import type { Volume } from '../volume/volume';
import { receiveVoxels } from './voxelPort';

/** The voxels and geometry the analysis reads (Volume without its metadata strings). */
export type AnalysisVolume = Pick<
  Volume,
  | 'id'
  | 'dims'
  | 'spacingMm'
  | 'ijkToLps'
  | 'data'
  | 'rescaleSlope'
  | 'rescaleIntercept'
  | 'metadata'
  | 'warnings'
>;

export interface AnalysisRequest {
  /** The volume without its voxels (`data` empty): they come through `voxels`. */
  volume: AnalysisVolume;
  /** The receiving end of workers/voxelPort.ts sendVoxels. */
  voxels: MessagePort;
}

export type AnalysisWorkerProgress = AnalysisProgress;

/** The label data of a result (structures' block, body runs): moved to the page, not copied. */
export const analysisTransferables = (a: SpineAnalysis): Transferable[] => {
  const buffers = new Set<ArrayBuffer>(labelBuffers(a.structures, a.body));
  return [...buffers];
};

serveRpc<AnalysisRequest, SpineAnalysis, AnalysisWorkerProgress>(
  self as unknown as RpcScope,
  'spine analysis',
  async (request, { progress }) => {
    const [nx, ny, nz] = request.volume.dims;
    // The worker's copy of the voxels is referenced from `held` alone, so the analysis can let it go once
    // its CT stages are done (the body outline and no-go structures run on its 2 mm grid).
    const held: { volume: Volume | null } = {
      volume: { ...request.volume, data: await receiveVoxels(request.voxels, nx * ny * nz) } as Volume,
    };
    return analyzeSpineReleasing(held, { onProgress: progress });
  },
  analysisTransferables,
);
