import type { Vec3 } from '../core/vec3';
import { type GridVolume, lpsToGrid } from './grid';
import {
  type Components,
  componentsOfRuns,
  dilate6,
  emptyRuns,
  fillHolesAxial,
  largestComponent,
  paintComponents,
  pushRun,
  type Runs,
} from './morphology';
import { sliceStatistics } from './persistence';
import { crossOpening, RowRuns } from './rowRuns';
import { BODY_COUCH, BODY_INSIDE, type BodyLabelGrid } from './types';

/**
 * Tissue threshold of the body, HU: skin and fat (>= -150) are above it, air, lung, couch foam and most
 * positioning pads (-300 to -900) are below. The skin surface itself (half-way to air, ~-500) is recovered by
 * a one-voxel conditional dilation to SKIN_EDGE_HU.
 */
const TISSUE_HU = -350;
const SKIN_EDGE_HU = -500;
/** "Something, not air": couch shells and foam cores read -300 to -800 HU at 2 mm; air is -1000 +- noise. */
const SOMETHING_HU = -800;
/** Pads and mattresses grown from the couch: denser than foam cores, lighter than tissue. */
const PAD_HU = -600;
/** A couch pixel is occupied in at least this fraction of the scanned slices (it is the same in each). */
const PERSISTENT_FRACTION = 0.9;
/** The body's persistent core is thicker than this (mm); couch sheets, rails and curved shells are thinner. */
const CORE_RADIUS_MM = 12;
/** A persistent pixel is couch when it lies in the body's thick part in at most this fraction of the slices. */
const COUCH_MAX_INSIDE = 0.3;
/** Body components other than the largest are kept (arms, legs) above this fraction of its volume. */
const MIN_PART_FRACTION = 0.01;

/**
 * Body outline and CT couch. The couch (table top, its rails, the scanner's cradle) is what is the same in
 * every slice and is not part of the body's bulk: pixels occupied (> -800 HU) in >= 90% of the scanned
 * slices (one voxel of tolerance for a sagging table) that lie in the body's thick part (each slice's
 * occupied pixels, holes filled, opened by a 12 mm disc) in at most 30% of the slices. Nothing assumes
 * supine or prone, contact or an air gap. The body is the tissue (> -350 HU) off the couch, cleaned of specks
 * and one-voxel bridges, as its largest 3D component plus other large ones (limbs) not lying on persistent
 * pixels, grown one voxel to the skin surface (> -500 HU) and filled per axial slice (lungs, bowel gas).
 * Pads and mattresses (> -600 HU) connected to the couch and not touching the body are labelled couch too.
 * O(voxels).
 */
export function findBody(gv: GridVolume): BodyLabelGrid {
  const { grid, hu, inScan } = gv;
  const dims = grid.dims;
  const [nx, ny, nz] = dims;
  const plane = nx * ny;
  const n = plane * nz;

  // 1. Persistence: in how many scanned slices each (i, j) is occupied, exactly or within one voxel.
  // 2. How often each (i, j) lies in the body's thick part (every third slice: a statistic).
  const radius = CORE_RADIUS_MM / grid.spacingMm;
  const coreStep = nz >= 30 ? 3 : 1;
  const counts = sliceStatistics(gv, SOMETHING_HU, radius, coreStep);
  const { occupied, occupiedNear, scanned, inCore, sampled } = counts;
  // Persistent: occupied in >= 90% of slices, or within a voxel in >= 90% and exactly in >= a third.
  const persistent = new Uint8Array(plane);
  const couch2d = new Uint8Array(plane);
  let couchFound = false;
  for (let p = 0; p < plane; p++) {
    const m = scanned[p]!;
    persistent[p] =
      m >= 3 &&
      (occupied[p]! >= PERSISTENT_FRACTION * m ||
        (occupiedNear[p]! >= PERSISTENT_FRACTION * m && occupied[p]! >= m / 3))
        ? 1
        : 0;
    if (persistent[p] && inCore[p]! <= COUCH_MAX_INSIDE * sampled[p]!) {
      couch2d[p] = 1;
      couchFound = true;
    }
  }
  // Couch pixels one voxel wider (partial volume at the edges).
  const couchNear = dilate6(couch2d, [nx, ny, 1]);

  // 3. Body: tissue off the couch, cleaned, its large 3D components, grown to the skin edge, filled. One
  // mask holds it all along (in place), then the couch is added to it.
  // Tissue runs per slice, opened by the 3x3 cross on the runs (removes specks and one-voxel bridges).
  const tissue = emptyRuns();
  const rowsT = new RowRuns(ny);
  const rowsE = new RowRuns(ny);
  for (let k = 0; k < nz; k++) {
    rowsT.clear();
    for (let j = 0; j < ny; j++) {
      rowsT.beginRow(j);
      const r = plane * k + nx * j;
      let i = 0;
      while (i < nx) {
        while (i < nx && !(hu[r + i]! > TISSUE_HU && !couchNear[nx * j + i])) i++;
        if (i >= nx) break;
        const from = i;
        while (i < nx && hu[r + i]! > TISSUE_HU && !couchNear[nx * j + i]) i++;
        rowsT.push(from, i);
      }
    }
    rowsT.finish();
    crossOpening(rowsT, nx, rowsE, (j, a, b) => pushRun(tissue, a, b, j + ny * k));
  }
  const labels = new Uint8Array(n);
  const kept = keepLargeParts(componentsOfRuns(tissue, dims), labels, nx, ny, persistent);
  growToSkin(labels, kept, dims, (v) => hu[v]! > SKIN_EDGE_HU && !couchNear[v % plane]);
  fillHolesAxial(labels, dims);

  // 4. Couch voxels (occupied, on the couch pixels) and pads connected to them, off the body: collected as
  // row runs, then their components with a voxel on the couch pixels painted couch.
  if (couchFound) {
    const pad = emptyRuns();
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++) {
        const r = nx * (j + ny * k);
        let from = -1;
        for (let i = 0; i <= nx; i++) {
          const v = r + i;
          const on =
            i < nx &&
            !labels[v] &&
            inScan[v] === 1 &&
            hu[v]! > SOMETHING_HU &&
            (couchNear[v - plane * k] === 1 || (hu[v]! > PAD_HU && !touches(labels, dims, v)));
          if (on && from < 0) from = i;
          else if (!on && from >= 0) {
            pushRun(pad, from, i, j + ny * k);
            from = -1;
          }
        }
      }
    const padComps = componentsOfRuns(pad, dims);
    const onCouch = new Uint8Array(padComps.count);
    const { start, end, row } = padComps.runs;
    for (let q = 0; q < padComps.runs.count; q++) {
      const base = (row[q]! % ny) * nx;
      for (let i = start[q]!; i < end[q]!; i++)
        if (couchNear[base + i]) {
          onCouch[padComps.label[q]!] = 1;
          break;
        }
    }
    paintComponents(padComps, (l) => onCouch[l] === 1, labels, nx, BODY_COUCH);
  }
  return { grid, labels, couchFound };
}

/** Whether a 6-neighbour of voxel v is set in `mask`. */
function touches(mask: Uint8Array, dims: readonly [number, number, number], v: number): boolean {
  const [nx, ny, nz] = dims;
  const plane = nx * ny;
  const i = v % nx;
  const j = Math.floor(v / nx) % ny;
  const k = Math.floor(v / plane);
  return (
    (i > 0 && mask[v - 1] === 1) ||
    (i < nx - 1 && mask[v + 1] === 1) ||
    (j > 0 && mask[v - nx] === 1) ||
    (j < ny - 1 && mask[v + nx] === 1) ||
    (k > 0 && mask[v - plane] === 1) ||
    (k < nz - 1 && mask[v + plane] === 1)
  );
}

/**
 * Paints into `out` the largest tissue component plus other large ones (limbs: >= 1% of it) that do not lie
 * mostly on `persistent` pixels (unrecognised couch parts); returns their runs.
 */
function keepLargeParts(
  comps: Components,
  out: Uint8Array,
  nx: number,
  ny: number,
  persistent: Uint8Array,
): Runs {
  const kept = emptyRuns();
  const big = largestComponent(comps);
  if (big < 0) return kept;
  const minSize = comps.size[big]! * MIN_PART_FRACTION;
  const onPersistent = new Float64Array(comps.count);
  const { start, end, row } = comps.runs;
  for (let q = 0; q < comps.runs.count; q++) {
    const l = comps.label[q]!;
    if (l === big || comps.size[l]! < minSize) continue;
    const base = (row[q]! % ny) * nx;
    for (let i = start[q]!; i < end[q]!; i++) onPersistent[l]! += persistent[base + i]!;
  }
  for (let q = 0; q < comps.runs.count; q++) {
    const l = comps.label[q]!;
    if (l !== big && (comps.size[l]! < minSize || onPersistent[l]! >= 0.5 * comps.size[l]!)) continue;
    out.fill(1, row[q]! * nx + start[q]!, row[q]! * nx + end[q]!);
    pushRun(kept, start[q]!, end[q]!, row[q]!);
  }
  return kept;
}

/**
 * Adds to `mask` (0/1, in place) every voxel with a 6-neighbour in it where `edge` holds: the skin's
 * partial-volume rim. Neighbours are those of the mask as given (its row runs `runs`), so the rim does not
 * grow from itself. Per row, the rim is the union of the row's runs widened by one and the runs of the four
 * neighbouring rows (j +- 1, k +- 1), minus the row's own runs.
 */
function growToSkin(
  mask: Uint8Array,
  runs: Runs,
  dims: readonly [number, number, number],
  edge: (v: number) => boolean,
): void {
  const [nx, ny, nz] = dims;
  const nRows = ny * nz;
  const first = new Int32Array(nRows + 1);
  for (let q = 0; q < runs.count; q++) first[runs.row[q]! + 1]!++;
  for (let r = 0; r < nRows; r++) first[r + 1]! += first[r]!;
  const { start, end } = runs;
  let dStart = new Int32Array(64);
  let dEnd = new Int32Array(64);
  const rim: number[] = [];
  for (let r = 0; r < nRows; r++) {
    const j = r % ny;
    const k = (r - j) / ny;
    const neighbours = [
      r,
      j > 0 ? r - 1 : -1,
      j < ny - 1 ? r + 1 : -1,
      k > 0 ? r - ny : -1,
      k < nz - 1 ? r + ny : -1,
    ];
    let total = 0;
    for (const nr of neighbours) if (nr >= 0) total += first[nr + 1]! - first[nr]!;
    if (total === 0) continue;
    if (total > dStart.length) {
      dStart = new Int32Array(2 * total);
      dEnd = new Int32Array(2 * total);
    }
    let n = 0;
    for (const nr of neighbours) {
      if (nr < 0) continue;
      const widen = nr === r ? 1 : 0;
      for (let q = first[nr]!; q < first[nr + 1]!; q++) {
        const s = Math.max(0, start[q]! - widen);
        const e = Math.min(nx, end[q]! + widen);
        let m = n++;
        while (m > 0 && dStart[m - 1]! > s) {
          dStart[m] = dStart[m - 1]!;
          dEnd[m] = dEnd[m - 1]!;
          m--;
        }
        dStart[m] = s;
        dEnd[m] = e;
      }
    }
    let own = first[r]!;
    const ownEnd = first[r + 1]!;
    const base = r * nx;
    const visit = (a: number, b: number) => {
      for (let x = a; x < b; x++) if (edge(base + x)) rim.push(base + x);
    };
    let m = 0;
    while (m < n) {
      const s = dStart[m]!;
      let e = dEnd[m]!;
      m++;
      while (m < n && dStart[m]! <= e) e = Math.max(e, dEnd[m++]!);
      let i = s;
      while (own < ownEnd && end[own]! <= i) own++;
      for (let q = own; q < ownEnd && start[q]! < e; q++) {
        visit(i, start[q]!);
        i = Math.max(i, end[q]!);
      }
      visit(i, e);
    }
  }
  for (const v of rim) mask[v] = 1;
}

/**
 * Sampler for skin searches: whether an LPS point is inside the body (nearest grid voxel), undefined off
 * the grid. Couch and air are both "not inside", so a search from the spine outward stops at the skin and
 * never on the table.
 */
export function insideBodySampler(body: BodyLabelGrid): (lps: Vec3) => boolean | undefined {
  const { grid, labels } = body;
  const [nx, ny, nz] = grid.dims;
  return (lps) => {
    const g = lpsToGrid(grid, lps);
    const i = Math.round(g[0]);
    const j = Math.round(g[1]);
    const k = Math.round(g[2]);
    if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return undefined;
    return labels[i + nx * (j + ny * k)] === BODY_INSIDE;
  };
}
