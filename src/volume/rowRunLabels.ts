/**
 * A label grid (values 0-255, i fastest) kept as the runs of equal non-zero labels along its rows: for a
 * mask that is mostly long runs (the body outline on the 2 mm analysis grid: ~1 run a row) this is a
 * hundredth of the grid's bytes, and a voxel is found by a binary search in its row (issue 20, resident
 * memory). Plain typed arrays, so it posts to a worker and back.
 */
export interface RowRunLabels {
  dims: readonly [number, number, number];
  /** Runs of row r = j + ny * k are rowFirst[r] .. rowFirst[r + 1] - 1, in increasing i. */
  rowFirst: Uint32Array;
  /** Per run: first i, one past the last i, and the label (never 0). */
  start: Uint16Array;
  end: Uint16Array;
  label: Uint8Array;
}

/** Rows are indexed with 16-bit i: wider grids than this are refused (the analysis grid is 2 mm). */
export const MAX_ROW_RUN_WIDTH = 0xffff;

/** The runs of a full label grid (one pass). */
export function encodeRowRuns(labels: Uint8Array, dims: readonly [number, number, number]): RowRunLabels {
  const [nx, ny, nz] = dims;
  if (nx > MAX_ROW_RUN_WIDTH)
    throw new RangeError(`row runs: ${nx} voxels a row is over ${MAX_ROW_RUN_WIDTH}`);
  if (labels.length !== nx * ny * nz)
    throw new RangeError(`row runs: ${labels.length} labels for a ${nx}x${ny}x${nz} grid`);
  const rows = ny * nz;
  // Count first, then fill: the runs' arrays are allocated once at their size.
  let count = 0;
  for (let r = 0, p = 0; r < rows; r++) {
    let prev = 0;
    for (let i = 0; i < nx; i++, p++) {
      const v = labels[p]!;
      if (v !== prev && v !== 0) count++;
      prev = v;
    }
  }
  const rowFirst = new Uint32Array(rows + 1);
  const start = new Uint16Array(count);
  const end = new Uint16Array(count);
  const label = new Uint8Array(count);
  let q = 0;
  for (let r = 0, p = 0; r < rows; r++) {
    rowFirst[r] = q;
    let prev = 0;
    for (let i = 0; i < nx; i++, p++) {
      const v = labels[p]!;
      if (v === prev) continue;
      if (prev !== 0) end[q - 1] = i;
      if (v !== 0) {
        start[q] = i;
        label[q] = v;
        q++;
      }
      prev = v;
    }
    if (prev !== 0) end[q - 1] = nx;
  }
  rowFirst[rows] = q;
  return { dims: [nx, ny, nz], rowFirst, start, end, label };
}

/** The label at voxel (i, j, k); 0 outside the grid. O(log runs in the row). */
export function rowRunLabelAt(r: RowRunLabels, i: number, j: number, k: number): number {
  const [nx, ny, nz] = r.dims;
  if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return 0;
  const row = j + ny * k;
  let lo = r.rowFirst[row]!;
  let hi = r.rowFirst[row + 1]!;
  // The last run starting at or before i.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (r.start[mid]! <= i) lo = mid + 1;
    else hi = mid;
  }
  const q = lo - 1;
  return q >= r.rowFirst[row]! && i < r.end[q]! ? r.label[q]! : 0;
}

/** Calls `run(start, end, label)` for each run of row (j, k), in increasing i. */
export function forEachRowRun(
  r: RowRunLabels,
  j: number,
  k: number,
  run: (start: number, end: number, label: number) => void,
): void {
  const row = j + r.dims[1] * k;
  for (let q = r.rowFirst[row]!; q < r.rowFirst[row + 1]!; q++) run(r.start[q]!, r.end[q]!, r.label[q]!);
}

/** The full label grid back (tests, and consumers that need every voxel at once). */
export function decodeRowRuns(r: RowRunLabels): Uint8Array {
  const [nx, ny, nz] = r.dims;
  const out = new Uint8Array(nx * ny * nz);
  for (let row = 0; row < ny * nz; row++)
    for (let q = r.rowFirst[row]!; q < r.rowFirst[row + 1]!; q++)
      out.fill(r.label[q]!, nx * row + r.start[q]!, nx * row + r.end[q]!);
  return out;
}

/** The buffers of the runs (worker transfer lists). */
export const rowRunBuffers = (r: RowRunLabels): ArrayBuffer[] =>
  [r.rowFirst.buffer, r.start.buffer, r.end.buffer, r.label.buffer] as ArrayBuffer[];
