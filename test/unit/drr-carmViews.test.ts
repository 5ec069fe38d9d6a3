import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../src/core/vec3';
import { carmRecipe, detectorDirection, squaredEndplateTiltDeg } from '../../src/planning/carm';
import { ipsilateralObliqueDeg, procedureViews } from '../../src/planning/carmViews';
import { SHOT_SECONDS, useCarmStore } from '../../src/state/carmStore';

const normal: Vec3 = [0, -0.15, 0.99];
const needle: Vec3 = [-0.3, -0.9, 0.2];

describe('procedure view presets', () => {
  it("TFESI: AP squared, ipsilateral oblique, bull's-eye, lateral, AP, in that order", () => {
    const views = procedureViews({
      procedure: 'tfesi',
      side: 'right',
      needleDirLps: needle,
      endplateNormalLps: normal,
    });
    expect(views.map((v) => v.id)).toEqual(['ap-squared', 'oblique', 'bulls-eye', 'lateral', 'ap-final']);
    // Squared: the central ray lies in the endplate plane.
    const ap = views[0]!;
    const u = detectorDirection(ap.obliqueDeg, ap.tiltDeg);
    expect(Math.abs(u[0] * normal[0] + u[1] * normal[1] + u[2] * normal[2])).toBeLessThan(0.003);
    // Right side: the detector turns to the patient's right (negative oblique, carm.ts signs), tilt re-squared.
    expect(views[1]!.obliqueDeg).toBe(-25);
    expect(views[1]!.tiltDeg).toBeCloseTo(squaredEndplateTiltDeg(normal, -25), 1);
    const recipe = carmRecipe(needle, 'right');
    expect(views[2]!.obliqueDeg).toBeCloseTo(recipe.bullsEye.obliqueDeg, 1);
    expect(views[3]!.obliqueDeg).toBe(-90);
  });

  it("without a needle there is no bull's-eye; without an endplate the AP is untilted", () => {
    const views = procedureViews({ procedure: 'medial-branch-block', side: 'left' });
    expect(views.map((v) => v.id)).toEqual(['ap-squared', 'oblique', 'lateral']);
    expect(views[0]!.tiltDeg).toBe(0);
    expect(views[1]!.obliqueDeg).toBe(25);
  });

  it('sacroiliac: cephalad tilt, then contralateral oblique', () => {
    const views = procedureViews({ procedure: 'sacroiliac', side: 'left', needleDirLps: needle });
    expect(views.map((v) => v.id)).toEqual(['ap', 'cephalad', 'contra-oblique', 'bulls-eye', 'lateral']);
    expect(views[1]!.tiltDeg).toBeGreaterThan(0);
    expect(views[2]!.obliqueDeg).toBe(ipsilateralObliqueDeg('right', 15));
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
