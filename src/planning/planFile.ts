import type { Result } from '../core/errors';
import { errorMessage, fail, ok } from '../core/errors';
import type { Vec3 } from '../core/vec3';
import type { PrintFiducial } from '../volume/surface/printModel';
import type { ClearanceStructure, NoGoShape } from './clearance';
import { findNeedle } from './needles';
import type { MaskSliceRuns, PaintedRegion } from './noGoMask';
import {
  type Limit,
  limitText,
  outOfRangeText,
  PLAN_LIMITS,
  quoteValue,
  tooLongText,
  tooManyText,
  withinLimit,
} from './planLimits';
import { migratePlanData } from './planMigrations';
import type { PlanPrint } from './printSetup';
import type { PlanReview } from './review';
import { checkReview } from './reviewValidate';
import { STANDARD_VIEW_LABELS } from './templates';
import {
  PROCEDURE_LABELS,
  type ProcedureId,
  type ProposalRecord,
  type Side,
  type Trajectory,
} from './trajectory';

/** Current plan file schema. Bump it with a migration in planMigrations.ts, never by editing old shapes. */
export const PLAN_SCHEMA_VERSION = 4;
/** Marks a JSON file as a Spineplan plan. */
export const PLAN_FILE_FORMAT = 'spineplan-plan';

export type Measurement =
  | { id: string; kind: 'distance'; name: string; aLps: Vec3; bLps: Vec3 }
  | { id: string; kind: 'angle'; name: string; aLps: Vec3; vertexLps: Vec3; bLps: Vec3 }
  /**
   * An HU region: the disc about `centreLps` through `rimLps`, in the plane with unit normal `normalLps` (the
   * view it was drawn on). Its statistics are computed from the images, never stored.
   */
  | { id: string; kind: 'region'; name: string; centreLps: Vec3; rimLps: Vec3; normalLps: Vec3 };

export type NoGoStructure = ClearanceStructure<NoGoShape>;

/** Everything the user planned on one case. Derived readouts (length, angles, clearance) are not stored. */
export interface Plan {
  schemaVersion: number;
  /** SeriesInstanceUID of the planned series, or 'demo' for the built-in phantom. */
  caseKey: string;
  trajectories: Trajectory[];
  measurements: Measurement[];
  noGoStructures: NoGoStructure[];
  /** No-go regions painted on the 2D views, as run lists on the volume's voxel grid (noGoMask.ts; schema 3). */
  noGoMasks: PaintedRegion[];
  /**
   * The planned images' StudyInstanceUID and SeriesInstanceUID (PS3.3 C.7.2.1, C.7.3.1), so a plan file
   * reattaches to the right series; absent for the demo (its UIDs are regenerated on every run).
   */
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  /**
   * The 3D print made from this case (issue 23): its registration pits in patient LPS, so the headset can
   * register to a print made earlier; absent until a print is made. Optional: older plans stay valid.
   */
  print?: PlanPrint;
  /**
   * Review and sign-off (review.ts, schema 4): identity, version, status, pinned comments, history. Absent
   * until the plan is first submitted, reviewed or bundled: a draft, version 1.
   */
  review?: PlanReview;
  /** Readouts warn when the needle passes closer than this to a no-go structure (mm, schema 2). */
  clearanceWarningMm: number;
  /** ISO 8601 timestamps. */
  createdAt: string;
  updatedAt: string;
}

/**
 * Default clearance warning distance: navigation systems reach 2-4 mm at the target (3DRX navigation
 * 2.5 +- 1.5 mm: van de Kraats et al., Spine 2006; laser-guided CT 3.6-5.0 mm: Gruber-Rouh et al., KJR 2015),
 * so a needle planned within 2 mm of a no-go structure deserves a look even when it does not touch it.
 */
export const DEFAULT_CLEARANCE_WARNING_MM = 2;

/** The images a plan belongs to (DICOM UIDs); the demo has none. */
export interface PlanImageIds {
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
}

export function emptyPlan(caseKey: string, nowIso: string, ids: PlanImageIds = {}): Plan {
  const plan: Plan = {
    schemaVersion: PLAN_SCHEMA_VERSION,
    caseKey,
    trajectories: [],
    measurements: [],
    noGoStructures: [],
    noGoMasks: [],
    clearanceWarningMm: DEFAULT_CLEARANCE_WARNING_MM,
    createdAt: nowIso,
    updatedAt: nowIso,
  };
  if (ids.studyInstanceUid) plan.studyInstanceUid = ids.studyInstanceUid;
  if (ids.seriesInstanceUid) plan.seriesInstanceUid = ids.seriesInstanceUid;
  return plan;
}

/**
 * A list of plain numbers as JSON.stringify(..., 2) writes it, one number per line. The raw line breaks make
 * it safe: text inside a JSON string never holds one (JSON escapes it), so names are never touched.
 */
const NUMBER_LIST = /\[\n\s*(-?[\d.eE+-]+(?:,\n\s*-?[\d.eE+-]+)*)\n\s*\]/g;

/**
 * The plan file text: indented JSON with every list of numbers on one line ("entryLps": [30, 40, 0]), so a
 * point reads as one, and a painted region's run lists take ~7 characters a number instead of ~17 (its size
 * stays well inside PLAN_LIMITS.fileChars, which the reader enforces).
 */
export function serializePlan(plan: Plan): string {
  const text = JSON.stringify(
    { format: PLAN_FILE_FORMAT, ...plan, schemaVersion: PLAN_SCHEMA_VERSION },
    null,
    2,
  );
  return `${text.replace(NUMBER_LIST, (_, numbers: string) => `[${numbers.split(/,\n\s*/).join(', ')}]`)}\n`;
}

/** Upper bound of the warning distance a plan may ask for (mm). */
export const MAX_CLEARANCE_WARNING_MM = 20;
const CLEARANCE_WARNING_LIMIT: Limit = { max: MAX_CLEARANCE_WARNING_MM, unit: 'mm' };

// ---- validation: every problem is reported with its path, e.g. "trajectories[1].entryLps" ----

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  readonly problems: string[] = [];
  /** Run-list numbers seen so far in the whole plan (PLAN_LIMITS.maskRunNumbers). */
  runNumbers = 0;
  problem(path: string, what: string): void {
    this.problems.push(`${path}: ${what}`);
  }
  /** Text no longer than `limit` (ids, colours, levels by default). */
  str(o: Obj, key: string, path: string, limit: Limit = PLAN_LIMITS.shortTextChars): string {
    const v = o[key];
    if (typeof v !== 'string') {
      this.problem(`${path}${key}`, v === undefined ? 'missing' : 'expected text');
      return '';
    }
    if (v.length > limit.max) {
      this.problem(`${path}${key}`, tooLongText(v.length, limit));
      return '';
    }
    return v;
  }
  /** A finite number inside `limit`. */
  num(o: Obj, key: string, path: string, limit: Limit): number {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.problem(`${path}${key}`, v === undefined ? 'missing' : 'expected a finite number');
      return 0;
    }
    if (!withinLimit(v, limit)) this.problem(`${path}${key}`, outOfRangeText(v, limit));
    return v;
  }
  /** A point in patient coordinates (mm), each coordinate inside PLAN_LIMITS.coordinateAbsMm. */
  vec3(o: Obj, key: string, path: string): Vec3 {
    const v = o[key];
    if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      this.problem(
        `${path}${key}`,
        v === undefined ? 'missing' : 'expected [x, y, z] in mm (3 finite numbers)',
      );
      return [0, 0, 0];
    }
    const far = (v as number[]).find((x) => !withinLimit(x, PLAN_LIMITS.coordinateAbsMm));
    if (far !== undefined)
      this.problem(`${path}${key}`, `a coordinate ${outOfRangeText(far, PLAN_LIMITS.coordinateAbsMm)}`);
    return [v[0], v[1], v[2]];
  }
  /** A list no longer than `limit`: a longer one is refused before any entry is looked at. */
  array(o: Obj, key: string, path: string, limit: Limit): unknown[] {
    const v = o[key];
    if (!Array.isArray(v)) {
      this.problem(`${path}${key}`, v === undefined ? 'missing' : 'expected a list');
      return [];
    }
    if (v.length > limit.max) {
      this.problem(`${path}${key}`, tooManyText(v.length, limit));
      return [];
    }
    return v;
  }
  oneOf<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[]): T {
    const v = this.str(o, key, path);
    if (typeof o[key] === 'string' && !allowed.includes(v as T))
      this.problem(`${path}${key}`, `${quoteValue(o[key])} is not one of ${allowed.join(', ')}`);
    return v as T;
  }
  /** A list of short texts no longer than `limit`, each at most `chars` long. */
  textList(o: Obj, key: string, path: string, limit: Limit, chars: Limit): string[] | undefined {
    const v = o[key];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return undefined;
    if (v.length > limit.max) {
      this.problem(`${path}${key}`, tooManyText(v.length, limit));
      return [];
    }
    const long = (v as string[]).findIndex((x) => x.length > chars.max);
    if (long >= 0) this.problem(`${path}${key}[${long}]`, tooLongText((v[long] as string).length, chars));
    return v as string[];
  }
}

const SIDES: readonly Side[] = ['left', 'right', 'midline'];
const PROCEDURES = Object.keys(PROCEDURE_LABELS) as ProcedureId[];

function checkTrajectory(c: Checker, v: unknown, path: string): Trajectory {
  if (!isObj(v)) {
    c.problem(path, 'expected an object');
    return v as Trajectory;
  }
  const needleId = c.str(v, 'needleId', path);
  if (typeof v.needleId === 'string' && !findNeedle(needleId))
    c.problem(`${path}needleId`, `${quoteValue(needleId)} is not in the needle catalogue`);
  const proposal = v.proposal === undefined ? undefined : checkProposal(c, v.proposal, `${path}proposal.`);
  return {
    ...(proposal ? { proposal } : {}),
    id: c.str(v, 'id', path),
    name: c.str(v, 'name', path, PLAN_LIMITS.nameChars),
    colour: c.str(v, 'colour', path),
    procedure: c.oneOf(v, 'procedure', path, PROCEDURES),
    level: c.str(v, 'level', path),
    side: c.oneOf(v, 'side', path, SIDES),
    entryLps: c.vec3(v, 'entryLps', path),
    targetLps: c.vec3(v, 'targetLps', path),
    needleId,
  };
}

const VIEW_IDS = Object.keys(STANDARD_VIEW_LABELS);

function checkProposal(c: Checker, v: unknown, path: string): ProposalRecord | undefined {
  if (!isObj(v)) {
    c.problem(path, 'expected an object');
    return undefined;
  }
  const source = c.oneOf(v, 'source', path, ['truth', 'analysis', 'clicks'] as const);
  const note = c.str(v, 'note', path, PLAN_LIMITS.noteChars);
  const remarks = c.textList(v, 'remarks', path, PLAN_LIMITS.proposalRemarks, PLAN_LIMITS.noteChars);
  if (!remarks) c.problem(`${path}remarks`, 'expected a list of text');
  const views = c.textList(v, 'views', path, PLAN_LIMITS.proposalViews, PLAN_LIMITS.shortTextChars);
  if (!views || views.some((x) => !VIEW_IDS.includes(x)))
    c.problem(`${path}views`, `expected a list of ${VIEW_IDS.join(', ')}`);
  if (typeof v.entryOnSkin !== 'boolean') c.problem(`${path}entryOnSkin`, 'expected true or false');
  return { source, note, remarks: remarks ?? [], entryOnSkin: v.entryOnSkin === true, views: views ?? [] };
}

const isCount = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0;

/** A painted region: grid, then per slice a sorted, non-touching run list inside the slice. */
function checkMask(c: Checker, v: unknown, path: string): PaintedRegion {
  if (!isObj(v)) {
    c.problem(path, 'expected an object');
    return v as PaintedRegion;
  }
  const grid = isObj(v.grid) ? v.grid : {};
  if (!isObj(v.grid)) c.problem(`${path}grid`, 'missing');
  const dims = grid.dims;
  const okDims = Array.isArray(dims) && dims.length === 3 && dims.every((d) => isCount(d) && d > 0);
  if (!okDims) c.problem(`${path}grid.dims`, 'expected 3 positive whole numbers');
  const big = okDims ? (dims as number[]).find((d) => !withinLimit(d, PLAN_LIMITS.maskGridDim)) : undefined;
  if (big !== undefined)
    c.problem(`${path}grid.dims`, `a dimension ${outOfRangeText(big, PLAN_LIMITS.maskGridDim)}`);
  const m = grid.ijkToLps;
  const okMatrix =
    Array.isArray(m) &&
    m.length === 16 &&
    m.every((x) => typeof x === 'number' && Number.isFinite(x) && withinLimit(x, PLAN_LIMITS.maskMatrixAbs));
  if (!okMatrix)
    c.problem(
      `${path}grid.ijkToLps`,
      `expected a 4x4 matrix (16 finite numbers, each ${limitText(PLAN_LIMITS.maskMatrixAbs)})`,
    );
  const [nx, ny, nz] = okDims && big === undefined ? (dims as number[]) : [0, 0, 0];
  const slices: MaskSliceRuns[] = [];
  let lastK = -1;
  // Slice indices ascend below nz: a longer list cannot be valid, and is refused before it is walked.
  const sliceLimit: Limit = {
    max: Math.min(nz!, PLAN_LIMITS.maskGridDim.max),
    unit: "slices (the grid's third dimension)",
  };
  c.array(v, 'slices', path, sliceLimit).forEach((sl, si) => {
    const at = `${path}slices[${si}].`;
    if (!isObj(sl) || !isCount(sl.k) || sl.k >= nz! || sl.k <= lastK || !Array.isArray(sl.runs)) {
      c.problem(at, `expected { k: slice index < ${nz}, ascending; runs: [start, length, ...] }`);
      return;
    }
    lastK = sl.k;
    const runs = sl.runs as unknown[];
    c.runNumbers += runs.length;
    if (c.runNumbers > PLAN_LIMITS.maskRunNumbers.max) {
      if (c.runNumbers - runs.length <= PLAN_LIMITS.maskRunNumbers.max)
        c.problem(
          `${at}runs`,
          `the plan's run lists hold more than ${PLAN_LIMITS.maskRunNumbers.max} numbers ${limitText(PLAN_LIMITS.maskRunNumbers)}`,
        );
      return;
    }
    let end = -1;
    let ok = runs.length % 2 === 0 && runs.length > 0;
    for (let r = 0; ok && r < runs.length; r += 2) {
      const start = runs[r];
      const len = runs[r + 1];
      ok = isCount(start) && isCount(len) && len > 0 && start > end && start + len <= nx! * ny!;
      if (ok) end = (start as number) + (len as number);
    }
    if (!ok) c.problem(`${at}runs`, 'expected sorted, separate [start, length] pairs inside the slice');
    else slices.push({ k: sl.k, runs: runs as number[] });
  });
  const region: PaintedRegion = {
    id: c.str(v, 'id', path),
    name: c.str(v, 'name', path, PLAN_LIMITS.nameChars),
    grid: { dims: [nx!, ny!, nz!], ijkToLps: okMatrix ? (m as number[]) : [] },
    slices,
  };
  if (v.marginMm !== undefined) region.marginMm = c.num(v, 'marginMm', path, PLAN_LIMITS.marginMm);
  return region;
}

function checkMeasurement(c: Checker, v: unknown, path: string): Measurement {
  if (!isObj(v)) {
    c.problem(path, 'expected an object');
    return v as Measurement;
  }
  const base = { id: c.str(v, 'id', path), name: c.str(v, 'name', path, PLAN_LIMITS.nameChars) };
  const kind = c.oneOf(v, 'kind', path, ['distance', 'angle', 'region'] as const);
  if (kind === 'region')
    return {
      ...base,
      kind,
      centreLps: c.vec3(v, 'centreLps', path),
      rimLps: c.vec3(v, 'rimLps', path),
      normalLps: c.vec3(v, 'normalLps', path),
    };
  if (kind === 'angle')
    return {
      ...base,
      kind,
      aLps: c.vec3(v, 'aLps', path),
      vertexLps: c.vec3(v, 'vertexLps', path),
      bLps: c.vec3(v, 'bLps', path),
    };
  return { ...base, kind: 'distance', aLps: c.vec3(v, 'aLps', path), bLps: c.vec3(v, 'bLps', path) };
}

function checkShape(c: Checker, v: unknown, path: string): NoGoShape {
  if (!isObj(v)) {
    c.problem(path, 'expected an object');
    return v as NoGoShape;
  }
  const kind = c.oneOf(v, 'kind', path, ['point', 'polyline', 'sphere', 'capsule'] as const);
  switch (kind) {
    case 'point':
      return { kind, pointLps: c.vec3(v, 'pointLps', path) };
    case 'polyline': {
      const pts = c.array(v, 'pointsLps', path, PLAN_LIMITS.polylinePoints);
      if (Array.isArray(v.pointsLps) && pts.length === 0)
        c.problem(`${path}pointsLps`, 'needs at least one point');
      return {
        kind,
        pointsLps: pts.map((_, i) => c.vec3(pts as unknown as Obj, String(i), `${path}pointsLps.`)),
      };
    }
    case 'sphere':
      return {
        kind,
        centreLps: c.vec3(v, 'centreLps', path),
        radiusMm: c.num(v, 'radiusMm', path, PLAN_LIMITS.radiusMm),
      };
    default:
      return {
        kind: 'capsule',
        aLps: c.vec3(v, 'aLps', path),
        bLps: c.vec3(v, 'bLps', path),
        radiusMm: c.num(v, 'radiusMm', path, PLAN_LIMITS.radiusMm),
      };
  }
}

function checkNoGo(c: Checker, v: unknown, path: string): NoGoStructure {
  if (!isObj(v)) {
    c.problem(path, 'expected an object');
    return v as NoGoStructure;
  }
  const s: NoGoStructure = {
    id: c.str(v, 'id', path),
    name: c.str(v, 'name', path, PLAN_LIMITS.nameChars),
    geometry: checkShape(c, v.geometry, `${path}geometry.`),
  };
  if (v.marginMm !== undefined) s.marginMm = c.num(v, 'marginMm', path, PLAN_LIMITS.marginMm);
  return s;
}

function checkPrint(c: Checker, v: unknown, path: string): PlanPrint {
  if (!isObj(v)) {
    c.problem(path, 'expected an object');
    return v as PlanPrint;
  }
  const fiducials = c.array(v, 'fiducials', path, PLAN_LIMITS.printFiducials).map((f, i) => {
    const at = `${path}fiducials[${i}].`;
    if (!isObj(f)) {
      c.problem(at, 'expected an object');
      return f as PrintFiducial;
    }
    return {
      id: c.str(f, 'id', at),
      label: c.str(f, 'label', at, PLAN_LIMITS.nameChars),
      positionLps: c.vec3(f, 'positionLps', at),
    };
  });
  const matrix = c.array(v, 'lpsToPrint', path, { max: 16, unit: 'numbers' });
  if (
    Array.isArray(v.lpsToPrint) &&
    (matrix.length !== 16 ||
      !matrix.every((x) => typeof x === 'number' && withinLimit(x, PLAN_LIMITS.maskMatrixAbs)))
  )
    c.problem(`${path}lpsToPrint`, 'expected 16 finite numbers (a 4x4 matrix, mm)');
  return {
    vertebrae: c.str(v, 'vertebrae', path),
    spacingMm: c.num(v, 'spacingMm', path, PLAN_LIMITS.printSpacingMm),
    fiducials,
    lpsToPrint: matrix as number[],
    madeAt: c.str(v, 'madeAt', path),
  };
}

/** Validates data already migrated to the current schema. */
export function validatePlan(data: unknown): Result<Plan> {
  if (!isObj(data)) return fail('not a plan: expected a JSON object');
  const c = new Checker();
  const list = <T>(
    key: 'trajectories' | 'measurements' | 'noGoStructures' | 'noGoMasks',
    check: (c: Checker, v: unknown, path: string) => T,
  ): T[] => c.array(data, key, '', PLAN_LIMITS[key]).map((v, i) => check(c, v, `${key}[${i}].`));
  const plan: Plan = {
    schemaVersion: PLAN_SCHEMA_VERSION,
    caseKey: c.str(data, 'caseKey', ''),
    trajectories: list('trajectories', checkTrajectory),
    measurements: list('measurements', checkMeasurement),
    noGoStructures: list('noGoStructures', checkNoGo),
    noGoMasks: list('noGoMasks', checkMask),
    clearanceWarningMm: c.num(data, 'clearanceWarningMm', '', CLEARANCE_WARNING_LIMIT),
    createdAt: c.str(data, 'createdAt', ''),
    updatedAt: c.str(data, 'updatedAt', ''),
  };
  if (data.print !== undefined) plan.print = checkPrint(c, data.print, 'print.');
  if (data.review !== undefined) {
    const checked = checkReview(data.review);
    for (const problem of checked.problems) c.problems.push(problem);
    if (checked.review) plan.review = checked.review;
  }
  if (typeof data.caseKey === 'string' && plan.caseKey === '') c.problem('caseKey', 'is empty');
  for (const key of ['studyInstanceUid', 'seriesInstanceUid'] as const) {
    if (data[key] === undefined) continue;
    const uid = c.str(data, key, '');
    // PS3.5 9.1: a UID is at most 64 characters of digits and dots.
    if (typeof data[key] === 'string' && !/^[0-9.]{1,64}$/.test(uid)) c.problem(key, 'is not a DICOM UID');
    else plan[key] = uid;
  }
  const ids = new Set<string>();
  plan.trajectories.forEach((t, i) => {
    if (ids.has(t.id)) c.problem(`trajectories[${i}].id`, `duplicate id '${t.id}'`);
    ids.add(t.id);
  });
  if (c.problems.length === 0) return ok(plan);
  const shown = c.problems.slice(0, 8).join('; ');
  const more = c.problems.length > 8 ? ` (and ${c.problems.length - 8} more)` : '';
  return fail(`invalid plan file: ${shown}${more}`);
}

/** Parses a plan file: JSON -> migrations up to the current schema -> validation, with readable errors. */
export function parsePlanFile(text: string): Result<Plan> {
  // Refused before parsing: JSON.parse of a huge text builds every object in it first.
  if (text.length > PLAN_LIMITS.fileChars.max)
    return fail(`not imported: the plan file is ${tooLongText(text.length, PLAN_LIMITS.fileChars)}`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return fail(`not a plan file: the text is not JSON (${errorMessage(e)})`);
  }
  if (!isObj(data)) return fail('not a plan file: expected a JSON object');
  if (data.format !== undefined && data.format !== PLAN_FILE_FORMAT)
    return fail(`not a plan file: format is ${quoteValue(data.format)}, expected '${PLAN_FILE_FORMAT}'`);
  const migrated = migratePlanData(data, PLAN_SCHEMA_VERSION);
  if (!migrated.ok) return migrated;
  return validatePlan(migrated.value);
}
