import type { Volume } from '../../../src/volume/volume';

/** What a side produced, reduced to values comparable with ours: HU per voxel in our voxel order. */
export interface HuCheck {
  voxels: number;
  /** FNV-1a over the rounded HU values: equal checksums mean equal volumes. */
  checksum: string;
  /** Largest |HU difference| against the reference (0 = identical). */
  maxAbsDiffHu: number;
}

function fnv1a(values: ArrayLike<number>, valueAt: (i: number) => number): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < values.length; i++) {
    const v = valueAt(i) & 0xffff;
    hash = Math.imul(hash ^ (v & 0xff), 0x01000193);
    hash = Math.imul(hash ^ (v >>> 8), 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** HU of our volume (stored * slope + intercept; ingest stores HU directly for CT, slope 1). */
export function volumeHu(volume: Volume): Float32Array {
  const out = new Float32Array(volume.data.length);
  for (let i = 0; i < out.length; i++)
    out[i] = volume.data[i]! * volume.rescaleSlope + volume.rescaleIntercept;
  return out;
}

/** Compares a candidate's HU values (same voxel order) with the reference's. */
export function checkHu(reference: ArrayLike<number>, candidate: ArrayLike<number>): HuCheck {
  if (reference.length !== candidate.length) {
    return { voxels: candidate.length, checksum: 'size-mismatch', maxAbsDiffHu: Number.POSITIVE_INFINITY };
  }
  let maxAbsDiffHu = 0;
  for (let i = 0; i < reference.length; i++) {
    const d = Math.abs(reference[i]! - candidate[i]!);
    if (d > maxAbsDiffHu || Number.isNaN(d)) maxAbsDiffHu = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
  }
  return {
    voxels: candidate.length,
    checksum: fnv1a(candidate, (i) => Math.round(candidate[i]!)),
    maxAbsDiffHu,
  };
}
