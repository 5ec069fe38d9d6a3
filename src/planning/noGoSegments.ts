import { structureLabelAt } from '../analysis/labels';
import type { StructureKind, StructureSet } from '../analysis/types';
import { invert4, type Mat4, transformPoint } from '../core/mat4';
import type { Vec3 } from '../core/vec3';
import {
  type MaskGrid,
  type MaskSliceRuns,
  type PaintedRegion,
  paintedVoxelCount,
  sameGrid,
} from './noGoMask';

/**
 * The no-go structures of a case as segments on the CT's own voxel grid, for a DICOM Segmentation: the
 * painted regions as they are (they are painted on that grid), and the spine analysis's automatic
 * structures (on its 2 mm LPS grid) resampled by nearest neighbour onto the CT grid, so every segment frame
 * lies on a CT slice (what OHIF and 3D Slicer expect of a Segmentation derived from a CT).
 */

export type NoGoSegmentKind = 'painted' | StructureKind;

export interface NoGoSegment {
  /** The painted region's or structure's id. */
  id: string;
  label: string;
  kind: NoGoSegmentKind;
  side?: 'left' | 'right';
  automatic: boolean;
  /** Display colour, "#rrggbb". */
  colour: string;
  slices: MaskSliceRuns[];
}

/** The painted regions' colour on every view (scene/plan/PaintedRegions3D, PaintOverlay). */
export const PAINTED_COLOUR = '#ff3c78';
/** Colours per automatic structure: CSF yellow, nerve root gold, arteries red, veins blue, kidneys brown. */
export const STRUCTURE_COLOURS: Record<StructureKind, string> = {
  'thecal-sac': '#f0e442',
  'nerve-root': '#e69f00',
  aorta: '#d62728',
  ivc: '#1f5fbf',
  kidney: '#a0522d',
};

const sideOf = (id: string): 'left' | 'right' | undefined =>
  /(^|-)left($|-)/.test(id) ? 'left' : /(^|-)right($|-)/.test(id) ? 'right' : undefined;

/** Painted regions on `grid` with voxels, as segments; regions painted on another grid are left out. */
export function paintedSegments(regions: readonly PaintedRegion[], grid: MaskGrid): NoGoSegment[] {
  return regions
    .filter((r) => sameGrid(r.grid, grid) && paintedVoxelCount(r) > 0)
    .map((r) => ({
      id: r.id,
      label: r.name,
      kind: 'painted' as const,
      automatic: false,
      colour: PAINTED_COLOUR,
      slices: r.slices.map((s) => ({ k: s.k, runs: [...s.runs] })),
    }));
}

/** Inclusive voxel bounds (on the analysis grid) of each label of a structure set, from its labelled block. */
function labelBounds(set: StructureSet) {
  const bounds = new Map<number, { min: number[]; max: number[] }>();
  const labels = set.boxLabels;
  const [bx, by] = set.box.dims;
  const [bi, bj, bk] = set.box.lo;
  for (let idx = 0; idx < labels.length; idx++) {
    const l = labels[idx]!;
    if (l === 0) continue;
    const i = bi + (idx % bx);
    const j = bj + (Math.floor(idx / bx) % by);
    const k = bk + Math.floor(idx / (bx * by));
    const b = bounds.get(l);
    if (!b) bounds.set(l, { min: [i, j, k], max: [i, j, k] });
    else {
      const p = [i, j, k];
      for (let a = 0; a < 3; a++) {
        if (p[a]! < b.min[a]!) b.min[a] = p[a]!;
        if (p[a]! > b.max[a]!) b.max[a] = p[a]!;
      }
    }
  }
  return bounds;
}

/**
 * One automatic structure resampled onto `grid`: a CT voxel belongs to it when the analysis voxel nearest
 * to its centre carries the structure's label. Only the CT voxels inside the structure's bounding box
 * (plus half an analysis voxel) are visited.
 */
function resampleLabel(
  set: StructureSet,
  label: number,
  box: { min: number[]; max: number[] },
  grid: MaskGrid,
): MaskSliceRuns[] {
  const [gx, gy, gz] = set.grid.dims;
  const [nx, ny, nz] = grid.dims;
  const ctToLps: Mat4 = grid.ijkToLps;
  const lpsToAnalysis = invert4(set.grid.ijkToLps);
  const lpsToCt = invert4(ctToLps);
  // The box's corners (widened by half a voxel) in CT voxel indices.
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let c = 0; c < 8; c++) {
    const corner: Vec3 = [0, 1, 2].map((a) =>
      c & (1 << a) ? box.max[a]! + 0.5 : box.min[a]! - 0.5,
    ) as unknown as Vec3;
    const ct = transformPoint(lpsToCt, transformPoint(set.grid.ijkToLps, corner));
    for (let a = 0; a < 3; a++) {
      lo[a] = Math.min(lo[a]!, ct[a]!);
      hi[a] = Math.max(hi[a]!, ct[a]!);
    }
  }
  const i0 = Math.max(0, Math.floor(lo[0]!));
  const i1 = Math.min(nx - 1, Math.ceil(hi[0]!));
  const j0 = Math.max(0, Math.floor(lo[1]!));
  const j1 = Math.min(ny - 1, Math.ceil(hi[1]!));
  const k0 = Math.max(0, Math.floor(lo[2]!));
  const k1 = Math.min(nz - 1, Math.ceil(hi[2]!));
  // CT index -> analysis index is affine: start of each row plus a step per i.
  const m = lpsToAnalysis;
  const c = ctToLps;
  const ctToAnalysis = (i: number, j: number, k: number): Vec3 =>
    transformPoint(m, transformPoint(c, [i, j, k]));
  const origin = ctToAnalysis(0, 0, 0);
  const stepI = ctToAnalysis(1, 0, 0).map((v, a) => v - origin[a]!);
  const slices: MaskSliceRuns[] = [];
  for (let k = k0; k <= k1; k++) {
    const runs: number[] = [];
    for (let j = j0; j <= j1; j++) {
      const rowStart = ctToAnalysis(i0, j, k);
      let start = -1;
      for (let i = i0; i <= i1 + 1; i++) {
        let inside = false;
        if (i <= i1) {
          const t = i - i0;
          const ai = Math.round(rowStart[0] + t * stepI[0]!);
          const aj = Math.round(rowStart[1] + t * stepI[1]!);
          const ak = Math.round(rowStart[2] + t * stepI[2]!);
          inside =
            ai >= 0 &&
            aj >= 0 &&
            ak >= 0 &&
            ai < gx &&
            aj < gy &&
            ak < gz &&
            structureLabelAt(set, ai, aj, ak) === label;
        }
        if (inside && start < 0) start = i;
        else if (!inside && start >= 0) {
          const at = start + nx * j;
          const n = runs.length;
          // Touching runs (a row ending at the last column, the next starting at 0) are one run.
          if (n > 0 && runs[n - 2]! + runs[n - 1]! === at) runs[n - 1]! += i - start;
          else runs.push(at, i - start);
          start = -1;
        }
      }
    }
    if (runs.length > 0) slices.push({ k, runs });
  }
  return slices;
}

/** The analysis's structures on `grid`, in the set's order; structures with no voxel on the grid left out. */
export function automaticSegments(set: StructureSet, grid: MaskGrid): NoGoSegment[] {
  const bounds = labelBounds(set);
  const out: NoGoSegment[] = [];
  for (const s of set.structures) {
    const box = bounds.get(s.label);
    if (!box) continue;
    const slices = resampleLabel(set, s.label, box, grid);
    if (slices.length === 0) continue;
    const segment: NoGoSegment = {
      id: s.id,
      label: s.name,
      kind: s.kind,
      automatic: true,
      colour: STRUCTURE_COLOURS[s.kind],
      slices,
    };
    const side = sideOf(s.id);
    if (side) segment.side = side;
    out.push(segment);
  }
  return out;
}

/** Painted regions back from segments: one region per segment, on `grid`, named by its label. */
export function regionsFromSegments(
  segments: readonly { label: string; slices: readonly { k: number; runs: readonly number[] }[] }[],
  grid: MaskGrid,
  newId: () => string,
): PaintedRegion[] {
  return segments
    .filter((s) => s.slices.length > 0)
    .map((s) => ({
      id: newId(),
      name: s.label,
      grid: { dims: [...grid.dims] as [number, number, number], ijkToLps: [...grid.ijkToLps] as Mat4 },
      slices: s.slices.map((x) => ({ k: x.k, runs: [...x.runs] })),
    }));
}
