/**
 * An indexed triangle mesh in patient LPS millimetres. Triangles wind counter-clockwise seen from outside
 * (right-hand rule gives the outward normal), as glTF 2.0 (sec. 3.7.2.1) and STL expect.
 * Plain typed arrays: structured-cloneable and transferable to and from workers.
 */
export interface SurfaceMesh {
  /** x, y, z per vertex, LPS mm. */
  positions: Float32Array;
  /** Unit outward normal per vertex. */
  normals: Float32Array;
  /** Three vertex indices per triangle. */
  indices: Uint32Array;
}

/** The buffers to list in postMessage's transfer argument. */
export const meshTransferables = (mesh: SurfaceMesh): ArrayBuffer[] => [
  mesh.positions.buffer as ArrayBuffer,
  mesh.normals.buffer as ArrayBuffer,
  mesh.indices.buffer as ArrayBuffer,
];

export interface Bounds {
  min: [number, number, number];
  max: [number, number, number];
}

/** Axis-aligned bounds of the vertices actually used by triangles (unreferenced vertices are ignored). */
export function meshBounds(mesh: Pick<SurfaceMesh, 'positions' | 'indices'>): Bounds {
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  const { positions, indices } = mesh;
  for (let t = 0; t < indices.length; t++) {
    const v = indices[t]! * 3;
    for (let a = 0; a < 3; a++) {
      const x = positions[v + a]!;
      if (x < min[a]!) min[a] = x;
      if (x > max[a]!) max[a] = x;
    }
  }
  return { min, max };
}

/**
 * Area-weighted vertex normals from the triangles' winding (the cross product of two edges is twice the
 * area times the face normal, so summing it weights by area without a square root per face).
 */
export function computeVertexNormals(positions: Float32Array, indices: Uint32Array): Float32Array {
  const normals = new Float32Array(positions.length);
  for (let t = 0; t < indices.length; t += 3) {
    const a = indices[t]! * 3;
    const b = indices[t + 1]! * 3;
    const c = indices[t + 2]! * 3;
    const ux = positions[b]! - positions[a]!;
    const uy = positions[b + 1]! - positions[a + 1]!;
    const uz = positions[b + 2]! - positions[a + 2]!;
    const vx = positions[c]! - positions[a]!;
    const vy = positions[c + 1]! - positions[a + 1]!;
    const vz = positions[c + 2]! - positions[a + 2]!;
    const nx = uy * vz - uz * vy;
    const ny = uz * vx - ux * vz;
    const nz = ux * vy - uy * vx;
    for (const v of [a, b, c]) {
      normals[v] = normals[v]! + nx;
      normals[v + 1] = normals[v + 1]! + ny;
      normals[v + 2] = normals[v + 2]! + nz;
    }
  }
  for (let v = 0; v < normals.length; v += 3) {
    const len = Math.hypot(normals[v]!, normals[v + 1]!, normals[v + 2]!);
    if (len > 0) {
      normals[v] = normals[v]! / len;
      normals[v + 1] = normals[v + 1]! / len;
      normals[v + 2] = normals[v + 2]! / len;
    }
  }
  return normals;
}

/**
 * Drops vertices no triangle uses and renumbers the rest in order of first use. Returns the compacted
 * positions and indices; normals are recomputed by the caller when needed.
 */
export function compactVertices(
  positions: Float32Array,
  indices: Uint32Array,
): { positions: Float32Array; indices: Uint32Array } {
  const remap = new Int32Array(positions.length / 3).fill(-1);
  let used = 0;
  for (let t = 0; t < indices.length; t++) {
    const v = indices[t]!;
    if (remap[v] === -1) remap[v] = used++;
  }
  const outPositions = new Float32Array(used * 3);
  for (let v = 0; v < remap.length; v++) {
    const r = remap[v]!;
    if (r < 0) continue;
    outPositions[r * 3] = positions[v * 3]!;
    outPositions[r * 3 + 1] = positions[v * 3 + 1]!;
    outPositions[r * 3 + 2] = positions[v * 3 + 2]!;
  }
  const outIndices = new Uint32Array(indices.length);
  for (let t = 0; t < indices.length; t++) outIndices[t] = remap[indices[t]!]!;
  return { positions: outPositions, indices: outIndices };
}

/** A sphere holding the mesh: centre of its bounds, radius half their diagonal (for framing a camera). */
export function meshBoundingSphere(mesh: Pick<SurfaceMesh, 'positions' | 'indices'>): {
  centreLps: [number, number, number];
  radiusMm: number;
} {
  const { min, max } = meshBounds(mesh);
  const centreLps: [number, number, number] = [0, 1, 2].map((a) => (min[a]! + max[a]!) / 2) as [
    number,
    number,
    number,
  ];
  return { centreLps, radiusMm: Math.hypot(max[0] - min[0], max[1] - min[1], max[2] - min[2]) / 2 };
}
