import type { Result } from '../core/errors';
import { fail, ok } from '../core/errors';
import { transformPoint } from '../core/mat4';
import type { Vec3 } from '../core/vec3';
import type { NoGoShape } from './clearance';
import { type MaskGrid, sameGrid } from './noGoMask';
import type { Plan } from './planFile';
import { formatValue, limitText, PLAN_LIMITS } from './planLimits';

/** How a refusal of checkPlanAgainstCase starts; callers that say it themselves cut it off. */
export const DOES_NOT_FIT = 'the plan does not fit these images: ';

/** The open images' extent in patient coordinates: the box around their voxel corners (mm). */
export interface CaseBox {
  min: Vec3;
  max: Vec3;
}

/** The axis-aligned LPS box around the grid's outer voxel corners (centres +-0.5 voxel, PS3.3 C.7.6.2.1.1). */
export function caseBox(grid: MaskGrid): CaseBox {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  const [nx, ny, nz] = grid.dims;
  for (const i of [-0.5, nx - 0.5])
    for (const j of [-0.5, ny - 0.5])
      for (const k of [-0.5, nz - 0.5]) {
        const p = transformPoint(grid.ijkToLps, [i, j, k]);
        for (let a = 0; a < 3; a++) {
          min[a] = Math.min(min[a]!, p[a]!);
          max[a] = Math.max(max[a]!, p[a]!);
        }
      }
  return { min: [min[0]!, min[1]!, min[2]!], max: [max[0]!, max[1]!, max[2]!] };
}

/** How far `p` lies outside the box (0 inside), mm. */
export function distanceOutsideMm(box: CaseBox, p: Vec3): number {
  let sq = 0;
  for (let a = 0; a < 3; a++) {
    const d = Math.max(box.min[a]! - p[a]!, 0, p[a]! - box.max[a]!);
    sq += d * d;
  }
  return Math.sqrt(sq);
}

/** Every point a shape is made of, named by its path in the file. */
function shapePoints(shape: NoGoShape, path: string): [string, Vec3][] {
  switch (shape.kind) {
    case 'point':
      return [[`${path}pointLps`, shape.pointLps]];
    case 'polyline':
      return shape.pointsLps.map((p, i) => [`${path}pointsLps[${i}]`, p]);
    case 'sphere':
      return [[`${path}centreLps`, shape.centreLps]];
    case 'capsule':
      return [
        [`${path}aLps`, shape.aLps],
        [`${path}bLps`, shape.bLps],
      ];
  }
}

/** Every planned point of a plan (not directions: a region's normal is a unit vector), named by its path. */
export function planPoints(plan: Plan): [string, Vec3][] {
  const out: [string, Vec3][] = [];
  plan.trajectories.forEach((t, i) => {
    out.push(
      [`trajectory ${i + 1} ('${t.name}') entry`, t.entryLps],
      [`trajectory ${i + 1} ('${t.name}') target`, t.targetLps],
    );
  });
  plan.measurements.forEach((m, i) => {
    const at = `measurement ${i + 1} ('${m.name}') `;
    if (m.kind === 'distance') out.push([`${at}point A`, m.aLps], [`${at}point B`, m.bLps]);
    else if (m.kind === 'angle')
      out.push([`${at}point A`, m.aLps], [`${at}vertex`, m.vertexLps], [`${at}point B`, m.bLps]);
    else out.push([`${at}centre`, m.centreLps], [`${at}rim`, m.rimLps]);
  });
  plan.noGoStructures.forEach((s, i) => {
    out.push(...shapePoints(s.geometry, `no-go structure ${i + 1} ('${s.name}') `));
  });
  for (const f of plan.print?.fiducials ?? []) out.push([`print pit '${f.label}'`, f.positionLps]);
  return out;
}

/**
 * Whether a plan fits the open images (issue 24): every planned point within PLAN_LIMITS.outsideVolumeMm of
 * their extent, every painted region on exactly their voxel grid (a region painted on another grid would be
 * drawn and measured on the wrong voxels, and a hostile grid of 10^15 voxels is never allocated). Run on a
 * plan already through validatePlan, before it is applied or autosaved; the refusal names each field and
 * the bound.
 */
export function checkPlanAgainstCase(plan: Plan, grid: MaskGrid): Result<Plan> {
  const box = caseBox(grid);
  const margin = PLAN_LIMITS.outsideVolumeMm;
  const problems: string[] = [];
  for (const [name, p] of planPoints(plan)) {
    const outside = distanceOutsideMm(box, p);
    if (outside > margin.max)
      problems.push(`${name} is ${formatValue(outside)} mm from the images ${limitText(margin)}`);
  }
  plan.noGoMasks.forEach((r, i) => {
    if (!sameGrid(r.grid, grid))
      problems.push(
        `painted region ${i + 1} ('${r.name}') is on a ${r.grid.dims.join(' x ')} voxel grid, not on these images' ${grid.dims.join(' x ')} grid`,
      );
  });
  if (problems.length === 0) return ok(plan);
  const more = problems.length > 4 ? ` (and ${problems.length - 4} more)` : '';
  return fail(`${DOES_NOT_FIT}${problems.slice(0, 4).join('; ')}${more}`);
}
