import { describe, expect, it } from 'vitest';
import { truthStructures } from '../../src/app/readoutContext';
import { distance, normalize, sub, type Vec3 } from '../../src/core/vec3';
import { generatePhantom } from '../../src/phantom/generate';
import { emptyPlan } from '../../src/planning/planFile';
import { proposeFromTruth } from '../../src/planning/proposal';
import { findTemplate } from '../../src/planning/templates';
import { createTrajectory } from '../../src/planning/trajectory';
import { readTrainingPackage, writeTrainingPackage } from '../../src/training/package';
import { createPackageFromPlan } from '../../src/training/packageCreate';
import { expertNeedleRadiusMm, scoreAttempt } from '../../src/training/scoring';
import { sampleTrilinearLps } from '../../src/volume/sample';
import { at } from './training-fixtures';
import { phantomVolume } from './volume-fixtures';

// The demo phantom at its small preset, its ground-truth no-go structures as distance fields (as the app).
const p = generatePhantom({ size: 'small', seed: 1 });
const noGo = truthStructures(p.truth);
const volume = phantomVolume(p);

const proposal = proposeFromTruth(findTemplate('tfesi')!, 'L4-L5', 'left', p.truth, {
  skinSampler: (q: Vec3) => sampleTrilinearLps(volume, q),
});
if (!proposal.ok) throw new Error(proposal.error);
const { entryLps, targetLps } = proposal.value;
const plan = emptyPlan('demo', '2026-11-28T12:00:00.000Z');
plan.trajectories = [
  createTrajectory('tfesi', { entryLps, targetLps, procedure: 'tfesi', level: 'L4-L5', side: 'left' }, 0),
];
const made = createPackageFromPlan(plan, { nowIso: '2026-11-28T12:00:00.000Z', demoSeed: 1 });
if (!made.ok) throw new Error(made.error);
const pkg = made.value;
const radius = expertNeedleRadiusMm(pkg);

describe('scoring on the demo phantom (small preset, ground-truth no-go fields)', () => {
  it('an attempt along the expert TFESI L4-L5 left path: tip on target, no contact', () => {
    const depth = distance(entryLps, targetLps);
    const events = [
      at(0, { kind: 'shot', angles: { obliqueDeg: 0, tiltDeg: 0 }, seconds: 1 }),
      at(3, { kind: 'skin', entryLps, directionLps: normalize(sub(targetLps, entryLps)) }),
      at(6, { kind: 'advance', depthDeltaMm: depth * 0.6 }),
      at(8, { kind: 'shot', angles: { obliqueDeg: 25, tiltDeg: 0 }, seconds: 1 }),
      at(12, { kind: 'advance', depthDeltaMm: depth * 0.4 }),
      at(14, { kind: 'shot', angles: { obliqueDeg: 90, tiltDeg: 0 }, seconds: 1 }),
      at(20, { kind: 'done' }),
    ];
    const s = scoreAttempt(events, pkg, noGo, radius);
    expect(s.tipToTargetMm).toBeLessThan(1e-9);
    expect(s.angleToExpertDeg).toBeLessThan(1e-6);
    expect(s.noGoContacts).toEqual([]);
    expect(Object.keys(s.minNoGoClearanceMm).sort()).toEqual(noGo.map((n) => n.name).sort());
    // The safe triangle sits above the exiting root: close, but clear of it.
    expect(s.minNoGoClearanceMm['nerve-root-L4-left']).toBeGreaterThan(0);
    expect(s.passed).toBe(true);
    expect(s.pathLengthInTissueMm).toBeCloseTo(depth, 9);
  });

  it('an attempt through the thecal sac is flagged', () => {
    // Midline, straight anterior from behind the L4-L5 interlaminar window to the disc: through the sac.
    const seg = p.truth.segments.find((s) => s.name === 'L4-L5')!;
    const entry: Vec3 = [0, seg.interlaminarWindowCentreLps[1] + 40, seg.interlaminarWindowCentreLps[2]];
    const events = [
      at(0, { kind: 'skin', entryLps: entry, directionLps: [0, -1, 0] }),
      at(5, { kind: 'advance', depthDeltaMm: entry[1] - seg.discCentreLps[1] }),
      at(9, { kind: 'done' }),
    ];
    const s = scoreAttempt(events, pkg, noGo, radius);
    expect(s.noGoContacts).toContain('thecal-sac');
    expect(s.minNoGoClearanceMm['thecal-sac']).toBeLessThan(-2);
    expect(s.metrics.find((m) => m.id === 'no-go-contacts')?.pass).toBe(false);
    expect(s.passed).toBe(false);
  });

  it('the demo package round-trips without images', () => {
    const back = readTrainingPackage(writeTrainingPackage(pkg));
    expect(back.ok && back.value.pkg).toEqual(pkg);
    expect(pkg.study).toEqual({ kind: 'demo', seed: 1 });
  });
});
