import type * as THREE from 'three';
import type { Volume } from '../volume/volume';
import { createVolumeTexture } from './volumeTexture';

/**
 * One GPU copy of the open volume, shared by the 2D slice views and the 3D view (issue 6).
 * Keyed by volume id: asking for another volume (or another format) disposes the previous texture, since
 * only one study is open at a time and a CT texture can take hundreds of MB of GPU memory.
 * The format comes from the capability assessment (`useCapabilityStore`, `volumeTextureFormat`); this module
 * is in render/ and may not read stores, so the caller passes it.
 */
let cached: { id: string; format: 'r32f' | 'r16f'; volume: Volume; texture: THREE.Data3DTexture } | null =
  null;

export function getVolumeTexture(volume: Volume, format: 'r32f' | 'r16f'): THREE.Data3DTexture {
  if (cached && cached.id === volume.id && cached.volume === volume && cached.format === format)
    return cached.texture;
  disposeVolumeTexture();
  const texture = createVolumeTexture(volume, format);
  cached = { id: volume.id, format, volume, texture };
  return texture;
}

/** Frees the GPU copy (call when the study closes). Safe to call when nothing is cached. */
export function disposeVolumeTexture(): void {
  cached?.texture.dispose();
  cached = null;
}
