import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../src/core/vec3';
import { angleDeg, dot, normalize, scale, sub } from '../../src/core/vec3';
import {
  CARM_CONVENTION,
  CARM_CONVENTIONS,
  CARM_TILT_LIMIT_DEG,
  carmAnglesFor,
  carmRecipe,
  carmViewProblem,
  describeCarmAngles,
  detectorDirection,
  radiographerOblique,
  roomAngleLabel,
  squaredEndplateTiltDeg,
} from '../../src/planning/carm';

const deg = (r: number) => (r * 180) / Math.PI;

describe('C-arm recipe, patient prone (LPS: +x left, +y posterior, +z superior)', () => {
  it('a vertical needle from the back is an AP view (beam enters the front), 0/0', () => {
    const entry: Vec3 = [0, 100, 0];
    const target: Vec3 = [0, 0, 0];
    const r = carmRecipe(normalize(sub(target, entry)), 'right');
    expect(r.bullsEye.obliqueDeg).toBeCloseTo(0, 12);
    expect(r.bullsEye.tiltDeg).toBeCloseTo(0, 12);
    expect(r.bullsEye.detectorOnHubSide).toBe(true);
    expect(r.bullsEye.words).toBe('no oblique (AP), no tilt');
    expect(r.bullsEye.angleToNeedleDeg).toBeCloseTo(0, 12);
    // DICOM's patient-relative primary angle has 0 = detector anterior: a posterior detector is 180.
    expect(r.bullsEye.dicomPrimaryAngleDeg).toBeCloseTo(180, 12);
    // Progression for a vertical needle: the true lateral on the planned side.
    expect(r.progression.obliqueDeg).toBeCloseTo(-90, 12);
    expect(r.progression.words).toBe('right lateral (ipsilateral), no tilt');
    expect(r.progression.angleToNeedleDeg).toBeCloseTo(90, 12);
    expect(r.convention).toBe(CARM_CONVENTION);
  });

  it('posterior-right skin to anterior-medial target, hub toward the feet: right oblique + caudal tilt', () => {
    // Entry is 30 mm right, 40 mm posterior and 20 mm inferior of the target (3-4-5 in the axial plane).
    const target: Vec3 = [10, -20, 5];
    const entry: Vec3 = [10 - 30, -20 + 40, 5 - 20];
    const r = carmRecipe(normalize(sub(target, entry)), 'right');
    // Hand computation: detector on the hub side, u = (-30, 40, -20) / sqrt(2900).
    // oblique = atan2(u_x, u_y) = -atan(3/4) = -36.87 deg (right); tilt = asin(-20 / 53.85) = -21.80 deg (caudal).
    expect(r.bullsEye.obliqueDeg).toBeCloseTo(-deg(Math.atan(3 / 4)), 10);
    expect(r.bullsEye.obliqueDeg).toBeCloseTo(-36.87, 2);
    expect(r.bullsEye.tiltDeg).toBeCloseTo(-deg(Math.asin(20 / Math.sqrt(2900))), 10);
    expect(r.bullsEye.tiltDeg).toBeCloseTo(-21.8, 2);
    expect(r.bullsEye.words).toBe('37 deg right (ipsilateral) oblique, 22 deg caudal tilt');
    // DICOM primary angle (0 = detector anterior, + toward the left): 180 - (-36.87) = 216.87 = -143.13.
    expect(r.bullsEye.dicomPrimaryAngleDeg).toBeCloseTo(-143.13, 2);
    // Progression: perpendicular to the needle, detector above the table, on the contralateral side.
    expect(r.progression.angleToNeedleDeg).toBeCloseTo(90, 10);
    expect(r.progression.detectorDirection[1]).toBeGreaterThanOrEqual(0);
    expect(r.progression.obliqueDeg).toBeGreaterThan(0);
    expect(r.progression.words).toMatch(/left \(contralateral\) oblique/);
    expect(r.lateral.obliqueDeg).toBe(-90);
    // The true lateral is not perpendicular to this needle: it reports the angle between beam and needle line.
    const d = normalize(sub(target, entry));
    expect(r.lateral.angleToNeedleDeg).toBeCloseTo(180 - angleDeg([-1, 0, 0], d), 10);
  });

  it('a left-sided needle with the hub toward the head is a left oblique + cranial tilt', () => {
    const r = carmRecipe(normalize([-4, -3, -2]), 'left'); // tip heads right, anterior, caudal
    expect(r.bullsEye.obliqueDeg).toBeCloseTo(deg(Math.atan2(4, 3)), 10);
    expect(r.bullsEye.tiltDeg).toBeGreaterThan(0);
    expect(r.bullsEye.words).toMatch(/^53 deg left \(ipsilateral\) oblique, 2\d deg cranial tilt$/);
  });

  it('round trip: angles -> detector direction -> angles, and recipe -> needle direction', () => {
    for (const oblique of [-80, -45, -20, 0, 15, 60, 89])
      for (const tilt of [-60, -25, 0, 10, 45]) {
        const u = detectorDirection(oblique, tilt);
        const back = carmAnglesFor(u);
        expect(back.obliqueDeg).toBeCloseTo(oblique, 10);
        expect(back.tiltDeg).toBeCloseTo(tilt, 10);
        // A needle pointing away from that detector gets that bull's-eye, and its view reproduces it.
        const needle = scale(u, -1);
        const r = carmRecipe(needle, 'midline');
        expect(r.bullsEye.obliqueDeg).toBeCloseTo(oblique, 10);
        expect(r.bullsEye.tiltDeg).toBeCloseTo(tilt, 10);
        const reproduced = detectorDirection(r.bullsEye.obliqueDeg, r.bullsEye.tiltDeg);
        expect(dot(reproduced, needle)).toBeCloseTo(-1, 12);
        expect(Math.abs(dot(r.progression.detectorDirection, needle))).toBeLessThan(1e-9);
      }
  });

  it('an anterior approach puts the detector on the tip side (still above the table)', () => {
    const r = carmRecipe([0, 1, 0]);
    expect(r.bullsEye.detectorOnHubSide).toBe(false);
    expect(r.bullsEye.obliqueDeg).toBeCloseTo(0, 12);
  });

  it('words say which side is ipsilateral', () => {
    expect(describeCarmAngles({ obliqueDeg: 25, tiltDeg: 12 }, 'right')).toBe(
      '25 deg left (contralateral) oblique, 12 deg cranial tilt',
    );
    expect(describeCarmAngles({ obliqueDeg: -25, tiltDeg: -12 }, 'midline')).toBe(
      '25 deg right oblique, 12 deg caudal tilt',
    );
  });

  it('squares an endplate: the beam runs in the endplate plane', () => {
    const t = (10 * Math.PI) / 180;
    const n: Vec3 = [0, Math.sin(t), Math.cos(t)]; // normal leans posterior by 10 deg
    expect(squaredEndplateTiltDeg(n)).toBeCloseTo(-10, 10);
    expect(squaredEndplateTiltDeg(scale(n, -1))).toBeCloseTo(-10, 10);
    const tilt = squaredEndplateTiltDeg([0.2, 0.3, 0.9], 30);
    expect(dot(detectorDirection(30, tilt), normalize([0.2, 0.3, 0.9]))).toBeCloseTo(0, 12);
  });
});

describe('views a C-arm cannot take, and the radiographer names (issue 17)', () => {
  it('a needle along the body axis is flagged, not read as "180 deg right oblique, 90 deg cranial"', () => {
    const r = carmRecipe([0, -1e-4, -1], 'left');
    expect(r.bullsEye.problem).toMatch(/beyond a C-arm's ±45 deg/);
    expect(r.bullsEye.words).toMatch(
      /^No C-arm view: needs 90 deg cranial tilt, the beam within 0 deg of the body axis/,
    );
    expect(r.bullsEye.words).not.toMatch(/oblique/);
    expect(roomAngleLabel(r.bullsEye, 'prone')).toBe('not reachable (CRAN 90°)');
    // Its progression views are all axial: one a C-arm can take.
    expect(r.progression.problem).toBeUndefined();
    expect(Math.abs(r.progression.tiltDeg)).toBeLessThan(1);
  });

  it('a progression view beyond the tilt range is replaced by the reachable perpendicular closest to a lateral', () => {
    // Needle 45 deg lateral and 45 deg cranio-caudal: the projected lateral would need ~45+ deg of tilt.
    const d = normalize([-0.7, -0.2, -0.7]);
    const r = carmRecipe(d, 'left');
    expect(r.progression.problem).toBeUndefined();
    expect(Math.abs(r.progression.tiltDeg)).toBeLessThanOrEqual(CARM_TILT_LIMIT_DEG + 1e-9);
    expect(r.progression.angleToNeedleDeg).toBeCloseTo(90, 6);
    expect(carmViewProblem({ obliqueDeg: 0, tiltDeg: 87 })).toMatch(/87 deg cranial/);
    expect(carmViewProblem({ obliqueDeg: 0, tiltDeg: -45 })).toBeUndefined();
  });

  it('prints the radiographer name where it differs: prone LAO = LPO, RAO = RPO; supine the same', () => {
    expect(radiographerOblique({ obliqueDeg: 25, tiltDeg: 0 }, 'prone')).toBe('LPO');
    expect(radiographerOblique({ obliqueDeg: -25, tiltDeg: 0 }, 'prone')).toBe('RPO');
    expect(radiographerOblique({ obliqueDeg: 25, tiltDeg: 0 }, 'supine')).toBeUndefined();
    expect(radiographerOblique({ obliqueDeg: 0.2, tiltDeg: 0 }, 'prone')).toBeUndefined();
    expect(roomAngleLabel({ obliqueDeg: -25, tiltDeg: -8 }, 'prone')).toBe('RAO 25° (RPO) / CAUD 8°');
    expect(roomAngleLabel({ obliqueDeg: -25, tiltDeg: -8 }, 'supine')).toBe('RAO 25° / CAUD 8°');
    expect(CARM_CONVENTIONS.prone).toMatch(/LAO = LPO, RAO = RPO/);
  });
});
