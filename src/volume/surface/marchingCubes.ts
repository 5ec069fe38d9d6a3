import type { Volume } from '../volume';
import { GrowableFloat32, GrowableUint32 } from './growable';
import { EDGE_TABLE, TRI_TABLE } from './tables';

/**
 * Bone threshold for CT, HU. Cortical bone is > ~700 HU and cancellous bone 150-400 HU (planning/huThresholds.ts, Kalender 2011):
 * a threshold at the cortical level would leave the vertebral bodies hollow shells with holes, and one
 * below ~150 picks up contrast-filled vessels and partial-volume soft tissue. 250 HU keeps the whole
 * vertebra (cortex plus most trabecular bone) and drops venous-phase contrast; it matches the 3D view's
 * bone iso preset (transferFunctionPresets isoHu 250).
 */
export const BONE_THRESHOLD_HU = 250;

export interface MarchingCubesOptions {
  /** Iso value in the volume's real units (HU for CT); voxels >= it are inside. */
  isoValue: number;
  /**
   * Sample every step-th voxel along i, j and k (1, 2 or 4; or one per axis). Point sampling, not
   * averaging: a box filter would thin a 1 mm cortex below the threshold at step 2.
   */
  step?: number | readonly [number, number, number];
  /** Called after each slab of cells (for progress bars in a worker). */
  onProgress?: (done: number, total: number) => void;
  /**
   * For a slab of a larger volume (slabs.ts): whether its first and last sample planes are the volume's own
   * ends (padded with outside samples and capped) or planes shared with the neighbouring slab (no cells
   * beyond them: the neighbour marches those). Default: both ends are the volume's.
   */
  ends?: { low: boolean; high: boolean };
}

/** Vertex ids of the x and y edges of one sample plane, by padded in-plane index (-1 = none). */
export interface PlaneEdgeVertices {
  x: Int32Array;
  y: Int32Array;
}

/** Positions (LPS mm) and triangle indices; normals are computed after simplification. */
export interface RawMesh {
  positions: Float32Array;
  indices: Uint32Array;
}

/** A slab's mesh with the vertices of its first and last sample planes, to weld it to its neighbours. */
export interface SlabMesh extends RawMesh {
  lowPlane: PlaneEdgeVertices;
  highPlane: PlaneEdgeVertices;
}

type SurfaceVolume = Pick<Volume, 'dims' | 'data' | 'ijkToLps' | 'rescaleSlope' | 'rescaleIntercept'>;

/** Determinant of the 3x3 linear part of a row-major 4x4 matrix. */
export function linearDeterminant(m: readonly number[]): number {
  const [a, b, c] = [m[0]!, m[1]!, m[2]!];
  const [d, e, f] = [m[4]!, m[5]!, m[6]!];
  const [g, h, i] = [m[8]!, m[9]!, m[10]!];
  return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
}

/**
 * Isosurface by marching cubes (Lorensen & Cline, SIGGRAPH 1987) on the volume's Int16 voxels.
 *
 * - Indexed mesh: each grid edge gets one vertex, found again through per-slab edge-id tables (an exact
 *   hash: edge id = axis + grid point), so neighbouring cells share vertices and the mesh is watertight.
 * - The grid is padded with one layer of "outside" samples, so bone cut by the volume's border is capped
 *   there (closed surface); cap vertices sit on the volume's outer face (half a voxel beyond the border
 *   voxel centres), so caps are flat, their triangles not degenerate, and the mesh never leaves the
 *   volume's footprint.
 * - Stored values are integers: the iso value is moved to the half-integer below it, which classifies
 *   every voxel exactly as ">= iso" does but never puts a vertex on a voxel centre (no zero-area
 *   triangles where a voxel equals the threshold).
 * - Vertices go through `ijkToLps` (so tilted, sheared, feet-first volumes land right); when that matrix
 *   mirrors space (negative determinant) the winding is flipped so triangles stay counter-clockwise from
 *   outside.
 */
export function marchingCubes(volume: SurfaceVolume, options: MarchingCubesOptions): SlabMesh {
  const [nx, ny, nz] = volume.dims;
  const steps =
    typeof options.step === 'object' ? options.step : ([1, 1, 1].map(() => options.step ?? 1) as number[]);
  const [sx, sy, sz] = steps as [number, number, number];
  if (![sx, sy, sz].every((s) => Number.isInteger(s) && s >= 1))
    throw new RangeError(`step must be whole numbers >= 1, got ${steps.join(', ')}`);
  if (!(volume.rescaleSlope > 0)) throw new RangeError('marchingCubes needs a positive rescale slope');
  const iso = Math.ceil((options.isoValue - volume.rescaleIntercept) / volume.rescaleSlope) - 0.5;
  const data = volume.data;

  // Sample grid (a, b, c) -> voxel (a*sx, b*sy, c*sz); padded planes hold one outside sample each side.
  const NX = Math.floor((nx - 1) / sx) + 1;
  const NY = Math.floor((ny - 1) / sy) + 1;
  const NZ = Math.floor((nz - 1) / sz) + 1;
  const PX = NX + 2;
  const planeSize = PX * (NY + 2);
  const OUT = Number.NEGATIVE_INFINITY;
  const fillPlane = (plane: Float32Array, c: number) => {
    plane.fill(OUT);
    if (c < 0 || c >= NZ) return;
    const k = c * sz;
    for (let b = 0; b < NY; b++) {
      const src = nx * (b * sy + ny * k);
      const dst = 1 + PX * (b + 1);
      for (let a = 0; a < NX; a++) plane[dst + a] = data[src + a * sx]!;
    }
  };

  // Sample coordinates -> LPS: fold the steps into the matrix columns.
  const m = volume.ijkToLps;
  const m00 = m[0]! * sx,
    m01 = m[1]! * sy,
    m02 = m[2]! * sz,
    m03 = m[3]!;
  const m10 = m[4]! * sx,
    m11 = m[5]! * sy,
    m12 = m[6]! * sz,
    m13 = m[7]!;
  const m20 = m[8]! * sx,
    m21 = m[9]! * sy,
    m22 = m[10]! * sz,
    m23 = m[11]!;
  // With Bourke's tables and "bit set = below iso", triangles wind counter-clockwise seen from the low
  // (outside) side in a right-handed grid; a mirroring matrix reverses that, so flip the winding then.
  const flip = linearDeterminant(m) < 0;

  // The volume's outer faces in sample units: half a voxel beyond the first and last voxel centres.
  const lowFace = [-0.5 / sx, -0.5 / sy, -0.5 / sz];
  const highFace = [(nx - 0.5) / sx, (ny - 0.5) / sy, (nz - 0.5) / sz];
  const positions = new GrowableFloat32(1 << 16);
  const indices = new GrowableUint32(1 << 16);
  let vertexTotal = 0;

  let below = new Float32Array(planeSize);
  let above = new Float32Array(planeSize);
  let xBelow = new Int32Array(planeSize).fill(-1);
  let xAbove = new Int32Array(planeSize).fill(-1);
  let yBelow = new Int32Array(planeSize).fill(-1);
  let yAbove = new Int32Array(planeSize).fill(-1);
  const zEdges = new Int32Array(planeSize);
  const edgeVertex = new Int32Array(12);

  /** Vertex on the edge from padded point p (value v0) to its neighbour (value v1) along `axis`. */
  const addVertex = (p: number, c: number, axis: 0 | 1 | 2, v0: number, v1: number): number => {
    const along = [(p % PX) - 1, Math.floor(p / PX) - 1, c];
    // An outside sample lies beyond the border only along this edge's axis (else both ends are outside).
    if (v0 === OUT) along[axis] = lowFace[axis]!;
    else if (v1 === OUT) along[axis] = highFace[axis]!;
    else along[axis] = along[axis]! + (iso - v0) / (v1 - v0);
    const [a, b, cc] = along as [number, number, number];
    positions.push3(
      m00 * a + m01 * b + m02 * cc + m03,
      m10 * a + m11 * b + m12 * cc + m13,
      m20 * a + m21 * b + m22 * cc + m23,
    );
    return vertexTotal++;
  };
  /** The vertex of an edge, made on first use and then found again through the edge's slab table. */
  const cached = (
    table: Int32Array,
    p: number,
    c: number,
    axis: 0 | 1 | 2,
    v0: number,
    v1: number,
  ): number => {
    const known = table[p]!;
    if (known >= 0) return known;
    const made = addVertex(p, c, axis, v0, v1);
    table[p] = made;
    return made;
  };

  const firstCell = (options.ends?.low ?? true) ? -1 : 0;
  const endCell = (options.ends?.high ?? true) ? NZ : NZ - 1;
  let lowPlane: PlaneEdgeVertices = { x: new Int32Array(0), y: new Int32Array(0) };
  fillPlane(above, firstCell);
  for (let c = firstCell; c < endCell; c++) {
    [below, above] = [above, below];
    [xBelow, xAbove] = [xAbove, xBelow];
    [yBelow, yAbove] = [yAbove, yBelow];
    xAbove.fill(-1);
    yAbove.fill(-1);
    zEdges.fill(-1);
    fillPlane(above, c + 1);
    for (let b = -1; b < NY; b++) {
      for (let a = -1; a < NX; a++) {
        const p0 = a + 1 + PX * (b + 1);
        const p1 = p0 + 1;
        const p2 = p1 + PX;
        const p3 = p0 + PX;
        const v0 = below[p0]!;
        const v1 = below[p1]!;
        const v2 = below[p2]!;
        const v3 = below[p3]!;
        const v4 = above[p0]!;
        const v5 = above[p1]!;
        const v6 = above[p2]!;
        const v7 = above[p3]!;
        let cube = 0;
        if (v0 < iso) cube |= 1;
        if (v1 < iso) cube |= 2;
        if (v2 < iso) cube |= 4;
        if (v3 < iso) cube |= 8;
        if (v4 < iso) cube |= 16;
        if (v5 < iso) cube |= 32;
        if (v6 < iso) cube |= 64;
        if (v7 < iso) cube |= 128;
        const edges = EDGE_TABLE[cube]!;
        if (edges === 0) continue;
        if (edges & 1) edgeVertex[0] = cached(xBelow, p0, c, 0, v0, v1);
        if (edges & 2) edgeVertex[1] = cached(yBelow, p1, c, 1, v1, v2);
        if (edges & 4) edgeVertex[2] = cached(xBelow, p3, c, 0, v3, v2);
        if (edges & 8) edgeVertex[3] = cached(yBelow, p0, c, 1, v0, v3);
        if (edges & 16) edgeVertex[4] = cached(xAbove, p0, c + 1, 0, v4, v5);
        if (edges & 32) edgeVertex[5] = cached(yAbove, p1, c + 1, 1, v5, v6);
        if (edges & 64) edgeVertex[6] = cached(xAbove, p3, c + 1, 0, v7, v6);
        if (edges & 128) edgeVertex[7] = cached(yAbove, p0, c + 1, 1, v4, v7);
        if (edges & 256) edgeVertex[8] = cached(zEdges, p0, c, 2, v0, v4);
        if (edges & 512) edgeVertex[9] = cached(zEdges, p1, c, 2, v1, v5);
        if (edges & 1024) edgeVertex[10] = cached(zEdges, p2, c, 2, v2, v6);
        if (edges & 2048) edgeVertex[11] = cached(zEdges, p3, c, 2, v3, v7);
        const row = cube * 16;
        for (let e = row; TRI_TABLE[e]! >= 0; e += 3) {
          const i0 = edgeVertex[TRI_TABLE[e]!]!;
          const i1 = edgeVertex[TRI_TABLE[e + 1]!]!;
          const i2 = edgeVertex[TRI_TABLE[e + 2]!]!;
          if (flip) indices.push3(i0, i2, i1);
          else indices.push3(i0, i1, i2);
        }
      }
    }
    if (c === firstCell) lowPlane = { x: xBelow.slice(), y: yBelow.slice() };
    options.onProgress?.(c - firstCell + 1, endCell - firstCell);
  }
  return {
    positions: positions.toArray(),
    indices: indices.toArray(),
    lowPlane,
    highPlane: { x: xAbove.slice(), y: yAbove.slice() },
  };
}
