import { transformPoint } from '../../core/mat4';
import type { Vec3 } from '../../core/vec3';
import type { MaskGeometry } from '../../planning/clearance';
import { croppedMask, maskLookup, type PaintedRegion } from '../../planning/noGoMask';
import type { SlicePlane } from '../../volume/slicePlanes';
import { planeToLps } from '../../volume/slicePlanes';
import type { SliceViewTransform } from '../../volume/sliceViewport';
import { screenToPlane } from '../../volume/sliceViewport';
import { lpsToScreen } from './sliceProjection';

/** Cropped masks by region object: a region is immutable, so its mask is built once per change. */
const masks = new WeakMap<PaintedRegion, { mask: MaskGeometry; isPainted: (lps: Vec3) => boolean } | null>();

function maskOf(region: PaintedRegion) {
  let entry = masks.get(region);
  if (entry === undefined) {
    const mask = croppedMask(region);
    entry = mask ? { mask, isPainted: maskLookup(mask) } : null;
    masks.set(region, entry);
  }
  return entry;
}

/**
 * Which overlay cells of a 2D view show painted voxels: the view sampled every `cellPx` CSS px (cell
 * centres) through the nearest voxel of each region, only inside the screen box of the region's voxels.
 * Returns a cols x rows bitmap (1 = painted) and the number of painted cells. Pure, for the overlay and tests.
 */
export function paintedCells(
  regions: readonly PaintedRegion[],
  plane: SlicePlane,
  transform: SliceViewTransform,
  cellPx: number,
): { cols: number; rows: number; cells: Uint8Array; count: number } {
  const cols = Math.max(1, Math.ceil(transform.widthPx / cellPx));
  const rows = Math.max(1, Math.ceil(transform.heightPx / cellPx));
  const cells = new Uint8Array(cols * rows);
  let count = 0;
  for (const region of regions) {
    const entry = maskOf(region);
    if (!entry) continue;
    const [nx, ny, nz] = entry.mask.dims;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let c = 0; c < 8; c++) {
      const corner: Vec3 = [c & 1 ? nx - 0.5 : -0.5, c & 2 ? ny - 0.5 : -0.5, c & 4 ? nz - 0.5 : -0.5];
      const [sx, sy] = lpsToScreen(plane, transform, transformPoint(entry.mask.ijkToLps, corner));
      x0 = Math.min(x0, sx);
      y0 = Math.min(y0, sy);
      x1 = Math.max(x1, sx);
      y1 = Math.max(y1, sy);
    }
    const c0 = Math.max(0, Math.floor(x0 / cellPx));
    const c1 = Math.min(cols - 1, Math.ceil(x1 / cellPx));
    const r0 = Math.max(0, Math.floor(y0 / cellPx));
    const r1 = Math.min(rows - 1, Math.ceil(y1 / cellPx));
    for (let r = r0; r <= r1; r++)
      for (let c = c0; c <= c1; c++) {
        const idx = c + cols * r;
        if (cells[idx]) continue;
        const lps = planeToLps(plane, ...screenToPlane(transform, (c + 0.5) * cellPx, (r + 0.5) * cellPx));
        if (!entry.isPainted(lps)) continue;
        cells[idx] = 1;
        count++;
      }
  }
  return { cols, rows, cells, count };
}
