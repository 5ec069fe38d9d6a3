import type { Result } from '../core/errors';
import { fail, ok } from '../core/errors';
import type { Vec3 } from '../core/vec3';
import { procedureViews } from '../planning/carmViews';
import type { Plan } from '../planning/planFile';
import { PROCEDURE_LABELS, type Trajectory, trajectoryDirection } from '../planning/trajectory';
import {
  DEFAULT_ENTRY_REGION_RADIUS_MM,
  DEFAULT_TARGET_ZONE_RADIUS_MM,
  DEFAULT_THRESHOLDS,
} from './defaults';
import { TRAINING_FORMAT, TRAINING_SCHEMA_VERSION } from './packageValidate';
import type { AttemptMode, ExpectedView, ScoringThresholds, TrainingPackage } from './types';

export interface PackageFromPlanOptions {
  /** ISO 8601 creation time (also identifies the package's attempts: packageKey.ts). */
  nowIso: string;
  title?: string;
  instructions?: string;
  /** Trajectories that become expert needles (default: all of the plan's), in this order. */
  trajectoryIds?: readonly string[];
  thresholds?: Partial<ScoringThresholds>;
  defaultMode?: AttemptMode;
  targetZoneRadiusMm?: number;
  entryRegionRadiusMm?: number;
  /** The demo phantom's seed (demo plans only; the demo is regenerated from it). */
  demoSeed?: number;
  /** Superior endplate normal of a level (squared AP views); from the demo truth or measured. */
  endplateNormalFor?: (level: string) => Vec3 | undefined;
}

const sideWords = (t: Trajectory): string => (t.side === 'midline' ? 'in the midline' : `on the ${t.side}`);

/** "Transforaminal epidural (subpedicular), L4-L5, left". */
export const describeTrajectory = (t: Trajectory): string =>
  [PROCEDURE_LABELS[t.procedure], t.level, t.side].filter(Boolean).join(', ');

/** The expected views of one trajectory: its procedure's view sequence (planning/carmViews.ts). */
export function expectedViewsFor(t: Trajectory, endplateNormalLps?: Vec3): ExpectedView[] {
  const needleDirLps = trajectoryDirection(t);
  return procedureViews({
    procedure: t.procedure,
    side: t.side,
    ...(needleDirLps ? { needleDirLps } : {}),
    ...(endplateNormalLps ? { endplateNormalLps } : {}),
  }).map((v) => ({ label: v.label, angles: { obliqueDeg: v.obliqueDeg + 0, tiltDeg: v.tiltDeg + 0 } }));
}

/**
 * A case package from a plan: one expert needle per chosen trajectory (default zones), the expected views of
 * each trajectory's procedure (prefixed with its name when there are several), the study from the plan
 * (its UIDs, or the demo), default thresholds (defaults.ts) unless given.
 */
export function createPackageFromPlan(plan: Plan, options: PackageFromPlanOptions): Result<TrainingPackage> {
  const ids = options.trajectoryIds ?? plan.trajectories.map((t) => t.id);
  const chosen: Trajectory[] = [];
  for (const id of ids) {
    const t = plan.trajectories.find((x) => x.id === id);
    if (!t) return fail(`the plan has no trajectory '${id}'`);
    chosen.push(t);
  }
  const first = chosen[0];
  if (!first) return fail('the plan has no trajectory to make an exercise of: plan a needle first');
  const expectedViews = chosen.flatMap((t) =>
    expectedViewsFor(t, options.endplateNormalFor?.(t.level)).map((v) =>
      chosen.length > 1 ? { ...v, label: `${t.name}: ${v.label}` } : v,
    ),
  );
  const study: TrainingPackage['study'] =
    plan.caseKey === 'demo'
      ? { kind: 'demo', ...(options.demoSeed !== undefined ? { seed: options.demoSeed } : {}) }
      : {
          kind: 'dicom',
          ...(plan.studyInstanceUid ? { studyInstanceUid: plan.studyInstanceUid } : {}),
          ...(plan.seriesInstanceUid ? { seriesInstanceUid: plan.seriesInstanceUid } : {}),
        };
  const needleWords =
    chosen.length > 1
      ? `${chosen.length} needles (${chosen.map(describeTrajectory).join('; ')})`
      : `a needle for a ${PROCEDURE_LABELS[first.procedure].toLowerCase()} at ${first.level || 'the planned level'} ${sideWords(first)}`;
  return ok({
    format: TRAINING_FORMAT,
    schemaVersion: TRAINING_SCHEMA_VERSION,
    title: options.title?.trim() || describeTrajectory(first),
    instructions:
      options.instructions ??
      `Place ${needleWords}. Set the C-arm views you need (each shot counts), place the needle on the skin, advance and redirect it, then declare done.`,
    study,
    // Only the chosen trajectories: the debrief reveals the whole expert plan.
    expertPlan: { ...plan, trajectories: chosen },
    needles: chosen.map((t) => ({
      trajectoryId: t.id,
      targetZoneRadiusMm: options.targetZoneRadiusMm ?? DEFAULT_TARGET_ZONE_RADIUS_MM,
      entryRegionRadiusMm: options.entryRegionRadiusMm ?? DEFAULT_ENTRY_REGION_RADIUS_MM,
    })),
    expectedViews,
    thresholds: { ...DEFAULT_THRESHOLDS, ...options.thresholds },
    defaultMode: options.defaultMode ?? 'fluoro-only',
    createdAt: options.nowIso,
  });
}

/**
 * The plan with its DICOM UIDs replaced (`mapUid`: the export's de-identification map, PS3.15 E.1.1 action U),
 * so it still attaches to the de-identified series: the case key when it is a series UID, and the study and
 * series UIDs.
 */
export function remapPlanUids(plan: Plan, mapUid: (uid: string) => string): Plan {
  const out: Plan = { ...plan, caseKey: plan.caseKey === 'demo' ? 'demo' : mapUid(plan.caseKey) };
  if (plan.studyInstanceUid) out.studyInstanceUid = mapUid(plan.studyInstanceUid);
  if (plan.seriesInstanceUid) out.seriesInstanceUid = mapUid(plan.seriesInstanceUid);
  return out;
}

/** A package whose study and expert plan refer to the de-identified series (see remapPlanUids). */
export function remapPackageUids(pkg: TrainingPackage, mapUid: (uid: string) => string): TrainingPackage {
  if (pkg.study.kind === 'demo') return pkg;
  const study: TrainingPackage['study'] = { kind: 'dicom' };
  if (pkg.study.studyInstanceUid) study.studyInstanceUid = mapUid(pkg.study.studyInstanceUid);
  if (pkg.study.seriesInstanceUid) study.seriesInstanceUid = mapUid(pkg.study.seriesInstanceUid);
  return { ...pkg, study, expertPlan: remapPlanUids(pkg.expertPlan, mapUid) };
}
