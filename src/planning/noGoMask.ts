import type { Mat4 } from '../core/mat4';
import { invert4, transformPoint } from '../core/mat4';
import type { Vec3 } from '../core/vec3';
import { dot, length, sub } from '../core/vec3';
import { type ClearanceStructure, type MaskGeometry, maskLabelledAt } from './clearance';

/**
 * Painted no-go regions (issue 7): voxels of the planned volume's grid the user painted on the 2D views,
 * stored sparsely in the plan as run lists per slice. A run list is [start, length, start, length, ...] over
 * the in-slice index i + nx * j, sorted, non-overlapping and non-touching (touching runs are merged), so the
 * encoding of a set of voxels is unique and a round trip is exact.
 */

/** The voxel grid a region is painted on: the volume's dims and voxel-centre-to-LPS matrix (Volume.ijkToLps). */
export interface MaskGrid {
  dims: readonly [number, number, number];
  ijkToLps: Mat4;
}

export interface MaskSliceRuns {
  /** Slice index along the grid's third axis. */
  k: number;
  runs: number[];
}

export interface PaintedRegion {
  id: string;
  name: string;
  /** Required clearance (mm); closer violates. Default 0. */
  marginMm?: number;
  grid: MaskGrid;
  /** Slices holding painted voxels, by ascending k; a slice with no runs is left out. */
  slices: MaskSliceRuns[];
}

/** Run list of a slice bitmap (non-zero = painted). */
export function encodeRuns(bitmap: Uint8Array): number[] {
  const runs: number[] = [];
  let start = -1;
  for (let i = 0; i <= bitmap.length; i++) {
    const on = i < bitmap.length && bitmap[i] !== 0;
    if (on && start < 0) start = i;
    else if (!on && start >= 0) {
      runs.push(start, i - start);
      start = -1;
    }
  }
  return runs;
}

/** Writes `value` into `bitmap` over every run. */
export function decodeRuns(runs: readonly number[], bitmap: Uint8Array, value = 1): Uint8Array {
  for (let r = 0; r + 1 < runs.length; r += 2) bitmap.fill(value, runs[r]!, runs[r]! + runs[r + 1]!);
  return bitmap;
}

/** The parts of sorted runs inside [from, to), shifted by `shift`. */
function clipRuns(runs: readonly number[], from: number, to: number, shift: number): number[] {
  const out: number[] = [];
  for (let r = 0; r + 1 < runs.length; r += 2) {
    const a = Math.max(from, runs[r]!);
    const b = Math.min(to, runs[r]! + runs[r + 1]!);
    if (a < b) out.push(a + shift, b - a);
  }
  return out;
}

/** Sorted, non-overlapping runs with touching neighbours joined (the unique encoding). */
function mergeRuns(runs: readonly number[]): number[] {
  const out: number[] = [];
  for (let r = 0; r + 1 < runs.length; r += 2) {
    const n = out.length;
    if (n > 0 && out[n - 2]! + out[n - 1]! === runs[r]) out[n - 1]! += runs[r + 1]!;
    else out.push(runs[r]!, runs[r + 1]!);
  }
  return out;
}

/** Painted voxels in a region. */
export function paintedVoxelCount(region: Pick<PaintedRegion, 'slices'>): number {
  let n = 0;
  for (const s of region.slices) for (let r = 1; r < s.runs.length; r += 2) n += s.runs[r]!;
  return n;
}

/** Volume of one voxel (mm^3): |det| of the matrix's linear part. */
export function voxelVolumeMm3(grid: MaskGrid): number {
  const m = grid.ijkToLps;
  const c0: Vec3 = [m[0]!, m[4]!, m[8]!];
  const c1: Vec3 = [m[1]!, m[5]!, m[9]!];
  const c2: Vec3 = [m[2]!, m[6]!, m[10]!];
  return Math.abs(
    c0[0] * (c1[1] * c2[2] - c1[2] * c2[1]) -
      c1[0] * (c0[1] * c2[2] - c0[2] * c2[1]) +
      c2[0] * (c0[1] * c1[2] - c0[2] * c1[1]),
  );
}

/** Voxel spacing along each grid axis (mm): the matrix's column lengths. */
export function gridSpacingMm(grid: MaskGrid): Vec3 {
  const m = grid.ijkToLps;
  return [0, 1, 2].map((c) => length([m[c]!, m[4 + c]!, m[8 + c]!])) as unknown as Vec3;
}

/** A brush dab: a disc of `radiusMm` about `centreLps` in the plane with unit normal `normalLps`. */
export interface BrushDab {
  centreLps: Vec3;
  normalLps: Vec3;
  radiusMm: number;
  /** Clears instead of painting. */
  erase?: boolean;
}

/**
 * The region with one dab painted (or erased). The disc is one voxel thick: voxel centres within half the
 * largest spacing of its plane (so an oblique plane leaves no holes) and within the radius in the plane.
 * Returns the same object when nothing changed.
 */
export function paintDab(region: PaintedRegion, dab: BrushDab): PaintedRegion {
  const { dims, ijkToLps } = region.grid;
  const [nx, ny, nz] = dims;
  const halfThickMm = Math.max(...gridSpacingMm(region.grid)) / 2;
  // The disc's half extent along each LPS axis: r * sqrt(1 - n_a^2) in its plane plus the thickness.
  const reach = [0, 1, 2].map(
    (a) =>
      dab.radiusMm * Math.sqrt(Math.max(0, 1 - dab.normalLps[a]! ** 2)) +
      halfThickMm * Math.abs(dab.normalLps[a]!),
  );
  const toIjk = invert4(ijkToLps);
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let c = 0; c < 8; c++) {
    const corner: Vec3 = [0, 1, 2].map(
      (a) => dab.centreLps[a]! + (c & (1 << a) ? reach[a]! : -reach[a]!),
    ) as unknown as Vec3;
    const ijk = transformPoint(toIjk, corner);
    for (let a = 0; a < 3; a++) {
      lo[a] = Math.min(lo[a]!, ijk[a]!);
      hi[a] = Math.max(hi[a]!, ijk[a]!);
    }
  }
  const i0 = Math.max(0, Math.ceil(lo[0]!));
  const j0 = Math.max(0, Math.ceil(lo[1]!));
  const k0 = Math.max(0, Math.ceil(lo[2]!));
  const i1 = Math.min(nx - 1, Math.floor(hi[0]!));
  const j1 = Math.min(ny - 1, Math.floor(hi[1]!));
  const k1 = Math.min(nz - 1, Math.floor(hi[2]!));
  if (i0 > i1 || j0 > j1 || k0 > k1) return region;
  const byK = new Map(region.slices.map((s) => [s.k, s]));
  // Only the rows the dab touches are decoded and re-encoded (the window [winStart, winEnd) of the slice).
  const winStart = nx * j0;
  const winEnd = nx * (j1 + 1);
  const rowWindow = new Uint8Array(winEnd - winStart);
  const value = dab.erase ? 0 : 1;
  const r2 = dab.radiusMm * dab.radiusMm;
  let changed = false;
  for (let k = k0; k <= k1; k++) {
    const before = byK.get(k)?.runs ?? [];
    rowWindow.fill(0);
    decodeRuns(clipRuns(before, winStart, winEnd, -winStart), rowWindow);
    let sliceChanged = false;
    for (let j = j0; j <= j1; j++)
      for (let i = i0; i <= i1; i++) {
        const idx = i + nx * j - winStart;
        if (rowWindow[idx] === value) continue;
        const d = sub(transformPoint(ijkToLps, [i, j, k]), dab.centreLps);
        const along = dot(d, dab.normalLps);
        if (Math.abs(along) > halfThickMm || dot(d, d) - along * along > r2) continue;
        rowWindow[idx] = value;
        sliceChanged = true;
      }
    if (!sliceChanged) continue;
    changed = true;
    const runs = mergeRuns([
      ...clipRuns(before, 0, winStart, 0),
      ...encodeRuns(rowWindow).map((x, n) => (n % 2 === 0 ? x + winStart : x)),
      ...clipRuns(before, winEnd, Number.POSITIVE_INFINITY, 0),
    ]);
    if (runs.length > 0) byK.set(k, { k, runs });
    else byK.delete(k);
  }
  if (!changed) return region;
  return { ...region, slices: [...byK.values()].sort((a, b) => a.k - b.k) };
}

/** Inclusive voxel bounds of the painted voxels, or undefined when none. */
export function paintedBounds(
  region: Pick<PaintedRegion, 'grid' | 'slices'>,
): { min: Vec3; max: Vec3 } | undefined {
  const nx = region.grid.dims[0];
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (const s of region.slices)
    for (let r = 0; r + 1 < s.runs.length; r += 2) {
      const start = s.runs[r]!;
      const end = start + s.runs[r + 1]! - 1;
      const ja = Math.floor(start / nx);
      const jb = Math.floor(end / nx);
      // A run crossing a row end covers whole rows between: every i of them.
      const ia = ja === jb ? start - ja * nx : 0;
      const ib = ja === jb ? end - jb * nx : nx - 1;
      const lo: Vec3 = [ia, ja, s.k];
      const hi: Vec3 = [ib, jb, s.k];
      for (let a = 0; a < 3; a++) {
        min[a] = Math.min(min[a]!, lo[a]!);
        max[a] = Math.max(max[a]!, hi[a]!);
      }
    }
  return min[0] === Infinity ? undefined : { min: min as unknown as Vec3, max: max as unknown as Vec3 };
}

/**
 * The painted voxels as a dense mask cropped to their bounding box (its matrix moved to the box's first
 * voxel), for clearance.ts and the 2D overlay: small for a hand-painted blob whatever the volume's size.
 */
export function croppedMask(region: Pick<PaintedRegion, 'grid' | 'slices'>): MaskGeometry | undefined {
  const b = paintedBounds(region);
  if (!b) return undefined;
  const nx = region.grid.dims[0];
  const cx = b.max[0] - b.min[0] + 1;
  const cy = b.max[1] - b.min[1] + 1;
  const cz = b.max[2] - b.min[2] + 1;
  const labels = new Uint8Array(cx * cy * cz);
  // Each run is cut at row ends; every painted voxel lies inside the box, so no clipping is needed.
  for (const s of region.slices) {
    const base = cx * cy * (s.k - b.min[2]);
    for (let r = 0; r + 1 < s.runs.length; r += 2) {
      const end = s.runs[r]! + s.runs[r + 1]!;
      for (let idx = s.runs[r]!; idx < end; ) {
        const j = Math.floor(idx / nx);
        const rowEnd = Math.min(end, nx * (j + 1));
        const at = base + cx * (j - b.min[1]) - b.min[0] - nx * j;
        labels.fill(1, at + idx, at + rowEnd);
        idx = rowEnd;
      }
    }
  }
  const m = region.grid.ijkToLps;
  const origin = transformPoint(m, b.min);
  const ijkToLps: Mat4 = [
    m[0]!,
    m[1]!,
    m[2]!,
    origin[0],
    m[4]!,
    m[5]!,
    m[6]!,
    origin[1],
    m[8]!,
    m[9]!,
    m[10]!,
    origin[2],
    0,
    0,
    0,
    1,
  ];
  return { kind: 'mask', dims: [cx, cy, cz], ijkToLps, labels, label: 1 };
}

/** Regions with painted voxels as clearance structures (empty regions are left out). */
export function paintedStructures(regions: readonly PaintedRegion[]): ClearanceStructure<MaskGeometry>[] {
  const out: ClearanceStructure<MaskGeometry>[] = [];
  for (const r of regions) {
    const geometry = croppedMask(r);
    if (!geometry) continue;
    const s: ClearanceStructure<MaskGeometry> = { id: r.id, name: r.name, geometry };
    if (r.marginMm !== undefined) s.marginMm = r.marginMm;
    out.push(s);
  }
  return out;
}

/** Whether the voxel nearest to an LPS point is painted in a cropped mask (2D overlay lookups). */
export function maskLookup(mask: MaskGeometry): (lps: Vec3) => boolean {
  const toIjk = invert4(mask.ijkToLps);
  return (lps) => {
    const [fi, fj, fk] = transformPoint(toIjk, lps);
    return maskLabelledAt(mask, Math.round(fi), Math.round(fj), Math.round(fk));
  };
}

/** Same grid (dims and matrix to 1 um): a region painted on another series' grid must not be reused. */
export function sameGrid(a: MaskGrid, b: MaskGrid): boolean {
  return (
    a.dims.every((d, i) => d === b.dims[i]) &&
    a.ijkToLps.every((v, i) => Math.abs(v - (b.ijkToLps[i] ?? Number.NaN)) < 1e-3)
  );
}
