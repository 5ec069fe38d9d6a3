import type { Vec3 } from '../core/vec3';
import type { Shape } from './shapes';

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

/** Labels voxels inside the op's shape, visiting only its bounding box. Returns voxels visited. */
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
  if (op.core) {
    const coreLabel = op.core.label;
    const coreDepth = -op.core.depthMm;
    for (let k = k0; k <= k1; k++) {
      const z = oz + k * dz;
      for (let j = j0; j <= j1; j++) {
        const y = oy + j * dy;
        const row = nx * (j + ny * (k - first));
        for (let i = i0; i <= i1; i++) {
          const d = sd(ox + i * dx, y, z);
          if (d <= coreDepth) labels[row + i] = coreLabel;
          else if (d <= threshold && labels[row + i] !== coreLabel) labels[row + i] = label;
        }
      }
    }
    return Math.max(0, i1 - i0 + 1) * Math.max(0, j1 - j0 + 1) * Math.max(0, k1 - k0 + 1);
  }
  for (let k = k0; k <= k1; k++) {
    const z = oz + k * dz;
    for (let j = j0; j <= j1; j++) {
      const y = oy + j * dy;
      const row = nx * (j + ny * (k - first));
      for (let i = i0; i <= i1; i++) {
        const idx = row + i;
        if (only >= 0 && labels[idx] !== only) continue;
        if (sd(ox + i * dx, y, z) <= threshold) labels[idx] = label;
      }
    }
  }
  return Math.max(0, i1 - i0 + 1) * Math.max(0, j1 - j0 + 1) * Math.max(0, k1 - k0 + 1);
}
