import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { scanFiles } from '../../src/dicom/ingest';
import { serializePlan } from '../../src/planning/planFile';
import { readTrainingPackage, writeTrainingPackage } from '../../src/training/package';
import { createPackageFromPlan, expectedViewsFor } from '../../src/training/packageCreate';
import { TRAINING_SCHEMA_VERSION, validateTrainingPackage } from '../../src/training/packageValidate';
import type { TrainingPackage } from '../../src/training/types';
import { testDataPath } from '../testData';
import { packageWith, planWith } from './training-fixtures';

const PANCREAS = testDataPath('ct-series/pancreas-ct-cb001');
const NOW = '2026-11-28T12:00:00.000Z';

const demoPackage = (): TrainingPackage => {
  const r = createPackageFromPlan(
    planWith([
      [
        [30, 60, -40],
        [25, 10, -45],
      ],
    ]),
    { nowIso: NOW, demoSeed: 1, endplateNormalFor: () => [0, 0, 1] },
  );
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

const readError = (bytes: Uint8Array): string => {
  const r = readTrainingPackage(bytes);
  if (r.ok) throw new Error('expected the package to be refused');
  return r.error;
};

/** A zip holding only the package JSON, with `edit` applied to it. */
const zipWithJson = (edit: (data: Record<string, unknown>) => void): Uint8Array => {
  const data = JSON.parse(JSON.stringify(demoPackage())) as Record<string, unknown>;
  edit(data);
  return zipSync({ 'spineplan-training.json': strToU8(JSON.stringify(data)) });
};

describe('createPackageFromPlan', () => {
  it('fills the needles, expected views, study and default thresholds from the plan', () => {
    const pkg = demoPackage();
    expect(pkg.study).toEqual({ kind: 'demo', seed: 1 });
    expect(pkg.needles).toEqual([{ trajectoryId: 't0', targetZoneRadiusMm: 4, entryRegionRadiusMm: 10 }]);
    expect(pkg.title).toBe('Transforaminal epidural (subpedicular), L4-L5, left');
    // TFESI: AP, AP squared, ipsilateral oblique, bull's-eye, lateral, AP (medial limit) (procedures.ts).
    expect(pkg.expectedViews.map((v) => v.label)).toEqual([
      'AP',
      'AP squared',
      'Ipsi oblique',
      "Bull's-eye",
      'Lateral',
      'AP (medial limit)',
    ]);
    expect(pkg.expectedViews).toEqual(expectedViewsFor(pkg.expertPlan.trajectories[0]!, [0, 0, 1]));
    // The oblique view has the needle's oblique (atan(5/50), left: + = detector to the left), squared.
    expect(pkg.expectedViews[2]!.angles).toEqual({ obliqueDeg: 5.7, tiltDeg: 0 });
    expect(pkg.thresholds.maxTipToTargetMm).toBe(4);
    expect(validateTrainingPackage(pkg).ok).toBe(true);
  });

  it('keeps only the chosen trajectories and refuses a plan without one', () => {
    const plan = planWith([
      [
        [0, 60, 0],
        [0, 10, 0],
      ],
      [
        [40, 60, 0],
        [20, 10, 0],
      ],
    ]);
    const one = createPackageFromPlan(plan, { nowIso: NOW, trajectoryIds: ['t1'] });
    expect(one.ok && one.value.expertPlan.trajectories.map((t) => t.id)).toEqual(['t1']);
    const both = createPackageFromPlan(plan, { nowIso: NOW });
    if (!both.ok) throw new Error(both.error);
    expect(both.value.expectedViews[0]!.label).toBe(`${plan.trajectories[0]!.name}: AP`);
    expect(both.value.expectedViews).toHaveLength(12);
    expect(createPackageFromPlan(planWith([]), { nowIso: NOW })).toEqual({
      ok: false,
      error: 'the plan has no trajectory to make an exercise of: plan a needle first',
    });
    expect(createPackageFromPlan(plan, { nowIso: NOW, trajectoryIds: ['x'] }).ok).toBe(false);
  });
});

describe('package round trip', () => {
  it('demo: one zip, no images, the same package back', () => {
    const pkg = demoPackage();
    const bytes = writeTrainingPackage(pkg);
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]);
    const back = readTrainingPackage(bytes);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.value.pkg).toEqual(pkg);
    expect(back.value.dicomFiles).toEqual([]);
  });

  it('real DICOM: three pancreas CT files come back byte for byte and still make a series', () => {
    const files = ['1-050.dcm', '1-051.dcm', '1-052.dcm'].map((name) => ({
      path: `pancreas/${name}`,
      bytes: new Uint8Array(readFileSync(resolve(PANCREAS, name))),
    }));
    const summary = scanFiles(files).candidates[0]!.summary;
    const plan = {
      ...planWith([
        [
          [0, 60, 0],
          [0, 10, 0],
        ],
      ]),
      caseKey: summary.seriesInstanceUid,
      studyInstanceUid: summary.studyInstanceUid,
      seriesInstanceUid: summary.seriesInstanceUid,
    };
    const made = createPackageFromPlan(plan, { nowIso: NOW, title: 'Pancreas "CT", test' });
    if (!made.ok) throw new Error(made.error);
    expect(made.value.study).toEqual({
      kind: 'dicom',
      studyInstanceUid: summary.studyInstanceUid,
      seriesInstanceUid: summary.seriesInstanceUid,
    });
    const back = readTrainingPackage(writeTrainingPackage(made.value, files));
    if (!back.ok) throw new Error(back.error);
    expect(back.value.pkg).toEqual(made.value);
    expect(back.value.dicomFiles.map((f) => f.path)).toEqual([
      'dicom/00001-1-050.dcm',
      'dicom/00002-1-051.dcm',
      'dicom/00003-1-052.dcm',
    ]);
    // Buffer.equals: vitest's deep equality walks typed arrays element by element (seconds for 1.5 MB).
    for (const [i, f] of back.value.dicomFiles.entries())
      expect(Buffer.from(f.bytes).equals(files[i]!.bytes)).toBe(true);
    const again = scanFiles(back.value.dicomFiles).candidates;
    expect(again).toHaveLength(1);
    expect(again[0]!.summary.seriesInstanceUid).toBe(summary.seriesInstanceUid);
    expect(again[0]!.slices).toHaveLength(3);
  });

  it('accepts the bare JSON of a demo package, not of a DICOM one', () => {
    const json = strToU8(JSON.stringify(demoPackage()));
    expect(readTrainingPackage(json).ok).toBe(true);
    const dicom = strToU8(JSON.stringify({ ...demoPackage(), study: { kind: 'dicom' } }));
    expect(readError(dicom)).toMatch(/only the spineplan-training.json of a package for a DICOM series/);
  });
});

describe('corrupt packages give clear errors', () => {
  it('random bytes', () => {
    const random = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7919 + 13) % 251);
    expect(readError(random)).toBe(
      'not a Spineplan training package: the file is not a zip archive (it starts with bytes 0d 97 26 b0)',
    );
    expect(readError(new Uint8Array())).toMatch(/not a zip archive .*the file is empty/);
  });

  it('a zip without the package JSON', () => {
    const zip = zipSync({ 'a.dcm': new Uint8Array([1, 2, 3]), 'b.txt': strToU8('hello') });
    expect(readError(zip)).toBe(
      'not a Spineplan training package: the zip holds no spineplan-training.json (it holds a.dcm, b.txt)',
    );
    const withPlan = zipSync({ 'my-plan.json': strToU8(serializePlan(planWith([]))) });
    expect(readError(withPlan)).toMatch(/holds no spineplan-training.json .*'my-plan.json' is a plan file/);
  });

  it('a truncated zip', () => {
    const whole = writeTrainingPackage(demoPackage());
    expect(readError(whole.subarray(0, Math.floor(whole.length / 2)))).toMatch(
      /^the training package is damaged: its zip archive cannot be read \(.+\); the file may be truncated or corrupt$/,
    );
  });

  it('a JSON with a bad field names the field', () => {
    const bad = zipWithJson((d) => {
      (d.needles as Record<string, unknown>[])[0]!.targetZoneRadiusMm = -2;
    });
    expect(readError(bad)).toBe(
      'invalid training package: needles[0].targetZoneRadiusMm: expected a positive number (mm)',
    );
    const several = zipWithJson((d) => {
      d.defaultMode = 'vr';
      (d.thresholds as Record<string, unknown>).maxShots = 'many';
      (d.needles as Record<string, unknown>[])[0]!.trajectoryId = 'nope';
    });
    expect(readError(several)).toBe(
      "invalid training package: needles[0].trajectoryId: 'nope' is not a trajectory of the expert plan; thresholds.maxShots: expected a non-negative number; defaultMode: 'vr' is not one of fluoro-only, ct",
    );
  });

  it('a bad expert plan is reported through the plan validation', () => {
    const bad = zipWithJson((d) => {
      const plan = d.expertPlan as { trajectories: Record<string, unknown>[] };
      plan.trajectories[0]!.entryLps = [0, 'x', 0];
    });
    expect(readError(bad)).toMatch(
      /^invalid training package: expertPlan: invalid plan file: trajectories\[0\]\.entryLps: expected \[x, y, z\]/,
    );
  });

  it('wrong format, newer schema, not JSON', () => {
    expect(
      readError(
        zipWithJson((d) => {
          d.format = 'something-else';
        }),
      ),
    ).toBe("not a Spineplan training package: format is 'something-else', expected 'spineplan-training'");
    expect(
      readError(
        zipWithJson((d) => {
          d.schemaVersion = TRAINING_SCHEMA_VERSION + 1;
        }),
      ),
    ).toMatch(/made by a newer Spineplan \(schema 2; this version reads up to 1\): update Spineplan/);
    const notJson = zipSync({ 'spineplan-training.json': strToU8('{ not json') });
    expect(readError(notJson)).toMatch(
      /^not a Spineplan training package: spineplan-training.json is not JSON/,
    );
  });

  it('a plan file given instead of a package, bare or zipped as the package JSON', () => {
    const planText = serializePlan(planWith([]));
    const message =
      'this is a Spineplan plan file, not a training package: open it with Import plan, or make an exercise from it (Trainee mode > New package from this plan)';
    expect(readError(strToU8(planText))).toBe(message);
    expect(readError(zipSync({ 'spineplan-training.json': strToU8(planText) }))).toBe(message);
  });

  it('a DICOM package without images', () => {
    const pkg = packageWith([], { study: { kind: 'dicom', seriesInstanceUid: '1.2.3' } });
    const plan = planWith([
      [
        [0, 1, 0],
        [0, 0, 0],
      ],
    ]);
    const withNeedle: TrainingPackage = {
      ...pkg,
      expertPlan: plan,
      needles: [{ trajectoryId: 't0', targetZoneRadiusMm: 4, entryRegionRadiusMm: 10 }],
    };
    expect(readError(writeTrainingPackage(withNeedle))).toBe(
      'the training package names a DICOM series but holds no images (no files under dicom/)',
    );
  });
});
