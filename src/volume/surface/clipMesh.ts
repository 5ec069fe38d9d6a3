import type { SurfaceMesh } from './mesh';

/** A half-space to remove: the points p with dot(p - pointLps, normalLps) > 0 (LPS mm). */
export interface HalfSpace {
  pointLps: readonly [number, number, number];
  normalLps: readonly [number, number, number];
}

/**
 * The mesh without the triangles that lie in `remove` (all three vertices beyond the plane): the CT couch
 * under the patient's back, found by the spine analysis's body mask (planning/couchClip.ts; issue 19).
 * Triangles that straddle the plane stay, so the patient's own surface keeps its edge; unused vertices
 * stay in the buffers (the index list is what is drawn and counted).
 */
export function removeHalfSpace(mesh: SurfaceMesh, remove: HalfSpace): SurfaceMesh {
  const [px, py, pz] = remove.pointLps;
  const [nx, ny, nz] = remove.normalLps;
  const p = mesh.positions;
  const beyond = (v: number) =>
    (p[3 * v]! - px) * nx + (p[3 * v + 1]! - py) * ny + (p[3 * v + 2]! - pz) * nz > 0;
  const kept = new Uint32Array(mesh.indices.length);
  let n = 0;
  for (let t = 0; t < mesh.indices.length; t += 3) {
    const a = mesh.indices[t]!;
    const b = mesh.indices[t + 1]!;
    const c = mesh.indices[t + 2]!;
    if (beyond(a) && beyond(b) && beyond(c)) continue;
    kept[n++] = a;
    kept[n++] = b;
    kept[n++] = c;
  }
  return { positions: mesh.positions, normals: mesh.normals, indices: kept.slice(0, n) };
}
