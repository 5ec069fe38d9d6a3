import type { Vec3 } from '../core/vec3';
import { add, dot, normalize, scale, sub } from '../core/vec3';
import type { BodyFound, HuAt } from './column';
import { frameFromTangent, inFrame, type SpineFrame } from './curve';

/**
 * Landmarks per level in each vertebra's own frame (tangent = body axis through its endplate centres,
 * anterior, left), measured on the CT with trilinear samples at 0.5-1 mm. Definitions follow the
 * procedure literature: pedicle centre at the isthmus a few mm behind the posterior body wall; the
 * subpedicular "safe triangle" just below the pedicle's inferior cortex at its lateral half, level with
 * the posterior body wall (Bogduk, ISIS Practice Guidelines 2013); Kambin's triangle over the
 * posterolateral disc below the exiting root (Kambin & Sampson 1986); the medial branch target where the
 * superior articular process meets the transverse process (Bogduk 1982).
 */

/**
 * Bone for landmark edges on the CT itself (trilinear samples): below the canal search's 200 HU so thin
 * cortex blurred by 1-3 mm voxels still counts (cancellous 150-400 HU, Schreiber et al. 2011).
 */
export const LANDMARK_BONE_HU = 180;
const BONE = LANDMARK_BONE_HU;

type Sign = 1 | -1;
const SIDES: readonly ['left' | 'right', Sign][] = [
  ['left', 1],
  ['right', -1],
];

export interface VertebraFrame extends SpineFrame {
  /** Distance (mm) from the canal-centred origin forward to the posterior body wall. */
  wallMm: number;
  /** Endplate positions along the tangent, relative to the origin (inferior < 0 < superior). */
  tInf: number;
  tSup: number;
}

/** Frame of a vertebra: axis through its endplate centres, origin on the canal at the body's mid-height. */
export function vertebraFrame(body: BodyFound, canalLps: readonly Vec3[], hu?: HuAt): VertebraFrame {
  const axis = normalize(sub(body.superiorCentreLps, body.inferiorCentreLps));
  let best = canalLps[0]!;
  let bestD = Infinity;
  for (const p of canalLps) {
    const d = Math.abs(dot(sub(p, body.centreLps), axis));
    const lateral = Math.hypot(p[0] - body.centreLps[0], p[1] - body.centreLps[1]);
    if (d < bestD && lateral < 80) {
      bestD = d;
      best = p;
    }
  }
  // Move the canal point to the body's mid-height along the axis.
  const origin = add(best, scale(axis, dot(sub(body.centreLps, best), axis)));
  const f = frameFromTangent(origin, axis);
  const toBody = dot(sub(body.centreLps, origin), f.anterior);
  const tInf = dot(sub(body.inferiorCentreLps, origin), axis);
  const tSup = dot(sub(body.superiorCentreLps, origin), axis);
  // The posterior body wall: first bone met going forward from the canal centre, paramedian (off the
  // basivertebral gap), over the body's middle half.
  const hits: number[] = [];
  if (hu)
    for (const l of [-8, -6, -4, 4, 6, 8])
      for (let q = 0.25; q <= 0.751; q += 0.125) {
        const t = tInf + q * (tSup - tInf);
        for (let a = 2; a <= 30; a += 0.5)
          if ((hu(inFrame(f, a, l, t)) ?? -1000) >= BONE) {
            hits.push(a);
            break;
          }
      }
  hits.sort((x, y) => x - y);
  const measured = hits.length >= 6 ? hits[hits.length >> 1]! : undefined;
  return {
    ...f,
    wallMm: measured ?? Math.max(4, toBody - body.depthMm / 2),
    tInf,
    tSup,
  };
}

/** Bone mask of a plane (rows along `v`, columns along `u`) at `stepMm`, centred on `centre`. */
interface PlaneMask {
  w: number;
  h: number;
  mask: Uint8Array;
  at: (c: number, r: number) => Vec3;
}

function planeMask(
  hu: HuAt,
  centre: Vec3,
  u: Vec3,
  v: Vec3,
  halfU: number,
  halfV: number,
  stepMm: number,
  threshold: number,
): PlaneMask {
  const w = Math.round((2 * halfU) / stepMm) + 1;
  const h = Math.round((2 * halfV) / stepMm) + 1;
  const at = (c: number, r: number): Vec3 =>
    add(add(centre, scale(u, -halfU + c * stepMm)), scale(v, -halfV + r * stepMm));
  const mask = new Uint8Array(w * h);
  for (let r = 0; r < h; r++)
    for (let c = 0; c < w; c++) mask[c + w * r] = (hu(at(c, r)) ?? -1000) >= threshold ? 1 : 0;
  return { w, h, mask, at };
}

/** Connected bone region nearest a seed pixel: pixel list, or empty. */
function regionNear(m: PlaneMask, sc: number, sr: number, maxSearch: number): number[] {
  let seed = -1;
  let bestD = Infinity;
  for (let r = 0; r < m.h; r++)
    for (let c = 0; c < m.w; c++) {
      if (!m.mask[c + m.w * r]) continue;
      const d = (c - sc) ** 2 + (r - sr) ** 2;
      if (d < bestD) {
        bestD = d;
        seed = c + m.w * r;
      }
    }
  if (seed < 0 || bestD > maxSearch * maxSearch) return [];
  const seen = new Uint8Array(m.w * m.h);
  const out: number[] = [];
  const stack = [seed];
  seen[seed] = 1;
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    const c = p % m.w;
    const r = (p - c) / m.w;
    for (const [dc, dr] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ] as const) {
      const nc = c + dc;
      const nr = r + dr;
      if (nc < 0 || nr < 0 || nc >= m.w || nr >= m.h) continue;
      const q = nc + m.w * nr;
      if (seen[q] || !m.mask[q]) continue;
      seen[q] = 1;
      stack.push(q);
    }
  }
  return out;
}

function centroid(m: PlaneMask, pixels: readonly number[]): { c: number; r: number } {
  let sc = 0;
  let sr = 0;
  for (const p of pixels) {
    sc += p % m.w;
    sr += Math.floor(p / m.w);
  }
  return { c: sc / pixels.length, r: sr / pixels.length };
}

/** Last bone point (mm along dir from `from`) before `gapMm` of non-bone; 0 when `from` is not in bone. */
function throughBone(hu: HuAt, from: Vec3, dir: Vec3, maxMm: number, gapMm = 1.5, stepMm = 0.5): number {
  let last = -1;
  for (let d = 0; d <= maxMm; d += stepMm) {
    const h = hu(add(from, scale(dir, d)));
    if (h === undefined) break;
    if (h >= BONE) last = d;
    else if (last >= 0 && d - last > gapMm) break;
    else if (last < 0 && d > gapMm + 2) break;
  }
  return Math.max(0, last);
}

export interface PedicleFound {
  centreLps: Vec3;
  axis: Vec3;
  /** Pedicle centre in frame coordinates (anterior a, left l, tangent t). */
  a: number;
  l: number;
  t: number;
  /** Inferior and superior cortex of the pedicle along the tangent at its centre. */
  tBottom: number;
  tTop: number;
  /** Medial edge distance from the midline (half the interpedicular distance). */
  medialMm: number;
  halfWidthMm: number;
  confidence: number;
}

/** The pedicle on one side: the bone cross-section beside the canal in the plane a few mm behind the body. */
export function findPedicle(
  hu: HuAt,
  f: VertebraFrame,
  sign: Sign,
  /** Where to look (|left| and t in the frame, mm) and how far from it, e.g. the other side mirrored. */
  near?: { l: number; t: number; withinMm: number },
): PedicleFound | undefined {
  const centreAt = (a: number) => {
    const planeCentre = inFrame(f, a, sign * 18, (f.tSup + f.tInf) / 2 + 2);
    const m = planeMask(
      hu,
      planeCentre,
      scale(f.left, sign),
      f.tangent,
      16,
      (f.tSup - f.tInf) / 2 + 2,
      0.5,
      BONE,
    );
    // Expected: ~14 mm out, in the upper half of the body (or where `near` says).
    const midT = (f.tSup + f.tInf) / 2 + 2;
    const expC = near ? (Math.abs(near.l) - 2) / 0.5 : (16 - 4) / 0.5;
    const expR = near ? m.h / 2 + (near.t - midT) / 0.5 : m.h / 2 + ((f.tSup - f.tInf) * 0.15) / 0.5;
    const reg = regionNear(m, expC, expR, near ? near.withinMm / 0.5 : 20);
    if (reg.length * 0.25 < 20) return undefined;
    const cen = centroid(m, reg);
    // Reject cross-sections that are the lamina or body (too big): a pedicle is < ~25 x 25 mm.
    if (reg.length * 0.25 > 500) return undefined;
    const p = m.at(cen.c, cen.r);
    let minC = Infinity;
    let maxC = -Infinity;
    for (const q of reg) {
      const c = q % m.w;
      if (Math.abs(Math.floor(q / m.w) - cen.r) > 2) continue;
      minC = Math.min(minC, c);
      maxC = Math.max(maxC, c);
    }
    return {
      p,
      l: dot(sub(p, f.originLps), f.left),
      t: dot(sub(p, f.originLps), f.tangent),
      medial: 2 + minC * 0.5,
      halfWidth: ((maxC - minC) * 0.5) / 2,
      areaMm2: reg.length * 0.25,
    };
  };
  // The isthmus: the narrowest cross-section between the body (in front) and the arch (behind), where
  // Zindrick et al. (Spine 1987) measure the pedicle.
  let aIsthmus = f.wallMm - 5;
  let smallest = Infinity;
  for (let a = f.wallMm - 8; a <= f.wallMm - 3; a += 1) {
    const c = centreAt(a);
    if (c && c.areaMm2 < smallest * 0.95) {
      smallest = c.areaMm2;
      aIsthmus = a;
    }
  }
  const mid = centreAt(aIsthmus);
  if (!mid) return undefined;
  // Axis: centroids from the back of the pedicle to where it joins the body.
  const pts: { a: number; p: Vec3 }[] = [];
  for (let a = f.wallMm - 9; a <= f.wallMm - 1; a += 1) {
    const c = centreAt(a);
    if (c && Math.abs(c.t - mid.t) < 6 && Math.abs(c.l - mid.l) < 8) pts.push({ a, p: c.p });
  }
  let axis = f.anterior;
  if (pts.length >= 4) {
    const first = pts.slice(0, 2).reduce((s, q) => add(s, scale(q.p, 0.5)), [0, 0, 0] as Vec3);
    const last = pts.slice(-2).reduce((s, q) => add(s, scale(q.p, 0.5)), [0, 0, 0] as Vec3);
    // The transpedicular axis lies in the vertebra's transverse plane (parallel to the endplates: the
    // "transverse pedicle angle" of Zindrick et al. 1987); only its medial angulation is measured here.
    const raw = sub(last, first);
    const d = normalize(sub(raw, scale(f.tangent, dot(raw, f.tangent))));
    if (dot(d, f.anterior) > Math.cos((40 * Math.PI) / 180)) axis = d;
  }
  const down = throughBone(hu, mid.p, scale(f.tangent, -1), 20, 1);
  const up = throughBone(hu, mid.p, f.tangent, 20, 1);
  return {
    centreLps: mid.p,
    axis,
    a: aIsthmus,
    l: mid.l,
    t: mid.t,
    tBottom: mid.t - down,
    tTop: mid.t + up,
    medialMm: Math.abs(mid.medial),
    halfWidthMm: mid.halfWidth,
    confidence: pts.length >= 4 ? 0.8 : 0.5,
  };
}

/** Subpedicular safe-triangle target: 2 mm below the inferior cortex, 3 mm lateral of the pedicle centre, 1 mm behind the wall. */
export function safeTriangle(f: VertebraFrame, p: PedicleFound, sign: Sign): Vec3 {
  return inFrame(f, f.wallMm - 1, p.l + sign * 3, p.tBottom - 2);
}

/**
 * The medial branch target: the transverse process's root behind the pedicle, at the pedicle's lateral
 * edge and height, then out of the bone backwards to 1 mm off its surface.
 */
export function sapTpJunction(hu: HuAt, f: VertebraFrame, p: PedicleFound, sign: Sign): Vec3 {
  // The TP leaves the pedicle's back: find the a (behind the pedicle) with the longest lateral bone run.
  let bestA = p.a - 8;
  let bestRun = -1;
  for (let a = p.a - 4; a >= p.a - 18; a -= 1) {
    const start = inFrame(f, a, p.l + sign * p.halfWidthMm, p.t);
    const run = throughBone(hu, start, scale(f.left, sign), 45, 2);
    if (run > bestRun) {
      bestRun = run;
      bestA = a;
    }
  }
  const inside = inFrame(f, bestA, p.l + sign * (p.halfWidthMm + 2), p.t);
  const back = scale(f.anterior, -1);
  const out = throughBone(hu, inside, back, 25, 1, 0.25);
  return add(inside, scale(back, out + 1));
}

/** Most posterior bone on the midline behind the canal, searched over the vertebra's height and below. */
export function spinousTip(hu: HuAt, f: VertebraFrame): Vec3 | undefined {
  const reaches: { t: number; reach: number }[] = [];
  for (let t = f.tSup; t >= f.tInf - 15; t -= 1) {
    const start = inFrame(f, -4, 0, t);
    // Skip the canal's soft tissue, then run through the arch.
    let d = 0;
    while (d < 25 && (hu(add(start, scale(f.anterior, -d))) ?? -1000) < BONE) d += 0.5;
    if (d >= 25) continue;
    const run = throughBone(hu, add(start, scale(f.anterior, -d)), scale(f.anterior, -1), 70, 2.5);
    reaches.push({ t, reach: 4 + d + run });
  }
  if (reaches.length === 0) return undefined;
  const max = Math.max(...reaches.map((r) => r.reach));
  // The tip's end face is a few mm tall: its middle, not whichever row happened to reach furthest.
  const top = reaches.filter((r) => r.reach >= max - 2);
  const t = top.reduce((sum, r) => sum + r.t, 0) / top.length;
  return inFrame(f, -max, 0, t);
}

export interface SegmentLandmarks {
  interlaminarWindowCentreLps: Vec3;
  sides: Record<'left' | 'right', { foramenCentreLps: Vec3; kambinTriangleCentreLps: Vec3; sapTipLps: Vec3 }>;
}

/** Landmarks between an upper vertebra U and the lower V. */
export function segmentLandmarks(
  hu: HuAt,
  upper: VertebraFrame,
  lower: VertebraFrame,
  upperPedicles: Record<'left' | 'right', PedicleFound | undefined>,
  lowerPedicles: Record<'left' | 'right', PedicleFound | undefined>,
  discCentre: Vec3,
): SegmentLandmarks {
  const axis = normalize(add(upper.tangent, lower.tangent));
  const canalMid = scale(add(upper.originLps, lower.originLps), 0.5);
  const origin = add(canalMid, scale(axis, dot(sub(discCentre, canalMid), axis)));
  const d: VertebraFrame = {
    ...frameFromTangent(origin, axis),
    wallMm: (upper.wallMm + lower.wallMm) / 2,
    tInf: 0,
    tSup: 0,
  };
  // Interlaminar window: on the midline behind the canal, between the upper lamina's lower edge and the lower
  // lamina's upper edge (the ligamentum flavum's level: the lamina's front surface).
  let laminaFront = 9;
  for (let a = -3; a >= -20; a -= 0.5)
    if ((hu(inFrame(upper, a, 0, upper.tInf + (upper.tSup - upper.tInf) * 0.6)) ?? -1000) >= BONE) {
      laminaFront = -a;
      break;
    }
  // Edges of the laminae 1 mm into their front surface; the target 2 mm in front of it, in the posterior
  // epidural fat (the ligamentum flavum lines the laminae's front).
  const aEdge = -(laminaFront + 1);
  const aWin = -(laminaFront - 2);
  let tTop = 15;
  let tBottom = -15;
  for (let t = 0; t <= 30; t += 0.5)
    if ((hu(inFrame(d, aEdge, 0, t)) ?? -1000) >= BONE) {
      tTop = t;
      break;
    }
  for (let t = 0; t >= -30; t -= 0.5)
    if ((hu(inFrame(d, aEdge, 0, t)) ?? -1000) >= BONE) {
      tBottom = t;
      break;
    }
  const window = inFrame(d, aWin, 0, (tTop + tBottom) / 2);
  const sides = {} as SegmentLandmarks['sides'];
  for (const [side, sign] of SIDES) {
    const up = upperPedicles[side];
    const lo = lowerPedicles[side];
    const medial = up?.medialMm ?? lo?.medialMm ?? 11;
    const pedL = up?.l ?? lo?.l ?? sign * 15;
    // Foramen: between the two pedicles, just behind the body line.
    const topT = up ? dot(sub(inFrame(upper, 0, 0, up.tBottom), origin), axis) : 10;
    const botT = lo ? dot(sub(inFrame(lower, 0, 0, lo.tTop), origin), axis) : -10;
    const foramen = inFrame(d, d.wallMm - 3, pedL, (topT + botT) / 2);
    // Kambin: just behind the disc's posterolateral edge, 3 mm below its mid-plane, under the lateral half of
    // the pedicle column - lateral to the dural sac and traversing root, medial to the exiting root (Kambin &
    // Zhou, Clin Orthop 1996: the triangle's working zone lies over the disc between these roots).
    const kl = up || lo ? pedL + sign * 3 : sign * (medial + 6);
    let discBack = d.wallMm;
    for (let a = d.wallMm + 12; a >= d.wallMm - 6; a -= 0.5)
      if ((hu(inFrame(d, a, kl, -3)) ?? -1000) < 45) {
        discBack = a;
        break;
      }
    const kambin = inFrame(d, discBack - 1.5, kl, -3);
    // SAP tip: the highest bone of the lower vertebra's articular column, lateral to the facet joint and
    // behind the pedicle, climbing without crossing a gap (the joint), never above the upper pedicle.
    let sapTip = inFrame(d, d.wallMm - 14, pedL, botT + 12);
    if (lo) {
      const ceiling = up
        ? dot(sub(inFrame(upper, 0, 0, up.tBottom), lower.originLps), lower.tangent)
        : lo.t + 35;
      const tops: { t: number; p: Vec3 }[] = [];
      for (let a = lo.a - 4; a >= lo.a - 16; a -= 1)
        for (let l = 0; l <= 8; l += 1) {
          const ll = lo.l + sign * l;
          const base = inFrame(lower, a, ll, lo.t);
          if ((hu(base) ?? -1000) < BONE) continue;
          const room = Math.max(2, ceiling - lo.t);
          const climb = throughBone(hu, base, lower.tangent, room, 0, 0.5);
          // Bone all the way up to the upper pedicle is the upper vertebra's arch, not the SAP.
          if (climb >= room - 1) continue;
          tops.push({ t: lo.t + climb, p: inFrame(lower, a, ll, lo.t + climb) });
        }
      // The tip is reached by a cluster of columns; a lone column climbing higher has crossed the joint
      // into the inferior articular process above.
      tops.sort((x, y) => y.t - x.t);
      const cluster = tops.find((top) => tops.filter((o) => o.t <= top.t && o.t >= top.t - 1).length >= 4);
      if (cluster) {
        const near = tops.filter((o) => o.t <= cluster.t && o.t >= cluster.t - 1);
        sapTip = scale(
          near.reduce((sum, o) => add(sum, o.p), [0, 0, 0] as Vec3),
          1 / near.length,
        );
      }
    }
    sides[side] = { foramenCentreLps: foramen, kambinTriangleCentreLps: kambin, sapTipLps: sapTip };
  }
  return { interlaminarWindowCentreLps: window, sides };
}
