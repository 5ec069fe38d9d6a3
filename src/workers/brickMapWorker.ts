/// <reference lib="webworker" />
/**
 * Makes the 3D view's brick distance map and occupied box off the page's main thread (volume/brickMap.ts):
 * one request per transfer function, ranges copied in, the map transferred back.
 */
import { type RpcScope, serveRpc } from '../core/workerRpc';
import { type BrickMap, type BrickMapRequest, makeBrickMap } from '../volume/brickMap';

serveRpc<BrickMapRequest, BrickMap, never>(
  self as unknown as RpcScope,
  '3D view brick map',
  makeBrickMap,
  (map) => [map.distance.buffer as ArrayBuffer],
);
