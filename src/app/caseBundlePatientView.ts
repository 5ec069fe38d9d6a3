import type { Result } from '../core/errors';
import { errorMessage, fail, ok } from '../core/errors';
import { useStudyStore } from '../state/studyStore';
import { extractSurface } from '../volume/surface/extract';

/**
 * The patient view's bone model (issue 22): the open CT's bone surface (the same marching cubes and
 * clustering as the 3D view's surface, volume/surface/extract.ts), sampled coarsely and decimated to a
 * triangle count a canvas draws at once and a patient's file carries in ~1 MB. One per open volume.
 */
export const PATIENT_MESH_TRIANGLES = 30_000;
/** Cells marched at most: a whole-abdomen CT is sampled at ~3-4 mm, ample for a picture. */
const PATIENT_MESH_MAX_CELLS = 3_000_000;

let cached: { volumeId: string; mesh: { positions: Float32Array; indices: Uint32Array } } | undefined;

export function patientBoneMesh(): Result<{ positions: Float32Array; indices: Uint32Array }> {
  const volume = useStudyStore.getState().volume;
  if (!volume) return fail('open a case first');
  if (cached?.volumeId === volume.id) return ok(cached.mesh);
  try {
    const { mesh } = extractSurface(volume, {
      maxCells: PATIENT_MESH_MAX_CELLS,
      maxTriangles: PATIENT_MESH_TRIANGLES,
      minComponentTriangles: 200,
    });
    if (mesh.indices.length === 0) return fail('no bone was found in these images to draw');
    cached = { volumeId: volume.id, mesh: { positions: mesh.positions, indices: mesh.indices } };
    return ok(cached.mesh);
  } catch (e) {
    return fail(`the bone model could not be made: ${errorMessage(e)}`);
  }
}
