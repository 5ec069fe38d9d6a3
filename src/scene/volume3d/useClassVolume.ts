import { useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type * as THREE from 'three';
import {
  classVolumeRange,
  compileQuantisePass,
  createClassVolumeTarget,
  quantiseVolume,
} from '../../render/volumeClassTexture';
import { getVolumeTexture } from '../../render/volumeTextureCache';
import type { HuRange } from '../../volume/transfer/transferFunction';
import type { Volume } from '../../volume/volume';
import { volumeDrawCount } from './useVolumeUpload';

export interface ClassVolumeState {
  texture: THREE.Texture;
  rangeHu: HuRange;
}

/**
 * The 3D view's 8-bit copy of the volume over classVolumeRange (render/volumeClassTexture.ts) and that
 * range, or null (then the raymarch reads HU: the same picture within the copy's rounding, slower). The
 * first copy is made after the view's first frame, so it never delays the first 3D picture. When the
 * transfer function's range changes (a preset with another top HU, or its last point dragged) the copy is
 * remade in the same commit, before the next frame: one full pass over the voxels on the GPU, so a picture
 * never mixes ranges and no extra frame follows. Null for volumes past the copy's bound. `enabled` must be
 * false until the shared HU texture is whole (it is filled slab by slab).
 */
export function useClassVolume(volume: Volume, tfRange: HuRange, enabled: boolean): ClassVolumeState | null {
  const gl = useThree((s) => s.gl);
  const invalidate = useThree((s) => s.invalidate);
  // Three.js allocates a render target's GPU storage on first use, so this costs nothing until it is filled.
  const target = useMemo(() => createClassVolumeTarget(volume.dims), [volume]);
  useEffect(() => () => target?.dispose(), [target]);
  const built = useRef<{ target: THREE.WebGL3DRenderTarget; minHu: number; maxHu: number } | null>(null);
  // The target the first copy may be made for: set once the view's first frame with HU is finished.
  const [ready, setReady] = useState<THREE.WebGL3DRenderTarget | null>(null);
  // A restored WebGL context lost the copy's contents: made again once the HU texture is whole again.
  useEffect(() => {
    const canvas = gl.domElement;
    const onRestored = () => {
      built.current = null;
      setReady(null);
    };
    canvas.addEventListener('webglcontextrestored', onRestored);
    return () => canvas.removeEventListener('webglcontextrestored', onRestored);
  }, [gl]);
  useEffect(() => {
    if (!target || !enabled || ready === target) return;
    const context = gl.getContext() as WebGL2RenderingContext;
    const drawsAtStart = volumeDrawCount();
    let frame = 0;
    let live = true;
    let firstFrameDone: WebGLSync | null = null;
    const dropFence = () => {
      if (firstFrameDone && !context.isContextLost()) context.deleteSync(firstFrameDone);
      firstFrameDone = null;
    };
    // Once the view has drawn with HU, a fence after that frame; once the GPU has finished it, the copy.
    // Asking one animation frame later was not enough: with its program compiled ahead (programWarmup)
    // the copy's pass (~0.3 s on SwiftShader for the pancreas) went into the first 3D frame's own
    // animation frame and held its picture back by as much (issue 20).
    const poll = () => {
      frame = 0;
      if (!live || context.isContextLost()) return;
      if (firstFrameDone === null) {
        if (volumeDrawCount() > drawsAtStart) {
          firstFrameDone = context.fenceSync(context.SYNC_GPU_COMMANDS_COMPLETE, 0);
          context.flush();
        }
      } else if (context.getSyncParameter(firstFrameDone, context.SYNC_STATUS) === context.SIGNALED) {
        dropFence();
        void compileQuantisePass(gl).then(() => {
          if (!live) return;
          setReady(target);
          invalidate();
        });
        return;
      }
      frame = requestAnimationFrame(poll);
    };
    frame = requestAnimationFrame(poll);
    return () => {
      live = false;
      if (frame) cancelAnimationFrame(frame);
      dropFence();
    };
  }, [target, enabled, ready, invalidate, gl]);

  const { minHu, maxHu } = classVolumeRange(tfRange);
  const active = enabled && target !== null && ready === target;
  // Declared before the caller's own layout effect, so the copy exists when the caller sets its uniforms.
  useLayoutEffect(() => {
    if (!active || !target) return;
    const b = built.current;
    if (b && b.target === target && b.minHu === minHu && b.maxHu === maxHu) return;
    quantiseVolume(gl, getVolumeTexture(volume, gl), target, { minHu, maxHu });
    built.current = { target, minHu, maxHu };
  }, [active, target, minHu, maxHu, gl, volume]);
  return useMemo(
    () => (active && target ? { texture: target.texture, rangeHu: { minHu, maxHu } } : null),
    [active, target, minHu, maxHu],
  );
}
