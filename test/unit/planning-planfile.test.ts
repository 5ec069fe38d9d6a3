import { describe, expect, it } from 'vitest';
import { emptyPlan, type Plan, parsePlanFile, serializePlan } from '../../src/planning/planFile';
import { MIGRATIONS, migratePlanData } from '../../src/planning/planMigrations';
import { createTrajectory } from '../../src/planning/trajectory';

const NOW = '2026-01-02T03:04:05.000Z';

function samplePlan(): Plan {
  const plan = emptyPlan('1.2.840.113619.2.55.3', NOW);
  plan.trajectories.push(
    createTrajectory('t1', {
      name: 'L4-L5 right TFESI',
      level: 'L4-L5',
      side: 'right',
      entryLps: [-62.5, 80.25, 12],
      targetLps: [-20, 10, 20.5],
    }),
    createTrajectory(
      't2',
      { entryLps: [1, 2, 3], targetLps: [4, 5, 6], needleId: 'rf-cannula-18g-100-10tip' },
      1,
    ),
  );
  plan.measurements.push({ id: 'm1', kind: 'distance', name: 'canal', aLps: [0, 1, 2], bLps: [3, 4, 5] });
  plan.noGoStructures.push(
    {
      id: 'n1',
      name: 'L4 root',
      geometry: {
        kind: 'polyline',
        pointsLps: [
          [0, 0, 0],
          [1, 1, 1],
        ],
      },
      marginMm: 2,
    },
    {
      id: 'n2',
      name: 'aorta',
      geometry: { kind: 'capsule', aLps: [0, -40, 0], bLps: [0, -40, 90], radiusMm: 11 },
    },
  );
  return plan;
}

describe('plan file', () => {
  it('round-trips a plan exactly', () => {
    const plan = samplePlan();
    const text = serializePlan(plan);
    expect(JSON.parse(text).format).toBe('spineplan-plan');
    const back = parsePlanFile(text);
    expect(back).toEqual({ ok: true, value: plan });
  });

  it('rejects text that is not JSON, not an object, or another format', () => {
    const notJson = parsePlanFile('{"schemaVersion": 1,');
    expect(notJson.ok).toBe(false);
    if (!notJson.ok) expect(notJson.error).toMatch(/^not a plan file: the text is not JSON/);
    const arr = parsePlanFile('[1, 2]');
    expect(!arr.ok && arr.error).toBe('not a plan file: expected a JSON object');
    const other = parsePlanFile(JSON.stringify({ format: 'slicer-markups', schemaVersion: 1 }));
    expect(!other.ok && other.error).toMatch(/format is 'slicer-markups'/);
    const noVersion = parsePlanFile(JSON.stringify({ caseKey: 'x' }));
    expect(!noVersion.ok && noVersion.error).toMatch(/no schema version/);
  });

  it('refuses a file from a newer schema with advice', () => {
    const newer = parsePlanFile(JSON.stringify({ ...samplePlan(), schemaVersion: 7 }));
    expect(!newer.ok && newer.error).toMatch(/newer Spineplan \(schema 7; this version reads up to 4\)/);
  });

  it('names every missing or wrong field with its path', () => {
    const data = JSON.parse(serializePlan(samplePlan()));
    delete data.trajectories[0].entryLps;
    data.trajectories[1].targetLps = [1, 'two', 3];
    data.trajectories[1].side = 'up';
    data.trajectories[1].needleId = 'spinal-99g-1';
    data.noGoStructures[1].geometry.radiusMm = 'big';
    delete data.updatedAt;
    const res = parsePlanFile(JSON.stringify(data));
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error).toContain('trajectories[0].entryLps: missing');
    expect(res.error).toContain('trajectories[1].targetLps: expected [x, y, z] in mm');
    expect(res.error).toContain("trajectories[1].side: 'up' is not one of left, right, midline");
    expect(res.error).toContain("trajectories[1].needleId: 'spinal-99g-1' is not in the needle catalogue");
    expect(res.error).toContain('noGoStructures[1].geometry.radiusMm: expected a finite number');
    expect(res.error).toContain('updatedAt: missing');
  });

  it('rejects duplicate trajectory ids and an empty case key', () => {
    const plan = samplePlan();
    plan.trajectories[1] = { ...plan.trajectories[1]!, id: 't1' };
    const res = parsePlanFile(JSON.stringify({ ...plan, caseKey: '' }));
    expect(!res.ok && res.error).toMatch(/caseKey: is empty.*duplicate id 't1'/);
  });

  it('migrates schema 0 (points as objects, side letters, bare gauge) to the current schema', () => {
    const v0 = {
      version: 0,
      case: 'demo',
      saved: Date.parse(NOW),
      needles: [
        {
          id: 'a',
          label: 'first',
          entry: { x: 1, y: 2, z: 3 },
          target: { x: 4, y: 5, z: 6 },
          gauge: 25,
          side: 'L',
        },
        { id: 'b', label: 'second', entry: { x: 0, y: 0, z: 0 }, target: { x: 0, y: -1, z: 0 } },
      ],
    };
    const res = parsePlanFile(JSON.stringify(v0));
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.value.schemaVersion).toBe(4);
    expect(res.value.clearanceWarningMm).toBe(2);
    expect(res.value.seriesInstanceUid).toBeUndefined(); // the demo has no fixed UIDs
    expect(res.value.caseKey).toBe('demo');
    expect(res.value.createdAt).toBe(NOW);
    expect(res.value.trajectories[0]).toMatchObject({
      id: 'a',
      name: 'first',
      side: 'left',
      entryLps: [1, 2, 3],
      targetLps: [4, 5, 6],
      needleId: 'spinal-25g-88.9',
    });
    expect(res.value.trajectories[1]).toMatchObject({ side: 'midline', needleId: 'spinal-22g-88.9' });
    // A migrated plan saves as the current schema and reads back equal.
    expect(parsePlanFile(serializePlan(res.value))).toEqual(res);
  });

  it('reports a broken schema 0 file and a gap in the migrations table', () => {
    const bad = parsePlanFile(JSON.stringify({ version: 0, case: 'demo', needles: 'none' }));
    expect(!bad.ok && bad.error).toBe('migrating plan schema 0 -> 1: schema 0 plan: needles is not a list');
    expect(Object.keys(MIGRATIONS)).toEqual(['0', '1', '2', '3']);
    const gap = migratePlanData({ schemaVersion: 4 }, 6);
    expect(!gap.ok && gap.error).toBe('no migration from plan schema 4 to 5');
  });

  it('migrates schema 1 to 2: default warning distance, the case key of a real series as its UID', () => {
    const v1 = { ...samplePlan(), schemaVersion: 1 } as Record<string, unknown>;
    delete v1.clearanceWarningMm;
    const res = parsePlanFile(JSON.stringify(v1));
    expect(res.ok && res.value).toMatchObject({
      schemaVersion: 4,
      clearanceWarningMm: 2,
      seriesInstanceUid: '1.2.840.113619.2.55.3',
    });
    expect(res.ok && res.value.studyInstanceUid).toBeUndefined();
  });

  it('carries study and series UIDs and a warning distance, and validates them', () => {
    const plan = emptyPlan('1.2.3.4', NOW, { studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.4' });
    plan.clearanceWarningMm = 3.5;
    expect(parsePlanFile(serializePlan(plan))).toEqual({ ok: true, value: plan });
    const bad = parsePlanFile(
      serializePlan({ ...plan, seriesInstanceUid: 'abc', clearanceWarningMm: -1 } as Plan),
    );
    expect(!bad.ok && bad.error).toMatch(/clearanceWarningMm: is -1 \(limit: 20 mm\)/);
    expect(!bad.ok && bad.error).toMatch(/seriesInstanceUid: is not a DICOM UID/);
  });
});
