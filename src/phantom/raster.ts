import type { Vec3 } from '../core/vec3';
import type { FrameBox, Shape } from './shapes';

/** Axis-aligned voxel grid (identity orientation, as IOP 1\0\0\0\1\0 with slices along +z). */
export interface Grid {
  dims: readonly [number, number, number];
  spacingMm: readonly [number, number, number];
  /** LPS mm of voxel (0, 0, 0)'s centre. */
  originLps: Vec3;
  /**
   * For one slab of a taller grid (built in parallel, issue 20): the slab's first slice's index in that
   * grid. `originLps` stays the taller grid's, so every z is computed exactly as in one pass; `dims[2]` is
   * the slab's slice count and labels hold the slab only. Default 0.
   */
  firstSlice?: number;
}

/**
 * One rasterising step: label the voxels where shape.sd <= thresholdMm (optionally only over one label).
 * With `core`, voxels deeper than `core.depthMm` get `core.label` and the shell gets `label` unless it
 * already holds `core.label`: painting bones this way makes the cortex of a union of overlapping solids
 * only where it is the union's surface (as painting all shells first, then all cores, would).
 */
export interface PaintOp {
  shape: Shape;
  label: number;
  thresholdMm?: number;
  onlyOverLabel?: number;
  core?: { label: number; depthMm: number };
}

/** Voxel index range [lo, hi] along one axis covering [minMm, maxMm], clamped to the grid. */
function axisRange(
  minMm: number,
  maxMm: number,
  origin: number,
  spacing: number,
  n: number,
): [number, number] {
  const lo = Math.max(0, Math.ceil((minMm - origin) / spacing));
  const hi = Math.min(n - 1, Math.floor((maxMm - origin) / spacing));
  return [lo, hi];
}

/**
 * Margin (mm) around a shape's frame box: far above the rounding of the span arithmetic (~1e-12 mm), far
 * below a voxel, so every voxel the box could hold is still visited.
 */
const FRAME_BOX_MARGIN_MM = 0.01;

/**
 * The voxels [lo, hi] of each row (y, z fixed, x = ox + i * dx) that lie inside a frame box widened by
 * `widenMm`: the row is a line, each of the box's three slabs cuts an interval from it. Per axis a of the
 * box, its local coordinate along the row is base + i * slope, base = (ox - c) . a + ... (precomputed here).
 */
function rowSpans(box: FrameBox, ox: number, dx: number, widenMm: number) {
  const { originLps: c, ex, ey, ez } = box.frame;
  // Per box axis: [x term at i = 0, y factor, z factor, slope per voxel, half extent].
  const terms = new Float64Array(15);
  [ex, ey, ez].forEach((axis, a) => {
    terms.set([(ox - c[0]) * axis[0], axis[1], axis[2], dx * axis[0], box.halfMm[a]! + widenMm], 5 * a);
  });
  const [cy, cz] = [c[1], c[2]];
  return (y: number, z: number, i0: number, i1: number, out: [number, number]): void => {
    let lo = i0;
    let hi = i1;
    for (let a = 0; a < 15 && lo <= hi; a += 5) {
      const base = terms[a]! + (y - cy) * terms[a + 1]! + (z - cz) * terms[a + 2]!;
      const slope = terms[a + 3]!;
      const half = terms[a + 4]!;
      if (Math.abs(slope) < 1e-12) {
        if (Math.abs(base) > half) hi = lo - 1;
        continue;
      }
      const t1 = (-half - base) / slope;
      const t2 = (half - base) / slope;
      if (slope > 0) {
        lo = Math.max(lo, Math.ceil(t1));
        hi = Math.min(hi, Math.floor(t2));
      } else {
        lo = Math.max(lo, Math.ceil(t2));
        hi = Math.min(hi, Math.floor(t1));
      }
    }
    out[0] = lo;
    out[1] = hi;
  };
}

/**
 * Labels voxels inside the op's shape, visiting only its bounding box, and within it, when the shape has a
 * frame box, only each row's part inside that box (its sd is positive everywhere else). Returns voxels visited.
 */
export function paint(labels: Uint8Array, grid: Grid, op: PaintOp): number {
  const [nx, ny, nz] = grid.dims;
  const [dx, dy, dz] = grid.spacingMm;
  const [ox, oy, oz] = grid.originLps;
  const { shape, label } = op;
  const threshold = op.thresholdMm ?? 0;
  const only = op.onlyOverLabel ?? -1;
  const [i0, i1] = axisRange(shape.minLps[0], shape.maxLps[0], ox, dx, nx);
  const [j0, j1] = axisRange(shape.minLps[1], shape.maxLps[1], oy, dy, ny);
  const first = grid.firstSlice ?? 0;
  const [kAll0, k1] = axisRange(shape.minLps[2], shape.maxLps[2], oz, dz, first + nz);
  const k0 = Math.max(first, kAll0);
  const sd = shape.sd;
  const span: [number, number] = [i0, i1];
  // sd > 0 outside the box: with a positive threshold the voxels up to that far out count too.
  const spanOf = shape.frameBox
    ? rowSpans(shape.frameBox, ox, dx, FRAME_BOX_MARGIN_MM + Math.max(0, threshold))
    : undefined;
  let visited = 0;
  if (op.core) {
    const coreLabel = op.core.label;
    const coreDepth = -op.core.depthMm;
    for (let k = k0; k <= k1; k++) {
      const z = oz + k * dz;
      for (let j = j0; j <= j1; j++) {
        const y = oy + j * dy;
        const row = nx * (j + ny * (k - first));
        spanOf?.(y, z, i0, i1, span);
        const [lo, hi] = span;
        visited += Math.max(0, hi - lo + 1);
        for (let i = lo; i <= hi; i++) {
          // Already core (inside an overlapping bone painted before): nothing this shape does changes it.
          if (labels[row + i] === coreLabel) continue;
          const d = sd(ox + i * dx, y, z);
          if (d <= coreDepth) labels[row + i] = coreLabel;
          else if (d <= threshold && labels[row + i] !== coreLabel) labels[row + i] = label;
        }
      }
    }
    return visited;
  }
  for (let k = k0; k <= k1; k++) {
    const z = oz + k * dz;
    for (let j = j0; j <= j1; j++) {
      const y = oy + j * dy;
      const row = nx * (j + ny * (k - first));
      spanOf?.(y, z, i0, i1, span);
      const [lo, hi] = span;
      visited += Math.max(0, hi - lo + 1);
      for (let i = lo; i <= hi; i++) {
        const idx = row + i;
        // Over another label only, or already this label (painting it again changes nothing): no sd needed.
        if (only >= 0 ? labels[idx] !== only : labels[idx] === label) continue;
        if (sd(ox + i * dx, y, z) <= threshold) labels[idx] = label;
      }
    }
  }
  return visited;
}
