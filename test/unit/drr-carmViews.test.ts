import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../src/core/vec3';
import { carmRecipe, detectorDirection, squaredEndplateTiltDeg } from '../../src/planning/carm';
import { ipsilateralObliqueDeg, procedureViews } from '../../src/planning/carmViews';
import { SHOT_SECONDS, useCarmStore } from '../../src/state/carmStore';

const normal: Vec3 = [0, -0.15, 0.99];
/** A right-sided needle: its hub to the patient's right (-x), toward the feet. */
const rightNeedle: Vec3 = [0.3, -0.9, 0.2];

describe('procedure view presets', () => {
  it("TFESI: AP, AP squared, ipsilateral oblique at the needle's oblique, bull's-eye, lateral, AP, in that order", () => {
    const views = procedureViews({
      procedure: 'tfesi',
      side: 'right',
      needleDirLps: rightNeedle,
      endplateNormalLps: normal,
    });
    expect(views.map((v) => v.id)).toEqual([
      'ap',
      'ap-squared',
      'oblique',
      'bulls-eye',
      'lateral',
      'ap-final',
    ]);
    // Squared: the central ray lies in the endplate plane, in the AP and in the oblique view alike.
    for (const v of [views[1]!, views[2]!, views[5]!]) {
      const u = detectorDirection(v.obliqueDeg, v.tiltDeg);
      expect(Math.abs(u[0] * normal[0] + u[1] * normal[1] + u[2] * normal[2])).toBeLessThan(0.003);
      expect(v.tiltDeg).toBeCloseTo(squaredEndplateTiltDeg(normal, v.obliqueDeg), 0);
    }
    // Right side: the detector turns to the patient's right (negative oblique, carm.ts signs), with the
    // needle's oblique in the endplate frame; the bull's-eye is the needle's recipe.
    expect(views[2]!.obliqueDeg).toBeLessThan(-10);
    const recipe = carmRecipe(rightNeedle, 'right');
    expect(views[3]!.obliqueDeg).toBeCloseTo(recipe.bullsEye.obliqueDeg, 1);
    expect(views[3]!.tiltDeg).toBeCloseTo(recipe.bullsEye.tiltDeg, 1);
    expect(views[4]!.obliqueDeg).toBe(-90);
  });

  it("without a needle the views take the procedure's default approach (MBB 20 deg); without an endplate the AP is untilted", () => {
    const views = procedureViews({ procedure: 'medial-branch-block', side: 'left' });
    expect(views.map((v) => v.id)).toEqual(['ap-squared', 'oblique', 'bulls-eye', 'lateral']);
    expect(views[0]!.tiltDeg).toBe(0);
    expect(views[0]!.hint).toMatch(/endplate not known/);
    expect(views[1]!.obliqueDeg).toBe(20);
    expect(views[2]).toMatchObject({ obliqueDeg: 20, tiltDeg: 0 });
  });

  it("sacroiliac: cephalad tilt, then contralateral oblique at the needle angles (its bull's-eye)", () => {
    const siNeedle: Vec3 = [0.25, -0.95, -0.25]; // hub to the right (medial for a left joint) and cranial
    const views = procedureViews({ procedure: 'sacroiliac', side: 'left', needleDirLps: siNeedle });
    expect(views.map((v) => v.id)).toEqual(['ap', 'cephalad', 'contra-oblique', 'bulls-eye', 'lateral']);
    const recipe = carmRecipe(siNeedle, 'left');
    expect(views[1]!.tiltDeg).toBeCloseTo(recipe.bullsEye.tiltDeg, 0);
    expect(views[2]!.obliqueDeg).toBeCloseTo(recipe.bullsEye.obliqueDeg, 1);
    expect(views[2]!.obliqueDeg).toBeLessThan(0); // contralateral: toward the right
    // Without a needle: 15 deg contralateral, 15 deg cephalad (Dussault et al. 2000).
    const plain = procedureViews({ procedure: 'sacroiliac', side: 'left' });
    expect(plain[2]).toMatchObject({ obliqueDeg: ipsilateralObliqueDeg('right', 15), tiltDeg: 15 });
  });

  it("the interlaminar views include the bull's-eye and keep the opening tilt in the contralateral oblique", () => {
    const ilesiNeedle: Vec3 = [0, -Math.cos(0.2), Math.sin(0.2)]; // hub 11.5 deg caudal
    const views = procedureViews({
      procedure: 'interlaminar-epidural',
      side: 'midline',
      needleDirLps: ilesiNeedle,
    });
    expect(views.map((v) => v.id)).toEqual(['ap-open', 'bulls-eye', 'contra-oblique', 'lateral']);
    expect(views[0]).toMatchObject({ obliqueDeg: 0, tiltDeg: -11.5 });
    expect(views[1]).toMatchObject({ obliqueDeg: 0, tiltDeg: -11.5 });
    expect(views[2]!.obliqueDeg).toBeLessThan(-45); // midline counts as left: contralateral = right
  });

  it('flags a view no C-arm can take instead of offering it', () => {
    const views = procedureViews({ procedure: 'other', side: 'left', needleDirLps: [0, -0.05, -1] });
    const bull = views.find((v) => v.id === 'bulls-eye')!;
    expect(bull.problem).toMatch(/beyond a C-arm's/);
    const progression = views.find((v) => v.id === 'progression')!;
    expect(progression.problem).toBeUndefined();
  });
});

describe('C-arm store', () => {
  it('counts shots and fluoroscopy time per case and freezes the exposed angles', () => {
    const s = useCarmStore.getState();
    s.setAngles({ obliqueDeg: -25, tiltDeg: 200 });
    expect(useCarmStore.getState().tiltDeg).toBe(45);
    s.expose('case-a');
    s.expose('case-a', 2);
    s.expose('case-b');
    s.setAngles({ obliqueDeg: 10 });
    const after = useCarmStore.getState();
    expect(after.counters['case-a']).toEqual({ shots: 2, fluoroSeconds: SHOT_SECONDS + 2 });
    expect(after.counters['case-b']).toEqual({ shots: 1, fluoroSeconds: SHOT_SECONDS });
    expect(after.exposed).toEqual({ obliqueDeg: -25, tiltDeg: 45 });
    s.resetCounters('case-a');
    expect(useCarmStore.getState().counters['case-a']).toEqual({ shots: 0, fluoroSeconds: 0 });
  });
});
