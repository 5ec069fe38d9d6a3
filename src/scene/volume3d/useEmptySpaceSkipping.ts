import { useEffect, useMemo, useState } from 'react';
import type * as THREE from 'three';
import type { VolumeRenderMode } from '../../core/volumeRendering';
import type { TransferFunctionTexture } from '../../render/transferFunctionTexture';
import { classVolumeMarginHu, classVolumeRange } from '../../render/volumeClassTexture';
import { createBrickDistanceTexture } from '../../render/volumeTextureOccupancy';
import type { VolumeUploadState } from '../../render/volumeTextureUpload';
import { type BrickVisibility, makeBrickMap } from '../../volume/brickMap';
import { BRICK_SIZE, type BrickRanges, computeBrickRanges } from '../../volume/bricks';
import type { Volume } from '../../volume/volume';
import { makeBrickMapInWorker, startBrickMapWorker } from './brickMapWorkerClient';
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

export interface OccupancyState {
  /**
   * The brick distance map for the current mode and transfer function, or null: skipping off, or its map not
   * made yet. Never a map made for other inputs (a stale map could skip samples the new function shows), so
   * the picture does not depend on when the worker answers: skipping changes the cost, never the picture.
   */
  texture: THREE.Data3DTexture | null;
  /** True while the volume's first map is being made: the view waits for it before its first draw. */
  firstPending: boolean;
}

/**
 * Up to this many bricks the map is made on the page (~7 ms for 65 k bricks at load 8; a 256^3 volume has
 * 262 k, the pancreas 557 k, the full demo 1.3 M: those go to the worker).
 */
const IN_PAGE_MAX_BRICKS = 65_536;
const bricksOf = (volume: Volume): number => volume.dims.reduce((n, d) => n * Math.ceil(d / BRICK_SIZE), 1);

interface MadeMap {
  volume: Volume;
  visibility: BrickVisibility;
  texture: THREE.Data3DTexture;
}

/**
 * The occupancy texture (a brick distance map) for the current mode and transfer function. Which bricks
 * may show something (volume/brickMap.ts BrickVisibility): composite, a brick whose HU range, widened by
 * the 8-bit copy's rounding, meets non-zero LUT opacity; surface, a maximum reaching the threshold; MIP, a
 * maximum above the window's low end. Past IN_PAGE_MAX_BRICKS made in a worker, one per change (1.3 M
 * bricks on a 512x512x311 CT took 0.1-0.25 s in the page's task of each change, issue 20); until the map
 * for the current inputs is back the view draws with skipping off (the same picture, more samples), and
 * before its first draw it waits for the first map (cheaper than a first frame without skipping). The
 * worker's map comes one frame after a change: tests that wait for frames to stop must also wait for
 * brickMapsAwaited() to reach 0, or a late map frame reads as the next change's picture.
 */
export function useOccupancyTexture(
  volume: Volume,
  enabled: boolean,
  inputs: SkippingInputs,
): OccupancyState {
  const upload = useVolumeUpload(volume);
  const ranges = useMemo(() => (enabled ? brickRangesOf(volume, upload) : null), [volume, enabled, upload]);
  // A large volume's first map comes from a worker: start it while the texture is still uploading.
  const uploading = enabled && upload !== null && !upload.complete && bricksOf(volume) > IN_PAGE_MAX_BRICKS;
  useEffect(() => {
    if (uploading) startBrickMapWorker();
  }, [uploading]);
  const { mode, transfer, isoHu, mipWindowHu } = inputs;
  const visibility = useMemo((): BrickVisibility | null => {
    if (!ranges) return null;
    if (mode === 'composite') {
      const lut = transfer.texture.image.data as Uint8Array;
      const marginHu = classVolumeMarginHu(classVolumeRange(transfer.range));
      return { kind: 'lut', lut, range: transfer.range, marginHu };
    }
    if (mode === 'iso') return { kind: 'above', hu: isoHu, inclusive: true };
    return { kind: 'above', hu: mipWindowHu[0], inclusive: false };
  }, [ranges, mode, transfer, isoHu, mipWindowHu]);
  // Small volumes: made here, in the render that changed the inputs (a few ms; the view never draws
  // without it, as before the worker).
  const inPage = useMemo(() => {
    if (!visibility || !ranges || ranges.minHu.length > IN_PAGE_MAX_BRICKS) return null;
    const map = makeBrickMap({ ranges, visibility, dims: [...volume.dims] });
    return createBrickDistanceTexture(map.distance, ranges.brickDims, map.boundsTc);
  }, [volume, ranges, visibility]);
  useEffect(() => () => inPage?.dispose(), [inPage]);
  const [made, setMade] = useState<MadeMap | null>(null);
  const [failed, setFailed] = useState<BrickVisibility | null>(null);
  useEffect(() => {
    if (!visibility || !ranges || inPage) return;
    const controller = new AbortController();
    makeBrickMapInWorker({ ranges, visibility, dims: [...volume.dims] }, controller.signal).then(
      (map) =>
        setMade({
          volume,
          visibility,
          texture: createBrickDistanceTexture(map.distance, ranges.brickDims, map.boundsTc),
        }),
      (error: unknown) => {
        if (error instanceof Error && error.name === 'AbortError') return;
        // Skipping stays off for these inputs: the same picture, drawn slower.
        console.warn('3D view: empty-space skipping is off', error);
        setFailed(visibility);
      },
    );
    return () => controller.abort();
  }, [volume, ranges, visibility, inPage]);
  useEffect(() => () => made?.texture.dispose(), [made]);
  const fromWorker = made && made.volume === volume && made.visibility === visibility ? made.texture : null;
  const current = inPage ?? fromWorker;
  const inWorker = visibility !== null && !inPage && failed !== visibility;
  const firstPending = inWorker && made?.volume !== volume;
  const awaited = inWorker && current === null;
  useEffect(() => {
    if (!awaited) return;
    mapsAwaited++;
    return () => {
      mapsAwaited--;
    };
  }, [awaited]);
  return { texture: current, firstPending };
}

let mapsAwaited = 0;
/**
 * 3D views drawing without the brick map they asked for (for tests: a view is settled once this is 0 and its
 * frames have stopped; the map's arrival draws one more frame, the same picture at less cost).
 */
export const brickMapsAwaited = (): number => mapsAwaited;
