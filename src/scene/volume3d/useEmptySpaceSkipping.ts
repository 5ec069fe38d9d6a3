import { useEffect, useMemo } from 'react';
import type * as THREE from 'three';
import type { VolumeRenderMode } from '../../core/volumeRendering';
import type { TransferFunctionTexture } from '../../render/transferFunctionTexture';
import { classVolumeMarginHu, classVolumeRange } from '../../render/volumeClassTexture';
import {
  BRICK_SIZE,
  type BrickRanges,
  brickDistanceMap,
  brickOccupancy,
  computeBrickRanges,
  lutOpacityTest,
} from '../../render/volumeTextureBricks';
import { createBrickDistanceTexture } from '../../render/volumeTextureOccupancy';
import type { VolumeUploadState } from '../../render/volumeTextureUpload';
import type { Volume } from '../../volume/volume';
import { useVolumeUpload } from './useVolumeUpload';

export { BRICK_SIZE };

/**
 * Brick HU ranges per volume, kept while the volume lives: made by the texture's slab upload as the slices
 * go up (issue 20: no separate pass on the page), or here in one pass (~1 read per voxel) when the texture
 * was uploaded whole. Null while the slab upload runs.
 */
const rangesByVolume = new WeakMap<Volume, BrickRanges>();
function brickRangesOf(volume: Volume, upload: VolumeUploadState | null): BrickRanges | null {
  let ranges = rangesByVolume.get(volume);
  if (ranges) return ranges;
  if (!upload?.complete) return null;
  ranges = upload.ranges ?? computeBrickRanges(volume, BRICK_SIZE);
  rangesByVolume.set(volume, ranges);
  return ranges;
}

export interface SkippingInputs {
  mode: VolumeRenderMode;
  /** The uploaded LUT: the occupancy test reads the same table the shader reads. */
  transfer: TransferFunctionTexture;
  isoHu: number;
  mipWindowHu: readonly [number, number];
}

/**
 * The occupancy texture (a brick distance map) for the current mode and transfer function, or null when
 * skipping is off. Composite: a brick shows something when its HU range, widened by the 8-bit copy's
 * rounding, meets non-zero LUT opacity. Surface: when its maximum reaches the threshold. MIP: when its
 * maximum is above the window's low end (lower maxima give black, and the pixel is discarded when every
 * brick is below it).
 */
export function useOccupancyTexture(
  volume: Volume,
  enabled: boolean,
  inputs: SkippingInputs,
): THREE.Data3DTexture | null {
  const upload = useVolumeUpload(volume);
  const ranges = useMemo(() => (enabled ? brickRangesOf(volume, upload) : null), [volume, enabled, upload]);
  const { mode, transfer, isoHu, mipWindowHu } = inputs;
  const occupancy = useMemo(() => {
    if (!ranges) return null;
    if (mode === 'composite') {
      const table = transfer.texture.image.data as Uint8Array;
      const marginHu = classVolumeMarginHu(classVolumeRange(transfer.range));
      return brickOccupancy(ranges, lutOpacityTest(table, transfer.range), marginHu);
    }
    if (mode === 'iso') return brickOccupancy(ranges, (_lo, hi) => hi >= isoHu);
    return brickOccupancy(ranges, (_lo, hi) => hi > mipWindowHu[0]);
  }, [ranges, mode, transfer, isoHu, mipWindowHu]);
  const texture = useMemo(
    () =>
      occupancy && ranges
        ? createBrickDistanceTexture(brickDistanceMap(occupancy, ranges.brickDims), ranges.brickDims)
        : null,
    [occupancy, ranges],
  );
  useEffect(() => () => texture?.dispose(), [texture]);
  return texture;
}
