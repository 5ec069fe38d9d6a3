import type { Result } from '../core/errors';
import { fail, ok } from '../core/errors';
import { PLAN_FILE_FORMAT, PLAN_SCHEMA_VERSION, type Plan, validatePlan } from '../planning/planFile';
import {
  type Limit,
  outOfRangeText,
  PACKAGE_LIMITS,
  quoteValue,
  tooLongText,
  tooManyText,
  withinLimit,
} from '../planning/planLimits';
import { migratePlanData } from '../planning/planMigrations';
import type { AttemptMode, ExpectedView, ExpertNeedle, ScoringThresholds, TrainingPackage } from './types';

/** Current training package schema; bump it with a step in TRAINING_MIGRATIONS, never by editing old shapes. */
export const TRAINING_SCHEMA_VERSION = 1;
export const TRAINING_FORMAT = 'spineplan-training';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * One step per schema version (as planning/planMigrations.ts): TRAINING_MIGRATIONS[n] turns schema n data into
 * schema n + 1 data; the result is validated afterwards. Empty while schema 1 is the only one.
 */
export const TRAINING_MIGRATIONS: Record<number, (data: Obj) => Result<Obj>> = {};

function migrate(data: Obj): Result<Obj> {
  const from = data.schemaVersion;
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 1)
    return fail('invalid training package: schemaVersion: missing or not a whole number >= 1');
  if (from > TRAINING_SCHEMA_VERSION)
    return fail(
      `this training package was made by a newer Spineplan (schema ${from}; this version reads up to ${TRAINING_SCHEMA_VERSION}): update Spineplan to open it`,
    );
  let current = data;
  for (let v = from; v < TRAINING_SCHEMA_VERSION; v++) {
    const step = TRAINING_MIGRATIONS[v];
    if (!step) return fail(`no migration from training package schema ${v} to ${v + 1}`);
    const next = step(current);
    if (!next.ok) return fail(`migrating training package schema ${v} -> ${v + 1}: ${next.error}`);
    current = next.value;
  }
  return ok(current);
}

/** Collects problems with the path of the bad field, e.g. "needles[0].targetZoneRadiusMm". */
class Problems {
  readonly found: string[] = [];
  add(path: string, what: string): void {
    this.found.push(`${path}: ${what}`);
  }
  /** Text no longer than `limit` (planning/planLimits.ts). */
  text(o: Obj, key: string, path = '', limit: Limit = PACKAGE_LIMITS.shortTextChars): string {
    const v = o[key];
    if (typeof v !== 'string') {
      this.add(path + key, v === undefined ? 'missing' : 'expected text');
      return '';
    }
    if (v.length > limit.max) {
      this.add(path + key, tooLongText(v.length, limit));
      return '';
    }
    return v;
  }
  /** A finite number following `rule`, inside `limit` when one is given. */
  number(
    o: Obj,
    key: string,
    path: string,
    rule: 'positive' | 'non-negative' | 'any',
    unit = '',
    limit?: Limit,
  ): number {
    const v = o[key];
    const finite = typeof v === 'number' && Number.isFinite(v);
    const bad = !finite || (rule === 'positive' && v <= 0) || (rule === 'non-negative' && v < 0);
    if (bad) {
      const what = rule === 'any' ? 'a finite number' : `a ${rule} number`;
      this.add(path + key, v === undefined ? 'missing' : `expected ${what}${unit ? ` (${unit})` : ''}`);
    } else if (limit && !withinLimit(v, limit)) this.add(path + key, outOfRangeText(v, limit));
    return finite ? v : 0;
  }
  /** A list no longer than `limit`: a longer one is refused before any entry is looked at. */
  list(o: Obj, key: string, path: string, limit: Limit): unknown[] {
    const v = o[key];
    if (!Array.isArray(v)) {
      this.add(path + key, v === undefined ? 'missing' : 'expected a list');
      return [];
    }
    if (v.length > limit.max) {
      this.add(path + key, tooManyText(v.length, limit));
      return [];
    }
    return v;
  }
}

const UID = /^[0-9.]{1,64}$/;
const MODES: readonly AttemptMode[] = ['fluoro-only', 'ct'];
const COUNTS = ['maxShots', 'maxRedirections'] as const;
const MEASURES = [
  ['maxTipToTargetMm', 'mm'],
  ['maxEntryErrorMm', 'mm'],
  ['maxAngleDeg', 'deg'],
  ['maxFluoroSeconds', 's'],
  ['maxTimeSeconds', 's, 0 = no limit'],
] as const;

function checkStudy(p: Problems, v: unknown): TrainingPackage['study'] {
  if (!isObj(v)) {
    p.add('study', v === undefined ? 'missing' : 'expected an object');
    return { kind: 'demo' };
  }
  if (v.kind === 'demo') {
    if (v.seed !== undefined && !Number.isInteger(v.seed)) p.add('study.seed', 'expected a whole number');
    else if (v.seed !== undefined && !withinLimit(v.seed as number, PACKAGE_LIMITS.demoSeed))
      p.add('study.seed', outOfRangeText(v.seed as number, PACKAGE_LIMITS.demoSeed));
    return Number.isInteger(v.seed) ? { kind: 'demo', seed: v.seed as number } : { kind: 'demo' };
  }
  if (v.kind !== 'dicom') {
    p.add('study.kind', `${quoteValue(v.kind)} is not one of demo, dicom`);
    return { kind: 'demo' };
  }
  const study: TrainingPackage['study'] = { kind: 'dicom' };
  for (const key of ['studyInstanceUid', 'seriesInstanceUid'] as const) {
    const uid = v[key];
    if (uid === undefined) continue;
    // PS3.5 9.1: a UID is at most 64 characters of digits and dots.
    if (typeof uid !== 'string' || !UID.test(uid)) p.add(`study.${key}`, 'is not a DICOM UID');
    else study[key] = uid;
  }
  return study;
}

function checkThresholds(p: Problems, v: unknown): ScoringThresholds {
  const t = isObj(v) ? v : {};
  if (!isObj(v)) p.add('thresholds', v === undefined ? 'missing' : 'expected an object');
  const out = { requireTipInZone: t.requireTipInZone === true } as ScoringThresholds;
  if (isObj(v) && typeof t.requireTipInZone !== 'boolean')
    p.add('thresholds.requireTipInZone', 'expected true or false');
  for (const [key, unit] of MEASURES)
    out[key] = p.number(t, key, 'thresholds.', 'non-negative', unit, PACKAGE_LIMITS[key]);
  for (const key of COUNTS) {
    out[key] = p.number(t, key, 'thresholds.', 'non-negative', '', PACKAGE_LIMITS[key]);
    if (isObj(v) && !Number.isInteger(t[key]) && typeof t[key] === 'number')
      p.add(`thresholds.${key}`, 'expected a whole number');
  }
  out.minNoGoClearanceMm = p.number(
    t,
    'minNoGoClearanceMm',
    'thresholds.',
    'any',
    'mm',
    PACKAGE_LIMITS.minNoGoClearanceMm,
  );
  return out;
}

function checkNeedle(p: Problems, v: unknown, path: string, plan: Plan | undefined): ExpertNeedle {
  if (!isObj(v)) {
    p.add(path.slice(0, -1), 'expected an object');
    return { trajectoryId: '', targetZoneRadiusMm: 0, entryRegionRadiusMm: 0 };
  }
  const trajectoryId = p.text(v, 'trajectoryId', path);
  if (typeof v.trajectoryId === 'string' && plan && !plan.trajectories.some((t) => t.id === trajectoryId))
    p.add(`${path}trajectoryId`, `'${trajectoryId}' is not a trajectory of the expert plan`);
  return {
    trajectoryId,
    targetZoneRadiusMm: p.number(
      v,
      'targetZoneRadiusMm',
      path,
      'positive',
      'mm',
      PACKAGE_LIMITS.targetZoneRadiusMm,
    ),
    entryRegionRadiusMm: p.number(
      v,
      'entryRegionRadiusMm',
      path,
      'positive',
      'mm',
      PACKAGE_LIMITS.entryRegionRadiusMm,
    ),
  };
}

function checkView(p: Problems, v: unknown, path: string): ExpectedView {
  if (!isObj(v)) {
    p.add(path.slice(0, -1), 'expected an object');
    return { label: '', angles: { obliqueDeg: 0, tiltDeg: 0 } };
  }
  const label = p.text(v, 'label', path, PACKAGE_LIMITS.titleChars);
  const a = isObj(v.angles) ? v.angles : {};
  if (!isObj(v.angles)) p.add(`${path}angles`, v.angles === undefined ? 'missing' : 'expected an object');
  return {
    label,
    angles: {
      obliqueDeg: p.number(a, 'obliqueDeg', `${path}angles.`, 'any', 'deg', PACKAGE_LIMITS.viewAngleDeg),
      tiltDeg: p.number(a, 'tiltDeg', `${path}angles.`, 'any', 'deg', PACKAGE_LIMITS.viewAngleDeg),
    },
  };
}

/** The expert plan through the plan file's own migrations and validation (planning/planFile.ts). */
function checkPlan(p: Problems, v: unknown): Plan | undefined {
  if (!isObj(v)) {
    p.add('expertPlan', v === undefined ? 'missing' : 'expected a plan object');
    return undefined;
  }
  const migrated = migratePlanData(v, PLAN_SCHEMA_VERSION);
  const plan = migrated.ok ? validatePlan(migrated.value) : migrated;
  if (!plan.ok) {
    p.add('expertPlan', plan.error);
    return undefined;
  }
  if (plan.value.trajectories.length === 0)
    p.add('expertPlan.trajectories', 'the expert plan has no trajectory');
  else if (plan.value.trajectories.length > PACKAGE_LIMITS.expertTrajectories.max)
    p.add(
      'expertPlan.trajectories',
      tooManyText(plan.value.trajectories.length, PACKAGE_LIMITS.expertTrajectories),
    );
  return plan.value;
}

/**
 * Checks parsed JSON as a training package: format, schema (migrated to the current one), then every field,
 * naming each bad one by its path. A Spineplan plan file given instead is recognised and said so.
 */
export function validateTrainingPackage(data: unknown): Result<TrainingPackage> {
  if (!isObj(data)) return fail('not a Spineplan training package: expected a JSON object');
  if (data.format === PLAN_FILE_FORMAT || (data.format === undefined && Array.isArray(data.trajectories)))
    return fail(
      'this is a Spineplan plan file, not a training package: open it with Import plan, or make an exercise from it (Trainee mode > New package from this plan)',
    );
  if (data.format !== TRAINING_FORMAT)
    return fail(
      `not a Spineplan training package: format is ${data.format === undefined ? 'missing' : quoteValue(data.format)}, expected '${TRAINING_FORMAT}'`,
    );
  const migrated = migrate(data);
  if (!migrated.ok) return migrated;
  const d = migrated.value;
  const p = new Problems();
  const expertPlan = checkPlan(p, d.expertPlan);
  const pkg: TrainingPackage = {
    format: TRAINING_FORMAT,
    schemaVersion: TRAINING_SCHEMA_VERSION,
    title: p.text(d, 'title', '', PACKAGE_LIMITS.titleChars),
    instructions: p.text(d, 'instructions', '', PACKAGE_LIMITS.instructionsChars),
    study: checkStudy(p, d.study),
    expertPlan: expertPlan as Plan,
    needles: p
      .list(d, 'needles', '', PACKAGE_LIMITS.needles)
      .map((v, i) => checkNeedle(p, v, `needles[${i}].`, expertPlan)),
    expectedViews: p
      .list(d, 'expectedViews', '', PACKAGE_LIMITS.expectedViews)
      .map((v, i) => checkView(p, v, `expectedViews[${i}].`)),
    thresholds: checkThresholds(p, d.thresholds),
    defaultMode: p.text(d, 'defaultMode') as AttemptMode,
    createdAt: p.text(d, 'createdAt'),
  };
  if (typeof d.title === 'string' && pkg.title.trim() === '') p.add('title', 'is empty');
  if (Array.isArray(d.needles) && pkg.needles.length === 0)
    p.add('needles', 'needs at least one expert needle');
  if (typeof d.defaultMode === 'string' && !MODES.includes(pkg.defaultMode))
    p.add('defaultMode', `${quoteValue(pkg.defaultMode)} is not one of ${MODES.join(', ')}`);
  if (p.found.length === 0) return ok(pkg);
  const shown = p.found.slice(0, 8).join('; ');
  const more = p.found.length > 8 ? ` (and ${p.found.length - 8} more)` : '';
  return fail(`invalid training package: ${shown}${more}`);
}
