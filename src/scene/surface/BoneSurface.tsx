import { useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import { createSurfaceGeometry } from '../../render/surfaceMesh';
import { surfaceKey, useSurfaceStore } from '../../state/surfaceStore';
import type { Volume } from '../../volume/volume';
import { useBoneMaterial } from './useBoneMaterial';
import { useShownSurfaceMesh } from './useShownSurfaceMesh';

/**
 * The bone isosurface of `volume` in the 3D view (world = LPS mm), extracted in a worker when the
 * surface store's `enabled` is on (the job runs in CaseSyncs, so it goes on while this view is hidden). Opaque and drawn before the raymarched volume, whose fragments carry
 * their own depth, so the two occlude each other correctly.
 */
export function BoneSurface({ volume }: { volume: Volume }) {
  const invalidate = useThree((s) => s.invalidate);
  const enabled = useSurfaceStore((s) => s.enabled);
  const mesh = useShownSurfaceMesh(volume.id);
  const fresh = useSurfaceStore((s) => s.meshKey === surfaceKey(volume.id, s.isoHu, s.maxTriangles));
  const geometry = useMemo(() => (mesh ? createSurfaceGeometry(mesh) : null), [mesh]);
  useEffect(() => () => geometry?.dispose(), [geometry]);
  const material = useBoneMaterial();
  const visible = enabled && fresh && geometry !== null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: on-demand frame loop: redraw when the mesh appears, changes or hides
  useEffect(() => {
    invalidate();
  }, [visible, geometry, invalidate]);
  if (!visible) return null;
  return <mesh name="bone-surface" geometry={geometry} material={material} renderOrder={0} />;
}
