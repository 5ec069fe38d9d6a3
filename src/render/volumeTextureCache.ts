import type * as THREE from 'three';
import { BRICK_SIZE } from '../volume/bricks';
import type { Volume } from '../volume/volume';
import { createVolumeTexture, volumeTextureBytes } from './volumeTexture';
import {
  type BrickRangesMaker,
  createEmptyVolumeTexture,
  VolumeTextureUpload,
  type VolumeUploadState,
} from './volumeTextureUpload';

/**
 * One GPU copy of the open volume, shared by the 2D slice views, the 3D view and the C-arm image (issue 6).
 * Keyed by volume: asking for another case's volume disposes the previous texture, since only one study is
 * open at a time and a CT texture can take hundreds of MB of GPU memory. A reduced display copy of the same
 * volume (id `<id>@display<edge>`, scene/volume3d/useDisplayVolume.ts, for volumes over the GPU's 3D limit)
 * is kept beside it. Closing the case must call disposeVolumeTexture (scene/useReleaseClosedCase does): this
 * cache is the last reference to the closed volume.
 *
 * Given the renderer, a texture is filled slab by slab across tasks (volumeTextureUpload.ts, issue 20: no
 * long task on the page while a case opens); the views read `volumeUploadState` to know when it is whole.
 */
interface Entry {
  texture: THREE.Data3DTexture;
  upload: VolumeTextureUpload | null;
  /** The state of a texture uploaded whole (no slab upload). */
  whole: VolumeUploadState;
}
const cached = new Map<Volume, Entry>();

/** Told after each slab step and when a shared texture is made. */
const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of [...listeners]) listener();
};

/** Callers waiting for a volume's texture to be whole (volumeTextureUploaded), maybe before it was asked for. */
const waiting = new Map<Volume, (() => void)[]>();
const resolveWaiting = (volume: Volume) => {
  for (const resolve of waiting.get(volume) ?? []) resolve();
  waiting.delete(volume);
};

/** The case a volume belongs to: its id without a display-copy suffix. */
const caseOf = (volume: Volume) => volume.id.split('@')[0];

export function getVolumeTexture(volume: Volume, renderer?: THREE.WebGLRenderer): THREE.Data3DTexture {
  const known = cached.get(volume);
  if (known) return known.texture;
  // Another case, or the same one opened again (same id, new object): its texture goes.
  for (const [other, entry] of cached)
    if (caseOf(other) !== caseOf(volume) || other.id === volume.id) {
      release(entry);
      cached.delete(other);
    }
  // Waiters for a volume that is no longer open are dropped (their promises never resolve).
  for (const other of waiting.keys())
    if (other !== volume && (caseOf(other) !== caseOf(volume) || other.id === volume.id))
      waiting.delete(other);
  const n = volume.dims[2];
  const whole = { slicesDone: n, sliceCount: n, complete: true, ranges: null };
  if (!renderer) {
    // One upload of the whole volume at the first draw (tests, or a caller without the renderer).
    const texture = createVolumeTexture(volume);
    cached.set(volume, { texture, upload: null, whole });
    resolveWaiting(volume);
    queueMicrotask(notify);
    return texture;
  }
  refillAfterContextLoss(renderer);
  const texture = createEmptyVolumeTexture(volume.dims);
  const upload = startUpload(volume, texture, renderer);
  cached.set(volume, { texture, upload, whole });
  queueMicrotask(notify);
  return texture;
}

/** Where slab uploads get their brick ranges from (main.tsx: a worker); unset, each upload makes them. */
let brickRangesMaker: BrickRangesMaker | undefined;
export function setBrickRangesMaker(maker: BrickRangesMaker): void {
  brickRangesMaker = maker;
}

function startUpload(
  volume: Volume,
  texture: THREE.Data3DTexture,
  renderer: THREE.WebGLRenderer,
): VolumeTextureUpload {
  const upload = new VolumeTextureUpload(volume, texture, renderer, BRICK_SIZE, brickRangesMaker);
  upload.subscribe(notify);
  void upload.finished.then(() => resolveWaiting(volume));
  return upload;
}

const watchedCanvases = new WeakSet<HTMLCanvasElement>();
/**
 * A restored WebGL context has lost every texture's contents; three.js re-allocates a texture with no data of
 * its own (the slab-filled ones) empty. Each shared texture is filled again, slab by slab as at the open, and
 * the views redraw as it fills (they read volumeUploadState). three.js's own restore handler is registered
 * when the renderer is made, so it has run when this one runs.
 */
function refillAfterContextLoss(renderer: THREE.WebGLRenderer): void {
  const canvas = renderer.domElement;
  if (watchedCanvases.has(canvas)) return;
  watchedCanvases.add(canvas);
  canvas.addEventListener('webglcontextrestored', () => {
    for (const [volume, entry] of cached) {
      if (!entry.upload) continue;
      entry.upload.cancel();
      entry.upload = startUpload(volume, entry.texture, renderer);
    }
    notify();
  });
}

/** How far the shared texture of `volume` is filled (whole when it was uploaded in one go); null if none. */
export function volumeUploadState(volume: Volume): VolumeUploadState | null {
  const entry = cached.get(volume);
  if (!entry) return null;
  return entry.upload ? entry.upload.state : entry.whole;
}

/** Calls `listener` after each slab of a shared texture's upload (for views that redraw as it fills). */
export function subscribeVolumeUpload(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Resolves once `volume`'s texture is whole on the GPU (the views can draw it): for work that should wait
 * until the first picture is up (spine analysis, Recent cases). Never resolves if the volume is closed first.
 */
export function volumeTextureUploaded(volume: Volume): Promise<void> {
  if (volumeUploadState(volume)?.complete) return Promise.resolve();
  return new Promise((resolve) => {
    waiting.set(volume, [...(waiting.get(volume) ?? []), resolve]);
  });
}

function release(entry: Entry): void {
  entry.upload?.cancel();
  entry.texture.dispose();
}

/**
 * Frees the GPU copies and drops the volume (call when the study closes): nobody waits for a texture any
 * more either. Safe when nothing is cached.
 */
export function disposeVolumeTexture(): void {
  for (const entry of cached.values()) release(entry);
  cached.clear();
  waiting.clear();
}

/** GPU bytes the shared volume textures take (0 when none): 2 a voxel. For tests and support. */
export function sharedVolumeTextureBytes(): number {
  let bytes = 0;
  for (const entry of cached.values()) bytes += volumeTextureBytes(entry.texture);
  return bytes;
}

/** Whether the shared volume textures are whole on the GPU (false when none). For the bench and tests. */
export function sharedVolumeTextureComplete(): boolean {
  if (cached.size === 0) return false;
  for (const volume of cached.keys()) if (!volumeUploadState(volume)?.complete) return false;
  return true;
}
