import type { RawMesh } from './marchingCubes';
import { compactVertices } from './mesh';

/** Union-find root with path halving. */
function find(parent: Int32Array, v: number): number {
  let x = v;
  while (parent[x] !== x) {
    const up = parent[parent[x]!]!;
    parent[x] = up;
    x = up;
  }
  return x;
}

export interface ComponentFilterResult extends RawMesh {
  /** Connected pieces found (vertex-connected through triangles). */
  componentCount: number;
  /** Pieces dropped for having fewer triangles than the limit. */
  droppedComponents: number;
}

/**
 * Drops connected pieces with fewer than `minTriangles` triangles: at a bone threshold these are specks
 * of noise, calcified plaque or contrast, which cost triangles and confuse picking. Connectivity is
 * through shared vertices (union-find over each triangle's vertices, Tarjan 1975), O(n alpha(n)).
 */
export function dropSmallComponents(mesh: RawMesh, minTriangles: number): ComponentFilterResult {
  const vertexTotal = mesh.positions.length / 3;
  const parent = new Int32Array(vertexTotal);
  for (let v = 0; v < vertexTotal; v++) parent[v] = v;
  const { indices } = mesh;
  for (let t = 0; t < indices.length; t += 3) {
    const a = find(parent, indices[t]!);
    const b = find(parent, indices[t + 1]!);
    const c = find(parent, indices[t + 2]!);
    if (a !== b) parent[b] = a;
    if (a !== c) parent[find(parent, c)] = find(parent, a);
  }
  const trianglesPerRoot = new Uint32Array(vertexTotal);
  for (let t = 0; t < indices.length; t += 3) {
    const root = find(parent, indices[t]!);
    trianglesPerRoot[root] = trianglesPerRoot[root]! + 1;
  }
  let componentCount = 0;
  let droppedComponents = 0;
  for (let v = 0; v < vertexTotal; v++) {
    const n = trianglesPerRoot[v]!;
    if (n === 0) continue;
    componentCount++;
    if (n < minTriangles) droppedComponents++;
  }
  if (droppedComponents === 0) return { ...mesh, componentCount, droppedComponents };
  const kept = new Uint32Array(indices.length);
  let length = 0;
  for (let t = 0; t < indices.length; t += 3) {
    if (trianglesPerRoot[find(parent, indices[t]!)]! < minTriangles) continue;
    kept[length++] = indices[t]!;
    kept[length++] = indices[t + 1]!;
    kept[length++] = indices[t + 2]!;
  }
  return { ...compactVertices(mesh.positions, kept.slice(0, length)), componentCount, droppedComponents };
}
