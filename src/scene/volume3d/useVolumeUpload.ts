import { invalidate, useThree } from '@react-three/fiber';
import { useEffect, useSyncExternalStore } from 'react';
import * as THREE from 'three';
import { subscribeVolumeUpload, volumeUploadState } from '../../render/volumeTextureCache';
import type { VolumeUploadState } from '../../render/volumeTextureUpload';
import type { Volume } from '../../volume/volume';

/**
 * How far the shared volume texture of `volume` is on the GPU (render/volumeTextureUpload.ts fills it slab
 * by slab across tasks, issue 20), null before a view asked for it. The slice views draw what has arrived;
 * the 3D view waits until it is whole.
 */
export function useVolumeUpload(volume: Volume): VolumeUploadState | null {
  const state = useSyncExternalStore(subscribeVolumeUpload, () => volumeUploadState(volume));
  // A frame after the first slab (the middle slices: the axial view's first picture) and one when whole.
  // Not one per slab: each frame keeps SwiftShader's GPU process busy, and texSubImage3D then waits for it.
  const firstSlab = (state?.slicesDone ?? 0) > 0;
  const whole = state?.complete ?? false;
  useEffect(() => {
    if (firstSlab || whole) invalidate();
  }, [firstSlab, whole]);
  return state;
}

/** Draws of the raymarched volume since the page loaded (its mesh's onBeforeRender): for the bench and tests. */
let volumeDraws = 0;
export const countVolumeDraw = (): void => {
  volumeDraws++;
};
export const volumeDrawCount = (): number => volumeDraws;

/**
 * Compiles `material` (the raymarch shader) while the texture is still filling, with three.js's compileAsync
 * (KHR_parallel_shader_compile: the GPU process compiles, the page is not blocked). Without it the first 3D
 * frame compiled and linked the shader itself and waited for it on the page's main thread (3.5 s seen on
 * SwiftShader, issue 20). A temporary mesh of the same kind, so the program is the one the view will use.
 */
export function useShaderCompiledWhileUploading(material: THREE.Material, uploaded: boolean): void {
  const gl = useThree((s) => s.gl);
  const camera = useThree((s) => s.camera);
  const scene = useThree((s) => s.scene);
  useEffect(() => {
    if (uploaded) return;
    const geometry = new THREE.BoxGeometry(1, 1, 1);
    const temporary = new THREE.Scene();
    temporary.add(new THREE.Mesh(geometry, material));
    void gl
      .compileAsync(temporary, camera, scene)
      .catch(() => undefined)
      .finally(() => geometry.dispose());
  }, [gl, camera, scene, material, uploaded]);
}
