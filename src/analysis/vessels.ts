import type { Vec3 } from '../core/vec3';
import { type GridVolume, gridIndex } from './grid';
import { BODY_INSIDE, type BodyLabelGrid } from './types';

/** One axial cross-section of a tracked vessel. */
export interface VesselSection {
  centreLps: Vec3;
  /** Radius of the disc with the section's area, mm. */
  radiusMm: number;
  /** Mean HU inside. */
  hu: number;
}

export interface VesselFound {
  /** Indices of the vessel's voxels on the analysis grid. */
  voxels: Int32Array;
  /** Sections cranial to caudal, one per grid slice where the vessel was found. */
  sections: VesselSection[];
  /** 0..1: fraction of the spine's slices with a round, homogeneous section near the expected place. */
  confidence: number;
}

export interface VesselsFound {
  aorta: VesselFound;
  ivc: VesselFound;
  /** True when the aortic blood reads like iodinated contrast (> 120 HU). */
  contrast: boolean;
}

/**
 * Expected offsets from the vertebral body centre (mm, LPS: +x left, -y anterior): the aorta lies left
 * anterolateral, the IVC right anterolateral of the lumbar bodies (Gray's Anatomy, 42nd ed., posterior
 * abdominal wall); body half-depth ~15-18 mm (Panjabi et al., Spine 1992) plus ~12 mm.
 */
const AORTA_OFFSET: Vec3 = [14, -30, 0];
const IVC_OFFSET: Vec3 = [-21, -27, 0];
/** Search half-window around the expected centre, mm (x, y). */
const WINDOW_MM: [number, number] = [26, 22];
/** Lumen radii tried, mm: common iliac ~6 to a wide aorta ~15. */
const RADII_MM = [6, 8, 10, 12, 14];
/** Ring outside the lumen for the contrast with the surroundings, mm beyond the radius. */
const RING_MM: [number, number] = [2, 6];
/** Largest distance of a tracked section from the local consensus offset to the spine, mm. */
const MAX_DRIFT_MM = 15;
/** Prior on the distance from the expected centre, mm (gaussian sd). */
const PRIOR_SD_MM = 14;

/** Pixel runs of a disc or ring: (dj, di0, di1) triples, di0..di1 inclusive on row dj. */
type Runs = Int32Array;

/** In-plane pixel runs of a disc or ring of radii [r0, r1) in pixels (pixels whose centre distance d has r0 <= d < r1). */
function ringRuns(r0: number, r1: number): Runs {
  const out: number[] = [];
  const m = Math.ceil(r1);
  for (let dj = -m; dj <= m; dj++) {
    let start: number | undefined;
    for (let di = -m; di <= m + 1; di++) {
      const d = Math.hypot(di, dj);
      const inside = di <= m && d >= r0 && d < r1;
      if (inside && start === undefined) start = di;
      if (!inside && start !== undefined) {
        out.push(dj, start, di - 1);
        start = undefined;
      }
    }
  }
  return Int32Array.from(out);
}

interface Template {
  radiusMm: number;
  inside: Runs;
  ring: Runs;
  /** The runs as (offset in RowSums from the centre, length) pairs, for centres whose template is on the grid. */
  insideFlat: Int32Array;
  ringFlat: Int32Array;
  /** Farthest row or column offset of the template. */
  reach: number;
}

/** Runs as (dj * (nx + 1) + di0, length) pairs: offsets into RowSums rows. */
function flatRuns(runs: Runs, nx: number): Int32Array {
  const out = new Int32Array((runs.length / 3) * 2);
  for (let q = 0, o = 0; q < runs.length; q += 3, o += 2) {
    out[o] = runs[q]! * (nx + 1) + runs[q + 1]!;
    out[o + 1] = runs[q + 2]! - runs[q + 1]! + 1;
  }
  return out;
}

/** runStats for a template entirely on the grid and within the summed rows, centred at RowSums offset `at`. */
function flatStats(rs: RowSums, flat: Int32Array, at: number, acc: Float64Array): void {
  let sum = 0;
  let sum2 = 0;
  let cnt = 0;
  const s1 = rs.sum;
  const s2 = rs.sum2;
  for (let q = 0; q < flat.length; q += 2) {
    const a = at + flat[q]!;
    const len = flat[q + 1]!;
    sum += s1[a + len]! - s1[a]!;
    sum2 += s2[a + len]! - s2[a]!;
    cnt += len;
  }
  acc[0] = sum;
  acc[1] = sum2;
  acc[2] = cnt;
}

/**
 * Row prefix sums of HU and HU^2 over rows j0..j1 of slice k: the sum over pixels i0..i1 of row j is
 * sum[(j - j0) * (nx + 1) + i1 + 1] - sum[(j - j0) * (nx + 1) + i0]. HU are integers, so the sums are exact.
 */
interface RowSums {
  j0: number;
  j1: number;
  sum: Float64Array;
  sum2: Float64Array;
}

function rowSums(gv: GridVolume, k: number, j0: number, j1: number, into?: RowSums): RowSums {
  const [nx, ny] = gv.grid.dims;
  const a = Math.max(0, j0);
  const b = Math.min(ny - 1, j1);
  const len = Math.max(0, b - a + 1) * (nx + 1);
  const out =
    into && into.sum.length >= len
      ? { ...into, j0: a, j1: b }
      : { j0: a, j1: b, sum: new Float64Array(len), sum2: new Float64Array(len) };
  const { sum, sum2 } = out;
  const hu = gv.hu;
  for (let j = a; j <= b; j++) {
    const src = nx * (j + ny * k);
    const dst = (j - a) * (nx + 1);
    let s = 0;
    let s2 = 0;
    sum[dst] = 0;
    sum2[dst] = 0;
    for (let i = 0; i < nx; i++) {
      const v = hu[src + i]!;
      s += v;
      s2 += v * v;
      sum[dst + i + 1] = s;
      sum2[dst + i + 1] = s2;
    }
  }
  return out;
}

/** Sum, sum of squares and count of the in-grid pixels of `runs` around (ci, cj), into `acc` [sum, sum2, count]. */
function runStats(rs: RowSums, nx: number, runs: Runs, ci: number, cj: number, acc: Float64Array): void {
  let sum = 0;
  let sum2 = 0;
  let cnt = 0;
  const w = nx + 1;
  for (let q = 0; q < runs.length; q += 3) {
    const j = cj + runs[q]!;
    if (j < rs.j0 || j > rs.j1) continue;
    const i0 = Math.max(0, ci + runs[q + 1]!);
    const i1 = Math.min(nx - 1, ci + runs[q + 2]!);
    if (i1 < i0) continue;
    const base = (j - rs.j0) * w;
    sum += rs.sum[base + i1 + 1]! - rs.sum[base + i0]!;
    sum2 += rs.sum2[base + i1 + 1]! - rs.sum2[base + i0]!;
    cnt += i1 - i0 + 1;
  }
  acc[0] = sum;
  acc[1] = sum2;
  acc[2] = cnt;
}

/** Piecewise-linear spine centre per z (mm); ends held constant. */
function spineAt(centres: readonly Vec3[]): (z: number) => Vec3 {
  const byZ = [...centres].sort((a, b) => a[2] - b[2]);
  return (z) => {
    if (z <= byZ[0]![2]) return byZ[0]!;
    for (let n = 1; n < byZ.length; n++)
      if (z <= byZ[n]![2]) {
        const a = byZ[n - 1]!;
        const b = byZ[n]!;
        const t = (z - a[2]) / (b[2] - a[2] || 1);
        return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), z];
      }
    return byZ[byZ.length - 1]!;
  };
}

interface Hit {
  k: number;
  ci: number;
  cj: number;
  radiusMm: number;
  inHu: number;
  ringHu: number;
  sdHu: number;
  score: number;
}

/**
 * Best round homogeneous lumen near `expected` (grid coordinates) in slice k: a disc whose mean differs from
 * the ring around it by much more than its own spread, weighted by a gaussian prior on the distance.
 */
function bestSection(
  gv: GridVolume,
  body: BodyLabelGrid,
  k: number,
  expected: [number, number],
  templates: readonly Template[],
  search: { windowMm: [number, number]; priorSdMm: number; lumenHu?: [number, number] },
  scratch: { rows?: RowSums; acc: Float64Array },
): Hit | undefined {
  const { grid, hu } = gv;
  const [nx, ny] = grid.dims;
  const s = grid.spacingMm;
  const wi = Math.round(search.windowMm[0] / s);
  const wj = Math.round(search.windowMm[1] / s);
  const sd = search.priorSdMm;
  const [huLo, huHi] = search.lumenHu ?? [15, 600];
  const ei = Math.round(expected[0]);
  const ej = Math.round(expected[1]);
  let reach = 0;
  for (const t of templates) reach = Math.max(reach, t.reach);
  const rows = rowSums(gv, k, ej - wj - reach, ej + wj + reach, scratch.rows);
  scratch.rows = rows;
  const acc = scratch.acc;
  let best: Hit | undefined;
  for (let cj = ej - wj; cj <= ej + wj; cj++)
    for (let ci = ei - wi; ci <= ei + wi; ci++) {
      if (ci < 0 || cj < 0 || ci >= nx || cj >= ny) continue;
      const c = gridIndex(grid, ci, cj, k);
      if (body.labels[c] !== BODY_INSIDE) continue;
      const v0 = hu[c]!;
      if (v0 < 0 || v0 > 700) continue;
      const d2 = ((ci - expected[0]) ** 2 + (cj - expected[1]) ** 2) * s * s;
      const prior = Math.exp(-d2 / (2 * sd * sd));
      const onGrid = ci - reach >= 0 && ci + reach < nx && cj - reach >= rows.j0 && cj + reach <= rows.j1;
      const at = (cj - rows.j0) * (nx + 1) + ci;
      for (const t of templates) {
        if (onGrid) flatStats(rows, t.insideFlat, at, acc);
        else runStats(rows, nx, t.inside, ci, cj, acc);
        const cnt = acc[2]!;
        const inHu = cnt ? acc[0]! / cnt : 0;
        if (inHu < huLo || inHu > huHi) continue;
        const sdHu = Math.sqrt(Math.max(0, (cnt ? acc[1]! / cnt : 0) - inHu * inHu));
        if (onGrid) flatStats(rows, t.ringFlat, at, acc);
        else runStats(rows, nx, t.ring, ci, cj, acc);
        const ringHu = acc[2]! ? acc[0]! / acc[2]! : 0;
        // Brighter than fat or soft tissue around it; or (unenhanced IVC in the liver) a little darker.
        const contrast = inHu - ringHu;
        if (contrast < 30 && contrast > -15) continue;
        // Contrast against the surroundings over the lumen's own spread (noise + inhomogeneity).
        const score = (prior * Math.abs(contrast)) / (sdHu + 15);
        if (!best || score > best.score)
          best = { k, ci, cj, radiusMm: t.radiusMm, inHu, ringHu, sdHu, score };
      }
    }
  return best;
}

/** Median of the values of `xs` in a window of +-h entries. */
function medianFilter(xs: readonly number[], h: number): number[] {
  return xs.map((_, n) => {
    const w = xs.slice(Math.max(0, n - h), n + h + 1).sort((a, b) => a - b);
    return w[w.length >> 1]!;
  });
}

/**
 * One vessel: lumen candidates on every second slice along the spine, a median-filtered path (outliers from
 * bowel or psoas removed), then per slice a region grown from the path's centre within the lumen's HU window
 * (midway to the surroundings) and a disc around the centre (so a lumen touching tissue of the same HU cannot
 * leak far).
 */
function trackVessel(
  gv: GridVolume,
  body: BodyLabelGrid,
  spine: (z: number) => Vec3,
  offset: Vec3,
  zRange: [number, number],
  maxRadiusFactor: number,
): VesselFound {
  const { grid, hu } = gv;
  const [nx, ny, nz] = grid.dims;
  const s = grid.spacingMm;
  const o = grid.ijkToLps;
  const templates: Template[] = RADII_MM.map((r) => {
    const inside = ringRuns(0, (r - 1) / s);
    const ring = ringRuns((r + RING_MM[0]) / s, (r + RING_MM[1]) / s);
    let reach = 0;
    for (const runs of [inside, ring])
      for (let q = 0; q < runs.length; q += 3)
        reach = Math.max(reach, Math.abs(runs[q]!), Math.abs(runs[q + 1]!), Math.abs(runs[q + 2]!));
    return {
      radiusMm: r,
      inside,
      ring,
      insideFlat: flatRuns(inside, nx),
      ringFlat: flatRuns(ring, nx),
      reach,
    };
  });
  const scratch = { acc: new Float64Array(3) };
  const kOf = (z: number) => Math.round((z - o[11]!) / s);
  const k0 = Math.max(0, kOf(zRange[0]));
  const k1 = Math.min(nz - 1, kOf(zRange[1]));
  // Seed: per fourth slice the best lumen near the expected place; the consensus offset from the spine (median
  // over slices) picks the vessel that is there all along, the best hit near it starts the track.
  const expectedAt = (k: number): [number, number] => {
    const c = spine(o[11]! + k * s);
    return [(c[0] + offset[0] - o[3]!) / s, (c[1] + offset[1] - o[7]!) / s];
  };
  const wide = { windowMm: WINDOW_MM, priorSdMm: PRIOR_SD_MM };
  const firstHits: { h: Hit; di: number; dj: number }[] = [];
  for (let k = k0; k <= k1; k += 4) {
    const e = expectedAt(k);
    const h = bestSection(gv, body, k, e, templates, wide, scratch);
    if (h) firstHits.push({ h, di: h.ci - e[0], dj: h.cj - e[1] });
  }
  const med = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1] ?? 0;
  const mdi = med(firstHits.map((x) => x.di));
  const mdj = med(firstHits.map((x) => x.dj));
  // Consensus offset within +-40 mm of slice k (the aorta's place relative to the spine drifts along z).
  const reach = Math.round(40 / s);
  const localConsensus = (k: number): [number, number] => {
    const near = firstHits.filter((x) => Math.abs(x.h.k - k) <= reach);
    return near.length >= 3 ? [med(near.map((x) => x.di)), med(near.map((x) => x.dj))] : [mdi, mdj];
  };
  let seed: Hit | undefined;
  for (const { h, di, dj } of firstHits)
    if (Math.hypot(di - mdi, dj - mdj) * s <= 6 && (!seed || h.score > seed.score)) seed = h;
  if (!seed) return { voxels: new Int32Array(0), sections: [], confidence: 0 };
  const voxels: number[] = [];
  // Track up and down from the seed every second slice: the next lumen within a few mm of the last one,
  // with a similar mean HU; two misses in a row end the track.
  const hits: Hit[] = [seed];
  for (const dir of [1, -1]) {
    let last = seed;
    let misses = 0;
    for (let k = seed.k + 2 * dir; k >= k0 && k <= k1 && misses < 2; k += 2 * dir) {
      const tol = Math.max(50, 0.35 * last.inHu);
      const h = bestSection(
        gv,
        body,
        k,
        [last.ci, last.cj],
        templates,
        {
          windowMm: [6, 6],
          priorSdMm: 4,
          lumenHu: [last.inHu - tol, last.inHu + tol],
        },
        scratch,
      );
      const e = expectedAt(k);
      // The track must stay near the consensus place relative to the spine (no drift into bowel).
      const [ldi, ldj] = localConsensus(k);
      if (!h || Math.hypot(h.ci - e[0] - ldi, h.cj - e[1] - ldj) * s > MAX_DRIFT_MM) {
        misses++;
        continue;
      }
      misses = 0;
      hits.push(h);
      last = h;
    }
  }
  hits.sort((a, b) => a.k - b.k);
  const tried = k1 - k0 + 1;
  const good = hits;
  const lumenHu = medianFilter(
    good.map((h) => h.inHu),
    3,
  );
  const ringHu = medianFilter(
    good.map((h) => h.ringHu),
    3,
  );
  const spreadHu = medianFilter(
    good.map((h) => h.sdHu),
    3,
  );
  const radius = medianFilter(
    good.map((h) => h.radiusMm),
    3,
  );
  const sections: VesselSection[] = [];
  const stack = new Int32Array(nx * ny);
  const seen = new Uint8Array(nx * ny);
  const kFirst = good[0]!.k;
  const kLast = good[good.length - 1]!.k;
  let g = 0;
  for (let k = kFirst; k <= kLast; k++) {
    while (g + 1 < good.length && good[g + 1]!.k <= k) g++;
    const a = good[g]!;
    const b = good[Math.min(g + 1, good.length - 1)]!;
    const t = b.k === a.k ? 0 : (k - a.k) / (b.k - a.k);
    const lerp = (x: number, y: number) => x + t * (y - x);
    const ci = lerp(a.ci, b.ci);
    const cj = lerp(a.cj, b.cj);
    const inHu = lerp(lumenHu[g]!, lumenHu[Math.min(g + 1, good.length - 1)]!);
    const outHu = lerp(ringHu[g]!, ringHu[Math.min(g + 1, good.length - 1)]!);
    const r = lerp(radius[g]!, radius[Math.min(g + 1, good.length - 1)]!);
    // Lumen window: its mean +- 3 SD (at least 25 HU), cut at midway to the surroundings on their side.
    const sd = lerp(spreadHu[g]!, spreadHu[Math.min(g + 1, good.length - 1)]!);
    const mid = (inHu + outHu) / 2;
    const half = Math.max(25, 3 * sd);
    const lo = inHu > outHu ? Math.max(mid, inHu - half) : inHu - half;
    const hi = inHu > outHu ? inHu + half : Math.min(mid, inHu + half);
    const rMax = (r * maxRadiusFactor) / s;
    seen.fill(0);
    let top = 0;
    const si = Math.round(ci);
    const sj = Math.round(cj);
    let sumI = 0;
    let sumJ = 0;
    let sumHu = 0;
    let count = 0;
    const push = (i: number, j: number) => {
      if (i < 0 || j < 0 || i >= nx || j >= ny) return;
      const p = i + nx * j;
      if (seen[p]) return;
      seen[p] = 1;
      if ((i - ci) ** 2 + (j - cj) ** 2 > rMax * rMax) return;
      const v = hu[p + nx * ny * k]!;
      if (v < lo || v > hi) return;
      stack[top++] = p;
    };
    push(si, sj);
    while (top > 0) {
      const p = stack[--top]!;
      const i = p % nx;
      const j = (p - i) / nx;
      voxels.push(p + nx * ny * k);
      sumI += i;
      sumJ += j;
      sumHu += hu[p + nx * ny * k]!;
      count++;
      push(i - 1, j);
      push(i + 1, j);
      push(i, j - 1);
      push(i, j + 1);
    }
    if (count === 0) continue;
    sections.push({
      centreLps: [o[3]! + (sumI / count) * s, o[7]! + (sumJ / count) * s, o[11]! + k * s],
      radiusMm: Math.sqrt((count * s * s) / Math.PI),
      hu: sumHu / count,
    });
  }
  sections.reverse();
  return {
    voxels: Int32Array.from(voxels),
    sections,
    confidence: Math.min(1, (2 * good.length) / Math.max(1, tried)),
  };
}

/**
 * Aorta and IVC along the lumbar spine, contrast-enhanced or not: per axial slice, the round homogeneous
 * region near the expected place (left / right anterolateral of the vertebral bodies) that stands out from
 * its surroundings (fat, or enhanced blood against soft tissue), tracked along z. `bodyCentresLps` are the
 * vertebral body centres (any order); the search runs from 30 mm above the highest to 20 mm below the lowest.
 * The aorta ends at its bifurcation (~L4); the common iliac arteries and veins below are not followed.
 */
export function findVessels(
  gv: GridVolume,
  body: BodyLabelGrid,
  bodyCentresLps: readonly Vec3[],
): VesselsFound {
  const empty = (): VesselFound => ({ voxels: new Int32Array(0), sections: [], confidence: 0 });
  if (bodyCentresLps.length === 0) return { aorta: empty(), ivc: empty(), contrast: false };
  const spine = spineAt(bodyCentresLps);
  const zs = bodyCentresLps.map((c) => c[2]);
  const zRange: [number, number] = [Math.min(...zs) - 20, Math.max(...zs) + 30];
  const aorta = trackVessel(gv, body, spine, AORTA_OFFSET, zRange, 1.4);
  const ivc = trackVessel(gv, body, spine, IVC_OFFSET, zRange, 1.8);
  const huMid = aorta.sections.map((x) => x.hu).sort((a, b) => a - b)[aorta.sections.length >> 1] ?? 0;
  return { aorta, ivc, contrast: huMid > 120 };
}
