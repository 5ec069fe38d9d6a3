import type { Volume } from '../volume';
import type { RawMesh, SlabMesh } from './marchingCubes';
import { compactVertices } from './mesh';

type SlabSource = Pick<Volume, 'dims' | 'data' | 'ijkToLps' | 'rescaleSlope' | 'rescaleIntercept'>;

/** A run of slices [kFrom, kTo] (inclusive; neighbours share their boundary slice) and whether its ends are the volume's. */
export interface Slab {
  kFrom: number;
  kTo: number;
  ends: { low: boolean; high: boolean };
}

/**
 * Splits the sampled slices (every `stepK`-th) into up to `count` slabs of about equal cell layers, each at
 * least two sample planes thick, neighbours sharing their boundary plane (marched once, by the lower slab's
 * last layer of cells, and welded afterwards).
 */
export function planSlabs(nz: number, stepK: number, count: number): Slab[] {
  const planes = Math.floor((nz - 1) / stepK) + 1;
  const n = Math.max(1, Math.min(count, planes - 1));
  const slabs: Slab[] = [];
  for (let s = 0; s < n; s++) {
    const from = Math.round((s * (planes - 1)) / n);
    const to = Math.round(((s + 1) * (planes - 1)) / n);
    // The last slab keeps the volume's last slices (beyond the last sampled one): its cap lies at the
    // volume's own outer face, as when the whole volume is marched.
    const last = s === n - 1;
    slabs.push({ kFrom: from * stepK, kTo: last ? nz - 1 : to * stepK, ends: { low: s === 0, high: last } });
  }
  return slabs;
}

/** The slab's slices as a volume of their own (a copy; its matrix moved to the slab's first slice). */
export function slabVolume(volume: SlabSource, slab: Slab): SlabSource {
  const [nx, ny] = volume.dims;
  const plane = nx * ny;
  const m = [...volume.ijkToLps];
  // ijk (i, j, k - kFrom) -> LPS: the translation column takes kFrom along the k column.
  for (let r = 0; r < 3; r++) m[r * 4 + 3] = m[r * 4 + 3]! + m[r * 4 + 2]! * slab.kFrom;
  return {
    dims: [nx, ny, slab.kTo - slab.kFrom + 1],
    data: volume.data.slice(slab.kFrom * plane, (slab.kTo + 1) * plane),
    ijkToLps: m,
    rescaleSlope: volume.rescaleSlope,
    rescaleIntercept: volume.rescaleIntercept,
  };
}

/**
 * Joins slab meshes (cranial order as planned) into one indexed mesh: each vertex on a shared plane is
 * the same edge crossing in both slabs (the same samples decide it), so the upper slab's copy is replaced
 * by the lower slab's and the mesh stays watertight across the seam; unused copies are then dropped.
 */
export function weldSlabs(slabs: readonly SlabMesh[]): RawMesh {
  let vertexTotal = 0;
  let indexTotal = 0;
  for (const s of slabs) {
    vertexTotal += s.positions.length / 3;
    indexTotal += s.indices.length;
  }
  const positions = new Float32Array(vertexTotal * 3);
  const indices = new Uint32Array(indexTotal);
  let vertexBase = 0;
  let indexAt = 0;
  let previous: { slab: SlabMesh; base: number } | null = null;
  for (const slab of slabs) {
    positions.set(slab.positions, vertexBase * 3);
    const count = slab.positions.length / 3;
    const remap = new Int32Array(count);
    for (let v = 0; v < count; v++) remap[v] = vertexBase + v;
    if (previous) {
      const { slab: below, base } = previous;
      for (const axis of ['x', 'y'] as const) {
        const mine = slab.lowPlane[axis];
        const theirs = below.highPlane[axis];
        for (let p = 0; p < mine.length; p++) {
          const v = mine[p]!;
          const w = theirs[p]!;
          if (v >= 0 && w >= 0) remap[v] = base + w;
        }
      }
    }
    for (let t = 0; t < slab.indices.length; t++) indices[indexAt++] = remap[slab.indices[t]!]!;
    previous = { slab, base: vertexBase };
    vertexBase += count;
  }
  return compactVertices(positions, indices);
}
