/**
 * Binary morphology on analysis grids (i fastest, then j, then k): connected components on row runs,
 * per-slice hole filling, exact Euclidean distance transforms. Masks are Uint8Array (non-zero = set).
 * Everything is O(voxels) and allocates little beyond the run list, so the body and structure stages stay
 * within a few hundred milliseconds on a 200^3 grid.
 */

export type Dims = readonly [number, number, number];

/** Foreground runs along i: [start i, end i (exclusive), row] per run, row = j + ny * k. */
export interface Runs {
  count: number;
  start: Int32Array;
  end: Int32Array;
  row: Int32Array;
}

/** An empty run list to fill with pushRun (rows in increasing order, runs within a row left to right). */
export function emptyRuns(): Runs {
  return { count: 0, start: new Int32Array(1024), end: new Int32Array(1024), row: new Int32Array(1024) };
}

/** Appends the run [s, e) of `row` to a run list. */
export function pushRun(runs: Runs, s: number, e: number, row: number): void {
  if (runs.count === runs.start.length) {
    const grow = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    runs.start = grow(runs.start);
    runs.end = grow(runs.end);
    runs.row = grow(runs.row);
  }
  runs.start[runs.count] = s;
  runs.end[runs.count] = e;
  runs.row[runs.count] = row;
  runs.count++;
}

/** Row runs of `mask` (optionally only where `mask[v] === value`). */
export function findRuns(mask: Uint8Array, dims: Dims, value?: number): Runs {
  const [nx, ny, nz] = dims;
  const runs = emptyRuns();
  const want = value ?? -1;
  for (let r = 0; r < ny * nz; r++) {
    const base = r * nx;
    let i = 0;
    while (i < nx) {
      if (want < 0) {
        while (i < nx && mask[base + i] === 0) i++;
        if (i >= nx) break;
      } else {
        while (i < nx && mask[base + i] !== want) i++;
        if (i >= nx) break;
      }
      const s = i;
      if (want < 0) while (i < nx && mask[base + i] !== 0) i++;
      else while (i < nx && mask[base + i] === want) i++;
      pushRun(runs, s, i, r);
    }
  }
  return runs;
}

function find(parent: Int32Array, a: number): number {
  let r = a;
  while (parent[r] !== r) r = parent[r]!;
  while (parent[a] !== r) {
    const next = parent[a]!;
    parent[a] = r;
    a = next;
  }
  return r;
}

/** Components of a run list: `label[run]` in 0..count-1 and voxel `size[label]`. */
export interface Components {
  runs: Runs;
  /** Component index per run. */
  label: Int32Array;
  /** Voxels per component. */
  size: Float64Array;
  count: number;
}

/**
 * Face-connected (6-neighbour; 4 in-plane) components by union-find over row runs: two runs join when
 * they overlap in i and their rows are neighbours in j (same k) or in k (same j).
 */
export function components(mask: Uint8Array, dims: Dims, value?: number): Components {
  return componentsOfRuns(findRuns(mask, dims, value), dims);
}

/** Components (as `components`) of a run list made with pushRun. */
export function componentsOfRuns(runs: Runs, dims: Dims): Components {
  const [, ny] = dims;
  const { count, start, end, row } = runs;
  const parent = new Int32Array(count);
  for (let r = 0; r < count; r++) parent[r] = r;
  const union = (a: number, b: number) => {
    const ra = find(parent, a);
    const rb = find(parent, b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  // First run of each row, for merging with the row above (j - 1) and the slice below (k - 1).
  const nRows = count > 0 ? row[count - 1]! + 1 : 0;
  const rowFirst = new Int32Array(nRows + 1).fill(-1);
  for (let r = count - 1; r >= 0; r--) rowFirst[row[r]!] = r;
  const rowEnd = (rr: number): number => {
    // Runs of row rr are rowFirst[rr] .. until the row changes.
    let e = rowFirst[rr]!;
    if (e < 0) return e;
    while (e < count && row[e] === rr) e++;
    return e;
  };
  const mergeRows = (a0: number, a1: number, b0: number, b1: number) => {
    let a = a0;
    let b = b0;
    while (a < a1 && b < b1) {
      if (start[a]! < end[b]! && start[b]! < end[a]!) union(a, b);
      if (end[a]! < end[b]!) a++;
      else b++;
    }
  };
  let r = 0;
  while (r < count) {
    const rr = row[r]!;
    let e = r;
    while (e < count && row[e] === rr) e++;
    const j = rr % ny;
    if (j > 0 && rowFirst[rr - 1]! >= 0) mergeRows(r, e, rowFirst[rr - 1]!, rowEnd(rr - 1));
    if (rr >= ny && rowFirst[rr - ny]! >= 0) mergeRows(r, e, rowFirst[rr - ny]!, rowEnd(rr - ny));
    r = e;
  }
  const label = new Int32Array(count);
  const remap = new Int32Array(count).fill(-1);
  let n = 0;
  for (let q = 0; q < count; q++) {
    const root = find(parent, q);
    if (remap[root]! < 0) remap[root] = n++;
    label[q] = remap[root]!;
  }
  const size = new Float64Array(n);
  for (let q = 0; q < count; q++) size[label[q]!]! += end[q]! - start[q]!;
  return { runs, label, size, count: n };
}

/** Writes `value` into `out` for every voxel of the components where `keep[label]` is true. */
export function paintComponents(
  c: Components,
  keep: (label: number) => boolean,
  out: Uint8Array,
  nx: number,
  value = 1,
): void {
  const { start, end, row } = c.runs;
  for (let q = 0; q < c.runs.count; q++)
    if (keep(c.label[q]!)) out.fill(value, row[q]! * nx + start[q]!, row[q]! * nx + end[q]!);
}

/** Index of the largest component, -1 when there is none. */
export function largestComponent(c: Components): number {
  let best = -1;
  for (let l = 0; l < c.count; l++) if (best < 0 || c.size[l]! > c.size[best]!) best = l;
  return best;
}

/**
 * Fills holes per axial slice (k): background regions (4-connected) that do not touch the slice border
 * become foreground. In place; `mask` holds 0/1.
 */
export function fillHolesAxial(mask: Uint8Array, dims: Dims): void {
  const [nx, ny, nz] = dims;
  const plane = nx * ny;
  for (let k = 0; k < nz; k++) {
    const off = plane * k;
    const c = components(mask.subarray(off, off + plane), [nx, ny, 1], 0);
    if (c.count === 0) continue;
    const border = new Uint8Array(c.count);
    const { start, end, row } = c.runs;
    for (let q = 0; q < c.runs.count; q++)
      if (row[q] === 0 || row[q] === ny - 1 || start[q] === 0 || end[q] === nx) border[c.label[q]!] = 1;
    for (let q = 0; q < c.runs.count; q++)
      if (!border[c.label[q]!]) mask.fill(1, off + row[q]! * nx + start[q]!, off + row[q]! * nx + end[q]!);
  }
}

/**
 * Exact squared Euclidean distance transform along one line: lower envelope of parabolas (Felzenszwalb &
 * Huttenlocher, "Distance transforms of sampled functions", Theory of Computing 8, 2012). Infinite samples
 * contribute no parabola.
 */
function edt1d(f: Float32Array, n: number, d: Float32Array, v: Int32Array, z: Float32Array): void {
  let k = -1;
  for (let q = 0; q < n; q++) {
    const fq = f[q]!;
    if (fq === Infinity) continue;
    let s = 0;
    while (k >= 0) {
      const p = v[k]!;
      s = (fq + q * q - (f[p]! + p * p)) / (2 * (q - p));
      if (s <= z[k]!) k--;
      else break;
    }
    if (k < 0) {
      k = 0;
      v[0] = q;
      z[0] = -Infinity;
    } else {
      k++;
      v[k] = q;
      z[k] = s;
    }
    z[k + 1] = Infinity;
  }
  if (k < 0) {
    d.fill(Infinity, 0, n);
    return;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const p = v[k]!;
    d[q] = (q - p) * (q - p) + f[p]!;
  }
}

/**
 * Squared Euclidean distance (in voxels^2 of an isotropic grid) from every voxel to the nearest voxel where
 * `isSeed` holds; Infinity when there is none. `axes` picks the dimensions to propagate along ([0, 1] for a
 * per-slice 2D transform).
 */
export function distanceSq(
  dims: Dims,
  isSeed: (index: number) => boolean,
  axes: readonly (0 | 1 | 2)[] = [0, 1, 2],
): Float32Array {
  const [nx, ny, nz] = dims;
  const n = nx * ny * nz;
  const out = new Float32Array(n);
  for (let p = 0; p < n; p++) out[p] = isSeed(p) ? 0 : Infinity;
  const len = Math.max(nx, ny, nz);
  const f = new Float32Array(len);
  const d = new Float32Array(len);
  const v = new Int32Array(len);
  const z = new Float32Array(len + 1);
  const strides = [1, nx, nx * ny];
  for (const axis of axes) {
    const m = dims[axis];
    const stride = strides[axis]!;
    const others = ([0, 1, 2] as const).filter((a) => a !== axis);
    const [a, b] = others as [0 | 1 | 2, 0 | 1 | 2];
    for (let ob = 0; ob < dims[b]; ob++)
      for (let oa = 0; oa < dims[a]; oa++) {
        const base = oa * strides[a]! + ob * strides[b]!;
        for (let q = 0; q < m; q++) f[q] = out[base + q * stride]!;
        edt1d(f, m, d, v, z);
        for (let q = 0; q < m; q++) out[base + q * stride] = d[q]!;
      }
  }
  return out;
}

/** Chamfer weights for unit and diagonal steps (3-4 chamfer: Borgefors, CVGIP 34, 1986); distance = d / 3 voxels. */
const CH_AXIAL = 3;
const CH_DIAG = 4;
/** Chamfer distance of pixels with no seed (saturates). */
const FAR = 65535;

/**
 * 2D chamfer distance (3-4, within ~8% of Euclidean) of an nx x ny image from the pixels where `seed` is
 * non-zero (and from outside the image when `outsideIsSeed`), in units of 1/3 voxel. Two raster passes:
 * fast enough to run on every slice.
 */
export function chamfer2d(
  seed: Uint8Array,
  nx: number,
  ny: number,
  out: Uint16Array = new Uint16Array(nx * ny),
  outsideIsSeed = false,
): Uint16Array {
  const far = FAR;
  for (let p = 0; p < nx * ny; p++) out[p] = seed[p] ? 0 : far;
  if (outsideIsSeed) {
    // The image's edge pixels are one step from the outside.
    const edge = (p: number) => {
      out[p] = Math.min(out[p]!, CH_AXIAL);
    };
    for (let i = 0; i < nx; i++) {
      edge(i);
      edge(i + nx * (ny - 1));
    }
    for (let j = 1; j < ny - 1; j++) {
      edge(nx * j);
      edge(nx - 1 + nx * j);
    }
  }
  if (nx < 3 || ny < 2) {
    chamferPassesAnySize(out, nx, ny);
    return out;
  }
  // Forward pass (raster order): left, up-left, up, up-right; the first row and the edge columns apart.
  for (let i = 1; i < nx; i++) if (out[i] !== 0) out[i] = Math.min(out[i]!, out[i - 1]! + CH_AXIAL, FAR);
  for (let j = 1; j < ny; j++) {
    const r = nx * j;
    let p = r;
    if (out[p] !== 0) out[p] = Math.min(out[p]!, out[p - nx]! + CH_AXIAL, out[p - nx + 1]! + CH_DIAG, FAR);
    for (p = r + 1; p < r + nx - 1; p++) {
      const d = out[p]!;
      if (d === 0) continue;
      const u = p - nx;
      out[p] = Math.min(
        d,
        out[p - 1]! + CH_AXIAL,
        out[u]! + CH_AXIAL,
        out[u - 1]! + CH_DIAG,
        out[u + 1]! + CH_DIAG,
        FAR,
      );
    }
    if (out[p] !== 0)
      out[p] = Math.min(
        out[p]!,
        out[p - 1]! + CH_AXIAL,
        out[p - nx]! + CH_AXIAL,
        out[p - nx - 1]! + CH_DIAG,
        FAR,
      );
  }
  // Backward pass: right, down-right, down, down-left.
  const last = nx * (ny - 1);
  for (let p = last + nx - 2; p >= last; p--)
    if (out[p] !== 0) out[p] = Math.min(out[p]!, out[p + 1]! + CH_AXIAL, FAR);
  for (let j = ny - 2; j >= 0; j--) {
    const r = nx * j;
    let p = r + nx - 1;
    if (out[p] !== 0) out[p] = Math.min(out[p]!, out[p + nx]! + CH_AXIAL, out[p + nx - 1]! + CH_DIAG, FAR);
    for (p = r + nx - 2; p > r; p--) {
      const d = out[p]!;
      if (d === 0) continue;
      const u = p + nx;
      out[p] = Math.min(
        d,
        out[p + 1]! + CH_AXIAL,
        out[u]! + CH_AXIAL,
        out[u + 1]! + CH_DIAG,
        out[u - 1]! + CH_DIAG,
        FAR,
      );
    }
    if (out[p] !== 0)
      out[p] = Math.min(
        out[p]!,
        out[p + 1]! + CH_AXIAL,
        out[p + nx]! + CH_AXIAL,
        out[p + nx + 1]! + CH_DIAG,
        FAR,
      );
  }
  return out;
}

/** The two chamfer passes with bounds tests at every pixel (images under 3 columns or 2 rows). */
function chamferPassesAnySize(out: Uint16Array, nx: number, ny: number): void {
  const far = FAR;
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      const p = i + nx * j;
      let d = out[p]!;
      if (d === 0) continue;
      if (i > 0) d = Math.min(d, out[p - 1]! + CH_AXIAL);
      if (j > 0) {
        d = Math.min(d, out[p - nx]! + CH_AXIAL);
        if (i > 0) d = Math.min(d, out[p - nx - 1]! + CH_DIAG);
        if (i < nx - 1) d = Math.min(d, out[p - nx + 1]! + CH_DIAG);
      }
      out[p] = Math.min(d, far);
    }
  for (let j = ny - 1; j >= 0; j--)
    for (let i = nx - 1; i >= 0; i--) {
      const p = i + nx * j;
      let d = out[p]!;
      if (d === 0) continue;
      if (i < nx - 1) d = Math.min(d, out[p + 1]! + CH_AXIAL);
      if (j < ny - 1) {
        d = Math.min(d, out[p + nx]! + CH_AXIAL);
        if (i < nx - 1) d = Math.min(d, out[p + nx + 1]! + CH_DIAG);
        if (i > 0) d = Math.min(d, out[p + nx - 1]! + CH_DIAG);
      }
      out[p] = Math.min(d, far);
    }
}

/**
 * Morphological opening of a 2D 0/1 mask (nx x ny) by a disc of `radius` voxels (chamfer erosion then
 * dilation; outside the image counts as background). `out` may be passed to avoid allocation.
 */
export function open2d(
  mask: Uint8Array,
  nx: number,
  ny: number,
  radius: number,
  out: Uint8Array = new Uint8Array(nx * ny),
): Uint8Array {
  const r = radius * CH_AXIAL;
  const plane = nx * ny;
  for (let p = 0; p < plane; p++) out[p] = mask[p] ? 0 : 1;
  const toBackground = chamfer2d(out, nx, ny, undefined, true);
  for (let p = 0; p < plane; p++) out[p] = toBackground[p]! > r ? 1 : 0;
  const toEroded = chamfer2d(out, nx, ny, toBackground);
  for (let p = 0; p < plane; p++) out[p] = toEroded[p]! <= r ? 1 : 0;
  return out;
}

/** Dilates a 3D 0/1 mask by one voxel (6-neighbourhood) into a new mask. */
export function dilate6(mask: Uint8Array, dims: Dims): Uint8Array {
  const [nx, ny, nz] = dims;
  const plane = nx * ny;
  const out = new Uint8Array(mask.length);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++) {
      const row = nx * (j + ny * k);
      for (let i = 0; i < nx; i++) {
        if (!mask[row + i]) continue;
        const p = row + i;
        out[p] = 1;
        if (i > 0) out[p - 1] = 1;
        if (i < nx - 1) out[p + 1] = 1;
        if (j > 0) out[p - nx] = 1;
        if (j < ny - 1) out[p + nx] = 1;
        if (k > 0) out[p - plane] = 1;
        if (k < nz - 1) out[p + plane] = 1;
      }
    }
  return out;
}
