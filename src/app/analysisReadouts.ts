import type { SpineAnalysis, StructureKind } from '../analysis/index';
import { BODY_INSIDE } from '../analysis/types';
import { invert4, transformPoint } from '../core/mat4';
import type { Vec3 } from '../core/vec3';
import type { ClearanceStructure, MaskGeometry } from '../planning/clearance';
import type { InsideBody, TemplateTruth } from '../planning/proposal';

/**
 * What the automatic spine analysis (issue 16) gives the readouts and the template proposals on patient CT,
 * where the demo has its ground truth: the no-go structures as voxel masks on the analysis grid, endplate
 * normals by level name, the thecal sac as a signed distance, and the body outline without the CT couch.
 */

/** The analysis's no-go structures as clearance masks (one shared label grid, one label each). */
export function analysisStructures(a: SpineAnalysis): ClearanceStructure<MaskGeometry>[] {
  const { grid, labels, structures } = a.structures;
  return structures.map((s) => ({
    id: s.id,
    name: s.name,
    geometry: { kind: 'mask', dims: grid.dims, ijkToLps: grid.ijkToLps, labels, label: s.label },
  }));
}

/** Upper vertebra of a level ('L4-L5' -> 'L4'; 'L4' -> 'L4'). */
export const upperVertebraName = (level: string): string =>
  level.trim().toUpperCase().split(/[-/ ]/)[0] ?? '';

/** Superior endplate normal of a level (its upper vertebra; 'S1': the sacrum's), undefined when not found. */
export function analysisEndplateNormal(a: SpineAnalysis, level: string): Vec3 | undefined {
  const name = upperVertebraName(level);
  if (!name) return undefined;
  if (name === 'S1' && a.sacrum) return a.sacrum.s1SuperiorEndplateNormal;
  return a.vertebrae.find((v) => v.name === name)?.superiorEndplateNormal;
}

/** A found analysis is a TemplateTruth (types.ts says so; the compiler checks it here). */
export const analysisTemplateTruth = (a: SpineAnalysis): TemplateTruth | undefined =>
  a.found ? a : undefined;

/** Nearest-voxel lookup on an analysis grid; -1 outside it. */
function gridLookup(grid: SpineAnalysis['structures']['grid'], labels: Uint8Array): (p: Vec3) => number {
  const toIjk = invert4(grid.ijkToLps);
  const [nx, ny, nz] = grid.dims;
  return (p) => {
    const [fi, fj, fk] = transformPoint(toIjk, p);
    const i = Math.round(fi);
    const j = Math.round(fj);
    const k = Math.round(fk);
    if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return -1;
    return labels[i + nx * (j + ny * k)]!;
  };
}

/** Inside the body (BODY_INSIDE; the couch and air are outside): the skin search then never stops on the table. */
export function analysisInsideBody(a: SpineAnalysis): InsideBody {
  const at = gridLookup(a.body.grid, a.body.labels);
  return (p) => at(p) === BODY_INSIDE;
}

/**
 * Signed distance (mm, < 0 inside) to the structures of one kind, from their voxels: the distance to the
 * nearest voxel centre of the other state within `reachMm` (so within one grid step of the true distance);
 * +-reachMm beyond. Undefined when the analysis has no such structure.
 */
export function maskSignedDistance(
  a: SpineAnalysis,
  kind: StructureKind,
  reachMm = 20,
): ((p: Vec3) => number) | undefined {
  const wanted = new Set(a.structures.structures.filter((s) => s.kind === kind).map((s) => s.label));
  if (wanted.size === 0) return undefined;
  const { grid, labels } = a.structures;
  const at = gridLookup(grid, labels);
  const step = grid.spacingMm;
  const r = Math.ceil(reachMm / step);
  return (p) => {
    const inside = wanted.has(at(p));
    let best = reachMm;
    for (let dk = -r; dk <= r; dk++)
      for (let dj = -r; dj <= r; dj++)
        for (let di = -r; di <= r; di++) {
          const d = step * Math.hypot(di, dj, dk);
          if (d >= best) continue;
          const q: Vec3 = [p[0] + di * step, p[1] + dj * step, p[2] + dk * step];
          if (wanted.has(at(q)) !== inside) best = d;
        }
    return inside ? -best : best;
  };
}
