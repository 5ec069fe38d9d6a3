import type { Volume } from './volume';

export interface ValueStatistics {
  min: number;
  max: number;
  mean: number;
}

/** Minimum, maximum and mean of the modality values (HU for CT) over every voxel. */
export function valueStatistics(
  volume: Pick<Volume, 'data' | 'rescaleSlope' | 'rescaleIntercept'>,
): ValueStatistics {
  const { data, rescaleSlope: slope, rescaleIntercept: intercept } = volume;
  if (data.length === 0) return { min: Number.NaN, max: Number.NaN, mean: Number.NaN };
  let lo = data[0]!;
  let hi = lo;
  let sum = 0;
  for (let p = 0; p < data.length; p++) {
    const v = data[p]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    sum += v;
  }
  const a = lo * slope + intercept;
  const b = hi * slope + intercept;
  return { min: Math.min(a, b), max: Math.max(a, b), mean: (sum / data.length) * slope + intercept };
}
