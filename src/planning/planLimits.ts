/**
 * Plausibility bounds of everything a plan file or a training package may hold: one table, read by the plan
 * file validation (planFile.ts), the check against the open images (planCaseBounds.ts) and the training
 * package validation (training/packageValidate.ts). A file outside a bound is refused BEFORE anything is
 * built from it, applied or autosaved, with the field and the bound named: a plan is a few kilobytes of
 * points and names, and a value far beyond what a hand could plan is a broken or hostile file, never work to
 * keep. New fields get a row here and a check where they are read.
 */
export interface Limit {
  /** Largest value allowed (inclusive). */
  readonly max: number;
  /** Smallest value allowed (inclusive); default 0. */
  readonly min?: number;
  /** Unit the bound is counted in, shown in a refusal: "(limit: 100 trajectories)". */
  readonly unit: string;
}

export const PLAN_LIMITS = {
  /**
   * A plan file's text (UTF-16 code units, checked before JSON.parse). The biggest legitimate part is
   * painted no-go regions, bounded by maskRunNumbers below (up to ~40 characters a number, slice objects
   * included).
   */
  fileChars: { max: 16_000_000, unit: 'characters' },
  // The rows below are chosen so that a plan at every one of them at once still serializes under fileChars
  // (test/unit/plan-integrity-bounds.test.ts): the app never writes a plan it would refuse to read.
  /** A multi-level procedure plans a few needles per level; 100 is far beyond any case. */
  trajectories: { max: 100, unit: 'trajectories' },
  measurements: { max: 500, unit: 'measurements' },
  noGoStructures: { max: 100, unit: 'structures' },
  noGoMasks: { max: 32, unit: 'painted regions' },
  polylinePoints: { max: 500, unit: 'points' },
  proposalRemarks: { max: 20, unit: 'remarks' },
  proposalViews: { max: 20, unit: 'views' },
  /** Ids, colours, levels, case keys, timestamps. */
  shortTextChars: { max: 128, unit: 'characters' },
  /** Names of trajectories, measurements, structures and regions. */
  nameChars: { max: 200, unit: 'characters' },
  /** Proposal notes and remarks. */
  noteChars: { max: 1_000, unit: 'characters' },
  /**
   * Any coordinate, before the images are known: patient coordinates (PS3.3 C.7.6.2.1.1) are relative to
   * the scanner's reference point; a body spans ~2 m and a table moves ~2 m, so 10 m bounds every real one.
   */
  coordinateAbsMm: { max: 10_000, min: -10_000, unit: 'mm' },
  /**
   * How far outside the open images a planned point may lie: an entry on the skin of a body part cut off by
   * the field of view is plausible, half a metre beyond the images' edge is not.
   */
  outsideVolumeMm: { max: 500, unit: 'mm outside' },
  /** No-go sphere and capsule radii. */
  radiusMm: { max: 500, unit: 'mm' },
  /** Clearance margins of no-go structures and regions. */
  marginMm: { max: 100, unit: 'mm' },
  /** Each dimension of a painted region's grid (CT: 512-1024 in-plane, a few thousand slices at most). */
  maskGridDim: { max: 8_192, min: 1, unit: 'voxels' },
  /**
   * Numbers in all run lists of a plan together (start and length per run): a vessel painted with a 3 mm
   * brush over 300 slices of 0.7 mm pixels takes ~10,000.
   */
  maskRunNumbers: { max: 200_000, unit: 'numbers' },
  /** Registration pits of a 3D print (issue 23: 4 base corners + 2 spinous; room for more). */
  printFiducials: { max: 16, unit: 'pits' },
  /** A print's voxel size: 0.75-1 mm is offered; anything in 0.1-5 mm is a print. */
  printSpacingMm: { max: 5, min: 0.1, unit: 'mm' },
  /** Entries of a painted region's voxel-to-patient matrix (mm). */
  maskMatrixAbs: { max: 10_000, min: -10_000, unit: 'mm' },
} as const satisfies Record<string, Limit>;

/** A training package (training/packageValidate.ts): its own fields; its expert plan obeys PLAN_LIMITS. */
export const PACKAGE_LIMITS = {
  /** The package JSON's text, checked before JSON.parse: the expert plan plus a few kilobytes. */
  jsonChars: { max: 17_000_000, unit: 'characters' },
  titleChars: { max: 200, unit: 'characters' },
  instructionsChars: { max: 20_000, unit: 'characters' },
  shortTextChars: { max: 128, unit: 'characters' },
  needles: { max: 20, unit: 'expert needles' },
  /** Below PLAN_LIMITS.trajectories: the debrief plan adds the trainee's needle and earlier courses. */
  expertTrajectories: { max: 50, unit: 'trajectories' },
  expectedViews: { max: 30, unit: 'views' },
  targetZoneRadiusMm: { max: 100, unit: 'mm' },
  entryRegionRadiusMm: { max: 200, unit: 'mm' },
  maxTipToTargetMm: { max: 200, unit: 'mm' },
  maxEntryErrorMm: { max: 500, unit: 'mm' },
  maxAngleDeg: { max: 180, unit: 'deg' },
  maxFluoroSeconds: { max: 3_600, unit: 's' },
  maxTimeSeconds: { max: 86_400, unit: 's' },
  maxShots: { max: 10_000, unit: 'shots' },
  maxRedirections: { max: 10_000, unit: 'redirections' },
  minNoGoClearanceMm: { max: 100, min: -100, unit: 'mm' },
  viewAngleDeg: { max: 180, min: -180, unit: 'deg' },
  demoSeed: { max: 2 ** 31 - 1, min: -(2 ** 31), unit: '' },
} as const satisfies Record<string, Limit>;

/** "1e9" for huge numbers, "12.5" otherwise: a refusal quotes the value the file holds, readably. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e6) return v.toExponential(0).replace('e+', 'e');
  return String(Math.round(v * 100) / 100);
}

/** "(limit: 100 trajectories)", "(limit: -10000 to 10000 mm)". */
export function limitText(limit: Limit): string {
  const range = limit.min !== undefined && limit.min !== 0 ? `${limit.min} to ${limit.max}` : `${limit.max}`;
  return `(limit: ${range}${limit.unit ? ` ${limit.unit}` : ''})`;
}

/** Whether `v` lies inside the limit's range. */
export const withinLimit = (v: number, limit: Limit): boolean => v >= (limit.min ?? 0) && v <= limit.max;

/** A refusal for a list longer than its limit: "100000 entries (limit: 100 trajectories)". */
export const tooManyText = (count: number, limit: Limit): string => `${count} entries ${limitText(limit)}`;

/** A refusal for a text longer than its limit: "10000000 characters long (limit: 200 characters)". */
export const tooLongText = (chars: number, limit: Limit): string =>
  `${chars} characters long ${limitText(limit)}`;

/** A refusal for a number outside its limit: "is 1e9 (limit: 500 mm)". */
export const outOfRangeText = (v: number, limit: Limit): string => `is ${formatValue(v)} ${limitText(limit)}`;

/**
 * A value from a file, quoted for a message: text cut to 40 characters, anything else by its kind. Never
 * `String(v)` on file data: a 10 MB string would be copied into the message, and a deeply nested list
 * overflows the stack in Array.prototype.join.
 */
export function quoteValue(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}...` : v}'`;
  if (typeof v === 'number' || typeof v === 'boolean') return formatValue(Number(v));
  if (v === null) return 'null';
  return Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : typeof v;
}
