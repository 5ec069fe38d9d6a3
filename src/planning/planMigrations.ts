import type { Result } from '../core/errors';
import { fail, ok } from '../core/errors';
import { DEFAULT_NEEDLE_ID, findNeedle } from './needles';
import { PLAN_LIMITS, tooManyText } from './planLimits';
import { TRAJECTORY_COLOURS } from './trajectory';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * One step per schema version: MIGRATIONS[n] turns schema n data into schema n + 1 data. Steps only
 * reshape; the result is validated afterwards (planFile.validatePlan), so a step may pass bad values on.
 */
export const MIGRATIONS: Record<number, (data: Obj) => Result<Obj>> = {
  0: migrateV0toV1,
  1: migrateV1toV2,
  2: migrateV2toV3,
  3: migrateV3toV4,
};

/**
 * Schema 3 -> 4: plans may carry their review (planning/review.ts: identity, version, status, comments,
 * history). A schema 3 plan had none: it stays without one and reads as a draft, version 1.
 */
function migrateV3toV4(v3: Obj): Result<Obj> {
  return ok({ ...v3, schemaVersion: 4 });
}

/**
 * Schema 2 -> 3: adds painted no-go regions (`noGoMasks`, none yet). Trajectories may now carry the
 * proposal that made them (`proposal`, optional), so schema 2 trajectories need no change.
 */
function migrateV2toV3(v2: Obj): Result<Obj> {
  return ok({ ...v2, schemaVersion: 3, noGoMasks: v2.noGoMasks ?? [] });
}

/**
 * Schema 1 -> 2: adds the clearance warning distance (the 2 mm default, see planFile.ts) and the
 * SeriesInstanceUID, which schema 1 held only as the case key of a real series (the demo's key is 'demo').
 */
function migrateV1toV2(v1: Obj): Result<Obj> {
  const v2: Obj = { ...v1, schemaVersion: 2, clearanceWarningMm: v1.clearanceWarningMm ?? 2 };
  const key = v1.caseKey;
  if (typeof key === 'string' && /^[0-9.]{1,64}$/.test(key) && v2.seriesInstanceUid === undefined)
    v2.seriesInstanceUid = key;
  return ok(v2);
}

/**
 * Schema 0, the pre-release autosave shape:
 *   { version: 0, case: string, saved: epoch ms,
 *     needles: [{ id, label, entry: {x, y, z}, target: {x, y, z}, gauge?: number, side?: 'L' | 'R' | 'M' }] }
 * Points were objects, sides letters, the needle a bare gauge (always 3.5 in spinal), no colours,
 * measurements or no-go structures.
 */
function migrateV0toV1(v0: Obj): Result<Obj> {
  const needles = v0.needles;
  if (!Array.isArray(needles)) return fail('schema 0 plan: needles is not a list');
  // Bounded before anything is built from the list (planLimits.ts).
  if (needles.length > PLAN_LIMITS.trajectories.max)
    return fail(`schema 0 plan: needles: ${tooManyText(needles.length, PLAN_LIMITS.trajectories)}`);
  const point = (p: unknown): unknown => (isObj(p) ? [p.x, p.y, p.z] : p);
  const sides: Record<string, string> = { L: 'left', R: 'right', M: 'midline' };
  const saved = typeof v0.saved === 'number' ? new Date(v0.saved).toISOString() : v0.saved;
  const trajectories = needles.map((n: unknown, i) => {
    if (!isObj(n)) return n;
    const byGauge = `spinal-${typeof n.gauge === 'number' ? n.gauge : ''}g-88.9`;
    return {
      id: n.id,
      name: n.label,
      colour: TRAJECTORY_COLOURS[i % TRAJECTORY_COLOURS.length],
      procedure: 'other',
      level: '',
      side: (typeof n.side === 'string' ? sides[n.side] : undefined) ?? 'midline',
      entryLps: point(n.entry),
      targetLps: point(n.target),
      needleId: findNeedle(byGauge) ? byGauge : DEFAULT_NEEDLE_ID,
    };
  });
  return ok({
    schemaVersion: 1,
    caseKey: v0.case,
    trajectories,
    measurements: [],
    noGoStructures: [],
    createdAt: saved,
    updatedAt: saved,
  });
}

/** The schema version a file declares: `schemaVersion`, or `version` in schema 0. */
export function declaredSchemaVersion(data: Obj): number | undefined {
  const v = data.schemaVersion ?? data.version;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

/** Applies migrations from the file's schema up to `targetVersion`. */
export function migratePlanData(data: Obj, targetVersion: number): Result<Obj> {
  const from = declaredSchemaVersion(data);
  if (from === undefined) return fail('not a plan file: no schema version (schemaVersion)');
  if (from > targetVersion)
    return fail(
      `this plan was saved by a newer Spineplan (schema ${from}; this version reads up to ${targetVersion}): update Spineplan to open it`,
    );
  let current = data;
  for (let v = from; v < targetVersion; v++) {
    const step = MIGRATIONS[v];
    if (!step) return fail(`no migration from plan schema ${v} to ${v + 1}`);
    const next = step(current);
    if (!next.ok) return fail(`migrating plan schema ${v} -> ${v + 1}: ${next.error}`);
    current = next.value;
  }
  return ok(current);
}
