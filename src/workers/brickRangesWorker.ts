/// <reference lib="webworker" />
/**
 * Makes the volume's brick HU ranges (volume/bricks.ts) off the page's main thread, from the page's shared
 * voxels read in place, while the page uploads the volume texture; the ranges are transferred back.
 */
import { type RpcScope, serveRpc } from '../core/workerRpc';
import { type BrickRangesRequest, makeBrickRanges } from '../volume/brickRangesRequest';
import type { BrickRanges } from '../volume/bricks';

serveRpc<BrickRangesRequest, BrickRanges, never>(
  self as unknown as RpcScope,
  'brick ranges',
  makeBrickRanges,
  (ranges) => [ranges.minHu.buffer as ArrayBuffer, ranges.maxHu.buffer as ArrayBuffer],
);
