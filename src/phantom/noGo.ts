import type { Vec3 } from '../core/vec3';
import { ellipsoidSd, type Shape, tubeSd, tubeSegments } from './shapes';
import type { NoGoGeometry, NoGoStructure, PhantomTruth } from './truth';

/** Signed distance (mm, < 0 inside) from a point to one no-go geometry. */
export function geometryDistanceMm(g: NoGoGeometry, p: Vec3): number {
  if (g.type === 'tubes') {
    let best = Infinity;
    for (const t of g.tubes) best = Math.min(best, tubeSd(p, t.pointsLps, t.radiiMm));
    return best;
  }
  return ellipsoidDistanceMm(g, p[0], p[1], p[2]);
}

type EllipsoidGeometry = Extract<NoGoGeometry, { type: 'ellipsoid' }>;

/** An ellipsoid no-go's signed distance at (x, y, z), without allocating (it runs per voxel). */
function ellipsoidDistanceMm(g: EllipsoidGeometry, x: number, y: number, z: number): number {
  const d0 = x - g.centreLps[0];
  const d1 = y - g.centreLps[1];
  const d2 = z - g.centreLps[2];
  const [a, b, c] = g.axes;
  return ellipsoidSd(
    d0 * a[0] + d1 * a[1] + d2 * a[2],
    d0 * b[0] + d1 * b[1] + d2 * b[2],
    d0 * c[0] + d1 * c[1] + d2 * c[2],
    g.radiiMm[0],
    g.radiiMm[1],
    g.radiiMm[2],
  );
}

/**
 * Signed distance (mm; negative inside) from `pointLps` to a no-go structure, named either exactly
 * ('nerve-root-L4-left') or by kind ('nerve-root': the nearest of all of them). Tubes are exact;
 * ellipsoids (kidneys) use the first-order ellipsoid distance: exact sign, magnitude within a few
 * percent near the surface and an underestimate far away. Throws on an unknown name.
 */
export function noGoDistanceMm(truth: PhantomTruth, structure: string, pointLps: Vec3): number {
  const matches = truth.noGo.filter((s) => s.name === structure || s.kind === structure);
  if (matches.length === 0) throw new RangeError(`no no-go structure named '${structure}'`);
  return Math.min(...matches.map((s) => geometryDistanceMm(s.geometry, pointLps)));
}

/** Shapes to rasterise for a structure (one per tube): its labels then match the distance function. */
export function noGoShapes(s: NoGoStructure): Shape[] {
  const g = s.geometry;
  if (g.type === 'tubes') return g.tubes.flatMap((t) => tubeSegments(t.pointsLps, t.radiiMm));
  const r = Math.max(...g.radiiMm);
  return [
    {
      minLps: [g.centreLps[0] - r, g.centreLps[1] - r, g.centreLps[2] - r],
      maxLps: [g.centreLps[0] + r, g.centreLps[1] + r, g.centreLps[2] + r],
      // Outside the box of its axes and radii the ellipsoid's distance is positive.
      frameBox: {
        frame: { originLps: g.centreLps, ex: g.axes[0], ey: g.axes[1], ez: g.axes[2] },
        halfMm: g.radiiMm,
      },
      sd: (x, y, z) => ellipsoidDistanceMm(g, x, y, z),
    },
  ];
}
