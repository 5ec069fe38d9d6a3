import type { Vec3 } from '../core/vec3';
import { ellipsoidSd, type Shape, tubeSd, tubeSegments } from './shapes';
import type { NoGoGeometry, NoGoStructure, PhantomTruth } from './truth';

/** Signed distance (mm, < 0 inside) from a point to one no-go geometry. */
export function geometryDistanceMm(g: NoGoGeometry, p: Vec3): number {
  if (g.type === 'tubes') return Math.min(...g.tubes.map((t) => tubeSd(p, t.pointsLps, t.radiiMm)));
  const d: Vec3 = [p[0] - g.centreLps[0], p[1] - g.centreLps[1], p[2] - g.centreLps[2]];
  const [a, b, c] = g.axes;
  return ellipsoidSd(
    d[0] * a[0] + d[1] * a[1] + d[2] * a[2],
    d[0] * b[0] + d[1] * b[1] + d[2] * b[2],
    d[0] * c[0] + d[1] * c[1] + d[2] * c[2],
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
      sd: (x, y, z) => geometryDistanceMm(g, [x, y, z]),
    },
  ];
}
