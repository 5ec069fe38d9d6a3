import { add, cross, normalize, scale, sub, type Vec3 } from '../core/vec3';
import type { GridVolume } from './grid';
import { findKidneys } from './kidneys';
import { cropStructures } from './labels';
import { forEachNearSegment, rasteriseTube, sampleGridAt } from './raster';
import type { BodyLabelGrid, StructureInfo, StructureSet } from './types';
import { findVessels } from './vessels';

/** What the structure stage needs to know about the spine (a subset of SpineAnalysis). */
export interface SpineGeometry {
  canal: { pointsLps: Vec3[]; radiiMm: number[] };
  vertebrae: readonly {
    name: string;
    bodyCentreLps: Vec3;
    superiorEndplateNormal: Vec3;
    left: { pedicleCentreLps: Vec3 };
    right: { pedicleCentreLps: Vec3 };
  }[];
  segments: readonly {
    name: string;
    discCentreLps: Vec3;
    left: { foramenCentreLps: Vec3; safeTriangleCentreLps: Vec3 };
    right: { foramenCentreLps: Vec3; safeTriangleCentreLps: Vec3 };
  }[];
}

/** CSF reference: grid voxels this close to the centreline (mm) in this HU range. */
const CSF_CORE_MM = 3;
const CSF_HU: [number, number] = [-40, 80];
/** Radial rays per cross-section of the sac, and the step along the centreline (mm). */
const SAC_RAYS = 16;
const SAC_STEP_MM = 2;
/** Exiting root corridor radius, mm: the root with its sleeve and the radicular vessels (2.5-3.5 mm). */
const ROOT_RADIUS_MM: [number, number, number] = [2.5, 3, 3.5];
/** Pedicle size used to place the corridor, mm (lumbar pedicle height ~15, isthmus width ~9-13: Zindrick et al., Spine 1987). */
const PEDICLE_HALF_HEIGHT_MM = 7.5;
const PEDICLE_HALF_WIDTH_MM = 5;

/**
 * Distance (mm) along a ray from `c` in direction `d` to the sac's edge: where the HU profile has moved half
 * way from the CSF value to the extreme value just beyond the departure (fat or bone alike: the half-way
 * rule of edge localisation on a blurred step). Undefined when no edge within `maxMm`.
 */
function edgeAlongRay(
  gv: GridVolume,
  c: Vec3,
  d: Vec3,
  csf: number,
  maxMm: number,
  prof: number[],
): number | undefined {
  const step = 0.5;
  prof.length = 0;
  for (let r = 0; r <= maxMm + 3; r += step) {
    const h = sampleGridAt(gv, c[0] + d[0] * r, c[1] + d[1] * r, c[2] + d[2] * r);
    if (Number.isNaN(h)) break;
    prof.push(h);
  }
  const depart = prof.findIndex((h) => Math.abs(h - csf) > 30);
  if (depart < 0 || depart * step > maxMm) return undefined;
  const sign = Math.sign(prof[depart]! - csf);
  let ext = prof[depart]!;
  for (let n = depart; n < Math.min(prof.length, depart + 3 / step + 1); n++)
    if (sign * (prof[n]! - ext) > 0) ext = prof[n]!;
  const half = csf + (ext - csf) / 2;
  for (let n = 1; n < prof.length; n++) {
    const a = prof[n - 1]!;
    const b = prof[n]!;
    if (sign * (b - half) >= 0 && sign * (a - half) < 0) return (n - 1 + (half - a) / (b - a)) * step;
  }
  return undefined;
}

/** Centre and radius of the circle through points in a plane (Kasa's algebraic least-squares fit, IEEE TIM 1976). */
function fitCircle(pts: readonly [number, number][]): { cx: number; cy: number; r: number } | undefined {
  if (pts.length < 3) return undefined;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  let sz = 0;
  let sxz = 0;
  let syz = 0;
  for (const [x, y] of pts) {
    const z = x * x + y * y;
    sx += x;
    sy += y;
    sxx += x * x;
    syy += y * y;
    sxy += x * y;
    sz += z;
    sxz += x * z;
    syz += y * z;
  }
  const n = pts.length;
  // Solve [sxx sxy sx; sxy syy sy; sx sy n] [a b c] = [sxz syz sz]; centre (a/2, b/2).
  const m = [
    [sxx, sxy, sx, sxz],
    [sxy, syy, sy, syz],
    [sx, sy, n, sz],
  ];
  for (let col = 0; col < 3; col++) {
    let piv = col;
    for (let r = col + 1; r < 3; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[piv]![col]!)) piv = r;
    [m[col], m[piv]] = [m[piv]!, m[col]!];
    const p = m[col]![col]!;
    if (Math.abs(p) < 1e-9) return undefined;
    for (let r = 0; r < 3; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / p;
      for (let q = col; q < 4; q++) m[r]![q]! -= f * m[col]![q]!;
    }
  }
  const a = m[0]![3]! / m[0]![0]!;
  const b = m[1]![3]! / m[1]![1]!;
  const c = m[2]![3]! / m[2]![2]!;
  const cx = a / 2;
  const cy = b / 2;
  const r2 = c + cx * cx + cy * cy;
  return r2 > 0 ? { cx, cy, r: Math.sqrt(r2) } : undefined;
}

/** Points every `stepMm` along a polyline with the radius interpolated. */
function resamplePolyline(points: readonly Vec3[], radii: readonly number[], stepMm: number) {
  const out: { p: Vec3; t: Vec3; r: number }[] = [];
  for (let n = 0; n + 1 < points.length; n++) {
    const a = points[n]!;
    const b = points[n + 1]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
    if (len === 0) continue;
    const t = scale(sub(b, a), 1 / len);
    for (let u = 0; u < len; u += stepMm)
      out.push({ p: add(a, scale(t, u)), t, r: radii[n]! + (u / len) * (radii[n + 1]! - radii[n]!) });
  }
  return out;
}

/**
 * Thecal sac as a tube fitted to the CT: every 2 mm along the canal centreline, 16 rays in the cross-section
 * find the sac's edge (half-way from CSF to fat or bone, within the canal radius); a circle fitted to the
 * edges that agree with their median (root sleeves and foramina excluded) gives the section's centre and
 * radius. Sections without CSF at the centre (below the sac's end at ~S2, or bone) are dropped. The radii are
 * median-filtered along the canal and the tube rasterised on the grid.
 */
export function thecalSac(gv: GridVolume, canal: SpineGeometry['canal'], set: (v: number) => void): void {
  const { grid, hu } = gv;
  const pts = canal.pointsLps;
  const core: number[] = [];
  for (let n = 0; n + 1 < pts.length; n++)
    forEachNearSegment(grid, pts[n]!, pts[n + 1]!, CSF_CORE_MM, (v) => {
      const h = hu[v]!;
      if (h >= CSF_HU[0] && h <= CSF_HU[1] && gv.inScan[v]) core.push(h);
    });
  if (core.length === 0) return;
  core.sort((a, b) => a - b);
  const csf = core[core.length >> 1]!;
  const sections: { c: Vec3; r: number }[] = [];
  const runs: { c: Vec3; r: number }[][] = [];
  const prof: number[] = [];
  const flush = () => {
    if (sections.length > 0) runs.push(sections.splice(0));
  };
  for (const { p, t, r: maxR } of resamplePolyline(pts, canal.radiiMm, SAC_STEP_MM)) {
    const u0 = Math.abs(t[0]) < 0.9 ? ([1, 0, 0] as Vec3) : ([0, 1, 0] as Vec3);
    const u = normalize(cross(t, u0));
    const w = cross(t, u);
    const centreHu = sampleGridAt(gv, p[0], p[1], p[2]);
    if (Number.isNaN(centreHu) || Math.abs(centreHu - csf) > 40) {
      flush();
      continue;
    }
    const edges: [number, number][] = [];
    const radii: number[] = [];
    for (let n = 0; n < SAC_RAYS; n++) {
      const a = (2 * Math.PI * n) / SAC_RAYS;
      const d = add(scale(u, Math.cos(a)), scale(w, Math.sin(a)));
      const e = edgeAlongRay(gv, p, d, csf, maxR, prof);
      if (e === undefined) continue;
      radii.push(e);
      edges.push([e * Math.cos(a), e * Math.sin(a)]);
    }
    if (radii.length < SAC_RAYS / 2) {
      flush();
      continue;
    }
    const med = [...radii].sort((a, b) => a - b)[radii.length >> 1]!;
    const inliers = edges.filter((_, n) => Math.abs(radii[n]! - med) <= Math.max(1.5, 0.3 * med));
    const fit = fitCircle(inliers);
    const c = fit && Math.hypot(fit.cx, fit.cy) < med ? add(p, add(scale(u, fit.cx), scale(w, fit.cy))) : p;
    sections.push({ c, r: fit && Math.hypot(fit.cx, fit.cy) < med ? fit.r : med });
  }
  flush();
  for (const run of runs) {
    if (run.length < 2) continue;
    const r = run.map((_, n) => {
      const win = run.slice(Math.max(0, n - 2), n + 3).map((x) => x.r);
      return win.sort((a, b) => a - b)[win.length >> 1]!;
    });
    rasteriseTube(
      grid,
      run.map((x) => x.c),
      r,
      set,
    );
  }
}

/**
 * Estimated exiting-root corridor of one segment side, cranial to caudal: from the canal just under the
 * medial edge of the upper pedicle, under the pedicle through the upper foramen (lateral and slightly anterior
 * of the safe triangle, ~12 mm below it), then anterolaterally and inferiorly into the psoas. The exiting
 * root runs under its pedicle in the upper foramen; the safe triangle lies between it and the pedicle
 * (Bogduk, Clinical and Radiological Anatomy of the Lumbar Spine, 5th ed.; Murthy et al., Pain Med 2014).
 */
export function rootCorridor(
  pedicleCentreLps: Vec3,
  safeTriangleCentreLps: Vec3,
  superiorEndplateNormal: Vec3,
  side: 1 | -1,
): { pointsLps: Vec3[]; radiiMm: number[] } {
  const up = normalize(superiorEndplateNormal);
  const left = normalize(sub([1, 0, 0], scale(up, up[0])));
  const lateral = scale(left, side);
  // Anterior = -(up x left) in LPS (z x x = +y, posterior).
  const anterior = scale(normalize(cross(up, left)), -1);
  const p = pedicleCentreLps;
  const st = safeTriangleCentreLps;
  const start = add(
    add(p, scale(up, -(PEDICLE_HALF_HEIGHT_MM + 3))),
    add(scale(lateral, -(PEDICLE_HALF_WIDTH_MM + 2)), scale(anterior, 2)),
  );
  const exit = add(
    add(st, scale(lateral, PEDICLE_HALF_WIDTH_MM + 1)),
    add(scale(up, -12), scale(anterior, 3)),
  );
  const far = add(exit, add(scale(lateral, 14), add(scale(anterior, 20), scale(up, -24))));
  return { pointsLps: [start, exit, far], radiiMm: [...ROOT_RADIUS_MM] };
}

const sideName = { left: 'left', right: 'right' } as const;

/**
 * No-go structures on the analysis grid: aorta and IVC (vessels.ts), kidneys (kidneys.ts), the exiting
 * root corridors per segment side (estimated from the pedicle and safe triangle), the thecal sac (from the HU
 * inside the canal). Later entries win where they overlap.
 */
export function buildStructures(gv: GridVolume, body: BodyLabelGrid, spine: SpineGeometry): StructureSet {
  const { grid } = gv;
  const labels = new Uint8Array(gv.hu.length);
  const structures: StructureInfo[] = [];
  // Each structure paints its voxels with its label as found (later ones win where they overlap); a label
  // is taken only when at least one voxel was painted.
  const paint = (info: Omit<StructureInfo, 'label'>, fill: (set: (v: number) => void) => void) => {
    if (structures.length >= 255) return;
    const label = structures.length + 1;
    let any = false;
    fill((v) => {
      labels[v] = label;
      any = true;
    });
    if (any) structures.push({ ...info, label });
  };
  const list = (voxels: Int32Array) => (set: (v: number) => void) => {
    for (let q = 0; q < voxels.length; q++) set(voxels[q]!);
  };

  const centres = spine.vertebrae.map((v) => v.bodyCentreLps);
  if (centres.length > 0) {
    const vessels = findVessels(gv, body, centres);
    paint(
      { id: 'aorta', name: 'Aorta', kind: 'aorta', estimated: false, confidence: vessels.aorta.confidence },
      list(vessels.aorta.voxels),
    );
    paint(
      {
        id: 'ivc',
        name: 'Inferior vena cava',
        kind: 'ivc',
        estimated: false,
        confidence: vessels.ivc.confidence,
      },
      list(vessels.ivc.voxels),
    );
    const kidneys = findKidneys(gv, body, centres, vessels.contrast);
    for (const side of ['left', 'right'] as const) {
      const k = kidneys[side];
      if (k)
        paint(
          {
            id: `kidney-${side}`,
            name: `Kidney ${sideName[side]}`,
            kind: 'kidney',
            estimated: false,
            confidence: k.confidence,
          },
          list(k.voxels),
        );
    }
  }

  for (const seg of spine.segments) {
    const upperName = seg.name.split('-')[0];
    const upper = spine.vertebrae.find((v) => v.name === upperName);
    if (!upper) continue;
    for (const side of ['left', 'right'] as const) {
      const c = rootCorridor(
        upper[side].pedicleCentreLps,
        seg[side].safeTriangleCentreLps,
        upper.superiorEndplateNormal,
        side === 'left' ? 1 : -1,
      );
      paint(
        {
          id: `nerve-root-${upper.name}-${side}`,
          name: `Exiting root ${upper.name} ${side} (estimated)`,
          kind: 'nerve-root',
          estimated: true,
          confidence: 0.5,
        },
        (set) => rasteriseTube(grid, c.pointsLps, c.radiiMm, set),
      );
    }
  }
  if (spine.canal.pointsLps.length >= 2)
    paint(
      { id: 'thecal-sac', name: 'Thecal sac', kind: 'thecal-sac', estimated: false, confidence: 0.8 },
      (set) => thecalSac(gv, spine.canal, set),
    );
  return cropStructures(grid, labels, structures);
}
