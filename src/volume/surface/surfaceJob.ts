import type { Volume } from '../volume';
import type { SurfaceOptions, SurfaceStats } from './extract';
import type { SurfaceMesh } from './mesh';

/**
 * The messages of the surface worker (src/workers/surfaceWorker.ts), here so the page and the worker
 * share one contract without the page importing the worker module.
 */
export interface SurfaceRequest {
  volume: Pick<Volume, 'dims' | 'spacingMm' | 'ijkToLps' | 'data' | 'rescaleSlope' | 'rescaleIntercept'>;
  options: Omit<SurfaceOptions, 'onProgress'>;
}

export type SurfaceWorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; mesh: SurfaceMesh; stats: SurfaceStats }
  | { type: 'error'; error: string };
