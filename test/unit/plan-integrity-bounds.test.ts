import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { MaskGrid } from '../../src/planning/noGoMask';
import { caseBox, checkPlanAgainstCase } from '../../src/planning/planCaseBounds';
import {
  emptyPlan,
  type Plan,
  parsePlanFile,
  serializePlan,
  validatePlan,
} from '../../src/planning/planFile';
import { PACKAGE_LIMITS, PLAN_LIMITS } from '../../src/planning/planLimits';
import { createTrajectory } from '../../src/planning/trajectory';
import { readTrainingPackage } from '../../src/training/package';
import { validateTrainingPackage } from '../../src/training/packageValidate';
import { packageWith } from './training-fixtures';

/**
 * Issue 24 class 1: hostile plan files and training packages, made here (no large file is committed). Each is
 * refused with the field and the bound named, with work bounded by the limits, not by the input's size.
 */

/** The synthetic sphere's grid of the e2e tests: 64^3 voxels of 2 mm about LPS (0, 0, 0). */
const GRID: MaskGrid = {
  dims: [64, 64, 64],
  ijkToLps: [2, 0, 0, -64, 0, 2, 0, -64, 0, 0, 2, -64, 0, 0, 0, 1],
};

const goodPlan = (): Plan => {
  const plan = emptyPlan('2.25.1', '2026-12-07T00:00:00.000Z', { seriesInstanceUid: '2.25.1' });
  plan.trajectories = [
    createTrajectory('t1', { name: 'L4 left', entryLps: [40, 60, 0], targetLps: [5, 10, 0] }, 0),
  ];
  return plan;
};

/** The plan file as parsed JSON, edited by `edit`. */
const planData = (
  edit: (d: Record<string, unknown> & { trajectories: Record<string, unknown>[] }) => void,
) => {
  const d = JSON.parse(serializePlan(goodPlan()));
  edit(d);
  return d;
};
const refusal = (r: { ok: boolean; error?: string }): string => {
  if (r.ok) throw new Error('expected a refusal');
  return r.error!;
};

/**
 * An array of `n` entries that counts how many of them are read: validation must refuse an over-long list
 * from its length, before walking (and building objects from) its entries.
 */
function countingArray(n: number, entry: () => unknown): { list: unknown[]; reads: () => number } {
  let reads = 0;
  const list = new Array(n);
  return {
    list: new Proxy(list, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) {
          reads++;
          return entry();
        }
        return Reflect.get(target, key, receiver);
      },
    }),
    reads: () => reads,
  };
}

describe('plan file bounds (planLimits.ts)', () => {
  it('refuses a coordinate of 1e9 mm, naming the field and the limit', () => {
    const d = planData((p) => {
      p.trajectories[0]!.entryLps = [1e9, 0, 0];
    });
    const error = refusal(validatePlan(d));
    expect(error).toMatch(/trajectories\[0\]\.entryLps: a coordinate is 1e9 \(limit: -10000 to 10000 mm\)/);
  });

  it('refuses a painted region on a 1e5^3 grid without allocating it', () => {
    const d = planData((p) => {
      p.noGoMasks = [
        {
          id: 'm',
          name: 'huge',
          grid: { dims: [1e5, 1e5, 1e5], ijkToLps: GRID.ijkToLps },
          slices: [{ k: 5, runs: [0, 1e9] }],
        },
      ];
    });
    expect(refusal(validatePlan(d))).toMatch(
      /noGoMasks\[0\]\.grid\.dims: a dimension is 100000 \(limit: 1 to 8192 voxels\)/,
    );
  });

  it('refuses 100,000 trajectories from the list length alone: no entry is read', () => {
    const { list, reads } = countingArray(100_000, () => ({ ...goodPlan().trajectories[0] }));
    const d = planData((p) => {
      p.trajectories = list as Record<string, unknown>[];
    });
    expect(refusal(validatePlan(d))).toMatch(/trajectories: 100000 entries \(limit: 100 trajectories\)/);
    expect(reads()).toBe(0);
    // The same as a file: refused, and the message is a sentence, not a copy of the input.
    const text = JSON.stringify(
      planData((p) => {
        p.trajectories = new Array(100_000).fill({});
      }),
    );
    const error = refusal(parsePlanFile(text));
    expect(error).toMatch(/limit: 100 trajectories/);
    expect(error.length / text.length).toBeLessThan(0.01);
  });

  it('refuses a schema 0 file with 100,000 needles before migrating them', () => {
    const text = JSON.stringify({ version: 0, case: 'demo', saved: 0, needles: new Array(100_000).fill({}) });
    expect(refusal(parsePlanFile(text))).toMatch(/needles: 100000 entries \(limit: 100 trajectories\)/);
  });

  it('refuses a text beyond the file limit before parsing it', () => {
    // Not JSON at all: had it been parsed, the refusal would say so.
    const text = `{${'x'.repeat(PLAN_LIMITS.fileChars.max)}`;
    const error = refusal(parsePlanFile(text));
    expect(error).toMatch(/the plan file is 16000001 characters long \(limit: 16000000 characters\)/);
    expect(error).not.toMatch(/JSON/);
  });

  it('refuses 10 MB names and notes; the message quotes the length, not the text', () => {
    const long = 'A'.repeat(10_000_000);
    const d = planData((p) => {
      p.trajectories[0]!.name = long;
      p.trajectories[0]!.level = long;
    });
    const error = refusal(validatePlan(d));
    expect(error).toMatch(/trajectories\[0\]\.name: 10000000 characters long \(limit: 200 characters\)/);
    expect(error).toMatch(/trajectories\[0\]\.level: 10000000 characters long \(limit: 128 characters\)/);
    expect(error.length).toBeLessThan(1_000);
  });

  it('refuses NaN, text and null where numbers belong, and nested junk anywhere, without a stack overflow', () => {
    const nested: unknown[] = [];
    let inner = nested;
    for (let i = 0; i < 200_000; i++) {
      const next: unknown[] = [];
      inner.push(next);
      inner = next;
    }
    const d = planData((p) => {
      p.trajectories[0]!.entryLps = [Number.NaN, 0, 0];
      p.trajectories[0]!.targetLps = ['1e9', 0, 0];
      p.trajectories[0]!.procedure = nested;
      p.trajectories[0]!.side = { toString: null };
      p.clearanceWarningMm = null;
      p.measurements = [{ id: 'm', name: nested, kind: nested }];
      p.noGoStructures = [
        { id: 's', name: 'x', geometry: { kind: 'sphere', centreLps: [0, 0, 0], radiusMm: 1e300 } },
      ];
    });
    const error = refusal(validatePlan(d));
    expect(error).toMatch(/entryLps: expected \[x, y, z\] in mm/);
    expect(error).toMatch(/targetLps: expected \[x, y, z\] in mm/);
    expect(error).toMatch(/procedure: expected text/);
    expect(error).toMatch(/and \d+ more/);
    const nullWarning = planData((p) => {
      p.clearanceWarningMm = null;
    });
    expect(refusal(validatePlan(nullWarning))).toMatch(/clearanceWarningMm: expected a finite number/);
    const radius = refusal(
      validatePlan(
        planData((p) => {
          p.noGoStructures = [
            { id: 's', name: 'x', geometry: { kind: 'sphere', centreLps: [0, 0, 0], radiusMm: 1e300 } },
          ];
        }),
      ),
    );
    expect(radius).toMatch(/noGoStructures\[0\]\.geometry\.radiusMm: is 1e300 \(limit: 500 mm\)/);
    // A nested list where the format belongs: quoted by its kind, never joined into a string.
    const text = `{"format":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(refusal(parsePlanFile(text))).toBe("not a plan file: format is a list, expected 'spineplan-plan'");
  });

  it('refuses run lists holding more numbers than the plan limit', () => {
    const perSlice = 64 * 64; // every other voxel of a 64 x 64 slice: 2048 runs, 4096 numbers
    const runs: number[] = [];
    for (let i = 0; i < 64 * 64; i += 2) runs.push(i, 1);
    const slices = Array.from({ length: 64 }, (_, k) => ({ k, runs }));
    const masks = Array.from({ length: 9 }, (_, m) => ({ id: `m${m}`, name: 'x', grid: GRID, slices }));
    expect(9 * 64 * perSlice).toBeGreaterThan(PLAN_LIMITS.maskRunNumbers.max);
    const error = refusal(
      validatePlan(
        planData((p) => {
          p.noGoMasks = masks;
        }),
      ),
    );
    expect(error).toMatch(/run lists hold more than 200000 numbers/);
  });

  it('a plan at every limit at once still fits the file limit: the app never writes what it would refuse', () => {
    const text = (n: number, c = 'x') => c.repeat(n);
    // 17 significant digits each, the longest a double prints.
    const far = (i: number): [number, number, number] => [-9999 - 1 / 3 + i * 1e-9, 9999 - 2 / 3, -1 / 3];
    const L = PLAN_LIMITS;
    const plan = emptyPlan(text(64, '1'), '2026-12-07T00:00:00.000Z');
    plan.trajectories = Array.from({ length: L.trajectories.max }, (_, i) => ({
      ...createTrajectory(
        `${i}${text(L.shortTextChars.max - 3)}`,
        { entryLps: far(i), targetLps: far(i + 1) },
        i,
      ),
      name: text(L.nameChars.max),
      level: text(L.shortTextChars.max),
      colour: text(L.shortTextChars.max),
      proposal: {
        source: 'analysis' as const,
        note: text(L.noteChars.max),
        remarks: Array.from({ length: L.proposalRemarks.max }, () => text(L.noteChars.max)),
        entryOnSkin: true,
        views: Array.from({ length: L.proposalViews.max }, () => 'ap'),
      },
    }));
    plan.measurements = Array.from({ length: L.measurements.max }, (_, i) => ({
      id: `${i}${text(L.shortTextChars.max - 3)}`,
      kind: 'angle' as const,
      name: text(L.nameChars.max),
      aLps: far(i),
      vertexLps: far(i + 1),
      bLps: far(i + 2),
    }));
    plan.noGoStructures = Array.from({ length: L.noGoStructures.max }, (_, i) => ({
      id: `${i}${text(L.shortTextChars.max - 3)}`,
      name: text(L.nameChars.max),
      marginMm: 99.12345678901234,
      geometry: {
        kind: 'polyline' as const,
        pointsLps: Array.from({ length: L.polylinePoints.max }, (_, j) => far(j)),
      },
    }));
    // The worst layout of the run numbers: one run per slice (most slice objects), 8-digit starts.
    const runsPerMask = Math.floor(L.maskRunNumbers.max / 2 / L.noGoMasks.max);
    const dim = L.maskGridDim.max;
    plan.noGoMasks = Array.from({ length: L.noGoMasks.max }, (_, m) => ({
      id: `${m}${text(L.shortTextChars.max - 3)}`,
      name: text(L.nameChars.max),
      marginMm: 99.12345678901234,
      grid: {
        dims: [dim, dim, dim] as const,
        ijkToLps: Array.from({ length: 16 }, () => -9999 - 1 / 3),
      },
      slices: Array.from({ length: runsPerMask }, (_, k) => ({
        k,
        runs: [dim * dim - 1_000_001, 1_000_000],
      })),
    }));
    const file = serializePlan(plan);
    expect(file.length).toBeLessThan(L.fileChars.max);
    const parsed = parsePlanFile(file);
    expect(parsed.ok || parsed.error).toBe(true);
  });

  it('accepts the good plan unchanged', () => {
    const parsed = parsePlanFile(serializePlan(goodPlan()));
    expect(parsed.ok && parsed.value).toEqual(goodPlan());
  });
});

describe('plan against the open images (planCaseBounds.ts)', () => {
  it('takes the extent from the voxel corners', () => {
    expect(caseBox(GRID)).toEqual({ min: [-65, -65, -65], max: [63, 63, 63] });
  });

  it('refuses a point 2 m from the images, naming the trajectory and the 500 mm margin', () => {
    const plan = goodPlan();
    plan.trajectories[0]!.entryLps = [2063, 0, 0];
    expect(checkPlanAgainstCase(plan, GRID)).toEqual({
      ok: false,
      error:
        "the plan does not fit these images: trajectory 1 ('L4 left') entry is 2000 mm from the images (limit: 500 mm outside)",
    });
    plan.trajectories[0]!.entryLps = [563, 0, 0];
    expect(checkPlanAgainstCase(plan, GRID).ok).toBe(true);
  });

  it("refuses a painted region on another grid than the images'", () => {
    const plan = goodPlan();
    plan.noGoMasks = [{ id: 'm', name: 'vessel', grid: { ...GRID, dims: [1000, 1000, 1000] }, slices: [] }];
    expect(refusal(checkPlanAgainstCase(plan, GRID))).toMatch(
      /painted region 1 \('vessel'\) is on a 1000 x 1000 x 1000 voxel grid, not on these images' 64 x 64 x 64 grid/,
    );
  });
});

describe('training package bounds', () => {
  const zip = (data: unknown) => zipSync({ 'spineplan-training.json': strToU8(JSON.stringify(data)) });
  const pkg = () =>
    JSON.parse(
      JSON.stringify(
        packageWith([
          [
            [30, 60, -40],
            [25, 10, -45],
          ],
        ]),
      ),
    );

  it('refuses a 1e9 mm expert point, a 10 MB title, absurd thresholds and 100,000 needles, each named', () => {
    const p = pkg();
    p.expertPlan.trajectories[0].targetLps = [0, 1e9, 0];
    p.title = 'T'.repeat(10_000_000);
    p.thresholds.maxTimeSeconds = 1e308;
    p.thresholds.maxShots = 1e12;
    p.expectedViews = [{ label: 'AP', angles: { obliqueDeg: 1e9, tiltDeg: 0 } }];
    const error = refusal(readTrainingPackage(zip(p)));
    expect(error).toMatch(/expertPlan: invalid plan file: trajectories\[0\]\.targetLps: a coordinate is 1e9/);
    expect(error).toMatch(/title: 10000000 characters long \(limit: 200 characters\)/);
    expect(error).toMatch(/thresholds\.maxTimeSeconds: is 1e308 \(limit: 86400 s\)/);
    expect(error).toMatch(/thresholds\.maxShots: is 1e12 \(limit: 10000 shots\)/);
    expect(error).toMatch(/expectedViews\[0\]\.angles\.obliqueDeg: is 1e9 \(limit: -180 to 180 deg\)/);
    expect(error.length).toBeLessThan(2_000);

    const { list, reads } = countingArray(100_000, () => ({ trajectoryId: 't0' }));
    const q = pkg();
    q.needles = list;
    expect(refusal(validateTrainingPackage(q))).toMatch(
      /needles: 100000 entries \(limit: 20 expert needles\)/,
    );
    expect(reads()).toBe(0);
  });

  it('refuses a package JSON beyond its limit before parsing it, and nested junk by its kind', () => {
    const huge = zipSync({
      'spineplan-training.json': [strToU8(`{${' '.repeat(PACKAGE_LIMITS.jsonChars.max)}`), { level: 9 }],
    });
    expect(refusal(readTrainingPackage(huge))).toMatch(
      /spineplan-training\.json is 17000001 characters long \(limit: 17000000 characters\)/,
    );
    const p = pkg();
    p.study = { kind: JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) };
    expect(refusal(validateTrainingPackage(p))).toMatch(/study\.kind: a list is not one of demo, dicom/);
  });
});
