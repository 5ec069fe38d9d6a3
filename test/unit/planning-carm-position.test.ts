import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../src/core/vec3';
import { dot, normalize } from '../../src/core/vec3';
import {
  aboveTable,
  CARM_CONVENTIONS,
  carmRecipe,
  detectorDirection,
  detectorDirectionFor,
  fromProneFrame,
  roomAngleLabel,
  toProneFrame,
  viewAboveTable,
} from '../../src/planning/carm';
import { trajectoryReadouts } from '../../src/planning/readouts';
import type { Trajectory } from '../../src/planning/trajectory';

const DEG = 180 / Math.PI;

/**
 * Hand-computed C-arm names for the same needle with the patient prone and supine (issue 10). LPS: +x left,
 * +y posterior, +z superior. Room angles: oblique + = detector toward the patient's left (LAO), tilt + =
 * toward the head (CRAN), both from the vertical beam; the detector is always above the table, i.e.
 * posterior when prone (u_y > 0) and anterior when supine (u_y < 0).
 */
describe('C-arm recipe in both patient positions', () => {
  it('pure cranial tilt: a posterior needle whose hub is 20 deg toward the head', () => {
    const t = 20 / DEG;
    // Entry posterior and superior of the target: d = (0, -cos 20, -sin 20).
    const d: Vec3 = [0, -Math.cos(t), -Math.sin(t)];
    const prone = carmRecipe(d, 'midline', 'prone');
    // Prone: detector on the hub side u = -d = (0, cos 20, sin 20): oblique atan2(0, cos 20) = 0, tilt +20.
    expect(prone.bullsEye.obliqueDeg).toBeCloseTo(0, 10);
    expect(prone.bullsEye.tiltDeg).toBeCloseTo(20, 10);
    expect(prone.bullsEye.detectorOnHubSide).toBe(true);
    expect(prone.bullsEye.words).toBe('no oblique (AP), 20 deg cranial tilt');
    // Tube under the table: the vertical beam enters a prone patient's front (AP), a supine one's back (PA).
    expect(roomAngleLabel(prone.bullsEye, 'prone')).toBe('AP 0° / CRAN 20°');
    // DICOM: 0 = detector anterior, so a posterior detector is 180; secondary = asin(u_z) = +20.
    expect(prone.bullsEye.dicomPrimaryAngleDeg).toBeCloseTo(180, 10);
    expect(prone.bullsEye.dicomSecondaryAngleDeg).toBeCloseTo(20, 10);
    const supine = carmRecipe(d, 'midline', 'supine');
    // Supine: the hub side is under the table, the detector goes to the tip side u = d = (0, -cos 20, -sin 20):
    // oblique atan2(u_x, -u_y) = 0, tilt asin(-sin 20) = -20 (CAUD).
    expect(supine.bullsEye.obliqueDeg).toBeCloseTo(0, 10);
    expect(supine.bullsEye.tiltDeg).toBeCloseTo(-20, 10);
    expect(supine.bullsEye.detectorOnHubSide).toBe(false);
    expect(supine.bullsEye.words).toBe('no oblique (PA), 20 deg caudal tilt');
    expect(roomAngleLabel(supine.bullsEye, 'supine')).toBe('PA 0° / CAUD 20°');
    expect(supine.bullsEye.dicomPrimaryAngleDeg).toBeCloseTo(0, 10);
    expect(supine.bullsEye.dicomSecondaryAngleDeg).toBeCloseTo(-20, 10);
    expect(supine.convention).toBe(CARM_CONVENTIONS.supine);
    expect(supine.convention).toMatch(/^Patient supine/);
    expect(prone.convention).toMatch(/^Patient prone/);
  });

  it('pure oblique: a needle from posterior-left heading 30 deg to the patient right', () => {
    const o = 30 / DEG;
    const d: Vec3 = [-Math.sin(o), -Math.cos(o), 0];
    const prone = carmRecipe(d, 'left', 'prone');
    // Prone: u = -d = (sin 30, cos 30, 0): oblique atan2(0.5, 0.866) = +30 = LAO 30, ipsilateral for a left plan.
    expect(prone.bullsEye.obliqueDeg).toBeCloseTo(30, 10);
    expect(prone.bullsEye.tiltDeg).toBeCloseTo(0, 10);
    // Prone, the left back faces the detector: the radiographer's left posterior oblique.
    expect(roomAngleLabel(prone.bullsEye, 'prone')).toBe('LAO 30° (LPO) / tilt 0°');
    expect(prone.bullsEye.words).toBe('30 deg left (ipsilateral) oblique, no tilt');
    // DICOM primary = atan2(u_x, -u_y) = atan2(0.5, -0.866) = 150.
    expect(prone.bullsEye.dicomPrimaryAngleDeg).toBeCloseTo(150, 10);
    const supine = carmRecipe(d, 'left', 'supine');
    // Supine: u = d = (-0.5, -0.866, 0): oblique atan2(-0.5, 0.866) = -30 = RAO 30.
    expect(supine.bullsEye.obliqueDeg).toBeCloseTo(-30, 10);
    expect(supine.bullsEye.tiltDeg).toBeCloseTo(0, 10);
    expect(roomAngleLabel(supine.bullsEye, 'supine')).toBe('RAO 30° / tilt 0°');
    expect(supine.bullsEye.words).toBe('30 deg right (contralateral) oblique, no tilt');
    expect(supine.bullsEye.dicomPrimaryAngleDeg).toBeCloseTo(-30, 10);
  });

  it('oblique and tilt together (3-4-2 needle): LAO 37 / CRAN 22 prone is RAO 37 / CAUD 22 supine', () => {
    const d = normalize([-3, -4, -2]);
    const prone = carmRecipe(d, 'left', 'prone');
    // u = (3, 4, 2)/sqrt 29: oblique atan2(3, 4) = 36.87, tilt asin(2/sqrt 29) = 21.80.
    expect(prone.bullsEye.obliqueDeg).toBeCloseTo(Math.atan2(3, 4) * DEG, 10);
    expect(prone.bullsEye.obliqueDeg).toBeCloseTo(36.87, 2);
    expect(prone.bullsEye.tiltDeg).toBeCloseTo(21.8, 2);
    expect(roomAngleLabel(prone.bullsEye, 'prone')).toBe('LAO 37° (LPO) / CRAN 22°');
    expect(prone.bullsEye.dicomPrimaryAngleDeg).toBeCloseTo(143.13, 2);
    const supine = carmRecipe(d, 'left', 'supine');
    expect(supine.bullsEye.obliqueDeg).toBeCloseTo(-36.87, 2);
    expect(supine.bullsEye.tiltDeg).toBeCloseTo(-21.8, 2);
    expect(roomAngleLabel(supine.bullsEye, 'supine')).toBe('RAO 37° / CAUD 22°');
    expect(supine.bullsEye.dicomPrimaryAngleDeg).toBeCloseTo(-36.87, 2);
    expect(supine.bullsEye.dicomSecondaryAngleDeg).toBeCloseTo(-21.8, 2);
    // Both are the same beam line, detector on opposite ends.
    expect(dot(prone.bullsEye.detectorDirection, supine.bullsEye.detectorDirection)).toBeCloseTo(-1, 12);
    // The supine view's prone-frame angles drive the same detector as its room angles.
    const u = detectorDirection(supine.bullsEye.proneFrame.obliqueDeg, supine.bullsEye.proneFrame.tiltDeg);
    expect(dot(u, supine.bullsEye.detectorDirection)).toBeCloseTo(1, 12);
    expect(dot(detectorDirectionFor(supine.bullsEye, 'supine'), u)).toBeCloseTo(1, 12);
    // Progression stays perpendicular and above the table in both positions.
    expect(prone.progression.angleToNeedleDeg).toBeCloseTo(90, 10);
    expect(supine.progression.angleToNeedleDeg).toBeCloseTo(90, 10);
    expect(prone.progression.detectorDirection[1]).toBeGreaterThanOrEqual(0);
    expect(supine.progression.detectorDirection[1]).toBeLessThanOrEqual(0);
  });

  it('room <-> prone frame: supine (o, t) is prone (180 - o, t); the vertical beam is anterior when supine', () => {
    expect(toProneFrame({ obliqueDeg: 25, tiltDeg: 10 }, 'supine')).toEqual({ obliqueDeg: 155, tiltDeg: 10 });
    expect(toProneFrame({ obliqueDeg: -90, tiltDeg: 0 }, 'supine')).toEqual({ obliqueDeg: -90, tiltDeg: 0 });
    expect(fromProneFrame({ obliqueDeg: 180, tiltDeg: 5 }, 'supine')).toEqual({ obliqueDeg: 0, tiltDeg: 5 });
    expect(toProneFrame({ obliqueDeg: 25, tiltDeg: 10 }, 'prone')).toEqual({ obliqueDeg: 25, tiltDeg: 10 });
    const ap = detectorDirectionFor({ obliqueDeg: 0, tiltDeg: 0 }, 'supine');
    expect(ap[1]).toBeCloseTo(-1, 12);
    // LAO is toward the patient's left in both positions.
    expect(detectorDirectionFor({ obliqueDeg: 30, tiltDeg: 0 }, 'supine')[0]).toBeGreaterThan(0);
    expect(detectorDirectionFor({ obliqueDeg: 30, tiltDeg: 0 }, 'prone')[0]).toBeGreaterThan(0);
  });

  it('presets move to the detector end above the table', () => {
    expect(aboveTable([0, 1, 0], 'supine')).toEqual([-0, -1, -0]);
    expect(aboveTable([0, 1, 0], 'prone')).toEqual([0, 1, 0]);
    // A prone ipsilateral-left oblique with a caudal tilt, seen supine: same line, RAO with a cranial tilt.
    const p = viewAboveTable({ obliqueDeg: 25, tiltDeg: -10 }, 'supine');
    const room = fromProneFrame(p, 'supine');
    expect(room.obliqueDeg).toBeCloseTo(-25, 10);
    expect(room.tiltDeg).toBeCloseTo(10, 10);
    // A horizontal (lateral) beam needs no move.
    const lateral = viewAboveTable({ obliqueDeg: 90, tiltDeg: 0 }, 'supine');
    expect(lateral.obliqueDeg).toBeCloseTo(90, 10);
  });

  it('the readouts name the recipe for the position in their context', () => {
    const t: Trajectory = {
      id: 't',
      name: 'T',
      colour: '#ff0000',
      procedure: 'other',
      level: 'L4',
      side: 'left',
      needleId: 'quincke-22g-90',
      entryLps: [30, 40, 20],
      targetLps: [0, 0, 0],
    } as Trajectory;
    expect(trajectoryReadouts(t).carm?.position).toBe('prone');
    const supine = trajectoryReadouts(t, { patientPosition: 'supine' }).carm!;
    expect(supine.position).toBe('supine');
    expect(roomAngleLabel(supine.bullsEye, 'supine')).toBe('RAO 37° / CAUD 22°');
  });
});
