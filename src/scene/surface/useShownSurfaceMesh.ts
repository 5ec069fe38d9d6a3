import { useMemo } from 'react';
import { useSurfaceStore } from '../../state/surfaceStore';
import { removeHalfSpace } from '../../volume/surface/clipMesh';
import type { SurfaceMesh } from '../../volume/surface/mesh';
import { useCouchClip } from '../volume3d/useCouchClip';

/**
 * The bone surface as shown, drawn in the headset and exported: the extracted mesh without the CT couch
 * while "Remove couch" is on and the analysis found one (issue 19), so the surface is the patient.
 */
export function useShownSurfaceMesh(volumeId: string): SurfaceMesh | null {
  const mesh = useSurfaceStore((s) => s.mesh);
  const couch = useCouchClip(volumeId);
  return useMemo(() => (mesh && couch ? removeHalfSpace(mesh, couch) : mesh), [mesh, couch]);
}
