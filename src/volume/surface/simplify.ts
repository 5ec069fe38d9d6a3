import type { RawMesh } from './marchingCubes';
import { compactVertices } from './mesh';

/**
 * Triangle-budget simplification by vertex clustering (Rossignac & Borrel, "Multi-resolution 3D
 * approximations for rendering complex scenes", 1993): snap every vertex to a cubic grid cell of side
 * `cellMm`, replace each cell's vertices by their mean, drop triangles that collapse (two corners in
 * one cell) and duplicates.
 *
 * Trade-off, chosen on purpose: clustering is O(n), needs no priority queue, never fails on the
 * non-manifold input a noisy CT produces, and bounds the geometric error by the cell diagonal (sqrt(3) *
 * cellMm); at a 300k budget on a lumbar CT the cell is about a voxel, so the loss is small. Quadric edge
 * collapse (Garland & Heckbert, SIGGRAPH 1997) keeps sharp features better for the same count, but is
 * O(n log n), several times slower and more code; clustering can merge sheets closer than one cell
 * (thin joint gaps) and can leave a few non-manifold edges, which rendering, picking and export tolerate.
 */
export function clusterVertices(mesh: RawMesh, cellMm: number): RawMesh {
  if (!(cellMm > 0)) throw new RangeError(`cellMm must be positive, got ${cellMm}`);
  const { positions, indices } = mesh;
  const vertexTotal = positions.length / 3;
  if (vertexTotal === 0) return mesh;
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let v = 0; v < positions.length; v += 3)
    for (let a = 0; a < 3; a++) {
      min[a] = Math.min(min[a]!, positions[v + a]!);
      max[a] = Math.max(max[a]!, positions[v + a]!);
    }
  const gx = Math.floor((max[0]! - min[0]!) / cellMm) + 1;
  const gy = Math.floor((max[1]! - min[1]!) / cellMm) + 1;

  // Cell key -> cluster id; sums in float64 so a million small additions stay exact enough.
  const clusterOf = new Int32Array(vertexTotal);
  const ids = new Map<number, number>();
  const sums = new Float64Array(vertexTotal * 3);
  const counts = new Uint32Array(vertexTotal);
  for (let v = 0; v < vertexTotal; v++) {
    const x = positions[v * 3]!;
    const y = positions[v * 3 + 1]!;
    const z = positions[v * 3 + 2]!;
    const key =
      Math.floor((x - min[0]!) / cellMm) +
      gx * (Math.floor((y - min[1]!) / cellMm) + gy * Math.floor((z - min[2]!) / cellMm));
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    clusterOf[v] = id;
    sums[id * 3] = sums[id * 3]! + x;
    sums[id * 3 + 1] = sums[id * 3 + 1]! + y;
    sums[id * 3 + 2] = sums[id * 3 + 2]! + z;
    counts[id] = counts[id]! + 1;
  }

  // A triangle survives if its three clusters differ; one copy per cluster triple and orientation.
  // Two triangles over the same clusters with opposite windings are a collapsed fin: both go.
  const seen = new Map<string, number>();
  const out: number[] = [];
  for (let t = 0; t < indices.length; t += 3) {
    const a = clusterOf[indices[t]!]!;
    const b = clusterOf[indices[t + 1]!]!;
    const c = clusterOf[indices[t + 2]!]!;
    if (a === b || b === c || a === c) continue;
    const sorted = [a, b, c].sort((p, q) => p - q);
    const key = `${sorted[0]},${sorted[1]},${sorted[2]}`;
    // Orientation parity: even rotations of (a, b, c) keep the smallest first in the same cyclic order.
    const even = (a < b ? 1 : 0) + (b < c ? 1 : 0) + (c < a ? 1 : 0) === 2;
    const previous = seen.get(key);
    if (previous === undefined) {
      seen.set(key, out.length);
      out.push(a, b, c);
    } else if (previous >= 0) {
      const [pa, pb, pc] = [out[previous]!, out[previous + 1]!, out[previous + 2]!];
      const previousEven = (pa < pb ? 1 : 0) + (pb < pc ? 1 : 0) + (pc < pa ? 1 : 0) === 2;
      if (previousEven !== even) {
        out[previous] = -1; // mark removed; filtered below
        seen.set(key, -1);
      }
    }
  }
  const kept = out.filter((_, i) => out[i - (i % 3)] !== -1);
  const clusterTotal = ids.size;
  const clusterPositions = new Float32Array(clusterTotal * 3);
  for (let id = 0; id < clusterTotal; id++)
    for (let a = 0; a < 3; a++) clusterPositions[id * 3 + a] = sums[id * 3 + a]! / counts[id]!;
  return compactVertices(clusterPositions, Uint32Array.from(kept));
}

/** Total triangle area, mm^2. */
export function surfaceAreaMm2(mesh: RawMesh): number {
  const { positions: p, indices } = mesh;
  let area = 0;
  for (let t = 0; t < indices.length; t += 3) {
    const a = indices[t]! * 3;
    const b = indices[t + 1]! * 3;
    const c = indices[t + 2]! * 3;
    const ux = p[b]! - p[a]!;
    const uy = p[b + 1]! - p[a + 1]!;
    const uz = p[b + 2]! - p[a + 2]!;
    const vx = p[c]! - p[a]!;
    const vy = p[c + 1]! - p[a + 1]!;
    const vz = p[c + 2]! - p[a + 2]!;
    area += Math.hypot(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx) / 2;
  }
  return area;
}

export interface SimplifiedMesh extends RawMesh {
  /** Cluster cell used, mm (0: the mesh already fitted the budget and is returned unchanged). */
  cellMm: number;
}

/**
 * Clusters with the smallest cell (searched, a few passes) that brings the mesh within `maxTriangles`.
 * First guess from the area: a surface of area A on a grid of cell c has about A / c^2 vertices and
 * twice as many triangles; each further pass scales the cell by sqrt(count / budget).
 */
export function simplifyToBudget(mesh: RawMesh, maxTriangles: number): SimplifiedMesh {
  if (!(maxTriangles >= 1)) throw new RangeError(`maxTriangles must be at least 1, got ${maxTriangles}`);
  if (mesh.indices.length / 3 <= maxTriangles) return { ...mesh, cellMm: 0 };
  let cellMm = Math.sqrt((2 * surfaceAreaMm2(mesh)) / maxTriangles);
  for (;;) {
    const result = clusterVertices(mesh, cellMm);
    const count = result.indices.length / 3;
    if (count <= maxTriangles) return { ...result, cellMm };
    cellMm *= Math.max(1.02, Math.sqrt(count / maxTriangles) * 1.01);
  }
}
