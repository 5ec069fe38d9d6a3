import { marchingCubes, type RawMesh } from '../volume/surface/marchingCubes';
import { computeVertexNormals } from '../volume/surface/mesh';
import { simplifyToBudget } from '../volume/surface/simplify';
import type { StructureSet } from './types';

/** One automatic no-go structure's surface, LPS mm (for the headset, which draws meshes). */
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
 * Triangles for all automatic structures together: the headset budget is 300k triangles, the bone surface
 * takes most of it (volume/surface/extract.ts DEFAULT_TRIANGLE_BUDGET). At 2 mm the demo's 19 structures march to ~71k triangles.
 */
export const STRUCTURE_TRIANGLE_BUDGET = 24_000;

/** Each label's voxel bounding box (i0, j0, k0, i1, j1, k1) on the grid, in one pass over the labelled block. */
function labelBoxes(set: StructureSet): Map<number, number[]> {
  const [nx, ny, nz] = set.grid.dims;
  const [bi, bj, bk] = set.box.lo;
  const [bx, by, bz] = set.box.dims;
  const boxes = new Map<number, number[]>();
  const byLabel: (number[] | undefined)[] = new Array(256);
  for (const s of set.structures) {
    const b = [nx, ny, nz, -1, -1, -1];
    byLabel[s.label] = b;
    boxes.set(s.label, b);
  }
  const labels = set.boxLabels;
  for (let c = 0, n = 0; c < bz; c++)
    for (let b2 = 0; b2 < by; b2++)
      for (let a = 0; a < bx; a++, n++) {
        const v = labels[n]!;
        if (v === 0) continue;
        const b = byLabel[v];
        if (!b) continue;
        const i = a + bi;
        const j = b2 + bj;
        const k = c + bk;
        if (i < b[0]!) b[0] = i;
        if (i > b[3]!) b[3] = i;
        if (j < b[1]!) b[1] = j;
        if (j > b[4]!) b[4] = j;
        if (k < b[2]!) b[2] = k;
        if (k > b[5]!) b[5] = k;
      }
  return boxes;
}

/**
 * Surfaces of the automatic spine analysis's no-go masks (issue 16 structures: thecal sac, root corridors,
 * great vessels, kidneys) for the headset, which draws meshes rather than the desktop's slice overlays:
 * marching cubes on each label's own bounding box of the analysis grid (2 mm), closed at the box faces, then
 * clustered so all of them stay within `budget` triangles (each its share by marched size). Pure, run in a
 * worker (workers/structureSurfaceWorker.ts): 0.3-2.6 s on the demo phantom on this machine.
 */
export function structureMeshes(set: StructureSet, budget = STRUCTURE_TRIANGLE_BUDGET): StructureMesh[] {
  const [bx, by] = set.box.dims;
  const [bi, bj, bk] = set.box.lo;
  const m = set.grid.ijkToLps;
  const boxes = labelBoxes(set);
  const marched: { id: string; name: string; mesh: RawMesh }[] = [];
  for (const s of set.structures) {
    const [i0, j0, k0, i1, j1, k1] = boxes.get(s.label)! as [number, number, number, number, number, number];
    if (i1 < 0) continue;
    const dims: [number, number, number] = [i1 - i0 + 1, j1 - j0 + 1, k1 - k0 + 1];
    const data = new Int16Array(dims[0] * dims[1] * dims[2]);
    for (let k = 0, n = 0; k < dims[2]; k++)
      for (let j = 0; j < dims[1]; j++) {
        // Each label's box lies in the labelled block.
        const row = i0 - bi + bx * (j0 + j - bj + by * (k0 + k - bk));
        for (let i = 0; i < dims[0]; i++, n++)
          data[n] = set.boxLabels[row + i] === s.label ? INSIDE : OUTSIDE;
      }
    // The crop's voxel (0,0,0) is the grid's (i0,j0,k0): shift the translation column by that voxel's LPS.
    const ijkToLps = [...m];
    for (let r = 0; r < 3; r++)
      ijkToLps[r * 4 + 3] = m[r * 4]! * i0 + m[r * 4 + 1]! * j0 + m[r * 4 + 2]! * k0 + m[r * 4 + 3]!;
    const mesh = marchingCubes(
      { dims, data, ijkToLps, rescaleSlope: 1, rescaleIntercept: 0 },
      { isoValue: 0 },
    );
    if (mesh.indices.length > 0) marched.push({ id: s.id, name: s.name, mesh });
  }
  const total = marched.reduce((acc, x) => acc + x.mesh.indices.length / 3, 0);
  const share = total > budget ? budget / total : 1;
  return marched.map(({ id, name, mesh }) => {
    const kept =
      share < 1 ? simplifyToBudget(mesh, Math.max(64, Math.floor((mesh.indices.length / 3) * share))) : mesh;
    return {
      id,
      name,
      positions: kept.positions,
      indices: kept.indices,
      normals: computeVertexNormals(kept.positions, kept.indices),
    };
  });
}

/** The worker's request (workers/structureSurfaceWorker.ts); it answers with the meshes. */
export interface StructureSurfaceRequest {
  structures: StructureSet;
  budget?: number;
}

/** Buffers a worker hands back without copying. */
export const structureMeshTransferables = (meshes: readonly StructureMesh[]): ArrayBuffer[] =>
  meshes.flatMap((m) => [m.positions.buffer, m.indices.buffer, m.normals.buffer] as ArrayBuffer[]);
