import type { StructureSet } from '../analysis/index';
import { marchingCubes } from '../volume/surface/marchingCubes';
import { computeVertexNormals } from '../volume/surface/mesh';

/** One automatic no-go structure's surface, LPS mm. */
export interface StructureMesh {
  id: string;
  name: string;
  positions: Float32Array;
  indices: Uint32Array;
  normals: Float32Array;
}

const INSIDE = 1000;
const OUTSIDE = -1000;

/**
 * Surfaces of the automatic spine analysis's no-go masks (issue 16 structures: thecal sac, root corridors,
 * great vessels, kidneys) for the headset, which draws meshes rather than the desktop's slice overlays:
 * marching cubes on each label's own bounding box of the analysis grid (2 mm), closed at the box faces.
 * A few milliseconds per structure: the grid is coarse and each box is small.
 */
export function structureMeshes(set: StructureSet): StructureMesh[] {
  const [nx, ny, nz] = set.grid.dims;
  const m = set.grid.ijkToLps;
  const out: StructureMesh[] = [];
  for (const s of set.structures) {
    let [i0, j0, k0, i1, j1, k1] = [nx, ny, nz, -1, -1, -1];
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++) {
        const row = nx * (j + ny * k);
        for (let i = 0; i < nx; i++) {
          if (set.labels[row + i] !== s.label) continue;
          if (i < i0) i0 = i;
          if (i > i1) i1 = i;
          if (j < j0) j0 = j;
          if (j > j1) j1 = j;
          if (k < k0) k0 = k;
          if (k > k1) k1 = k;
        }
      }
    if (i1 < 0) continue;
    const dims: [number, number, number] = [i1 - i0 + 1, j1 - j0 + 1, k1 - k0 + 1];
    const data = new Int16Array(dims[0] * dims[1] * dims[2]);
    for (let k = 0; k < dims[2]; k++)
      for (let j = 0; j < dims[1]; j++)
        for (let i = 0; i < dims[0]; i++)
          data[i + dims[0] * (j + dims[1] * k)] =
            set.labels[i0 + i + nx * (j0 + j + ny * (k0 + k))] === s.label ? INSIDE : OUTSIDE;
    // The crop's voxel (0,0,0) is the grid's (i0,j0,k0): shift the translation column by that voxel's LPS.
    const ijkToLps = [...m];
    for (let r = 0; r < 3; r++)
      ijkToLps[r * 4 + 3] = m[r * 4]! * i0 + m[r * 4 + 1]! * j0 + m[r * 4 + 2]! * k0 + m[r * 4 + 3]!;
    const mesh = marchingCubes(
      { dims, data, ijkToLps, rescaleSlope: 1, rescaleIntercept: 0 },
      { isoValue: 0 },
    );
    if (mesh.indices.length === 0) continue;
    out.push({
      id: s.id,
      name: s.name,
      positions: mesh.positions,
      indices: mesh.indices,
      normals: computeVertexNormals(mesh.positions, mesh.indices),
    });
  }
  return out;
}
