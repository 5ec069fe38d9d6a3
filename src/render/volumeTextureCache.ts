import type * as THREE from 'three';
import type { Volume } from '../volume/volume';
import { createVolumeTexture, volumeTextureBytes } from './volumeTexture';
import { BRICK_SIZE } from './volumeTextureBricks';
import { createEmptyVolumeTexture, VolumeTextureUpload, type VolumeUploadState } from './volumeTextureUpload';

/**
 * One GPU copy of the open volume, shared by the 2D slice views, the 3D view and the C-arm image (issue 6).
 * Keyed by volume: asking for another volume disposes the previous texture, since only one study is open at
 * a time and a CT texture can take hundreds of MB of GPU memory. Closing the case must call
 * disposeVolumeTexture (scene/CaseSyncs does): this cache is the last reference to the closed volume.
 *
 * Given the renderer, the texture is filled slab by slab across tasks (volumeTextureUpload.ts, issue 20: no
 * long task on the page while a case opens); the views read `uploadState` to know when it is whole.
 */
let cached: {
  volume: Volume;
  texture: THREE.Data3DTexture;
  upload: VolumeTextureUpload | null;
  /** The state of a texture uploaded whole (no slab upload). */
  whole: VolumeUploadState;
} | null = null;

/** Told after each slab step and when the shared texture changes. */
const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of [...listeners]) listener();
};

/** Callers waiting for a volume's texture to be whole (volumeTextureUploaded) before it was asked for. */
const waiting = new Map<Volume, (() => void)[]>();

export function getVolumeTexture(volume: Volume, renderer?: THREE.WebGLRenderer): THREE.Data3DTexture {
  if (cached?.volume === volume) return cached.texture;
  releaseVolumeTexture();
  // Waiters for a volume that is no longer open are dropped (their promises never resolve).
  for (const other of waiting.keys()) if (other !== volume) waiting.delete(other);
  const n = volume.dims[2];
  const whole = { slicesDone: n, sliceCount: n, complete: true, ranges: null };
  if (!renderer) {
    // One upload of the whole volume at the first draw (tests, or a caller without the renderer).
    cached = { volume, texture: createVolumeTexture(volume), upload: null, whole };
    for (const resolve of waiting.get(volume) ?? []) resolve();
    waiting.delete(volume);
    queueMicrotask(notify);
    return cached.texture;
  }
  const texture = createEmptyVolumeTexture(volume.dims);
  const upload = new VolumeTextureUpload(volume, texture, renderer, BRICK_SIZE);
  cached = { volume, texture, upload, whole };
  upload.subscribe(notify);
  queueMicrotask(notify);
  void upload.finished.then(() => {
    for (const resolve of waiting.get(volume) ?? []) resolve();
    waiting.delete(volume);
  });
  return texture;
}

/** How far the shared texture of `volume` is filled (whole when it was uploaded in one go). */
export function volumeUploadState(volume: Volume): VolumeUploadState | null {
  if (cached?.volume !== volume) return null;
  return cached.upload ? cached.upload.state : cached.whole;
}

/** Calls `listener` after each slab of the shared texture's upload (for views that redraw as it fills). */
export function subscribeVolumeUpload(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Resolves once `volume`'s texture is whole on the GPU (the views can draw it): for work that should wait
 * until the first picture is up (spine analysis, Recent cases). Never resolves if the volume is closed first.
 */
export function volumeTextureUploaded(volume: Volume): Promise<void> {
  const state = volumeUploadState(volume);
  if (state?.complete) return Promise.resolve();
  return new Promise((resolve) => {
    waiting.set(volume, [...(waiting.get(volume) ?? []), resolve]);
  });
}

/**
 * Frees the GPU copy and drops the volume (call when the study closes): nobody waits for a texture any
 * more either. Safe when nothing is cached.
 */
export function disposeVolumeTexture(): void {
  releaseVolumeTexture();
  waiting.clear();
}

function releaseVolumeTexture(): void {
  cached?.upload?.cancel();
  cached?.texture.dispose();
  cached = null;
}

/** GPU bytes the shared volume texture takes (0 when none): 2 a voxel. For tests and support. */
export function sharedVolumeTextureBytes(): number {
  return cached ? volumeTextureBytes(cached.texture) : 0;
}

/** Whether the shared volume texture is whole on the GPU (false when none). For the bench and tests. */
export function sharedVolumeTextureComplete(): boolean {
  return cached ? (volumeUploadState(cached.volume)?.complete ?? false) : false;
}
