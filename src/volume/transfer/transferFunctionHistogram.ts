/**
 * The HU histogram drawn under the transfer-function editor. Pure (no three.js): runs in Node tests.
 * volume/statistics.ts has min/max/mean only; this bins modality values (HU for CT).
 */
import type { Volume } from '../volume';

export interface HuHistogram {
  /** Lower edge of bin 0 (HU). */
  minHu: number;
  binWidthHu: number;
  /** Voxels per bin; values outside [minHu, minHu + bins * width) go to the first / last bin. */
  counts: Uint32Array;
}

/**
 * Counts voxels per `binWidthHu` bin over [minHu, maxHu). Every `stride`-th voxel is counted (1 = all):
 * the panel needs the shape, and a 512x512x300 CT has 79 M voxels.
 */
export function huHistogram(
  volume: Pick<Volume, 'data' | 'rescaleSlope' | 'rescaleIntercept'>,
  minHu = -1024,
  maxHu = 3072,
  binWidthHu = 16,
  stride = 1,
): HuHistogram {
  if (!(maxHu > minHu) || !(binWidthHu > 0)) throw new RangeError('histogram range or bin width');
  const bins = Math.ceil((maxHu - minHu) / binWidthHu);
  const counts = new Uint32Array(bins);
  const { data, rescaleSlope: slope, rescaleIntercept: intercept } = volume;
  const step = Math.max(1, Math.floor(stride));
  // bin = floor((v * slope + intercept - minHu) / width), folded into one multiply-add per voxel.
  const a = slope / binWidthHu;
  const b = (intercept - minHu) / binWidthHu;
  const last = bins - 1;
  for (let p = 0; p < data.length; p += step) {
    const bin = Math.floor(data[p]! * a + b);
    counts[Math.max(0, Math.min(last, bin))]!++;
  }
  return { minHu, binWidthHu, counts };
}

/** log10(1 + count) per bin, scaled so the largest is 1: air and soft tissue would otherwise flatten bone. */
export function logHistogramHeights(histogram: HuHistogram): Float32Array {
  const out = new Float32Array(histogram.counts.length);
  let max = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = Math.log10(1 + histogram.counts[i]!);
    if (out[i]! > max) max = out[i]!;
  }
  if (max > 0) for (let i = 0; i < out.length; i++) out[i] = out[i]! / max;
  return out;
}

/** HU shown by the transfer-function editor: air to dense cortical bone / contrast (points beyond sit at the edge). */
export const TF_EDITOR_HU_RANGE = { minHu: -1024, maxHu: 2048 } as const;
const TF_EDITOR_BIN_HU = 16;
/** The histogram needs its shape, not every voxel: about 8 M samples whatever the volume's size. */
const histogramStride = (voxels: number): number => Math.max(1, Math.floor(voxels / 8e6));

/** The log-count heights the editor draws under its curve, over TF_EDITOR_HU_RANGE. */
export function editorHistogramHeights(
  volume: Pick<Volume, 'data' | 'rescaleSlope' | 'rescaleIntercept'>,
): Float32Array {
  return logHistogramHeights(
    huHistogram(
      volume,
      TF_EDITOR_HU_RANGE.minHu,
      TF_EDITOR_HU_RANGE.maxHu,
      TF_EDITOR_BIN_HU,
      histogramStride(volume.data.length),
    ),
  );
}
