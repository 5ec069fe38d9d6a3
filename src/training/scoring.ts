import type { Vec3 } from '../core/vec3';
import { angleDeg, distance, sub } from '../core/vec3';
import type { ClearanceStructure } from '../planning/clearance';
import { findNeedle } from '../planning/needles';
import type { Trajectory } from '../planning/trajectory';
import { replayNeedle } from './needleState';
import { minClearances, shaftsInTissue } from './shafts';
import type { AttemptEvent, AttemptScore, ExpertNeedle, MetricResult, TrainingPackage } from './types';

/** An expert needle of the package with its planned trajectory. */
export interface ExpertPath {
  needle: ExpertNeedle;
  trajectory: Trajectory;
}

/** The package's expert needles joined with their trajectories (needles whose trajectory is missing are left out). */
export function expertPaths(pkg: TrainingPackage): ExpertPath[] {
  return pkg.needles.flatMap((needle) => {
    const trajectory = pkg.expertPlan.trajectories.find((t) => t.id === needle.trajectoryId);
    return trajectory ? [{ needle, trajectory }] : [];
  });
}

/** Shaft radius of the first expert needle's model (half its nominal outer diameter), 22G if unknown. */
export function expertNeedleRadiusMm(pkg: TrainingPackage): number {
  const id = expertPaths(pkg)[0]?.trajectory.needleId;
  return (
    (findNeedle(id ?? '')?.outerDiameterMm ?? findNeedle('spinal-22g-88.9')?.outerDiameterMm ?? 0.72) / 2
  );
}

/**
 * The expert needle a trainee's tip is judged against: with several needles in the exercise, the one whose
 * target is nearest the tip (the trainee places one needle per attempt and may choose which level/side).
 */
export function nearestExpertPath(pkg: TrainingPackage, tipLps: Vec3 | undefined): ExpertPath {
  const paths = expertPaths(pkg);
  const first = paths[0];
  if (!first) throw new RangeError('the package has no expert needle with a trajectory in its plan');
  if (!tipLps) return first;
  return paths.reduce((best, p) =>
    distance(p.trajectory.targetLps, tipLps) < distance(best.trajectory.targetLps, tipLps) ? p : best,
  );
}

const fmt = (v: number, digits = 1): string => (Number.isFinite(v) ? v.toFixed(digits) : String(v));

/** A metric that passes at or under `max` (threshold text '<= 4.0 mm'; counts, unitless, as '<= 3'). */
const atMost = (id: string, label: string, value: number, unit: string, max: number): MetricResult => ({
  id,
  label,
  value,
  unit,
  threshold: unit ? `<= ${fmt(max)} ${unit}` : `<= ${max}`,
  pass: value <= max,
});

/**
 * Scores an attempt against the package (the simulator and navigation literature's metrics: tip, entry, angle, zone, shots, redirections, path, no-go, time), each judged against pkg.thresholds or the
 * expert needle's zones. Tip-to-target, entry error and angle are measured against the expert needle whose
 * target is nearest the trainee's tip (`nearestExpertPath`). `noGo`: the structures to keep clear of (the
 * expert plan's own, and on the demo its ground-truth distance fields); every shaft position below the skin
 * is checked (`shaftsInTissue`), not only the final one. A needle never placed fails every accuracy metric
 * (distances are then Infinity).
 */
export function scoreAttempt(
  events: readonly AttemptEvent[],
  pkg: TrainingPackage,
  noGo: readonly ClearanceStructure[],
  needleRadiusMm: number,
): AttemptScore {
  const replay = replayNeedle(events);
  const pose = replay.finalPose;
  const expert = nearestExpertPath(pkg, pose?.tipLps);
  const t = pkg.thresholds;
  const { targetLps, entryLps: expertEntry } = expert.trajectory;
  const placed = pose !== undefined;
  const tipToTargetMm = pose ? distance(pose.tipLps, targetLps) : Infinity;
  const entryErrorMm = pose ? distance(pose.entryLps, expertEntry) : Infinity;
  const angleToExpertDeg = pose ? angleDeg(pose.directionLps, sub(targetLps, expertEntry)) : Infinity;
  const tipInZone = tipToTargetMm <= expert.needle.targetZoneRadiusMm;
  const entryInRegion = entryErrorMm <= expert.needle.entryRegionRadiusMm;

  const shafts = shaftsInTissue(replay.poses);
  // Never entered the skin: still report clearance for where the needle rests (or nothing when never placed).
  if (shafts.length === 0 && pose) shafts.push(pose);
  const minNoGoClearanceMm = minClearances(shafts, noGo, needleRadiusMm);
  const noGoContacts = Object.keys(minNoGoClearanceMm).filter((name) => minNoGoClearanceMm[name]! <= 0);
  const closestMm = Math.min(...Object.values(minNoGoClearanceMm));
  const timeSeconds = replay.endMs / 1000;

  const metrics: MetricResult[] = [
    atMost('tip-to-target', 'Tip to target', tipToTargetMm, 'mm', t.maxTipToTargetMm),
    {
      id: 'tip-in-zone',
      label: 'Tip inside the target zone',
      value: tipInZone,
      unit: '',
      ...(t.requireTipInZone
        ? { threshold: `within ${fmt(expert.needle.targetZoneRadiusMm)} mm of the target`, pass: tipInZone }
        : {}),
    },
    atMost('entry-error', 'Entry point error', entryErrorMm, 'mm', t.maxEntryErrorMm),
    {
      id: 'entry-in-region',
      label: 'Entry inside the accepted region',
      value: entryInRegion,
      unit: '',
      threshold: `within ${fmt(expert.needle.entryRegionRadiusMm)} mm of the planned entry`,
      pass: entryInRegion,
    },
    atMost('angle', 'Angle to the expert path', angleToExpertDeg, 'deg', t.maxAngleDeg),
    atMost('shots', 'Fluoroscopy shots', replay.shots, '', t.maxShots),
    // Informational: the package has no limit on runs; their beam time is judged in the fluoroscopy time.
    { id: 'runs', label: 'Fluoroscopy runs (pedal)', value: replay.runs, unit: '' },
    atMost('fluoro-time', 'Fluoroscopy time (shots and runs)', replay.fluoroSeconds, 's', t.maxFluoroSeconds),
    atMost('redirections', 'Redirections', replay.redirections, '', t.maxRedirections),
    {
      id: 'path-length',
      label: 'Path length in tissue',
      value: replay.pathLengthInTissueMm,
      unit: 'mm',
    },
  ];
  if (noGo.length > 0)
    metrics.push(
      {
        id: 'no-go-clearance',
        label: 'Closest approach to a no-go structure',
        value: closestMm,
        unit: 'mm',
        threshold: `> ${fmt(t.minNoGoClearanceMm)} mm`,
        pass: closestMm > t.minNoGoClearanceMm,
      },
      {
        id: 'no-go-contacts',
        label: 'No-go structures touched',
        value: noGoContacts.length,
        unit: '',
        threshold: 'none',
        pass: noGoContacts.length === 0,
      },
    );
  metrics.push({
    id: 'time',
    label: 'Time',
    value: timeSeconds,
    unit: 's',
    ...(t.maxTimeSeconds > 0
      ? { threshold: `<= ${fmt(t.maxTimeSeconds, 0)} s`, pass: timeSeconds <= t.maxTimeSeconds }
      : {}),
  });

  return {
    needlePlaced: placed,
    expertTrajectoryId: expert.trajectory.id,
    tipLps: pose?.tipLps ?? [0, 0, 0],
    entryLps: pose?.entryLps ?? [0, 0, 0],
    tipToTargetMm,
    entryErrorMm,
    angleToExpertDeg,
    tipInZone,
    shots: replay.shots,
    runs: replay.runs,
    fluoroSeconds: replay.fluoroSeconds,
    redirections: replay.redirections,
    pathLengthInTissueMm: replay.pathLengthInTissueMm,
    minNoGoClearanceMm,
    noGoContacts,
    timeSeconds,
    metrics,
    passed: placed && metrics.every((m) => m.pass !== false),
  };
}
