import { useEffect, useMemo } from 'react';
import type * as THREE from 'three';
import type { VolumeRenderMode } from '../../core/volumeRendering';
import type { TransferFunctionTexture } from '../../render/transferFunctionTexture';
import {
  type BrickRanges,
  brickOccupancy,
  computeBrickRanges,
  lutOpacityTest,
} from '../../render/volumeTextureBricks';
import { createOccupancyTexture } from '../../render/volumeTextureOccupancy';
import type { Volume } from '../../volume/volume';

/** 16^3 voxels per brick: a 512x512x300 CT gets 32x32x19 bricks (Kruger & Westermann used 8^3-32^3). */
export const BRICK_SIZE = 16;

/** Brick HU ranges per volume, computed once (~1 read per voxel) and kept while the volume lives. */
const rangesByVolume = new WeakMap<Volume, BrickRanges>();
function brickRangesOf(volume: Volume): BrickRanges {
  let ranges = rangesByVolume.get(volume);
  if (!ranges) {
    ranges = computeBrickRanges(volume, BRICK_SIZE);
    rangesByVolume.set(volume, ranges);
  }
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
 * The occupancy texture for the current mode and transfer function, or null when skipping is off.
 * Composite: a brick shows something when its HU range meets non-zero LUT opacity. Surface: when its
 * maximum reaches the threshold. MIP: when its maximum is above the window's low end (lower maxima give
 * black, and the pixel is discarded when every brick is below it).
 */
export function useOccupancyTexture(
  volume: Volume,
  enabled: boolean,
  inputs: SkippingInputs,
): THREE.Data3DTexture | null {
  const ranges = useMemo(() => (enabled ? brickRangesOf(volume) : null), [volume, enabled]);
  const { mode, transfer, isoHu, mipWindowHu } = inputs;
  const occupancy = useMemo(() => {
    if (!ranges) return null;
    if (mode === 'composite') {
      const table = transfer.texture.image.data as Uint8Array;
      return brickOccupancy(ranges, lutOpacityTest(table, transfer.range));
    }
    if (mode === 'iso') return brickOccupancy(ranges, (_lo, hi) => hi >= isoHu);
    return brickOccupancy(ranges, (_lo, hi) => hi > mipWindowHu[0]);
  }, [ranges, mode, transfer, isoHu, mipWindowHu]);
  const texture = useMemo(
    () => (occupancy && ranges ? createOccupancyTexture(occupancy, ranges.brickDims) : null),
    [occupancy, ranges],
  );
  useEffect(() => () => texture?.dispose(), [texture]);
  return texture;
}
