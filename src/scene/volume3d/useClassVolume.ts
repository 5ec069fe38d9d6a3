import { useThree } from '@react-three/fiber';
import { useEffect, useMemo, useState } from 'react';
import type * as THREE from 'three';
import type { HuRange } from '../../render/transferFunction';
import { createClassVolumeTarget, quantiseVolume } from '../../render/volumeClassTexture';
import { getVolumeTexture } from '../../render/volumeTextureCache';
import type { Volume } from '../../volume/volume';

/**
 * Wait after a transfer-function range change before remaking the 8-bit copy: while a control point is
 * dragged the range changes every frame, and the HU texture draws the same picture meanwhile.
 */
const REBUILD_AFTER_MS = 250;

/**
 * The 3D view's 8-bit copy of the volume over the transfer function's range (render/volumeClassTexture.ts),
 * or null while it is not made for the current range (then the raymarch reads HU: same picture, slower).
 * The first copy is made after the view's first frame, so it never delays the first 3D picture; later ones
 * after the range has rested for REBUILD_AFTER_MS. Null for volumes past the copy's bound. `enabled` must
 * be false until the shared HU texture is whole (it is filled slab by slab).
 */
export function useClassVolume(volume: Volume, range: HuRange, enabled: boolean): THREE.Texture | null {
  const gl = useThree((s) => s.gl);
  const invalidate = useThree((s) => s.invalidate);
  // Three.js allocates a render target's GPU storage on first use, so this costs nothing until it is filled.
  const target = useMemo(() => createClassVolumeTarget(volume.dims), [volume]);
  useEffect(() => () => target?.dispose(), [target]);
  const [built, setBuilt] = useState<{
    target: THREE.WebGL3DRenderTarget;
    minHu: number;
    maxHu: number;
  } | null>(null);
  const { minHu, maxHu } = range;
  const first = built?.target !== target;
  useEffect(() => {
    if (!target || !enabled) return;
    let frame = 0;
    const timer = setTimeout(
      () => {
        // After the next frame is drawn with HU, so the copy's GPU pass lands after it.
        frame = requestAnimationFrame(() => {
          frame = 0;
          quantiseVolume(gl, getVolumeTexture(volume, gl), target, { minHu, maxHu });
          setBuilt({ target, minHu, maxHu });
          invalidate();
        });
      },
      first ? 0 : REBUILD_AFTER_MS,
    );
    return () => {
      clearTimeout(timer);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [gl, volume, target, enabled, minHu, maxHu, first, invalidate]);
  const current = built !== null && built.target === target && built.minHu === minHu && built.maxHu === maxHu;
  return current && target ? target.texture : null;
}
