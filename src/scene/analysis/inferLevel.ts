import type { SpineAnalysis } from '../../analysis/index';
import type { Vec3 } from '../../core/vec3';
import { distance } from '../../core/vec3';
import type { Side } from '../../planning/trajectory';

/**
 * A trajectory's level and side from where its target lies (issue 16): the level of the nearest landmark
 * the analysis found (a segment's disc, foramen, safe and Kambin triangles, interlaminar window; a
 * vertebra's body, pedicles, SAP-TP junction; the sacrum's S1 foramina, endplate and SI joints), the side
 * from the target's x against the spinal canal's centreline at its height (LPS: +x = patient left).
 */
export interface InferredLevel {
  level: string | undefined;
  side: Side | undefined;
  /** Target to the landmark that named the level (mm). */
  distanceMm: number | undefined;
}

/** Farther than this from every landmark, the target is not at a level the analysis knows. */
export const MAX_LEVEL_DISTANCE_MM = 40;
/** Within this of the canal's centreline the target is midline (interlaminar, lumbar puncture). */
export const MIDLINE_MM = 5;

function landmarks(a: SpineAnalysis): { level: string; p: Vec3 }[] {
  const out: { level: string; p: Vec3 }[] = [];
  for (const v of a.vertebrae) {
    out.push({ level: v.name, p: v.bodyCentreLps });
    for (const s of [v.left, v.right])
      out.push({ level: v.name, p: s.pedicleCentreLps }, { level: v.name, p: s.sapTpJunctionLps });
  }
  for (const g of a.segments) {
    out.push({ level: g.name, p: g.discCentreLps }, { level: g.name, p: g.interlaminarWindowCentreLps });
    for (const s of [g.left, g.right])
      out.push(
        { level: g.name, p: s.foramenCentreLps },
        { level: g.name, p: s.safeTriangleCentreLps },
        { level: g.name, p: s.kambinTriangleCentreLps },
      );
  }
  const sac = a.sacrum;
  if (sac)
    for (const p of [
      sac.s1SuperiorEndplateCentreLps,
      sac.s1DorsalForamenLps.left,
      sac.s1DorsalForamenLps.right,
      sac.siJointLowerThirdLps.left,
      sac.siJointLowerThirdLps.right,
    ])
      out.push({ level: 'S1', p });
  return out;
}

/** x of the canal's centreline at height z (linear between its points; the nearest end beyond them). */
export function canalXAt(a: SpineAnalysis, z: number): number | undefined {
  const pts = a.canal.pointsLps;
  if (pts.length === 0) return undefined;
  let best: { dz: number; x: number } | undefined;
  for (let i = 0; i + 1 < pts.length; i++) {
    const p = pts[i]!;
    const q = pts[i + 1]!;
    const lo = Math.min(p[2], q[2]);
    const hi = Math.max(p[2], q[2]);
    if (z >= lo && z <= hi && hi > lo) return p[0] + ((z - p[2]) / (q[2] - p[2])) * (q[0] - p[0]);
  }
  for (const p of pts) {
    const dz = Math.abs(p[2] - z);
    if (!best || dz < best.dz) best = { dz, x: p[0] };
  }
  return best?.x;
}

export function inferLevelAndSide(a: SpineAnalysis | null, targetLps: Vec3): InferredLevel {
  if (!a?.found) return { level: undefined, side: undefined, distanceMm: undefined };
  let best: { level: string; d: number } | undefined;
  for (const l of landmarks(a)) {
    const d = distance(l.p, targetLps);
    if (!best || d < best.d) best = { level: l.level, d };
  }
  const near = best !== undefined && best.d <= MAX_LEVEL_DISTANCE_MM;
  const nearestBody = [...a.vertebrae].sort(
    (x, y) => Math.abs(x.bodyCentreLps[2] - targetLps[2]) - Math.abs(y.bodyCentreLps[2] - targetLps[2]),
  )[0];
  const centreX = canalXAt(a, targetLps[2]) ?? nearestBody?.bodyCentreLps[0];
  const dx = centreX === undefined ? undefined : targetLps[0] - centreX;
  const side: Side | undefined =
    dx === undefined || !near ? undefined : Math.abs(dx) < MIDLINE_MM ? 'midline' : dx > 0 ? 'left' : 'right';
  return { level: near ? best!.level : undefined, side, distanceMm: best?.d };
}
