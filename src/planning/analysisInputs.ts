import type { SpineAnalysis, StructureKind } from '../analysis/index';
import { bodyLabelAt } from '../analysis/labels';
import { BODY_INSIDE } from '../analysis/types';
import type { Vec3 } from '../core/vec3';
import type { ClearanceStructure, MaskGeometry } from './clearance';
import type { ClearanceKind } from './procedures';
import type { InsideBody, TemplateTruth } from './proposal';

/**
 * What the automatic spine analysis (analysis/types.ts SpineAnalysis) gives the readouts and the template
 * proposals on patient CT, where the demo has its ground truth: the no-go structures as voxel masks on the
 * analysis grid, endplate normals by level name, signed distances to the no-go kinds (for the proposals'
 * margins), and the body outline without the CT couch (for the skin entry).
 */

/** The analysis's no-go structures as clearance masks (one shared label grid, one label each). */
export function analysisStructures(a: SpineAnalysis): ClearanceStructure<MaskGeometry>[] {
  const { grid, box, boxLabels, structures } = a.structures;
  return structures.map((s) => ({
    id: s.id,
    name: s.name,
    geometry: {
      kind: 'mask',
      dims: grid.dims,
      ijkToLps: grid.ijkToLps,
      box,
      labels: boxLabels,
      label: s.label,
    },
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

type Grid = SpineAnalysis['structures']['grid'];

/**
 * The label of the voxel nearest to an LPS point on an LPS-aligned analysis grid (grid.ts), read with
 * `labelAt`; -1 outside the grid.
 */
function labelLookup(
  grid: Grid,
  labelAt: (i: number, j: number, k: number) => number,
): (x: number, y: number, z: number) => number {
  const m = grid.ijkToLps;
  const [ox, oy, oz] = [m[3]!, m[7]!, m[11]!];
  const s = grid.spacingMm;
  const [nx, ny, nz] = grid.dims;
  return (x, y, z) => {
    const i = Math.round((x - ox) / s);
    const j = Math.round((y - oy) / s);
    const k = Math.round((z - oz) / s);
    return i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz ? -1 : labelAt(i, j, k);
  };
}

/** Inside the body (BODY_INSIDE; the couch and air are outside): the skin search never stops on the table. */
export function analysisInsideBody(a: SpineAnalysis): InsideBody {
  const body = a.body;
  const at = labelLookup(body.grid, (i, j, k) => bodyLabelAt(body, i, j, k));
  return (p) => at(p[0], p[1], p[2]) === BODY_INSIDE;
}

/**
 * Signed distance (mm, < 0 inside) to the structures of some kinds, from their voxels: the distance to the
 * nearest voxel centre of the other state, searched in shells of growing radius up to `reachMm` (+-reachMm
 * beyond), so within about one grid step (2 mm) of the true distance. Undefined when there is no such
 * structure.
 */
export function maskSignedDistance(
  a: SpineAnalysis,
  kinds: readonly StructureKind[],
  reachMm = 20,
): ((p: Vec3) => number) | undefined {
  const wanted = new Set(a.structures.structures.filter((s) => kinds.includes(s.kind)).map((s) => s.label));
  if (wanted.size === 0) return undefined;
  const set = a.structures;
  const grid = set.grid;
  // The block lookup inline (not structureLabelAt through a closure): this runs for every offset of every
  // probed point, thousands a proposal, on the page's main thread.
  const [bi, bj, bk] = set.box.lo;
  const [bx, by, bz] = set.box.dims;
  const boxLabels = set.boxLabels;
  const at = labelLookup(grid, (i, j, k) => {
    const a = i - bi;
    const b = j - bj;
    const c = k - bk;
    return a < 0 || b < 0 || c < 0 || a >= bx || b >= by || c >= bz ? 0 : boxLabels[a + bx * (b + by * c)]!;
  });
  const step = grid.spacingMm;
  const r = Math.ceil(reachMm / step);
  // Offsets by distance, nearest first: the first voxel of the other state gives the distance.
  const offsets: [number, number, number, number][] = [];
  for (let dk = -r; dk <= r; dk++)
    for (let dj = -r; dj <= r; dj++)
      for (let di = -r; di <= r; di++) {
        const d = step * Math.hypot(di, dj, dk);
        if (d > 0 && d <= reachMm) offsets.push([d, di * step, dj * step, dk * step]);
      }
  offsets.sort((x, y) => x[0] - y[0]);
  // Labels are >= 1: outside the grid (-1) and unlabelled voxels (0) are not in `wanted`.
  const inSet = (x: number, y: number, z: number) => wanted.has(at(x, y, z));
  return (p) => {
    const inside = inSet(p[0], p[1], p[2]);
    for (const [d, dx, dy, dz] of offsets)
      if (inSet(p[0] + dx, p[1] + dy, p[2] + dz) !== inside) return inside ? -d : d;
    return inside ? -reachMm : reachMm;
  };
}

/** The analysis's structure kinds behind each no-go kind a procedure keeps a margin to. */
const KINDS: Record<ClearanceKind, readonly StructureKind[]> = {
  'thecal-sac': ['thecal-sac'],
  'nerve-root': ['nerve-root'],
  vessel: ['aorta', 'ivc'],
};

/**
 * ProposalOptions.clearanceMm from the analysis: signed distance to the nearest structure of a no-go kind,
 * searched up to `reachMm` (the margins are a few mm; farther reads as reachMm); +reachMm when the analysis
 * has none of that kind.
 */
export function analysisClearanceMm(
  a: SpineAnalysis,
  reachMm = 10,
): (kind: ClearanceKind, lps: Vec3) => number {
  const fields = new Map<ClearanceKind, ((p: Vec3) => number) | undefined>();
  return (kind, lps) => {
    if (!fields.has(kind)) fields.set(kind, maskSignedDistance(a, KINDS[kind], reachMm));
    return fields.get(kind)?.(lps) ?? reachMm;
  };
}
