import type * as THREE from 'three';
import type { Volume } from '../volume/volume';
import { createVolumeTexture, volumeTextureBytes } from './volumeTexture';

/**
 * One GPU copy of the open volume, shared by the 2D slice views, the 3D view and the C-arm image (issue 6).
 * Keyed by volume: asking for another volume disposes the previous texture, since only one study is open at
 * a time and a CT texture can take hundreds of MB of GPU memory. Closing the case must call
 * disposeVolumeTexture (scene/CaseSyncs does): this cache is the last reference to the closed volume.
 */
let cached: { volume: Volume; texture: THREE.Data3DTexture } | null = null;

export function getVolumeTexture(volume: Volume): THREE.Data3DTexture {
  if (cached?.volume === volume) return cached.texture;
  disposeVolumeTexture();
  const texture = createVolumeTexture(volume);
  cached = { volume, texture };
  return texture;
}

/** Frees the GPU copy and drops the volume (call when the study closes). Safe when nothing is cached. */
export function disposeVolumeTexture(): void {
  cached?.texture.dispose();
  cached = null;
}

/** GPU bytes the shared volume texture takes (0 when none): 2 a voxel. For tests and support. */
export function sharedVolumeTextureBytes(): number {
  return cached ? volumeTextureBytes(cached.texture) : 0;
}
