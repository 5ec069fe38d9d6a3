import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../src/core/vec3';
import { angleToPlaneDeg, craniocaudalToEndplateDeg, patientAxisAngles } from '../../src/planning/angles';
import {
  approximateRfLesion,
  DEFAULT_NEEDLE_ID,
  depthMarksFromTipMm,
  findNeedle,
  gaugeToOuterDiameterMm,
  HUB_AND_SKIN_ALLOWANCE_MM,
  isNeedleLongEnough,
  NEEDLE_CATALOGUE,
  shortestSufficientNeedle,
} from '../../src/planning/needles';
import { trajectoryReadouts } from '../../src/planning/readouts';
import {
  createTrajectory,
  nudgeTrajectory,
  pointAtDepth,
  trajectoryDirection,
  trajectoryLengthMm,
} from '../../src/planning/trajectory';

const S = Math.SQRT1_2;
const deg = (r: number) => (r * 180) / Math.PI;

describe('trajectory', () => {
  const t = createTrajectory('a', { entryLps: [0, 0, 0], targetLps: [30, 40, 0] });

  it('is 50 mm long on a 3-4-5 triangle and points entry -> target', () => {
    expect(trajectoryLengthMm(t)).toBeCloseTo(50, 12);
    const d = trajectoryDirection(t)!;
    expect(d[0]).toBeCloseTo(0.6, 12);
    expect(d[1]).toBeCloseTo(0.8, 12);
    expect(pointAtDepth(t, 25)).toEqual([15, 20, 0]);
    expect(trajectoryDirection({ entryLps: [1, 2, 3], targetLps: [1, 2, 3] })).toBeUndefined();
  });

  it('fills defaults: name, palette colour, 22G 3.5 in needle', () => {
    expect(t.name).toBe('Needle 1');
    expect(t.colour).toMatch(/^#[0-9a-f]{6}$/);
    expect(t.needleId).toBe(DEFAULT_NEEDLE_ID);
    expect(createTrajectory('b', { entryLps: [0, 0, 0], targetLps: [1, 0, 0] }, 1).colour).not.toBe(t.colour);
  });

  it('nudges by 0.5 mm along patient axes and along the needle', () => {
    expect(nudgeTrajectory(t, 'target', 'left').targetLps).toEqual([30.5, 40, 0]);
    expect(nudgeTrajectory(t, 'target', 'right', 4).targetLps).toEqual([28, 40, 0]);
    expect(nudgeTrajectory(t, 'entry', 'anterior').entryLps).toEqual([0, -0.5, 0]);
    expect(nudgeTrajectory(t, 'entry', 'superior', -2).entryLps).toEqual([0, 0, -1]);
    const advanced = nudgeTrajectory(t, 'target', 'advance', 10);
    expect(trajectoryLengthMm(advanced)).toBeCloseTo(55, 12);
    expect(advanced.targetLps[0]).toBeCloseTo(33, 12);
    expect(trajectoryLengthMm(nudgeTrajectory(t, 'target', 'withdraw', 2))).toBeCloseTo(49, 12);
  });
});

describe('needle catalogue', () => {
  it('holds every family and size of issue 7', () => {
    // spinal 4 gauges x 4 lengths, Tuohy 3 x 3, RF 3 gauges x 3 lengths x 3 tips, bone 2 x 3.
    expect(NEEDLE_CATALOGUE).toHaveLength(16 + 9 + 27 + 6);
    for (const g of [25, 22, 20, 18])
      for (const l of [88.9, 127, 152.4, 177.8]) expect(findNeedle(`spinal-${g}g-${l}`)?.lengthMm).toBe(l);
    expect(findNeedle('rf-cannula-20g-100-10tip')?.activeTipMm).toBe(10);
    expect(findNeedle('bone-11g-125')?.outerDiameterMm).toBeCloseTo(3.048, 3);
    expect(new Set(NEEDLE_CATALOGUE.map((n) => n.id)).size).toBe(NEEDLE_CATALOGUE.length);
    expect(findNeedle('spinal-22g-88.9')?.label).toBe('Spinal 22G 88.9 mm (3.5 in)');
  });

  it('maps gauges to outer diameters within 0.05 mm of ISO 9626 designated metric sizes', () => {
    const iso: Record<number, number> = { 25: 0.5, 22: 0.7, 20: 0.9, 18: 1.2, 17: 1.4, 13: 2.4, 11: 3.0 };
    for (const [g, mm] of Object.entries(iso)) {
      const od = gaugeToOuterDiameterMm(Number(g))!;
      expect(Math.abs(od - mm)).toBeLessThan(0.075);
    }
    expect(gaugeToOuterDiameterMm(99)).toBeUndefined();
  });

  it('checks length with the stated hub/skin allowance', () => {
    const n = findNeedle('spinal-22g-88.9')!;
    expect(HUB_AND_SKIN_ALLOWANCE_MM).toBe(10);
    expect(isNeedleLongEnough(n, 78.9).longEnough).toBe(true);
    const short = isNeedleLongEnough(n, 80);
    expect(short.longEnough).toBe(false);
    expect(short.shortfallMm).toBeCloseTo(1.1, 9);
    expect(shortestSufficientNeedle(n, 80)?.id).toBe('spinal-22g-127');
    expect(shortestSufficientNeedle(n, 200)).toBeUndefined();
  });

  it('gives RF cannulae a lesion zone along the active tip, and 1 cm depth marks', () => {
    const rf = findNeedle('rf-cannula-18g-100-10tip')!;
    const zone = approximateRfLesion(rf)!;
    expect(zone.proximalFromTipMm).toBe(10);
    expect(zone.widthMm).toBeGreaterThan(rf.outerDiameterMm);
    expect(approximateRfLesion(findNeedle(DEFAULT_NEEDLE_ID)!)).toBeUndefined();
    expect(depthMarksFromTipMm(88.9)).toEqual([10, 20, 30, 40, 50, 60, 70, 80]);
  });
});

describe('angles', () => {
  it('reads 45 deg medio-lateral in the axial projection, signed by side', () => {
    const a = patientAxisAngles([S, -S, 0], 'right');
    expect(a.towardLeftDeg).toBeCloseTo(45, 12);
    expect(a.medialDeg).toBeCloseTo(45, 12); // right-sided needle heading left = medial
    expect(patientAxisAngles([S, -S, 0], 'left').medialDeg).toBeCloseTo(-45, 12);
    expect(a.craniocaudalDeg).toBeCloseTo(0, 12);
    expect(a.fromApAxisDeg).toBeCloseTo(45, 12);
  });

  it('reads cranio-caudal in the sagittal projection, + when the tip heads cranially', () => {
    expect(patientAxisAngles([0, -S, S]).craniocaudalDeg).toBeCloseTo(45, 12);
    expect(patientAxisAngles([0, -S, -S]).craniocaudalDeg).toBeCloseTo(-45, 12);
    // 3-4-5 in the sagittal plane: atan(3/4).
    expect(patientAxisAngles([0, -0.8, 0.6]).craniocaudalDeg).toBeCloseTo(deg(Math.atan(0.75)), 12);
    // Projections, not 3D angles: a needle 3 left, 4 anterior, 12 up reads atan(3/4) and atan(12/4).
    const p = patientAxisAngles([3, -4, 12]);
    expect(p.mediolateralDeg).toBeCloseTo(deg(Math.atan(3 / 4)), 12);
    expect(p.craniocaudalDeg).toBeCloseTo(deg(Math.atan(3)), 12);
    expect(p.medialDeg).toBeUndefined();
  });

  it('measures the needle against an endplate', () => {
    expect(angleToPlaneDeg([0, -S, S], [0, 0, 1])).toBeCloseTo(45, 12);
    expect(angleToPlaneDeg([0, -1, 0], [0, 0, -1])).toBeCloseTo(0, 12);
    const t = (10 * Math.PI) / 180;
    const n: Vec3 = [0, Math.sin(t), Math.cos(t)]; // endplate tilted 10 deg
    expect(craniocaudalToEndplateDeg([0, -Math.cos(t), Math.sin(t)], n)).toBeCloseTo(0, 12); // in its plane
    expect(craniocaudalToEndplateDeg([0, -1, 0], n)).toBeCloseTo(-10, 12);
    expect(craniocaudalToEndplateDeg([0, -1, 0], [0, -n[1], -n[2]])).toBeCloseTo(-10, 12); // normal sign free
    expect(craniocaudalToEndplateDeg([0, 1, 0], n)).toBeCloseTo(10, 12); // anterior approach mirrors
  });
});

describe('trajectory readouts', () => {
  it('collects length, needle check, angles, C-arm, profile and clearance with warnings', () => {
    // 30 right, 40 posterior of the target: 50 mm; a 22G 88.9 mm needle is long enough.
    const t = createTrajectory('r', { entryLps: [-30, 40, 0], targetLps: [0, 0, 0], side: 'right' });
    const ok = trajectoryReadouts(t, { endplateNormal: [0, 0, 1] });
    expect(ok.lengthMm).toBeCloseTo(50, 12);
    expect(ok.lengthCheck?.longEnough).toBe(true);
    expect(ok.angles?.medialDeg).toBeCloseTo(deg(Math.atan(3 / 4)), 12);
    expect(ok.endplate?.angleToPlaneDeg).toBeCloseTo(0, 12);
    expect(ok.carm?.bullsEye.words).toBe('37 deg right (ipsilateral) oblique, no tilt');
    expect(ok.warnings).toEqual([]);

    const far = { ...t, entryLps: [-60, 80, 0] as Vec3 }; // 100 mm
    const bone = (p: Vec3) => (p[1] < 10 ? 1200 : 40);
    const r = trajectoryReadouts(far, {
      sampler: bone,
      structures: [
        { id: 'root', name: 'exiting root', geometry: { kind: 'point', pointLps: [0, 0, 1] }, marginMm: 2 },
      ],
    });
    expect(r.lengthCheck?.shortfallMm).toBeCloseTo(100 + 10 - 88.9, 9);
    expect(r.warnings[0]).toBe(
      'Needle too short by 21.1 mm: path 100.0 mm + 10.0 mm hub/skin allowance > 88.9 mm.',
    );
    // y = 80 (1 - depth / 100) drops below 10 between the samples at 87.5 and 88.0 mm: boundary 87.75.
    expect(r.warnings).toContain('Path crosses cortical bone at 87.8 mm depth.');
    expect(r.warnings.some((w) => w === 'Too close to exiting root: 0.6 mm at 100.0 mm depth.')).toBe(true);
    expect(r.clearance[0]!.violates).toBe(true);
    expect(trajectoryReadouts({ ...t, targetLps: t.entryLps }).warnings[0]).toMatch(/coincide/);
  });
});
