import { describe, expect, it } from 'vitest';
import { add, distance, scale, type Vec3 } from '../../src/core/vec3';
import { generatePhantom } from '../../src/phantom/generate';
import { noGoDistanceMm } from '../../src/phantom/noGo';
import { clearanceTo } from '../../src/planning/clearance';
import { findNeedle } from '../../src/planning/needles';
import {
  anteriorThirdAim,
  NOTE_FROM_CLICKS,
  proposeFromClicks,
  type TemplateClicks,
} from '../../src/planning/proposal';
import {
  clickPrompt,
  findTemplate,
  PROCEDURE_TEMPLATES,
  type ProcedureTemplate,
} from '../../src/planning/templates';
import { sampleTrilinearLps } from '../../src/volume/sample';
import { phantomVolume } from './volume-fixtures';

// Patient-data path on the small demo phantom: the truth's landmarks stand in for the user's clicks, and
// nothing else of the truth is given (no endplate normal, no thecal sac field), as on a patient's CT.
const p = generatePhantom({ size: 'small', seed: 1 });
const truth = p.truth;
const volume = phantomVolume(p);
const sampler = (q: Vec3) => sampleTrilinearLps(volume, q);
const sacMm = (q: Vec3) => noGoDistanceMm(truth, 'thecal-sac', q);

const levelFor = (t: ProcedureTemplate): string =>
  t.levelKind === 'segment' ? 'L4-L5' : t.levelKind === 'vertebra' ? 'L4' : t.defaultLevel;

/** What a careful user clicks for each template (left side): the truth's landmark points. */
function clicksFor(t: ProcedureTemplate): { clicks: TemplateClicks; zoneCentre: Vec3 } {
  const seg = truth.segments.find((s) => s.name === 'L4-L5')!;
  const l4 = truth.vertebrae.find((v) => v.name === 'L4')!;
  const one = (target: Vec3) => ({ clicks: { target }, zoneCentre: target });
  switch (t.target) {
    case 'safe-triangle':
      return {
        clicks: { pedicle: l4.left.pedicleCentreLps, target: seg.left.safeTriangleCentreLps },
        zoneCentre: seg.left.safeTriangleCentreLps,
      };
    case 'kambin-triangle':
      return one(seg.left.kambinTriangleCentreLps);
    case 's1-dorsal-foramen':
      return one(truth.sacrum.s1DorsalForamenLps.left);
    case 'si-joint-lower-third':
      return one(truth.sacrum.siJointLowerThirdLps.left);
    case 'sap-tp-junction':
      return one(l4.left.sapTpJunctionLps);
    case 'interlaminar-window': {
      // The prompt asks for the posterior epidural space: behind the dura, not the window's centre (which
      // touches the sac on the phantom). The user clicks where the fat behind the dura is ~2 mm deep.
      let q = seg.interlaminarWindowCentreLps;
      while (sacMm(q) < 2) q = add(q, [0, 0.25, 0]);
      return { clicks: { target: q }, zoneCentre: seg.interlaminarWindowCentreLps };
    }
    case 'thecal-sac': {
      // The user clicks inside the sac, straight in front of the window.
      let q = seg.interlaminarWindowCentreLps;
      while (sacMm(q) > -3) q = add(q, [0, -0.5, 0]);
      return one(q);
    }
    case 'vertebral-body-anterior-third': {
      const aim = anteriorThirdAim(l4.bodyCentreLps, l4.superiorEndplateNormal);
      return { clicks: { pedicle: l4.left.pedicleCentreLps, target: aim }, zoneCentre: aim };
    }
  }
}

function shaftClearanceMm(entry: Vec3, tip: Vec3, needleId: string, kind: 'thecal-sac' | 'nerve-root') {
  return clearanceTo(
    { entryLps: entry, tipLps: tip, radiusMm: findNeedle(needleId)!.outerDiameterMm / 2 },
    {
      id: kind,
      name: kind,
      geometry: { kind: 'field', signedDistanceMm: (q) => noGoDistanceMm(truth, kind, q) },
    },
    { stepMm: 0.25 },
  ).minDistanceMm;
}

describe('template proposals from clicks on the small phantom (left side, no truth beyond the clicks)', () => {
  for (const t of PROCEDURE_TEMPLATES) {
    it(`${t.id} at ${levelFor(t)}: tip in its zone, entry on the skin, sac and root cleared by the margin`, () => {
      const { clicks, zoneCentre } = clicksFor(t);
      const res = proposeFromClicks(t, clicks, { side: 'left', level: levelFor(t), skinSampler: sampler });
      if (!res.ok) throw new Error(res.error);
      const pr = res.value;
      expect(pr.note).toBe(NOTE_FROM_CLICKS);
      expect(pr.level).toBe(levelFor(t));
      expect(distance(pr.targetLps, zoneCentre)).toBeLessThan(t.targetZoneRadiusMm);
      expect(pr.entryOnSkin).toBe(true);
      expect(sampler(add(pr.entryLps, scale(pr.outwardDirection, 2)))!).toBeLessThan(-500);
      expect(pr.outwardDirection[1]).toBeGreaterThan(0.5); // posterior approach, patient prone
      for (const kind of ['thecal-sac', 'nerve-root'] as const) {
        const margin = t.clearanceMarginMm[kind];
        if (margin !== undefined)
          expect(shaftClearanceMm(pr.entryLps, pr.targetLps, pr.needleId, kind), kind).toBeGreaterThan(
            margin,
          );
      }
      if (t.id === 'tfesi') expect(pr.remarks.filter((r) => /pedicle/.test(r))).toEqual([]);
    });
  }

  it('words each click for the chosen level and side', () => {
    const tfesi = findTemplate('tfesi')!;
    expect(clickPrompt(tfesi.clicks[0]!, 'L4-L5', 'left')).toBe('Click the left L4 pedicle centre');
    expect(clickPrompt(tfesi.clicks[1]!, 'L4-L5', 'right')).toMatch(/^Click the right L4-L5 foramen target/);
    const ilesi = findTemplate('interlaminar-epidural')!;
    expect(clickPrompt(ilesi.clicks[0]!, 'L3-L4', 'midline')).toBe(
      'Click the L3-L4 interlaminar window: the posterior epidural space',
    );
  });
});
