import type { Vec3 } from '../core/vec3';
import { angleDeg } from '../core/vec3';
import { type ClearanceStructure, clearanceTo } from '../planning/clearance';
import { type NeedlePose, sweepDirections } from './needleState';

/**
 * A steer's sweep is checked at shaft positions no more than this far apart at the tip (mm): the clearance
 * functions' own uncertainty for distance fields (half their 0.5 mm step along the axis).
 */
const SHAFT_SAMPLE_MM = 0.25;
/** Successive positions whose tips are closer than this (mm) are checked once (kept below the sweep step). */
const SHAFT_MERGE_MM = 0.1;
const DEG = 180 / Math.PI;

/** A straight needle shaft below the skin: entry, unit direction, depth (mm). */
export interface Shaft {
  entryLps: Vec3;
  directionLps: Vec3;
  depthMm: number;
}

const same = (a: Vec3, b: Vec3): boolean => a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
const tipOf = (s: Shaft): Vec3 => [
  s.entryLps[0] + s.directionLps[0] * s.depthMm,
  s.entryLps[1] + s.directionLps[1] * s.depthMm,
  s.entryLps[2] + s.directionLps[2] * s.depthMm,
];

/** How far apart (mm) the tips of two shafts from the same entry are, at the deeper one's depth. */
const tipGapMm = (a: Shaft, b: Shaft): number =>
  (angleDeg(a.directionLps, b.directionLps) / DEG) * Math.max(a.depthMm, b.depthMm);

/**
 * Every shaft position the needle took below the skin, reduced: while entry and direction stay the same the
 * shaft at any depth lies inside the shaft at the deepest depth, so one capsule per straight run (at its
 * deepest) covers all its poses (exact). A steer in tissue adds the directions it swept through, sampled so
 * the tip moves <= SHAFT_SAMPLE_MM between them; positions whose tips lie within SHAFT_MERGE_MM of the last
 * one kept are merged into it (a controller steering every frame makes thousands of nearly equal poses).
 */
export function shaftsInTissue(poses: readonly NeedlePose[]): Shaft[] {
  const shafts: Shaft[] = [];
  const push = (s: Shaft) => {
    if (s.depthMm <= 0) return;
    const last = shafts[shafts.length - 1];
    const sameEntry = last !== undefined && same(last.entryLps, s.entryLps);
    if (last && sameEntry && (same(last.directionLps, s.directionLps) || tipGapMm(last, s) < SHAFT_MERGE_MM))
      last.depthMm = Math.max(last.depthMm, s.depthMm);
    else shafts.push({ ...s });
  };
  let prev: NeedlePose | undefined;
  for (const p of poses) {
    const steeredInTissue =
      prev && p.depthMm > 0 && same(prev.entryLps, p.entryLps) && !same(prev.directionLps, p.directionLps);
    if (prev && steeredInTissue) {
      const stepDeg = (SHAFT_SAMPLE_MM / p.depthMm) * DEG;
      for (const d of sweepDirections(prev.directionLps, p.directionLps, stepDeg))
        push({ entryLps: p.entryLps, directionLps: d, depthMm: p.depthMm });
    } else push(p);
    prev = p;
  }
  return shafts;
}

/** Minimum clearance (shaft surface, mm) to each structure over all shafts, by structure name. */
export function minClearances(
  shafts: readonly Shaft[],
  noGo: readonly ClearanceStructure[],
  needleRadiusMm: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of shafts) {
    const capsule = { entryLps: s.entryLps, tipLps: tipOf(s), radiusMm: needleRadiusMm };
    for (const structure of noGo) {
      const d = clearanceTo(capsule, structure).minDistanceMm;
      out[structure.name] = Math.min(out[structure.name] ?? Infinity, d);
    }
  }
  return out;
}
