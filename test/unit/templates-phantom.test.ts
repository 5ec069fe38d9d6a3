import { describe, expect, it } from 'vitest';
import { distance, dot, type Vec3 } from '../../src/core/vec3';
import { generatePhantom } from '../../src/phantom/generate';
import { noGoDistanceMm } from '../../src/phantom/noGo';
import type { PhantomTruth } from '../../src/phantom/truth';
import { clearanceTo } from '../../src/planning/clearance';
import { findNeedle, isNeedleLongEnough } from '../../src/planning/needles';
import {
  anteriorThirdAim,
  findSkinAlong,
  NOTE_FROM_CLICKS,
  NOTE_FROM_TRUTH,
  proposeFromClicks,
  proposeFromTruth,
  type TemplateProposal,
} from '../../src/planning/proposal';
import { findTemplate, PROCEDURE_TEMPLATES, type ProcedureTemplate } from '../../src/planning/templates';
import { sampleTrilinearLps } from '../../src/volume/sample';
import { phantomVolume } from './volume-fixtures';

// The demo phantom at its small preset (2.4 x 2.4 x 3 mm voxels): the HU sampler finds the skin.
const p = generatePhantom({ size: 'small', seed: 1 });
const truth: PhantomTruth = p.truth;
const volume = phantomVolume(p);
const sampler = (q: Vec3) => sampleTrilinearLps(volume, q);
const sacMm = (q: Vec3) => noGoDistanceMm(truth, 'thecal-sac', q);

/** The level each template is checked at: L4-L5, or L4 for vertebra templates, S1 / SI for the sacrum. */
const levelFor = (t: ProcedureTemplate): string =>
  t.levelKind === 'segment' ? 'L4-L5' : t.levelKind === 'vertebra' ? 'L4' : t.defaultLevel;

/** The truth landmark a template aims at, for the target-zone check. */
function landmark(t: ProcedureTemplate): Vec3 {
  const seg = truth.segments.find((s) => s.name === 'L4-L5')!;
  const l4 = truth.vertebrae.find((v) => v.name === 'L4')!;
  switch (t.target) {
    case 'safe-triangle':
      return seg.left.safeTriangleCentreLps;
    case 'kambin-triangle':
      return seg.left.kambinTriangleCentreLps;
    case 'interlaminar-window':
    case 'thecal-sac':
      return seg.interlaminarWindowCentreLps;
    case 's1-dorsal-foramen':
      return truth.sacrum.s1DorsalForamenLps.left;
    case 'si-joint-lower-third':
      return truth.sacrum.siJointLowerThirdLps.left;
    case 'sap-tp-junction':
      return l4.left.sapTpJunctionLps;
    case 'vertebral-body-anterior-third':
      return anteriorThirdAim(l4.bodyCentreLps, l4.superiorEndplateNormal);
  }
}

function shaftClearanceMm(pr: TemplateProposal, kind: 'thecal-sac' | 'nerve-root'): number {
  const needle = findNeedle(pr.needleId)!;
  return clearanceTo(
    { entryLps: pr.entryLps, tipLps: pr.targetLps, radiusMm: needle.outerDiameterMm / 2 },
    {
      id: kind,
      name: kind,
      geometry: { kind: 'field', signedDistanceMm: (q) => noGoDistanceMm(truth, kind, q) },
    },
    { stepMm: 0.25 },
  ).minDistanceMm;
}

describe('procedure templates on the demo phantom (left side)', () => {
  it('covers every procedure with a catalogue needle, a view sequence and a published source', () => {
    expect(PROCEDURE_TEMPLATES.map((t) => t.id).sort()).toEqual(
      [
        'interlaminar-epidural',
        'lumbar-puncture',
        'medial-branch-block',
        'medial-branch-rfa',
        's1-tfesi',
        'sacroiliac',
        'tfesi',
        'tfesi-retrodiscal',
        'vertebroplasty',
      ].sort(),
    );
    for (const t of PROCEDURE_TEMPLATES) {
      expect(findNeedle(t.needleId), t.id).toBeDefined();
      // A view down the needle: the bull's-eye, or for RFA the tunnel view at the cannula's angles.
      expect(
        t.viewSteps.some(
          (v) =>
            v.beam.kind === 'needle' ||
            (v.beam.kind === 'frame' && v.beam.obliqueDeg === 'approach' && v.beam.tiltDeg === 'approach'),
        ),
        t.id,
      ).toBe(true);
      expect(t.views).toEqual(t.viewSteps.map((v) => v.kind));
      expect(t.source).not.toMatch(/domain\.md|s\.\d/);
      expect(t.levels).toContain(t.defaultLevel);
      if (t.approach.kind === 'angled') {
        const [lo, hi] = t.approach.obliqueRangeDeg;
        expect(t.approach.obliqueDeg).toBeGreaterThanOrEqual(lo);
        expect(t.approach.obliqueDeg).toBeLessThanOrEqual(hi);
      }
    }
  });

  for (const t of PROCEDURE_TEMPLATES) {
    it(`${t.id} at ${levelFor(t)}: target in its zone, sac and roots cleared by the margin, needle long enough`, () => {
      const res = proposeFromTruth(t, levelFor(t), 'left', truth, {
        skinSampler: sampler,
        thecalSacDistanceMm: sacMm,
      });
      if (!res.ok) throw new Error(res.error);
      const pr = res.value;
      expect(pr.note).toBe(NOTE_FROM_TRUTH);
      expect(pr.views).toEqual(t.views);
      if (t.target === 'thecal-sac') {
        expect(sacMm(pr.targetLps)).toBeLessThan(-1); // inside the sac
        expect(distance(pr.targetLps, landmark(t))).toBeLessThan(20);
      } else expect(distance(pr.targetLps, landmark(t))).toBeLessThan(t.targetZoneRadiusMm);
      for (const kind of ['thecal-sac', 'nerve-root'] as const) {
        const margin = t.clearanceMarginMm[kind];
        if (margin !== undefined) expect(shaftClearanceMm(pr, kind), kind).toBeGreaterThan(margin);
      }
      // Entry on the skin: air just outside it, body just inside; a posterior approach (prone patient).
      expect(pr.entryOnSkin).toBe(true);
      const out = pr.outwardDirection;
      expect(sampler([0, 1, 2].map((i) => pr.entryLps[i]! + 2 * out[i]!) as unknown as Vec3)!).toBeLessThan(
        -500,
      );
      expect(
        sampler([0, 1, 2].map((i) => pr.entryLps[i]! - 2 * out[i]!) as unknown as Vec3)!,
      ).toBeGreaterThan(-500);
      expect(out[1]).toBeGreaterThan(0.5);
      const pathMm = distance(pr.entryLps, pr.targetLps);
      expect(isNeedleLongEnough(findNeedle(pr.needleId)!, pathMm).longEnough).toBe(true);
      expect(findNeedle(pr.needleId)!.type).toBe(findNeedle(t.needleId)!.type);
    });
  }

  it('puts interlaminar and lumbar puncture entries on the back skin, not on the CT couch behind it', () => {
    // The phantom's back is at y = 105 mm at the midline; the couch is a 12 mm sheet 10 mm behind it.
    for (const id of ['interlaminar-epidural', 'lumbar-puncture'] as const) {
      const t = findTemplate(id)!;
      for (const level of t.levels) {
        const res = proposeFromTruth(t, level, 'midline', truth, {
          skinSampler: sampler,
          thecalSacDistanceMm: sacMm,
        });
        if (!res.ok) throw new Error(res.error);
        expect(res.value.entryOnSkin, `${id} ${level}`).toBe(true);
        expect(res.value.entryLps[1], `${id} ${level}`).toBeGreaterThan(103);
        expect(res.value.entryLps[1], `${id} ${level}`).toBeLessThan(108);
        expect(res.value.needleId, `${id} ${level}`).toBe(t.needleId);
      }
    }
  });

  it('puts RFA cannulae caudal and lateral (29-47 deg lateral, 33-49 deg caudal, Lau et al. 2004)', () => {
    const pr = proposeFromTruth(findTemplate('medial-branch-rfa')!, 'L4', 'left', truth);
    if (!pr.ok) throw new Error(pr.error);
    const out = pr.value.outwardDirection;
    expect(out[0]).toBeGreaterThan(0.3); // toward the patient's left (lateral on the left side)
    expect(out[2]).toBeLessThan(-0.4); // entry caudal to the target
    expect(pr.value.entryOnSkin).toBe(false); // no sampler: nominal depth, and it says so
    expect(pr.value.remarks.join(' ')).toMatch(/nominal 80 mm/);
  });

  it('mirrors left and right', () => {
    const t = findTemplate('tfesi')!;
    const l = proposeFromTruth(t, 'L4-L5', 'left', truth);
    const r = proposeFromTruth(t, 'L4-L5', 'right', truth);
    if (!l.ok || !r.ok) throw new Error('no proposal');
    expect(l.value.outwardDirection[0]).toBeGreaterThan(0.3);
    expect(r.value.outwardDirection[0]).toBeLessThan(-0.3);
  });

  it('refuses an unknown level or a side the procedure does not use', () => {
    expect(proposeFromTruth(findTemplate('tfesi')!, 'C5-C6', 'left', truth)).toMatchObject({
      ok: false,
      error: "the ground truth has no segment 'C5-C6'",
    });
    expect(proposeFromTruth(findTemplate('tfesi')!, 'L4-L5', 'midline', truth).ok).toBe(false);
  });
});

describe('proposals from clicks (patient data)', () => {
  const l4 = truth.vertebrae.find((v) => v.name === 'L4')!;

  it('asks for each click the template needs, in words', () => {
    const t = findTemplate('vertebroplasty')!;
    const res = proposeFromClicks(t, { target: l4.bodyCentreLps }, { side: 'left' });
    expect(res).toMatchObject({ ok: false });
    expect(!res.ok && res.error).toMatch(/needs a click: Click the left L4 pedicle centre/);
  });

  it('runs a vertebroplasty down the clicked pedicle, labelled as a proposal to check', () => {
    const t = findTemplate('vertebroplasty')!;
    const target = anteriorThirdAim(l4.bodyCentreLps, l4.superiorEndplateNormal);
    const res = proposeFromClicks(
      t,
      { pedicle: l4.left.pedicleCentreLps, target },
      { side: 'left', level: 'L4', skinSampler: sampler },
    );
    if (!res.ok) throw new Error(res.error);
    expect(res.value.note).toBe(NOTE_FROM_CLICKS);
    expect(res.value.targetLps).toEqual(target);
    // The entry lies on the target -> pedicle line, beyond the pedicle, on the skin.
    const toPedicle = [0, 1, 2].map((i) => l4.left.pedicleCentreLps[i]! - target[i]!) as unknown as Vec3;
    const cos = dot(res.value.outwardDirection, toPedicle) / distance(l4.left.pedicleCentreLps, target);
    expect(cos).toBeCloseTo(1, 9);
    expect(res.value.entryOnSkin).toBe(true);
    expect(distance(res.value.entryLps, target)).toBeGreaterThan(distance(l4.left.pedicleCentreLps, target));
  });

  it('says when a clicked vertebroplasty target is too near the anterior cortex', () => {
    const t = findTemplate('vertebroplasty')!;
    const aim = anteriorThirdAim(l4.bodyCentreLps, l4.superiorEndplateNormal);
    const options = { side: 'left' as const, level: 'L4', skinSampler: sampler };
    const cortex = [aim[0], aim[1] - 6, aim[2]] as Vec3; // ~on the anterior cortex
    const near = proposeFromClicks(t, { pedicle: l4.left.pedicleCentreLps, target: cortex }, options);
    expect(near.ok && near.value.remarks.join(' ')).toMatch(/near the front of the vertebral body/);
    expect(near.ok && near.value.targetLps).toEqual(cortex); // the click stays the target: the user decides
  });

  it('flags a TFESI target that is not just below the clicked pedicle, and missing endplate angles', () => {
    const t = findTemplate('tfesi')!;
    const seg = truth.segments.find((s) => s.name === 'L4-L5')!;
    const good = proposeFromClicks(
      t,
      {
        pedicle: [seg.left.safeTriangleCentreLps[0], 26, seg.left.safeTriangleCentreLps[2] + 6],
        target: seg.left.safeTriangleCentreLps,
      },
      { side: 'left', endplateNormal: l4.superiorEndplateNormal },
    );
    expect(good.ok && good.value.remarks.filter((r) => /pedicle/.test(r))).toEqual([]);
    const bad = proposeFromClicks(
      t,
      { pedicle: seg.left.safeTriangleCentreLps, target: l4.left.pedicleCentreLps },
      { side: 'left' },
    );
    expect(bad.ok && bad.value.remarks.join(' ')).toMatch(/not just below the clicked pedicle/);
    expect(bad.ok && bad.value.remarks.join(' ')).toMatch(/no endplate given/);
  });
});

describe('finding the skin', () => {
  // A ball of soft tissue (40 HU) of radius 80 mm in air, with a 15 mm bubble of gas inside it.
  const ball = (q: Vec3): number => {
    const r = Math.hypot(q[0], q[1], q[2]);
    if (r > 80) return -1000;
    return Math.abs(r - 40) < 3 ? -900 : 40;
  };

  it('stops where the body meets outside air, not at gas inside it, to 0.1 mm', () => {
    const skin = findSkinAlong([0, 0, 0], [0, 1, 0], ball)!;
    expect(skin[1]).toBeGreaterThan(79.8);
    expect(skin[1]).toBeLessThanOrEqual(80);
  });

  it('gives up when the volume ends before the skin', () => {
    const cropped = (q: Vec3) => (q[1] > 30 ? undefined : ball(q));
    expect(findSkinAlong([0, 0, 0], [0, 1, 0], cropped)).toBeUndefined();
  });

  // The CT couch behind a supine patient's back: a 12 mm sheet beyond a 10 mm air gap (the demo's), or
  // cut by the edge of the field of view.
  const onCouch = (q: Vec3): number => (q[1] > 90 && q[1] < 102 ? 60 : ball(q));

  it('passes the CT couch beyond an air gap: the skin is the body outline', () => {
    for (const sampler of [onCouch, (q: Vec3) => (q[1] > 95 ? undefined : onCouch(q))]) {
      const skin = findSkinAlong([0, 0, 0], [0, 1, 0], sampler)!;
      expect(skin[1]).toBeGreaterThan(79.8);
      expect(skin[1]).toBeLessThanOrEqual(80);
    }
  });

  it('takes the body outline from a body mask when one is given', () => {
    const insideBody = (q: Vec3) => Math.hypot(q[0], q[1], q[2]) < 70;
    const skin = findSkinAlong([0, 0, 0], [0, 1, 0], onCouch, insideBody)!;
    expect(skin[1]).toBeGreaterThan(69.8);
    expect(skin[1]).toBeLessThanOrEqual(70);
  });
});
