import { encodeRowRuns, forEachRowRun, rowRunBuffers, rowRunLabelAt } from '../volume/rowRunLabels';
import { blockWhere } from '../volume/voxelBox';
import type { AnalysisGrid, BodyLabelGrid, BodyMask, StructureInfo, StructureSet, VoxelBlock } from './types';

/**
 * The analysis result's label grids in the compact forms the page keeps (types.ts StructureSet, BodyMask),
 * and the one way to read them: the analysis paints full grids while it runs; the result holds the
 * structures' labels cropped to their block and the body as row runs (issue 20, resident memory).
 */

/** The structures from a full label grid: the labels cropped to the block of their labelled voxels. */
export function cropStructures(
  grid: AnalysisGrid,
  labels: Uint8Array,
  structures: StructureInfo[],
): StructureSet {
  const [nx, ny] = grid.dims;
  const block = blockWhere(grid.dims, (p) => labels[p] !== 0);
  if (!block)
    return { grid, box: { lo: [0, 0, 0], dims: [0, 0, 0] }, boxLabels: new Uint8Array(0), structures };
  const [i0, j0, k0] = block.lo;
  const box: VoxelBlock = {
    lo: block.lo,
    dims: [block.hi[0] - i0 + 1, block.hi[1] - j0 + 1, block.hi[2] - k0 + 1],
  };
  const [bx, by, bz] = box.dims;
  const boxLabels = new Uint8Array(bx * by * bz);
  for (let k = 0; k < bz; k++)
    for (let j = 0; j < by; j++) {
      const from = i0 + nx * (j0 + j + ny * (k0 + k));
      boxLabels.set(labels.subarray(from, from + bx), bx * (j + by * k));
    }
  return { grid, box, boxLabels, structures };
}

/** The structure label at voxel (i, j, k) of the analysis grid; 0 outside the labelled block. */
export function structureLabelAt(set: StructureSet, i: number, j: number, k: number): number {
  const [bi, bj, bk] = set.box.lo;
  const [bx, by, bz] = set.box.dims;
  const a = i - bi;
  const b = j - bj;
  const c = k - bk;
  if (a < 0 || b < 0 || c < 0 || a >= bx || b >= by || c >= bz) return 0;
  return set.boxLabels[a + bx * (b + by * c)]!;
}

/** The structure labels over the whole analysis grid (tests; consumers read structureLabelAt). */
export function fullStructureLabels(set: StructureSet): Uint8Array {
  const [nx, ny, nz] = set.grid.dims;
  const out = new Uint8Array(nx * ny * nz);
  const [i0, j0, k0] = set.box.lo;
  const [bx, by, bz] = set.box.dims;
  for (let k = 0; k < bz; k++)
    for (let j = 0; j < by; j++) {
      const from = bx * (j + by * k);
      out.set(set.boxLabels.subarray(from, from + bx), i0 + nx * (j0 + j + ny * (k0 + k)));
    }
  return out;
}

/** The body mask the result keeps: the full grid's labels as row runs. */
export const compactBody = (body: BodyLabelGrid): BodyMask => ({
  grid: body.grid,
  runs: encodeRowRuns(body.labels, body.grid.dims),
  couchFound: body.couchFound,
});

/** BODY_OUTSIDE / BODY_INSIDE / BODY_COUCH at voxel (i, j, k) of the analysis grid (outside it: BODY_OUTSIDE). */
export const bodyLabelAt = (body: BodyMask, i: number, j: number, k: number): number =>
  rowRunLabelAt(body.runs, i, j, k);

/** Calls `run(start, end, label)` for each BODY_INSIDE / BODY_COUCH run of row (j, k), in increasing i. */
export const forEachBodyRun = (
  body: BodyMask,
  j: number,
  k: number,
  run: (start: number, end: number, label: number) => void,
): void => forEachRowRun(body.runs, j, k, run);

/** Every buffer of the result's label data (the analysis worker moves them to the page, not copies). */
export const labelBuffers = (structures: StructureSet, body: BodyMask): ArrayBuffer[] => [
  structures.boxLabels.buffer as ArrayBuffer,
  ...rowRunBuffers(body.runs),
];
