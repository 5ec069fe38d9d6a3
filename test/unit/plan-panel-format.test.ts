import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../src/core/vec3';
import { patientAxisAngles } from '../../src/planning/angles';
import type { ClearanceResult } from '../../src/planning/clearance';
import { NEEDLE_CATALOGUE } from '../../src/planning/needles';
import { type ProfileSegment, pathProfile } from '../../src/planning/pathProfile';
import { trajectoryReadouts } from '../../src/planning/readouts';
import { createTrajectory } from '../../src/planning/trajectory';
import { planFileName } from '../../src/ui/plan/PlanFiles';
import {
  clearanceFlag,
  craniocaudalWords,
  mediolateralWords,
  needleGroups,
  needleOptionLabel,
  safeColour,
  signedDeg,
  tissueRuns,
} from '../../src/ui/plan/planFormat';
import { depthTickStepMm, profilePlotGeometry } from '../../src/ui/plan/profilePlotGeometry';
import { readoutFacts } from '../../src/ui/plan/readoutFacts';

describe('needle choices', () => {
  it('groups the whole catalogue by type, each option with gauge, mm and inches', () => {
    const groups = needleGroups();
    expect(groups.map((g) => g.type)).toEqual(['spinal', 'tuohy', 'rf-cannula', 'bone']);
    expect(groups.reduce((n, g) => n + g.needles.length, 0)).toBe(NEEDLE_CATALOGUE.length);
    const spinal = NEEDLE_CATALOGUE.find((n) => n.id === 'spinal-22g-88.9')!;
    expect(needleOptionLabel(spinal)).toBe('22G 88.9 mm / 3.5 in');
    const rf = NEEDLE_CATALOGUE.find((n) => n.id === 'rf-cannula-20g-100-10tip')!;
    expect(needleOptionLabel(rf)).toBe('20G 100 mm / 3.9 in, 10 mm active tip');
  });
});

describe('angle words', () => {
  it('says which way the tip heads, by the planned side', () => {
    expect(signedDeg(-12.34)).toBe('−12.3°');
    expect(craniocaudalWords(12)).toBe('tip heads 12.0° cranially');
    expect(craniocaudalWords(-5)).toBe('tip heads 5.0° caudally');
    // A right-sided needle heading to the patient's left (+x) while going anterior (-y) heads medially.
    const d: Vec3 = [1, -1, 0];
    expect(mediolateralWords(patientAxisAngles(d, 'right'))).toBe('tip heads 45.0° medially');
    expect(mediolateralWords(patientAxisAngles(d, 'left'))).toBe('tip heads 45.0° laterally');
    expect(mediolateralWords(patientAxisAngles(d, 'midline'))).toBe(
      "tip heads 45.0° toward the patient's left",
    );
  });
});

describe('clearance flags', () => {
  const c = (minDistanceMm: number, violates: boolean) => ({ minDistanceMm, violates }) as ClearanceResult;
  it('flags violations, then anything closer than 2 mm', () => {
    expect(clearanceFlag(c(-1, true))).toBe('violates');
    expect(clearanceFlag(c(1.99, false))).toBe('close');
    expect(clearanceFlag(c(2, false))).toBe('clear');
  });
});

describe('tissue runs', () => {
  const seg = (tissue: ProfileSegment['tissue'], a: number, b: number): ProfileSegment => ({
    tissue,
    startDepthMm: a,
    endDepthMm: b,
    minHu: 0,
    maxHu: 0,
  });
  it('merges noise runs shorter than 1 mm but never hides cortical bone or air', () => {
    const runs = tissueRuns([
      seg('fat', 0, 10),
      seg('soft-tissue', 10, 10.5),
      seg('fat', 10.5, 20),
      seg('cortical-bone', 20, 20.5),
      seg('soft-tissue', 20.5, 30),
    ]);
    expect(runs.map((r) => [r.tissue, r.startDepthMm, r.endDepthMm])).toEqual([
      ['fat', 0, 20],
      ['cortical-bone', 20, 20.5],
      ['soft-tissue', 20.5, 30],
    ]);
  });
});

describe('HU profile plot geometry', () => {
  const box = { width: 200, height: 100, left: 20, right: 0, top: 0, bottom: 20 };
  it('puts the entry at the left edge, the target at the right, and shades cortical bone where it is', () => {
    // Air for the first 10 mm of a 40 mm path, soft tissue, then 1000 HU from 30 mm; outside past 38 mm.
    const sampler = (p: Vec3) => (p[0] > 38 ? undefined : p[0] < 10 ? -1000 : p[0] < 30 ? 40 : 1000);
    const profile = pathProfile([0, 0, 0], [40, 0, 0], sampler);
    const g = profilePlotGeometry(profile, box);
    expect(g.xOf(0)).toBe(20);
    expect(g.xOf(40)).toBe(200);
    expect(g.yOf(1600)).toBe(0);
    expect(g.yOf(-1100)).toBe(80);
    expect(g.yOf(-5000)).toBe(80); // clamped
    const bone = g.bands.find((b) => b.tissue === 'cortical-bone')!;
    expect(bone.startDepthMm).toBeCloseTo(29.75, 6);
    expect(bone.x0).toBeCloseTo(20 + (29.75 / 40) * 180, 6);
    // Air before the skin is not shaded (not a finding); the curve stops where the image ends.
    expect(g.bands.map((b) => b.tissue)).toEqual(['cortical-bone']);
    expect(g.lines).toHaveLength(1);
    const lastX = Number(g.lines[0]!.split(' ').at(-1)!.split(',')[0]);
    expect(lastX).toBeCloseTo(20 + (38 / 40) * 180, 1);
    expect(g.depthTicks.map((t) => t.depthMm)).toEqual([0, 10, 20, 30, 40]);
  });
  it('shades air met after the skin (gas inside the body)', () => {
    const sampler = (p: Vec3) => (p[0] < 5 ? -1000 : p[0] > 20 && p[0] < 25 ? -900 : 40);
    const g = profilePlotGeometry(pathProfile([0, 0, 0], [40, 0, 0], sampler), box);
    expect(g.bands.map((b) => [b.tissue, b.startDepthMm])).toEqual([['air', 20.25]]);
  });
  it('picks 3-6 depth ticks', () => {
    expect(depthTickStepMm(50)).toBe(10);
    expect(depthTickStepMm(120)).toBe(20);
    expect(depthTickStepMm(20)).toBe(5);
  });
});

describe('plan file helpers', () => {
  it('names the file for people: procedure, level, side, patient, date (issue 19)', () => {
    const plan = { trajectories: [{ procedure: 'tfesi' as const, level: 'L4-L5', side: 'left' as const }] };
    const meta = { patientName: 'DOE^JANE', patientId: '42', isDemo: false };
    expect(planFileName(plan as never, meta, new Date(2026, 2, 4, 10))).toBe(
      'L4-L5 left TFESI - DOE, JANE - 2026-03-04.json',
    );
    expect(planFileName({ trajectories: [] }, { ...meta, isDemo: true }, new Date(2026, 2, 4))).toBe(
      'Plan - Demo phantom - 2026-03-04.json',
    );
  });
  it('keeps only #rrggbb colours', () => {
    expect(safeColour('#E69F00')).toBe('#E69F00');
    expect(safeColour('red;background:url(x)')).toBe('#888888');
  });
});

describe('readoutFacts (worded once for the panel and the report)', () => {
  // 50 mm straight posterior-to-anterior path at L4 with a flat endplate (normal +z).
  const t = createTrajectory('t', { level: 'L4', entryLps: [0, 50, 0], targetLps: [0, 0, 0] });
  const facts = (needleId: string) =>
    readoutFacts('L4', trajectoryReadouts({ ...t, needleId }, { endplateNormal: [0, 0, 1] }));

  it('lists length, needle, the three axis angles and the endplate, in that order', () => {
    const f = facts('spinal-22g-88.9');
    expect(f.map((x) => x.key)).toEqual([
      'length',
      'needle',
      'craniocaudal',
      'mediolateral',
      'fromAp',
      'endplate',
    ]);
    expect(f[0]).toMatchObject({ lead: '50.0 mm', text: 'skin entry → target', severity: 'ok' });
    expect(f[1]!.text).toMatch(
      /22G .* reaches: usable \d+\.\d mm \(88\.9 mm − \d+\.\d mm hub\/skin allowance\)/,
    );
    expect(f[5]).toMatchObject({ label: 'vs L4 endplate', severity: 'ok' });
    expect(f[5]!.text).toContain('0.0° cranio-caudal');
  });

  it('marks a needle that is too short as a danger and an unknown one as a warning', () => {
    // 200 mm path, 88.9 mm needle: short by 200 + allowance - 88.9.
    const long = { ...t, entryLps: [0, 200, 0] as Vec3 };
    const f = readoutFacts('L4', trajectoryReadouts(long)).find((x) => x.key === 'needle')!;
    expect(f.severity).toBe('danger');
    expect(f.text).toMatch(/TOO SHORT by \d+\.\d mm: path 200\.0 mm \+ .* > 88\.9 mm needle$/);
    expect(facts('no-such-needle').find((x) => x.key === 'needle')).toMatchObject({
      text: 'no needle chosen',
      severity: 'warn',
    });
  });
});
