/// <reference lib="webworker" />
/**
 * Automatic spine analysis off the main thread (issue 16): the volume arrives as a copy (the views keep
 * theirs), the analysis goes back with its label grids transferred, progress per stage on the way.
 */
import { type AnalysisProgress, analyzeSpine, type SpineAnalysis } from '../analysis/index';
import type { Volume } from '../volume/volume';
import { type RpcScope, serveRpc } from './rpc';

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
  volume: AnalysisVolume;
}

export type AnalysisWorkerProgress = AnalysisProgress;

/** The label grids of a result: moved to the page, not copied. */
export const analysisTransferables = (a: SpineAnalysis): Transferable[] => {
  const buffers = new Set<ArrayBuffer>([
    a.structures.labels.buffer as ArrayBuffer,
    a.body.labels.buffer as ArrayBuffer,
  ]);
  return [...buffers];
};

serveRpc<AnalysisRequest, SpineAnalysis, AnalysisWorkerProgress>(
  self as unknown as RpcScope,
  'spine analysis',
  (request, { progress }) => analyzeSpine(request.volume as Volume, { onProgress: progress }),
  analysisTransferables,
);
