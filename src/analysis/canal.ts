import type { Vec3 } from '../core/vec3';
import { type GridVolume, gridToLps } from './grid';

/**
 * Spinal canal centreline. On an axial cut through the pedicles the vertebral foramen is a ring of bone
 * (body, pedicles, laminae) around soft tissue (thecal sac, epidural fat): a point inside it sees bone
 * within a short distance in every direction. Each slice gets an "enclosure" score per pixel from eight
 * directional bone-distance sweeps; the highest-scoring regions are chained from slice to slice by dynamic
 * programming (smooth path, gaps allowed where the canal is open at the discs). The chain is the canal.
 */

/** Cortical and cancellous bone (cancellous 150-400 HU, cortex > ~700: Schreiber et al., J Bone Joint Surg Am 2011). */
export const BONE_HU = 200;
/** Canal content: epidural fat (~-100 HU) to CSF and roots (0-40 HU), partial volume up to ~150. */
const CANAL_MIN_HU = -150;
const CANAL_MAX_HU = 150;
/**
 * Bone must be met within this distance in a direction for it to count as enclosing. The lumbar canal is
 * 21-27 mm between the pedicles (Hinck et al., Radiology 1966) and 15-20 mm deep (Eisenstein, J Bone Joint
 * Surg Br 1977): 16 mm reaches the wall from any point inside, while a vertebral body interior (~40-50 mm
 * wide) or the skull does not qualify.
 */
const ENCLOSE_MM = 16;
/** Half-width (mm) of the search band around the body's midline. */
const SEARCH_HALF_WIDTH_MM = 90;
const CANDIDATES_PER_SLICE = 6;

const DIRS: readonly [number, number][] = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
  [1, 1],
  [1, -1],
  [-1, 1],
  [-1, -1],
];

export interface CanalSlice {
  k: number;
  /** Grid coordinates (i, j) of the canal centre on slice k. */
  i: number;
  j: number;
  /** Enclosed area (mm^2) at this slice, 0 where the canal is open (discs) and the point is interpolated. */
  enclosedAreaMm2: number;
}

export interface CanalResult {
  /** Slices from the lowest k upward (caudal to cranial), contiguous. */
  slices: CanalSlice[];
  pointsLps: Vec3[];
  radiiMm: number[];
}

interface Candidate {
  i: number;
  j: number;
  score: number;
}

/** x-centre of the non-air voxels of slice k (the body's midline, good to a few cm). */
function sliceMidlineI(gv: GridVolume, k: number): number | undefined {
  const [nx, ny] = gv.grid.dims;
  let sum = 0;
  let n = 0;
  const base = nx * ny * k;
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++)
      if (gv.hu[base + i + nx * j]! > -300) {
        sum += i;
        n++;
      }
  return n > 50 ? sum / n : undefined;
}

/** Per-pixel count of directions (0..8) that meet bone within ENCLOSE_MM, for canal-like pixels; else 0. */
function enclosureScores(gv: GridVolume, k: number, i0: number, i1: number, out: Uint8Array): void {
  const [nx, ny] = gv.grid.dims;
  const w = i1 - i0 + 1;
  const step = gv.grid.spacingMm;
  const base = nx * ny * k;
  const hu = gv.hu;
  const bone = new Uint8Array(w * ny);
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < w; i++) bone[i + w * j] = hu[base + i0 + i + nx * j]! >= BONE_HU ? 1 : 0;
  out.fill(0, 0, w * ny);
  // Steps to the first bone pixel along each direction (integers, saturating; off the image = never), counted
  // where within ENCLOSE_MM as the distance accumulates in float32 (the same cut as summing the step in mm).
  const steps = new Uint16Array(w * ny);
  const never = 65535;
  for (const [dx, dy] of DIRS) {
    const stepMm = step * Math.hypot(dx, dy);
    let maxSteps = 0;
    for (let d = Math.fround(stepMm); d <= ENCLOSE_MM && maxSteps < never - 1; d = Math.fround(d + stepMm))
      maxSteps++;
    // Sweep so that the neighbour at (i+dx, j+dy) is done before (i, j).
    const jFrom = dy > 0 ? ny - 1 : 0;
    const jTo = dy > 0 ? -1 : ny;
    const jStep = dy > 0 ? -1 : 1;
    const iFrom = dx > 0 ? w - 1 : 0;
    const iTo = dx > 0 ? -1 : w;
    const iStep = dx > 0 ? -1 : 1;
    const off = dx + w * dy;
    for (let j = jFrom; j !== jTo; j += jStep) {
      const row = w * j;
      if (j + dy < 0 || j + dy >= ny) {
        steps.fill(never, row, row + w);
        continue;
      }
      // The first pixel of the sweep along i has its neighbour off the image when dx != 0.
      let i = iFrom;
      if (dx !== 0) {
        steps[row + i] = never;
        i += iStep;
      }
      for (; i !== iTo; i += iStep) {
        const p = row + i;
        const q = p + off;
        const n = bone[q] ? 1 : Math.min(never, steps[q]! + 1);
        steps[p] = n;
        if (n <= maxSteps) out[p]!++;
      }
    }
  }
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < w; i++) {
      const v = hu[base + i0 + i + nx * j]!;
      if (bone[i + w * j] || v < CANAL_MIN_HU || v > CANAL_MAX_HU) out[i + w * j] = 0;
    }
}

/** Connected (4-neighbour) region of pixels with score >= minScore containing (si, sj): its centroid and size. */
function regionAt(
  score: Uint8Array,
  w: number,
  h: number,
  si: number,
  sj: number,
  minScore: number,
): { ci: number; cj: number; n: number } {
  if (score[si + w * sj]! < minScore) return { ci: si, cj: sj, n: 0 };
  const seen = new Uint8Array(w * h);
  const stack = [si + w * sj];
  seen[si + w * sj] = 1;
  let n = 0;
  let sx = 0;
  let sy = 0;
  while (stack.length > 0 && n < 4000) {
    const p = stack.pop()!;
    const i = p % w;
    const j = (p - i) / w;
    n++;
    sx += i;
    sy += j;
    for (const q of [p - 1, p + 1, p - w, p + w]) {
      const qi = q % w;
      if (q < 0 || q >= w * h || Math.abs(qi - i) > 1 || seen[q] || score[q]! < minScore) continue;
      seen[q] = 1;
      stack.push(q);
    }
  }
  return { ci: sx / n, cj: sy / n, n };
}

/** Local maxima of a box-summed "fully enclosed" map: where the canal can be on this slice. */
function sliceCandidates(score: Uint8Array, w: number, h: number, radiusPx: number): Candidate[] {
  const full = new Float32Array(w * h);
  for (let p = 0; p < w * h; p++)
    full[p] = score[p]! >= 8 ? 1 : score[p]! === 7 ? 0.6 : score[p]! === 6 ? 0.2 : 0;
  // Separable box sum.
  const tmp = new Float32Array(w * h);
  const box = new Float32Array(w * h);
  for (let j = 0; j < h; j++) {
    let acc = 0;
    for (let i = -radiusPx; i < w + radiusPx; i++) {
      if (i + radiusPx < w) acc += full[i + radiusPx + w * j]!;
      if (i - radiusPx - 1 >= 0) acc -= full[i - radiusPx - 1 + w * j]!;
      if (i >= 0 && i < w) tmp[i + w * j] = acc;
    }
  }
  for (let i = 0; i < w; i++) {
    let acc = 0;
    for (let j = -radiusPx; j < h + radiusPx; j++) {
      if (j + radiusPx < h) acc += tmp[i + w * (j + radiusPx)]!;
      if (j - radiusPx - 1 >= 0) acc -= tmp[i + w * (j - radiusPx - 1)]!;
      if (j >= 0 && j < h) box[i + w * j] = acc;
    }
  }
  const out: Candidate[] = [];
  for (let j = 1; j < h - 1; j++)
    for (let i = 1; i < w - 1; i++) {
      const v = box[i + w * j]!;
      if (v < 2) continue;
      let isMax = true;
      for (let dj = -2; dj <= 2 && isMax; dj++)
        for (let di = -2; di <= 2; di++) {
          const ii = i + di;
          const jj = j + dj;
          if (ii < 0 || jj < 0 || ii >= w || jj >= h || (di === 0 && dj === 0)) continue;
          const u = box[ii + w * jj]!;
          if (u > v || (u === v && (dj < 0 || (dj === 0 && di < 0)))) {
            isMax = false;
            break;
          }
        }
      if (isMax) out.push({ i, j, score: v });
    }
  out.sort((a, b) => b.score - a.score);
  return out.slice(0, CANDIDATES_PER_SLICE);
}

/**
 * Finds the canal: per-slice candidates, then the best smooth chain over slices (dynamic programming:
 * score minus a movement penalty beyond ~1 mm of drift per mm of z, gaps of up to 24 mm bridged at a
 * small cost). Undefined when no chain of at least `minLengthMm` exists.
 */
/** The shortest run of spinal canal accepted as a spine (mm): about one vertebra with a disc and a half. */
export const MIN_CANAL_LENGTH_MM = 50;

export function findCanal(gv: GridVolume, minLengthMm = MIN_CANAL_LENGTH_MM): CanalResult | undefined {
  const [nx, ny, nz] = gv.grid.dims;
  const s = gv.grid.spacingMm;
  const halfW = Math.round(SEARCH_HALF_WIDTH_MM / s);
  const radiusPx = Math.max(1, Math.round(5 / s));
  const perSlice: { cands: Candidate[]; i0: number; score: Uint8Array; w: number }[] = [];
  const score = new Uint8Array(nx * ny);
  for (let k = 0; k < nz; k++) {
    const mid = sliceMidlineI(gv, k);
    if (mid === undefined) {
      perSlice.push({ cands: [], i0: 0, score: new Uint8Array(0), w: 0 });
      continue;
    }
    const i0 = Math.max(0, Math.round(mid) - halfW);
    const i1 = Math.min(nx - 1, Math.round(mid) + halfW);
    const w = i1 - i0 + 1;
    enclosureScores(gv, k, i0, i1, score);
    const sc = score.slice(0, w * ny);
    perSlice.push({ cands: sliceCandidates(sc, w, ny, radiusPx), i0, score: sc, w });
  }
  // DP over (slice, candidate).
  const maxGap = Math.max(1, Math.round(24 / s));
  type Node = { k: number; c: number; total: number; prev: Node | undefined };
  const nodes: Node[][] = [];
  let best: Node | undefined;
  for (let k = 0; k < nz; k++) {
    const row: Node[] = [];
    perSlice[k]!.cands.forEach((cand, c) => {
      let node: Node = { k, c, total: cand.score, prev: undefined };
      for (let g = 1; g <= maxGap && k - g >= 0; g++) {
        const prevRow = nodes[k - g]!;
        const gapCost = (g - 1) * 1.5;
        prevRow.forEach((pn) => {
          const pc = perSlice[k - g]!.cands[pn.c]!;
          const dxMm = (pc.i + perSlice[k - g]!.i0 - (cand.i + perSlice[k]!.i0)) * s;
          const dyMm = (pc.j - cand.j) * s;
          const drift = Math.hypot(dxMm, dyMm);
          const allowed = 1.5 + 0.6 * g * s;
          if (drift > allowed + 8) return;
          const moveCost = Math.max(0, drift - allowed) ** 2 * 0.5;
          const total = pn.total + cand.score - gapCost - moveCost;
          if (total > node.total) node = { k, c, total, prev: pn };
        });
      }
      row.push(node);
      if (!best || node.total > best.total) best = node;
    });
    nodes.push(row);
  }
  if (!best) return undefined;
  const chain: Node[] = [];
  for (let n: Node | undefined = best; n; n = n.prev) chain.unshift(n);
  const kLo = chain[0]!.k;
  const kHi = chain[chain.length - 1]!.k;
  if ((kHi - kLo) * s < minLengthMm) return undefined;
  // Refine each chain node to its enclosed region's centroid; interpolate the slices between nodes.
  const fixed = new Map<number, CanalSlice>();
  for (const n of chain) {
    const ps = perSlice[n.k]!;
    const cand = ps.cands[n.c]!;
    const reg = regionAt(ps.score, ps.w, ny, cand.i, cand.j, 7);
    const ok = reg.n * s * s >= 40;
    fixed.set(n.k, {
      k: n.k,
      i: (ok ? reg.ci : cand.i) + ps.i0,
      j: ok ? reg.cj : cand.j,
      enclosedAreaMm2: ok ? reg.n * s * s : 0,
    });
  }
  const slices: CanalSlice[] = [];
  const keys = [...fixed.keys()].sort((a, b) => a - b);
  for (let q = 0; q < keys.length; q++) {
    const a = fixed.get(keys[q]!)!;
    slices.push(a);
    const b = q + 1 < keys.length ? fixed.get(keys[q + 1]!)! : undefined;
    if (!b) continue;
    for (let k = a.k + 1; k < b.k; k++) {
      const t = (k - a.k) / (b.k - a.k);
      slices.push({ k, i: a.i + t * (b.i - a.i), j: a.j + t * (b.j - a.j), enclosedAreaMm2: 0 });
    }
  }
  centreBySymmetry(gv, slices);
  const pointsLps = slices.map((c) => gridToLps(gv.grid, c.i, c.j, c.k));
  const areas = slices.map((c) => c.enclosedAreaMm2).filter((a) => a > 0);
  const typicalR = areas.length ? Math.sqrt(median(areas) / Math.PI) : 8;
  const radiiMm = slices.map((c) =>
    c.enclosedAreaMm2 > 0 ? Math.sqrt(c.enclosedAreaMm2 / Math.PI) : typicalR,
  );
  return { slices, pointsLps, radiiMm };
}

/** Half-width (mm) of the bone compared left against right, and how far the centre may move. */
const MIRROR_HALF_WIDTH_MM = 40;
const MIRROR_SHIFT_MM = 20;
const MIRROR_ROWS_MM = 24;

/**
 * Left-right position of the canal from the symmetry of the bone around it: a vertebra (and the sacrum) is
 * close to mirror-symmetric about the midsagittal plane, so the column i that best matches the bone to its
 * left with the bone to its right is the midline. This holds where the enclosure does not (open discs, the
 * wide sacral canal beside the sacral foramina). Median over 7 slices; i moves, j stays the chain's.
 */
function centreBySymmetry(gv: GridVolume, slices: CanalSlice[]): void {
  const [nx, ny] = gv.grid.dims;
  const s = gv.grid.spacingMm;
  const half = Math.round(MIRROR_HALF_WIDTH_MM / s);
  const shift = Math.round(MIRROR_SHIFT_MM / s);
  const rows = Math.round(MIRROR_ROWS_MM / s);
  const found: number[] = [];
  for (const c of slices) {
    const base = nx * ny * c.k;
    const ci = Math.round(c.i);
    const cj = Math.round(c.j);
    let best = c.i;
    let bestScore = -1;
    for (let d = -shift; d <= shift; d++) {
      const x0 = ci + d;
      let score = 0;
      for (let j = Math.max(0, cj - rows); j <= Math.min(ny - 1, cj + rows); j++) {
        const row = base + nx * j;
        for (let q = 1; q <= half; q++) {
          const a = x0 - q;
          const b = x0 + q;
          if (a < 0 || b >= nx) break;
          if (gv.hu[row + a]! >= BONE_HU && gv.hu[row + b]! >= BONE_HU) score++;
        }
      }
      if (score > bestScore) {
        bestScore = score;
        best = x0;
      }
    }
    found.push(bestScore > 0 ? best : c.i);
  }
  for (let n = 0; n < slices.length; n++) {
    const window = found.slice(Math.max(0, n - 3), n + 4);
    slices[n]!.i = median(window);
  }
}

export function median(values: readonly number[]): number {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}
