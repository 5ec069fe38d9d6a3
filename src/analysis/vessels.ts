import type { Vec3 } from '../core/vec3';
import { type GridVolume, gridIndex } from './grid';
import { BODY_INSIDE, type BodyMask } from './types';

/** One axial cross-section of a tracked vessel. */
export interface VesselSection {
  centreLps: Vec3;
  /** Radius of the disc with the section's area, mm. */
  radiusMm: number;
  /** Mean HU inside. */
  hu: number;
}

export interface VesselFound {
  /** 0/1 per voxel of the analysis grid. */
  mask: Uint8Array;
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

type Offsets = Int32Array;

/** In-plane pixel offsets (di, dj pairs) of a disc or ring of radii [r0, r1) in pixels. */
function ringOffsets(r0: number, r1: number): Offsets {
  const out: number[] = [];
  const m = Math.ceil(r1);
  for (let dj = -m; dj <= m; dj++)
    for (let di = -m; di <= m; di++) {
      const d = Math.hypot(di, dj);
      if (d >= r0 && d < r1) out.push(di, dj);
    }
  return Int32Array.from(out);
}

interface Template {
  radiusMm: number;
  inside: Offsets;
  ring: Offsets;
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
  body: BodyMask,
  k: number,
  expected: [number, number],
  templates: readonly Template[],
  search: { windowMm: [number, number]; priorSdMm: number; lumenHu?: [number, number] },
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
      for (const t of templates) {
        const stats = (o: Offsets): [number, number, number] => {
          let sum = 0;
          let sum2 = 0;
          let cnt = 0;
          for (let q = 0; q < o.length; q += 2) {
            const i = ci + o[q]!;
            const j = cj + o[q + 1]!;
            if (i < 0 || j < 0 || i >= nx || j >= ny) continue;
            const v = hu[c + o[q]! + nx * o[q + 1]!]!;
            sum += v;
            sum2 += v * v;
            cnt++;
          }
          const m = cnt ? sum / cnt : 0;
          return [m, Math.sqrt(Math.max(0, (cnt ? sum2 / cnt : 0) - m * m)), cnt];
        };
        const [inHu, sdHu] = stats(t.inside);
        if (inHu < huLo || inHu > huHi) continue;
        const [ringHu] = stats(t.ring);
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
  body: BodyMask,
  spine: (z: number) => Vec3,
  offset: Vec3,
  zRange: [number, number],
  maxRadiusFactor: number,
): VesselFound {
  const { grid, hu } = gv;
  const [nx, ny, nz] = grid.dims;
  const s = grid.spacingMm;
  const o = grid.ijkToLps;
  const templates: Template[] = RADII_MM.map((r) => ({
    radiusMm: r,
    inside: ringOffsets(0, (r - 1) / s),
    ring: ringOffsets((r + RING_MM[0]) / s, (r + RING_MM[1]) / s),
  }));
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
    const h = bestSection(gv, body, k, e, templates, wide);
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
  const mask = new Uint8Array(hu.length);
  if (!seed) return { mask, sections: [], confidence: 0 };
  // Track up and down from the seed every second slice: the next lumen within a few mm of the last one,
  // with a similar mean HU; two misses in a row end the track.
  const hits: Hit[] = [seed];
  for (const dir of [1, -1]) {
    let last = seed;
    let misses = 0;
    for (let k = seed.k + 2 * dir; k >= k0 && k <= k1 && misses < 2; k += 2 * dir) {
      const tol = Math.max(50, 0.35 * last.inHu);
      const h = bestSection(gv, body, k, [last.ci, last.cj], templates, {
        windowMm: [6, 6],
        priorSdMm: 4,
        lumenHu: [last.inHu - tol, last.inHu + tol],
      });
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
      mask[p + nx * ny * k] = 1;
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
  return { mask, sections, confidence: Math.min(1, (2 * good.length) / Math.max(1, tried)) };
}

/**
 * Aorta and IVC along the lumbar spine, contrast-enhanced or not: per axial slice, the round homogeneous
 * region near the expected place (left / right anterolateral of the vertebral bodies) that stands out from
 * its surroundings (fat, or enhanced blood against soft tissue), tracked along z. `bodyCentresLps` are the
 * vertebral body centres (any order); the search runs from 30 mm above the highest to 20 mm below the lowest.
 * The aorta ends at its bifurcation (~L4); the common iliac arteries and veins below are not followed.
 */
export function findVessels(gv: GridVolume, body: BodyMask, bodyCentresLps: readonly Vec3[]): VesselsFound {
  const empty = (): VesselFound => ({ mask: new Uint8Array(gv.hu.length), sections: [], confidence: 0 });
  if (bodyCentresLps.length === 0) return { aorta: empty(), ivc: empty(), contrast: false };
  const spine = spineAt(bodyCentresLps);
  const zs = bodyCentresLps.map((c) => c[2]);
  const zRange: [number, number] = [Math.min(...zs) - 20, Math.max(...zs) + 30];
  const aorta = trackVessel(gv, body, spine, AORTA_OFFSET, zRange, 1.4);
  const ivc = trackVessel(gv, body, spine, IVC_OFFSET, zRange, 1.8);
  const huMid = aorta.sections.map((x) => x.hu).sort((a, b) => a - b)[aorta.sections.length >> 1] ?? 0;
  return { aorta, ivc, contrast: huMid > 120 };
}
