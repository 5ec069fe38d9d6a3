import { type BrickRanges, computeBrickRanges } from './bricks';
import type { Volume } from './volume';

/** A request to the brick-ranges worker: the volume's voxels in shared memory (read in place, not copied). */
export interface BrickRangesRequest {
  data: Int16Array;
  dims: [number, number, number];
  rescaleSlope: number;
  rescaleIntercept: number;
  brickSize: number;
}

export function brickRangesRequest(
  volume: Pick<Volume, 'data' | 'dims' | 'rescaleSlope' | 'rescaleIntercept'>,
  brickSize: number,
): BrickRangesRequest {
  const { data, dims, rescaleSlope, rescaleIntercept } = volume;
  return { data, dims: [...dims], rescaleSlope, rescaleIntercept, brickSize };
}

export const makeBrickRanges = (request: BrickRangesRequest): BrickRanges =>
  computeBrickRanges(request, request.brickSize);
