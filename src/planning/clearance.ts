import type { VoxelBlock } from '../analysis/types';
import type { Mat4 } from '../core/mat4';
import { invert4, transformPoint } from '../core/mat4';
import type { Vec3 } from '../core/vec3';
import { add, distance, length, lerp, scale, sub } from '../core/vec3';
import { lpsBoxAround, voxelBoundsOfLpsBox } from '../volume/voxelBox';
import { closestOnSegment, closestSegmentSegment } from './segments';

export { closestSegmentSegment } from './segments';

/** Serializable no-go shapes the user marks (stored in plan files). LPS mm. */
export type NoGoShape =
  | { kind: 'point'; pointLps: Vec3 }
  | { kind: 'polyline'; pointsLps: Vec3[] }
  | { kind: 'sphere'; centreLps: Vec3; radiusMm: number }
  | { kind: 'capsule'; aLps: Vec3; bLps: Vec3; radiusMm: number };

/**
 * A labelled voxel mask (painted regions, the analysis's structures): `labels[i + nx * (j + ny * k)] ===
 * label` marks the structure; `ijkToLps` is the grid's voxel-centre-to-patient matrix (as Volume.ijkToLps).
 * With `box`, `labels` covers only that block of the grid (indexed from its first voxel, i fastest) and
 * every voxel outside it is unlabelled (the analysis keeps its labels cropped so: analysis/labels.ts).
 */
export interface MaskGeometry {
  kind: 'mask';
  dims: readonly [number, number, number];
  ijkToLps: Mat4;
  box?: VoxelBlock;
  labels: Uint8Array;
  label: number;
}

/** The label array's block of the grid: `box`, or the whole grid. */
function labelBlock(g: Pick<MaskGeometry, 'dims' | 'box'>): { lo: Vec3; dims: Vec3 } {
  return g.box
    ? { lo: [...g.box.lo] as Vec3, dims: [...g.box.dims] as Vec3 }
    : { lo: [0, 0, 0], dims: [...g.dims] as Vec3 };
}

/** Whether voxel (i, j, k) of the mask's grid carries its label (false outside the grid). No allocation: per pixel. */
export function maskLabelledAt(
  g: Omit<MaskGeometry, 'kind' | 'ijkToLps'>,
  i: number,
  j: number,
  k: number,
): boolean {
  const lo = g.box?.lo;
  const dims = g.box ? g.box.dims : g.dims;
  const a = lo ? i - lo[0] : i;
  const b = lo ? j - lo[1] : j;
  const c = lo ? k - lo[2] : k;
  if (a < 0 || b < 0 || c < 0 || a >= dims[0] || b >= dims[1] || c >= dims[2]) return false;
  return g.labels[a + dims[0] * (b + dims[1] * c)] === g.label;
}

/** A signed distance function in mm (< 0 inside), e.g. the phantom's ground-truth structures. */
export interface DistanceFieldGeometry {
  kind: 'field';
  signedDistanceMm: (lps: Vec3) => number;
}

export interface ClearanceStructure<G = NoGoShape | MaskGeometry | DistanceFieldGeometry> {
  id: string;
  name: string;
  geometry: G;
  /** Required clearance; closer than this violates. Default 0 (touching or crossing violates). */
  marginMm?: number;
}

/** The needle as a capsule: the entry -> tip segment with the shaft's outer radius. */
export interface NeedleCapsule {
  entryLps: Vec3;
  tipLps: Vec3;
  radiusMm: number;
}

export interface ClearanceResult {
  structureId: string;
  name: string;
  /** Shaft surface (gauge included) to the structure; <= 0 means the needle touches or crosses it. */
  minDistanceMm: number;
  /** Closest point on the structure, when the shape gives one. */
  at: Vec3 | undefined;
  /** Closest point on the needle axis and its depth from the entry. */
  needlePointLps: Vec3;
  depthMm: number;
  /** Tip point to the structure (the tip as a point, no radius). */
  tipDistanceMm: number;
  violates: boolean;
  /**
   * Masks: half the largest voxel spacing (distances go to voxel centres less this, so they err low);
   * fields: half the sample step along the axis.
   */
  uncertaintyMm: number;
  /** False when a mask or field structure was not found within the search radius (distances are then >= it). */
  found: boolean;
}

interface AxisHit {
  axisDistanceMm: number;
  at: Vec3;
  needlePoint: Vec3;
}

/** Distance from the needle axis to an analytic shape's surface, and the closest points. */
function axisToShape(n: NeedleCapsule, shape: NoGoShape): AxisHit {
  const segToSeg = (a: Vec3, b: Vec3, radiusMm: number): AxisHit => {
    const c = closestSegmentSegment(n.entryLps, n.tipLps, a, b);
    const gap = distance(c.onFirst, c.onSecond);
    const dir = gap > 0 ? scale(sub(c.onFirst, c.onSecond), 1 / gap) : ([0, 0, 0] as Vec3);
    return {
      axisDistanceMm: gap - radiusMm,
      at: add(c.onSecond, scale(dir, radiusMm)),
      needlePoint: c.onFirst,
    };
  };
  switch (shape.kind) {
    case 'point':
      return segToSeg(shape.pointLps, shape.pointLps, 0);
    case 'sphere':
      return segToSeg(shape.centreLps, shape.centreLps, shape.radiusMm);
    case 'capsule':
      return segToSeg(shape.aLps, shape.bLps, shape.radiusMm);
    case 'polyline': {
      const pts = shape.pointsLps;
      if (pts.length === 0) throw new RangeError('polyline has no points');
      if (pts.length === 1) return segToSeg(pts[0]!, pts[0]!, 0);
      let best: AxisHit | undefined;
      for (let i = 0; i + 1 < pts.length; i++) {
        const hit = segToSeg(pts[i]!, pts[i + 1]!, 0);
        if (!best || hit.axisDistanceMm < best.axisDistanceMm) best = hit;
      }
      return best!;
    }
  }
}

function pointToShapeMm(p: Vec3, shape: NoGoShape): number {
  const degenerate: NeedleCapsule = { entryLps: p, tipLps: p, radiusMm: 0 };
  return axisToShape(degenerate, shape).axisDistanceMm;
}

export interface ClearanceOptions {
  /** Masks and fields: how far from the needle axis to look (default 20 mm). */
  searchRadiusMm?: number;
  /** Fields: sample step along the axis (default 0.5 mm). */
  stepMm?: number;
}

function result(
  s: ClearanceStructure,
  n: NeedleCapsule,
  hit: AxisHit,
  tipDistanceMm: number,
  uncertaintyMm: number,
  found: boolean,
): ClearanceResult {
  const minDistanceMm = hit.axisDistanceMm - n.radiusMm;
  return {
    structureId: s.id,
    name: s.name,
    minDistanceMm,
    at: found ? hit.at : undefined,
    needlePointLps: hit.needlePoint,
    depthMm: distance(n.entryLps, hit.needlePoint),
    tipDistanceMm,
    violates: minDistanceMm <= (s.marginMm ?? 0),
    uncertaintyMm,
    found,
  };
}

function maskClearance(n: NeedleCapsule, s: ClearanceStructure<MaskGeometry>, searchMm: number) {
  const g = s.geometry;
  const reach = searchMm + n.radiusMm;
  // Voxels of the LPS box around the needle; an empty block (the box misses the grid) leaves the loops empty.
  const { loLps, hiLps } = lpsBoxAround([n.entryLps, n.tipLps], reach);
  const block = voxelBoundsOfLpsBox(g, loLps, hiLps);
  // Only the part of that block the labels cover can carry the label (voxels outside `box` are unlabelled).
  const { lo: b0, dims: bd } = labelBlock(g);
  const [i0, j0, k0] = [0, 1, 2].map((a) => Math.max(block?.lo[a] ?? 0, b0[a]!));
  const [i1, j1, k1] = [0, 1, 2].map((a) => Math.min(block?.hi[a] ?? -1, b0[a]! + bd[a]! - 1));
  const toIjk = invert4(g.ijkToLps);
  let best: AxisHit | undefined;
  let tipBest = Infinity;
  for (let k = k0!; k <= k1!; k++)
    for (let j = j0!; j <= j1!; j++)
      for (let i = i0!; i <= i1!; i++) {
        if (g.labels[i - b0[0] + bd[0] * (j - b0[1] + bd[1] * (k - b0[2]))] !== g.label) continue;
        const p = transformPoint(g.ijkToLps, [i, j, k]);
        const c = closestOnSegment(p, n.entryLps, n.tipLps);
        const dMm = distance(p, c.point);
        if (dMm > reach) continue;
        if (!best || dMm < best.axisDistanceMm) best = { axisDistanceMm: dMm, at: p, needlePoint: c.point };
        tipBest = Math.min(tipBest, distance(p, n.tipLps));
      }
  const m = g.ijkToLps;
  const spacing = [0, 1, 2].map((c) => length([m[c]!, m[4 + c]!, m[8 + c]!]));
  // Voxels are sampled at their centres: take half a voxel off every distance (conservative), and
  // walk the axis so a needle running through labelled voxels always reads <= 0.
  const halfVoxelMm = Math.max(...spacing) / 2;
  const labelledAt = (q: Vec3): boolean => {
    const [i, j, k] = transformPoint(toIjk, q).map(Math.round) as [number, number, number];
    return maskLabelledAt(g, i, j, k);
  };
  if (!best)
    return result(
      s,
      n,
      { axisDistanceMm: reach, at: n.tipLps, needlePoint: n.tipLps },
      reach,
      halfVoxelMm,
      false,
    );
  const hit: AxisHit = { ...best, axisDistanceMm: best.axisDistanceMm - halfVoxelMm };
  const lengthMm = distance(n.entryLps, n.tipLps);
  const steps = Math.max(1, Math.ceil(lengthMm / (Math.min(...spacing) / 2)));
  for (let i = 0; i <= steps && hit.axisDistanceMm > 0; i++) {
    const q = lerp(n.entryLps, n.tipLps, i / steps);
    if (labelledAt(q)) Object.assign(hit, { axisDistanceMm: 0, at: q, needlePoint: q });
  }
  const tipMm = labelledAt(n.tipLps) ? 0 : Math.max(0, tipBest - halfVoxelMm);
  return result(s, n, hit, tipMm, halfVoxelMm, true);
}

function fieldClearance(
  n: NeedleCapsule,
  s: ClearanceStructure<DistanceFieldGeometry>,
  stepMm: number,
  searchMm: number,
) {
  const len = distance(n.entryLps, n.tipLps);
  const steps = Math.max(1, Math.ceil(len / stepMm));
  let best: AxisHit | undefined;
  for (let i = 0; i <= steps; i++) {
    const p = lerp(n.entryLps, n.tipLps, i / steps);
    const dMm = s.geometry.signedDistanceMm(p);
    if (!best || dMm < best.axisDistanceMm) best = { axisDistanceMm: dMm, at: p, needlePoint: p };
  }
  const tip = s.geometry.signedDistanceMm(n.tipLps);
  const found = best!.axisDistanceMm <= searchMm + n.radiusMm;
  // A true distance function changes at most 1 mm per mm, so between samples it can dip by half a step.
  return { ...result(s, n, best!, tip, len / steps / 2, found), at: undefined };
}

/** Minimum distance from the needle (shaft with its gauge, and the tip) to one structure. */
export function clearanceTo(
  needle: NeedleCapsule,
  structure: ClearanceStructure,
  options: ClearanceOptions = {},
): ClearanceResult {
  const searchMm = options.searchRadiusMm ?? 20;
  const g = structure.geometry;
  if (g.kind === 'mask') return maskClearance(needle, { ...structure, geometry: g }, searchMm);
  if (g.kind === 'field')
    return fieldClearance(needle, { ...structure, geometry: g }, options.stepMm ?? 0.5, searchMm);
  const hit = axisToShape(needle, g);
  return result(structure, needle, hit, pointToShapeMm(needle.tipLps, g), 0, true);
}

/** Clearance to every structure, nearest first. */
export function clearances(
  needle: NeedleCapsule,
  structures: readonly ClearanceStructure[],
  options: ClearanceOptions = {},
): ClearanceResult[] {
  return structures
    .map((s) => clearanceTo(needle, s, options))
    .sort((a, b) => a.minDistanceMm - b.minDistanceMm);
}
