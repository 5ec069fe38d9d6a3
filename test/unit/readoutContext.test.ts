import { describe, expect, it } from 'vitest';
import { buildReadoutContext, createReadoutSource, truthStructures } from '../../src/app/readoutContext';
import type { Vec3 } from '../../src/core/vec3';
import { generatePhantom, noGoDistanceMm, type PhantomTruth } from '../../src/phantom/index';
import { endplateNormalFor } from '../../src/planning/endplates';
import { trajectoryReadouts } from '../../src/planning/readouts';
import { createTrajectory } from '../../src/planning/trajectory';
import type { StudyState } from '../../src/state/studyStore';
import { lpsSampler, sampleTrilinearLps } from '../../src/volume/sample';
import type { Volume } from '../../src/volume/volume';
import { isotropicGrid, syntheticVolume } from './volume-fixtures';

/** The e2e sphere (test/e2e/syntheticVolume.ts), smaller: 1000 HU ball of radius 20 mm in -1000 HU air. */
function sphereVolume(isDemo = false): Volume {
  const s = 4;
  return syntheticVolume(
    [32, 32, 32],
    isotropicGrid(s, -16 * s),
    (i, j, k) => (Math.hypot(i - 16, j - 16, k - 16) * s <= 20 ? 1000 : -1000),
    { id: 'sphere', metadata: { seriesInstanceUid: '2.25.9', isDemo } },
  );
}

const truth: PhantomTruth = generatePhantom({ size: 'small', seed: 1 }).truth;

describe('readout context for a volume', () => {
  it('samples HU exactly as volume/sample.ts does', () => {
    const v = sphereVolume();
    const sample = lpsSampler(v);
    for (const p of [
      [0, 0, 0],
      [19.3, -2.1, 5.5],
      [30, 30, 30],
      [500, 0, 0],
    ] as Vec3[])
      expect(sample(p)).toBe(sampleTrilinearLps(v, p));
  });

  it('gives the readouts a profile that flags the sphere as cortical bone where the path enters it', () => {
    const v = sphereVolume();
    // 3-4-5: entry 50 mm from the centre, the sphere's surface at 30 mm depth.
    const t = createTrajectory('t', { entryLps: [30, 40, 0], targetLps: [0, 0, 0] });
    const r = trajectoryReadouts(t, buildReadoutContext(v, undefined, 'L4'));
    expect(r.lengthMm).toBeCloseTo(50, 9);
    expect(r.profile!.flags.corticalBone).toBe(true);
    expect(Math.abs(r.profile!.firstDepthMm['cortical-bone']! - 30)).toBeLessThanOrEqual(4);
    expect(r.clearance).toEqual([]);
    expect(r.endplate).toBeUndefined();
  });
});

describe('demo truth', () => {
  it('turns every no-go structure into a distance field equal to noGoDistanceMm', () => {
    const structures = truthStructures(truth);
    expect(structures.map((s) => s.name)).toEqual(truth.noGo.map((s) => s.name));
    const p: Vec3 = [5, 10, -30];
    for (const s of structures) {
      if (s.geometry.kind !== 'field') throw new Error('expected a field');
      expect(s.geometry.signedDistanceMm(p)).toBe(noGoDistanceMm(truth, s.name, p));
    }
  });

  it('finds the superior endplate of a level, a segment or S1, and nothing for unknown levels', () => {
    const l4 = truth.vertebrae.find((v) => v.name === 'L4')!.superiorEndplateNormal;
    expect(endplateNormalFor(truth, 'L4')).toEqual(l4);
    expect(endplateNormalFor(truth, 'l4-L5')).toEqual(l4);
    expect(endplateNormalFor(truth, 'S1')).toEqual(truth.sacrum.s1SuperiorEndplateNormal);
    expect(endplateNormalFor(truth, 'C5')).toBeUndefined();
    expect(endplateNormalFor(truth, '')).toBeUndefined();
  });

  it('a needle through the thecal sac reads as a violation', () => {
    const sacAtL3 = truth.tissueSamples.find((s) => s.name === 'thecal sac at L3')!.pointLps;
    const entry: Vec3 = [sacAtL3[0], sacAtL3[1] + 60, sacAtL3[2]];
    const t = createTrajectory('t', { entryLps: entry, targetLps: sacAtL3, level: 'L3', side: 'midline' });
    const r = trajectoryReadouts(t, buildReadoutContext(null, truth, 'L3'));
    const sac = r.clearance.find((c) => c.name === 'thecal-sac')!;
    expect(sac.violates).toBe(true);
    expect(r.endplate).toBeDefined();
    expect(r.warnings.some((w) => w.includes('thecal-sac'))).toBe(true);
  });
});

describe('readout source', () => {
  type View = Pick<StudyState, 'volume' | 'demoTruth'>;
  function fakeStudy() {
    let state: View = { volume: null, demoTruth: null };
    const listeners = new Set<(s: View, p: View) => void>();
    return {
      getState: () => state,
      subscribe: (l: (s: View, p: View) => void) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      set(patch: Partial<View>) {
        const prev = state;
        state = { ...state, ...patch };
        for (const l of listeners) l(state, prev);
      },
    };
  }

  it('follows the volume, and takes the truth from the study store for a demo volume only', () => {
    const study = fakeStudy();
    const source = createReadoutSource(study);
    let changes = 0;
    source.subscribe(() => changes++);
    expect(source.contextFor('L4').sampler).toBeUndefined();
    expect(source.proposalInputs().truth).toBeUndefined();

    study.set({ volume: sphereVolume() });
    expect(source.contextFor('L4').sampler).toBeDefined();
    expect(source.contextFor('L4').structures).toBeUndefined();
    expect(source.proposalInputs().options.skinSampler).toBeDefined();

    // main.tsx sets the demo truth while the demo series loads, before its volume arrives.
    study.set({ demoTruth: truth });
    expect(source.contextFor('L4').structures).toBeUndefined();
    expect(changes).toBe(1);

    study.set({ volume: sphereVolume(true) });
    expect(source.contextFor('L4').structures).toHaveLength(truth.noGo.length);
    expect(source.contextFor('L4').endplateNormal).toEqual(
      truth.vertebrae.find((v) => v.name === 'L4')!.superiorEndplateNormal,
    );
    const inputs = source.proposalInputs();
    expect(inputs.truth).toBe(truth);
    const sacAtL3 = truth.tissueSamples.find((s) => s.name === 'thecal sac at L3')!.pointLps;
    expect(inputs.options.thecalSacDistanceMm!(sacAtL3)).toBeLessThan(0);
    expect(changes).toBe(2);

    // A patient series after the demo: no phantom structures even if the truth lingers in the store.
    study.set({ volume: sphereVolume(false) });
    expect(source.contextFor('L4').structures).toBeUndefined();
    expect(source.proposalInputs().truth).toBeUndefined();

    study.set({ volume: null, demoTruth: null });
    expect(source.contextFor('L4')).toEqual({
      sampler: undefined,
      structures: undefined,
      endplateNormal: undefined,
    });
    expect(changes).toBe(4);
  });
});
