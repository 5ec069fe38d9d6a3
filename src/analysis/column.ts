import type { Vec3 } from '../core/vec3';
import { add, cross, dot, normalize, scale, sub } from '../core/vec3';
import { median } from './canal';
import { framesAlong, inFrame, type SpineFrame } from './curve';

/** HU at an LPS point, undefined outside the scan (volume/sample.ts lpsSampler). */
export type HuAt = (lps: Vec3) => number | undefined;

/**
 * The vertebral column along the canal: the "straightened" profile of the bodies just in front of the canal
 * drops at every disc (disc 70-120 HU against cancellous bone 150-400 HU: domain tables of Schreiber et al.
 * 2011 and Lee et al. 2013), so discs are the profile's minima and vertebrae the runs between them.
 */

export interface DiscFound {
  /** Index into the frames (canal points). */
  at: number;
  /** Depth of the profile's dip (HU below the neighbouring bodies). */
  dipHu: number;
}

export interface BodyFound {
  /** Frames (canal point indices) between the discs bounding this body: [lo, hi], lo caudal. */
  lo: number;
  hi: number;
  /** True when the body runs off the scan at one end (no disc found on that side). */
  partial: boolean;
  centreLps: Vec3;
  /** Body AP depth and width at its centre (mm). */
  depthMm: number;
  widthMm: number;
  /** Continuous bone run left-right through the body centre (mm): ~ body width, far wider at S1 (alae). */
  lateralRunMm: number;
  superiorCentreLps: Vec3;
  superiorNormal: Vec3;
  inferiorCentreLps: Vec3;
  inferiorNormal: Vec3;
}

export interface ColumnResult {
  frames: SpineFrame[];
  /** Distance (mm) from the canal centre forward to the posterior body wall, per frame. */
  wallMm: number[];
  /** Mean HU just in front of the posterior wall, per frame. */
  profileHu: number[];
  discs: DiscFound[];
  /** Cranial to caudal. */
  bodies: BodyFound[];
}

const WALL_SEARCH_MM = 30;
/** Height kept of a body below the last disc found (S1 is ~28-30 mm high: Peretti et al. 2011). */
const CAUDAL_BODY_MM = 30;
const PROFILE_DEPTH_MM = 18;
/**
 * Lines either side of the midline: the basivertebral veins enter the back of the body on the midline
 * through a gap in the posterior cortex and would read as a disc there (Crock & Yoshizawa, 1977).
 */
const PARAMEDIAN_MM = [-12, -10, -8, -6, 6, 8, 10, 12];

function wallDistance(f: SpineFrame, hu: HuAt): number | undefined {
  for (let a = 2; a <= WALL_SEARCH_MM; a += 1) {
    let s = 0;
    let n = 0;
    // Within the canal's width (the pedicles start ~10 mm out), off the basivertebral gap on the midline.
    for (const l of [-5, -3, 3, 5]) {
      const h = hu(inFrame(f, a, l));
      if (h === undefined) continue;
      s += h;
      n++;
    }
    if (n > 0 && s / n >= 200) return a;
  }
  return undefined;
}

function profileAt(f: SpineFrame, wall: number, hu: HuAt): number {
  let s = 0;
  let n = 0;
  for (let a = wall + 4; a <= wall + 4 + PROFILE_DEPTH_MM; a += 1)
    for (const l of PARAMEDIAN_MM) {
      const h = hu(inFrame(f, a, l));
      if (h === undefined) continue;
      s += h;
      n++;
    }
  return n > 0 ? s / n : -1000;
}

/** Arc length (mm) of every frame from the first. */
function arcLengths(frames: readonly SpineFrame[]): number[] {
  const out = [0];
  for (let i = 1; i < frames.length; i++) {
    const d = sub(frames[i]!.originLps, frames[i - 1]!.originLps);
    out.push(out[i - 1]! + Math.hypot(d[0], d[1], d[2]));
  }
  return out;
}

/** Local minima of the profile: disc candidates with their dip below the neighbouring bodies. */
function discCandidates(profile: readonly number[], s: readonly number[]): DiscFound[] {
  const found: DiscFound[] = [];
  for (let i = 0; i < profile.length; i++) {
    const p = profile[i]!;
    if (p < -200) continue;
    let isMin = true;
    const left: number[] = [];
    const right: number[] = [];
    for (let q = i - 1; q >= 0 && s[i]! - s[q]! <= 16; q--) {
      if (s[i]! - s[q]! <= 5 && profile[q]! < p) isMin = false;
      if (s[i]! - s[q]! >= 4) left.push(profile[q]!);
    }
    for (let q = i + 1; q < profile.length && s[q]! - s[i]! <= 16; q++) {
      if (s[q]! - s[i]! <= 5 && profile[q]! <= p) isMin = false;
      if (s[q]! - s[i]! >= 4) right.push(profile[q]!);
    }
    if (!isMin || left.length === 0 || right.length === 0) continue;
    // Medians: the body's cancellous level, not the thin cortical endplate peaks next to a disc.
    const leftMax = median(left);
    const rightMax = median(right);
    const dip = Math.min(leftMax, rightMax) - p;
    if (dip < 25 || Math.min(leftMax, rightMax) < 140) continue;
    found.push({ at: i, dipHu: dip });
  }
  return found;
}

/** Disc-to-disc spacing limits along the canal (mm): thoracic bodies ~17 mm + disc, lumbar ~28 + 12. */
const MIN_SPACING_MM = 14;
const MAX_SPACING_MM = 52;
/** Penalty (HU of dip) per squared log-ratio of consecutive spacings: vertebral height changes slowly. */
const SPACING_CHANGE_PENALTY = 300;

/**
 * The discs: the chain of candidates that maximises the summed dips minus a penalty on irregular spacing
 * (dynamic programming over pairs of consecutive discs). A dip in the middle of a body (basivertebral
 * veins, a Schmorl node) halves two spacings and costs more than it brings; a weak but regularly placed
 * thoracic disc is kept.
 */
function findDiscs(profile: readonly number[], s: readonly number[]): DiscFound[] {
  const c = discCandidates(profile, s);
  const n = c.length;
  if (n === 0) return [];
  // best[j * n + i]: best chain score ending with ... i, j (i < j); back pointer to the chain's previous i.
  const best = new Float64Array(n * n).fill(-Infinity);
  const back = new Int32Array(n * n).fill(-1);
  let top = { score: -Infinity, i: -1, j: -1 };
  for (const [q, d] of c.entries()) if (d.dipHu > top.score) top = { score: d.dipHu, i: -1, j: q };
  for (let j = 0; j < n; j++)
    for (let i = 0; i < j; i++) {
      const gap = s[c[j]!.at]! - s[c[i]!.at]!;
      if (gap < MIN_SPACING_MM || gap > MAX_SPACING_MM) continue;
      let score = c[i]!.dipHu + c[j]!.dipHu;
      let from = -1;
      for (let h = 0; h < i; h++) {
        const prev = best[i * n + h]!;
        if (prev === -Infinity) continue;
        const gap0 = s[c[i]!.at]! - s[c[h]!.at]!;
        const cand = prev + c[j]!.dipHu - SPACING_CHANGE_PENALTY * Math.log(gap / gap0) ** 2;
        if (cand > score) {
          score = cand;
          from = h;
        }
      }
      best[j * n + i] = score;
      back[j * n + i] = from;
      if (score > top.score) top = { score, i, j };
    }
  const chain: number[] = [top.j];
  let i = top.i;
  let j = top.j;
  while (i >= 0) {
    chain.unshift(i);
    const h = back[j * n + i]!;
    j = i;
    i = h;
  }
  return chain.map((q) => c[q]!);
}

/** Distance along `dir` from `from` through bone (HU >= threshold), allowing gaps of up to `gapMm`. */
function boneRun(from: Vec3, dir: Vec3, hu: HuAt, threshold: number, maxMm: number, gapMm: number): number {
  let last = 0;
  for (let d = 0; d <= maxMm; d += 1) {
    const h = hu(add(from, scale(dir, d)));
    if (h === undefined) break;
    if (h >= threshold) last = d;
    else if (d - last > gapMm) break;
  }
  return last;
}

/** Least-squares plane through points: centroid and unit normal (smallest-eigenvalue eigenvector). */
function fitPlane(points: readonly Vec3[]): { centre: Vec3; normal: Vec3 } | undefined {
  if (points.length < 6) return undefined;
  let c: Vec3 = [0, 0, 0];
  for (const p of points) c = add(c, p);
  c = scale(c, 1 / points.length);
  const m = [0, 0, 0, 0, 0, 0]; // xx xy xz yy yz zz
  for (const p of points) {
    const d = sub(p, c);
    m[0]! += d[0] * d[0];
    m[1]! += d[0] * d[1];
    m[2]! += d[0] * d[2];
    m[3]! += d[1] * d[1];
    m[4]! += d[1] * d[2];
    m[5]! += d[2] * d[2];
  }
  // Inverse power iteration on (M + eps I) for the smallest eigenvector.
  const a = [m[0]! + 1e-6, m[1]!, m[2]!, m[1]!, m[3]! + 1e-6, m[4]!, m[2]!, m[4]!, m[5]! + 1e-6];
  const det =
    a[0]! * (a[4]! * a[8]! - a[5]! * a[7]!) -
    a[1]! * (a[3]! * a[8]! - a[5]! * a[6]!) +
    a[2]! * (a[3]! * a[7]! - a[4]! * a[6]!);
  if (Math.abs(det) < 1e-12) return undefined;
  const inv = [
    (a[4]! * a[8]! - a[5]! * a[7]!) / det,
    (a[2]! * a[7]! - a[1]! * a[8]!) / det,
    (a[1]! * a[5]! - a[2]! * a[4]!) / det,
    (a[5]! * a[6]! - a[3]! * a[8]!) / det,
    (a[0]! * a[8]! - a[2]! * a[6]!) / det,
    (a[2]! * a[3]! - a[0]! * a[5]!) / det,
    (a[3]! * a[7]! - a[4]! * a[6]!) / det,
    (a[1]! * a[6]! - a[0]! * a[7]!) / det,
    (a[0]! * a[4]! - a[1]! * a[3]!) / det,
  ];
  let v: Vec3 = [0.1, 0.2, 1];
  for (let it = 0; it < 40; it++)
    v = normalize([
      inv[0]! * v[0] + inv[1]! * v[1] + inv[2]! * v[2],
      inv[3]! * v[0] + inv[4]! * v[1] + inv[5]! * v[2],
      inv[6]! * v[0] + inv[7]! * v[1] + inv[8]! * v[2],
    ]);
  return { centre: c, normal: v };
}

/** An endplate fit tilted more than this from the canal's local axis is a failed fit (S1 tilts up to ~45 deg). */
const MAX_ENDPLATE_TILT_DEG = 50;
/**
 * Candidate endplate planes tilt at most this from the canal's local axis. Tighter than the failed-fit
 * limit: where a disc is a thin remnant (a sacralised L5) the exit points scatter, and a steep plane
 * through a few of them can cost less than the flat one through the rest.
 */
const ENDPLATE_CANDIDATE_TILT_DEG = 35;
/** An exit point's cost is its squared distance to a candidate plane, capped at this distance (mm). */
const ENDPLATE_INLIER_MM = 2.5;
/** Candidate planes tried (each through three exit points). */
const ENDPLATE_TRIALS = 400;

/**
 * The plane the exit points fit best, robustly (MSAC: Torr & Zisserman, Comput. Vis. Image Underst. 78(1):138,
 * 2000, a RANSAC variant): candidates through three points, tilted at most `maxTiltDeg` from `axis`, each
 * scored by the points' squared distances capped at ENDPLATE_INLIER_MM; then a least-squares fit through the
 * points within that distance of the best. Rays that leave the body early (the anterior cortex's concave
 * front, a vascular channel) stop several mm short of the endplate; a least-squares fit over all points,
 * even trimmed, could lean towards them: on the pancreas CT the L5 inferior endplate's tilt flipped sign
 * with the storage order of the same voxels, moving the L5 pedicles 8 mm.
 * Deterministic (a fixed pseudo-random sequence): the same CT gives the same answer every time.
 */
function robustPlane(
  pts: readonly Vec3[],
  axis: Vec3,
  maxTiltDeg: number,
): { centre: Vec3; normal: Vec3 } | undefined {
  if (pts.length < 6) return undefined;
  const minCos = Math.cos((maxTiltDeg * Math.PI) / 180);
  let seed = 0x2545f491;
  const next = (n: number) => {
    // xorshift32 (Marsaglia, J. Stat. Softw. 8(14), 2003)
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  const capMm2 = ENDPLATE_INLIER_MM ** 2;
  let best: { cost: number; centre: Vec3; normal: Vec3 } | undefined;
  for (let trial = 0; trial < ENDPLATE_TRIALS; trial++) {
    const p0 = pts[next(pts.length)]!;
    const p1 = pts[next(pts.length)]!;
    const p2 = pts[next(pts.length)]!;
    const c = cross(sub(p1, p0), sub(p2, p0));
    const len = Math.hypot(c[0], c[1], c[2]);
    if (len < 1) continue; // (nearly) collinear: |cross| is twice the triangle's area in mm^2
    const normal = scale(c, 1 / len);
    if (Math.abs(dot(normal, axis)) < minCos) continue;
    // Each point costs its squared distance, capped (MSAC).
    let cost = 0;
    for (const q of pts) cost += Math.min(capMm2, dot(sub(q, p0), normal) ** 2);
    if (!best || cost < best.cost) best = { cost, centre: p0, normal };
  }
  if (!best) return fitPlane(pts);
  const b = best;
  const on = pts.filter((q) => Math.abs(dot(sub(q, b.centre), b.normal)) <= ENDPLATE_INLIER_MM);
  return fitPlane(on) ?? { centre: b.centre, normal: b.normal };
}

/**
 * Endplate surface points: from a grid of points on the plane through the body centre (perpendicular to
 * the local tangent), march along +-tangent until the HU falls below `exitHu` (leaving the body into the
 * disc); a plane fitted through them gives the endplate.
 */
function endplate(
  centre: Vec3,
  f: SpineFrame,
  dir: 1 | -1,
  halfDepth: number,
  halfWidth: number,
  hu: HuAt,
  exitHu: number,
  maxMm: number,
): { centre: Vec3; normal: Vec3 } | undefined {
  const pts: Vec3[] = [];
  const t = scale(f.tangent, dir);
  for (let a = -0.7; a <= 0.71; a += 0.1)
    for (let l = -0.7; l <= 0.71; l += 0.1) {
      const start = add(add(centre, scale(f.anterior, a * halfDepth)), scale(f.left, l * halfWidth));
      let inside = 0;
      for (let d = 0; d <= maxMm; d += 0.5) {
        const h = hu(add(start, scale(t, d)));
        if (h === undefined) break;
        if (h >= exitHu) {
          inside = d;
          continue;
        }
        if (d - inside >= 2) {
          pts.push(add(start, scale(t, inside + 0.5)));
          break;
        }
      }
    }
  const plane = robustPlane(pts, t, ENDPLATE_CANDIDATE_TILT_DEG);
  if (!plane) return undefined;
  let n = plane.normal;
  if (dot(n, t) < 0) n = scale(n, -1);
  // A plane tilted further from the local axis is a failed fit (S1 tilts up to ~45 deg from the canal).
  if (dot(n, t) < Math.cos((MAX_ENDPLATE_TILT_DEG * Math.PI) / 180))
    return { centre: plane.centre, normal: t };
  return { centre: plane.centre, normal: n };
}

export function findColumn(canalPointsLps: readonly Vec3[], hu: HuAt): ColumnResult {
  const frames = framesAlong(canalPointsLps, 8);
  const s = arcLengths(frames);
  const rawWall = frames.map((f) => wallDistance(f, hu));
  const known = rawWall.filter((w): w is number => w !== undefined);
  const typicalWall = known.length ? median(known) : 10;
  // Open (disc) levels have no bone wall: take the nearest known wall within 20 mm, else the typical one.
  const wallMm = rawWall.map((w, i) => {
    if (w !== undefined && w < typicalWall + 8) return w;
    for (let d = 1; d < frames.length; d++) {
      for (const q of [i - d, i + d]) {
        const v = rawWall[q];
        if (v !== undefined && v < typicalWall + 8 && Math.abs(s[q]! - s[i]!) <= 20) return v;
      }
      if (d > 12) break;
    }
    return typicalWall;
  });
  const profileHu = frames.map((f, i) => profileAt(f, wallMm[i]!, hu));
  const discs = findDiscs(profileHu, s);
  const bodies: BodyFound[] = [];
  // [lo, hi, partial, lo of the search for the sacral alae]
  const bounds: [number, number, boolean, number][] = [];
  const firstBodyFrame = profileHu.findIndex((p) => p >= 150);
  let lastBodyFrame = -1;
  for (let i = profileHu.length - 1; i >= 0; i--)
    if (profileHu[i]! >= 150) {
      lastBodyFrame = i;
      break;
    }
  if (firstBodyFrame >= 0) {
    const cuts = discs.map((d) => d.at);
    const edges = [firstBodyFrame, ...cuts, lastBodyFrame];
    for (let q = 0; q + 1 < edges.length; q++) {
      let lo = edges[q]!;
      const hi = edges[q + 1]!;
      const runLo = lo;
      // The caudal end of the scan (usually the sacrum): one vertebra's height below the last disc, no more.
      if (q === 0 && cuts.length > 0 && s[hi]! - s[lo]! > CAUDAL_BODY_MM)
        lo = frameAt(s, s[hi]! - CAUDAL_BODY_MM);
      if (s[hi]! - s[lo]! < 8) continue;
      bounds.push([lo, hi, q === 0 || q + 1 === edges.length - 1, runLo]);
    }
  }
  for (const [lo, hi, partial, runLo] of bounds) {
    const body = measureBody(frames, s, wallMm, lo, hi, hu, runLo);
    if (body) bodies.push({ ...body, partial });
  }
  bodies.reverse();
  return { frames, wallMm, profileHu, discs, bodies };
}

/** Index of the frame whose arc length is closest to `target`. */
function frameAt(s: readonly number[], target: number): number {
  let best = 0;
  for (let i = 1; i < s.length; i++) if (Math.abs(s[i]! - target) < Math.abs(s[best]! - target)) best = i;
  return best;
}

function measureBody(
  frames: readonly SpineFrame[],
  s: readonly number[],
  wallMm: readonly number[],
  lo: number,
  hi: number,
  hu: HuAt,
  runLo = lo,
): Omit<BodyFound, 'partial'> | undefined {
  const mid = frameAt(s, (s[lo]! + s[hi]!) / 2);
  const f = frames[mid]!;
  const wall = wallMm[mid]!;
  // AP: from the posterior wall forward through bone (HU >= 150), gaps <= 3 mm (vascular channels).
  // Paramedian (the basivertebral gap is on the midline); the deeper of the two sides.
  const depth = Math.max(
    10,
    ...[-8, 8].map((l) => boneRun(inFrame(f, wall + 1, l), f.anterior, hu, 150, 60, 3)),
  );
  const apCentre = inFrame(f, wall + depth / 2, 0);
  // Left-right: the body's edges on several rows across its middle (median of the mid-points); a row whose
  // run escapes the body (a transverse process, the sacral ala) is left out.
  const halves: { left: number; right: number }[] = [];
  for (const dt of [-0.2, -0.1, 0, 0.1, 0.2])
    for (const da of [-0.25, 0, 0.25]) {
      const from = add(
        add(apCentre, scale(f.tangent, dt * (s[hi]! - s[lo]!))),
        scale(f.anterior, da * depth),
      );
      const left = boneRun(from, f.left, hu, 150, 40, 2);
      const right = boneRun(from, scale(f.left, -1), hu, 150, 40, 2);
      if (left < 34 && right < 34 && left + right > 10) halves.push({ left, right });
    }
  const mids = halves.map((h) => (h.left - h.right) / 2);
  const width = halves.length ? median(halves.map((h) => h.left + h.right)) : 40;
  const centre0 = mids.length >= 3 ? add(apCentre, scale(f.left, median(mids))) : apCentre;
  // The sacral alae leave the upper part of S1 at the body's depth: the widest left-right run over the
  // block's height (for the caudal block, down to the scan's end: a sacralised L5 has no disc above S1).
  let lateralRun = 0;
  const span = s[hi]! - s[runLo]!;
  // Not near the discs: a lumbar body's end rows would meet the neighbouring sacrum's alae.
  const q0 = runLo === lo ? 0.2 : 0;
  const q1 = runLo === lo ? 0.8 : 1;
  for (let q = q0; q <= q1 + 0.001; q += 0.1)
    for (const da of [-0.3, -0.15, 0]) {
      const fr = frames[frameAt(s, s[runLo]! + q * span)]!;
      const from = add(
        add(fr.originLps, scale(fr.anterior, wallMm[mid]! + depth / 2)),
        scale(fr.anterior, da * depth),
      );
      // At the body's depth, bridging the sacroiliac joint's 2-4 mm gap; the transverse processes (and
      // their contact with the iliac crest) lie behind this depth.
      const run =
        boneRun(from, fr.left, hu, 150, 130, 4) + boneRun(from, scale(fr.left, -1), hu, 150, 130, 4);
      lateralRun = Math.max(lateralRun, run);
    }
  // Core HU of the body and the exit threshold for the endplates.
  const core: number[] = [];
  for (let a = -0.3; a <= 0.31; a += 0.15)
    for (let l = -0.3; l <= 0.31; l += 0.15) {
      const h = hu(add(add(centre0, scale(f.anterior, a * depth)), scale(f.left, l * width)));
      if (h !== undefined) core.push(h);
    }
  const coreHu = core.length ? median(core) : 250;
  const exitHu = Math.max(110, Math.min(200, (coreHu + 90) / 2 + 20));
  const halfSpan = (s[hi]! - s[lo]!) / 2 + 12;
  const sup = endplate(centre0, f, 1, depth / 2, width / 2, hu, exitHu, halfSpan);
  const inf = endplate(centre0, f, -1, depth / 2, width / 2, hu, exitHu, halfSpan);
  // Endplate centres: centre0 projected orthogonally onto each fitted plane (the planes' point centroids
  // drift sideways when rays miss on one side; the canal's tangent wobbles).
  const meet = (plane: { centre: Vec3; normal: Vec3 }): Vec3 =>
    add(centre0, scale(plane.normal, dot(sub(plane.centre, centre0), plane.normal)));
  const supC = sup ? meet(sup) : inFrame(frames[hi]!, wall + depth / 2, 0);
  const infC = inf ? meet(inf) : inFrame(frames[lo]!, wall + depth / 2, 0);
  const centreLps: Vec3 = scale(add(supC, infC), 0.5);
  return {
    lo,
    hi,
    centreLps,
    depthMm: depth,
    widthMm: width,
    lateralRunMm: lateralRun,
    superiorCentreLps: supC,
    superiorNormal: sup?.normal ?? f.tangent,
    inferiorCentreLps: infC,
    inferiorNormal: inf?.normal ?? scale(f.tangent, -1),
  };
}
