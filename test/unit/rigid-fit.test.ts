import { describe, expect, it } from 'vitest';
import {
  applyRigid,
  degeneracyReason,
  fitRigid,
  fleFromFreMm,
  type RigidTransform,
  targetErrorMm,
} from '../../src/core/rigidFit';
import { symmetricEigen } from '../../src/core/symmetricEigen';
import type { Vec3 } from '../../src/core/vec3';

/** Deterministic PRNG (mulberry32) and Box-Muller normals: the same 1,000 poses every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

type Rng = ReturnType<typeof rng>;

/** A uniformly random rotation (random unit quaternion) and a translation within +-500 mm. */
function randomPose(r: Rng): RigidTransform {
  let q = [r.normal(), r.normal(), r.normal(), r.normal()];
  const n = Math.hypot(...q);
  q = q.map((v) => v / n);
  const [w, x, y, z] = q as [number, number, number, number];
  return {
    rotation: [
      1 - 2 * (y * y + z * z),
      2 * (x * y - w * z),
      2 * (x * z + w * y),
      2 * (x * y + w * z),
      1 - 2 * (x * x + z * z),
      2 * (y * z - w * x),
      2 * (x * z - w * y),
      2 * (y * z + w * x),
      1 - 2 * (x * x + y * y),
    ],
    translationMm: [(r.uniform() - 0.5) * 1000, (r.uniform() - 0.5) * 1000, (r.uniform() - 0.5) * 1000],
  };
}

const det3 = (m: readonly number[]) =>
  m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) -
  m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) +
  m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!);
const dist = (a: Vec3, b: Vec3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.ceil(p * values.length) - 1]!;

/**
 * Six registration pits as a lumbar-spine print carries them (mm, model space): four on the base's corners
 * (a 120 x 180 mm base) and two on spinous process tips 45 mm above it.
 */
const PITS: Vec3[] = [
  [-60, 0, -90],
  [60, 0, -90],
  [60, 0, 90],
  [-60, 0, 90],
  [0, 45, -30],
  [0, 45, 30],
];
const centre: Vec3 = [0, 15, 0];

describe('symmetric eigen-decomposition (Jacobi)', () => {
  it('reconstructs a symmetric matrix from its eigenpairs', () => {
    const m = [4, 1, -2, 0.5, 1, 3, 0, 1, -2, 0, 5, -1, 0.5, 1, -1, 2];
    const { values, vectors } = symmetricEigen(m, 4);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    for (let r = 0; r < 4; r++)
      for (let c = 0; c < 4; c++) {
        const v = values.reduce((s, l, i) => s + l * vectors[i]![r]! * vectors[i]![c]!, 0);
        expect(v).toBeCloseTo(m[r * 4 + c]!, 10);
      }
  });
});

describe('rigid point registration (Horn 1987)', () => {
  it('exact points: the pose comes back with ~0 error, a proper rotation, for 200 random poses', () => {
    const r = rng(7);
    for (let trial = 0; trial < 200; trial++) {
      const pose = randomPose(r);
      const measured = PITS.map((p) => applyRigid(pose, p));
      // measured -> model, as the headset registers the print
      const fit = fitRigid(measured, PITS);
      if (!fit.ok) throw new Error(fit.error);
      expect(fit.value.freMm).toBeLessThan(1e-9);
      expect(det3(fit.value.transform.rotation)).toBeCloseTo(1, 12);
      // The inverse of `pose` maps a far target back exactly.
      const target: Vec3 = [30, -80, 40];
      expect(dist(applyRigid(fit.value.transform, applyRigid(pose, target)), target)).toBeLessThan(1e-9);
    }
  });

  it('6 pits, 1 mm (SD per axis) localisation noise, 1,000 random poses: target 50 mm from the centroid within 2 mm; TRE estimate within a factor of the measured error', () => {
    const r = rng(2026);
    const targetErrors: number[] = [];
    const predictedFromFre: number[] = [];
    const sigmaMm = 1;
    const fleRmsMm = sigmaMm * Math.sqrt(3);
    let worstFre = 0;
    for (let trial = 0; trial < 1000; trial++) {
      const pose = randomPose(r);
      // A target 50 mm from the pits' centroid in a random direction.
      const d = [r.normal(), r.normal(), r.normal()];
      const n = Math.hypot(...d);
      const target: Vec3 = [
        centre[0] + (50 * d[0]!) / n,
        centre[1] + (50 * d[1]!) / n,
        centre[2] + (50 * d[2]!) / n,
      ];
      const measured = PITS.map((p) => {
        const q = applyRigid(pose, p);
        return [
          q[0] + sigmaMm * r.normal(),
          q[1] + sigmaMm * r.normal(),
          q[2] + sigmaMm * r.normal(),
        ] as Vec3;
      });
      const fit = fitRigid(measured, PITS);
      if (!fit.ok) throw new Error(fit.error);
      expect(det3(fit.value.transform.rotation)).toBeCloseTo(1, 12);
      worstFre = Math.max(worstFre, fit.value.freMm);
      targetErrors.push(dist(applyRigid(fit.value.transform, applyRigid(pose, target)), target));
      predictedFromFre.push(targetErrorMm(PITS, target, fit.value.fleEstimateMm));
    }
    const rms = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);
    const measuredRms = rms(targetErrors);
    const predicted = targetErrorMm(PITS, [centre[0] + 50, centre[1], centre[2]], fleRmsMm);
    console.info(
      `rigid fit, 6 pits, sigma 1 mm/axis, 1000 poses: target error RMS ${measuredRms.toFixed(2)} mm, ` +
        `p95 ${percentile(targetErrors, 0.95).toFixed(2)}, p99 ${percentile(targetErrors, 0.99).toFixed(2)}, max ${Math.max(...targetErrors).toFixed(2)} mm; ` +
        `TRE formula (true FLE) ${predicted.toFixed(2)} mm, from FRE: RMS ${rms(predictedFromFre).toFixed(2)} mm; worst FRE ${worstFre.toFixed(2)} mm`,
    );
    // 99% within 2 mm (the few beyond are the noise's own tail: FLE here is 1.7 mm RMS in 3D).
    expect(percentile(targetErrors, 0.99)).toBeLessThanOrEqual(2);
    expect(Math.max(...targetErrors)).toBeLessThanOrEqual(2.5);
    // The estimate is for one direction (+L) at 50 mm; the measured error averages all directions: a factor 1.5.
    expect(predicted / measuredRms).toBeGreaterThan(1 / 1.5);
    expect(predicted / measuredRms).toBeLessThan(1.5);
    expect(rms(predictedFromFre) / measuredRms).toBeGreaterThan(1 / 1.5);
    expect(rms(predictedFromFre) / measuredRms).toBeLessThan(1.5);
  });

  it('the TRE estimate follows the measured error in direction: far along the weakest axis worse than along the strongest', () => {
    // Pits spread 180 mm along z, 120 along x, 45 along y: a target 100 mm off along y sits far from the z and x axes.
    const alongZ = targetErrorMm(PITS, [centre[0], centre[1], centre[2] + 100], 1);
    const alongY = targetErrorMm(PITS, [centre[0], centre[1] + 100, centre[2]], 1);
    expect(alongY).toBeGreaterThan(alongZ);
    // At the centroid the TRE is FLE/sqrt(N).
    expect(targetErrorMm(PITS, centre, 1)).toBeCloseTo(1 / Math.sqrt(6), 10);
  });

  it('FLE from FRE: sqrt(N/(N-2)) FRE, undefined below three points', () => {
    expect(fleFromFreMm(1, 6)).toBeCloseTo(Math.sqrt(1.5), 12);
    expect(fleFromFreMm(1, 2)).toBe(Number.POSITIVE_INFINITY);
  });

  it('refuses fewer than three points, collinear and nearly collinear points, mismatched lists, with a message', () => {
    const line: Vec3[] = [
      [0, 0, 0],
      [10, 10, 10],
      [20, 20, 20],
      [50, 50, 50],
    ];
    const two = fitRigid(PITS.slice(0, 2), PITS.slice(0, 2));
    expect(two.ok).toBe(false);
    if (!two.ok) expect(two.error).toMatch(/2 points: at least 3/);
    const collinear = fitRigid(line, line);
    expect(collinear.ok).toBe(false);
    if (!collinear.ok) expect(collinear.error).toMatch(/almost on a line \(0\.0 mm off it/);
    // One point 1 mm off the line: refused; one 33 mm off it: accepted.
    const nearly: Vec3[] = [...line.slice(0, 3), [60, 60, 61]];
    expect(degeneracyReason(nearly)).toMatch(/almost on a line/);
    const fine: Vec3[] = [...line.slice(0, 3), [50, 50, 10]];
    expect(degeneracyReason(fine)).toBeUndefined();
    expect(fitRigid(fine, fine).ok).toBe(true);
    const mismatched = fitRigid(PITS, PITS.slice(0, 5));
    expect(mismatched.ok).toBe(false);
    if (!mismatched.ok) expect(mismatched.error).toMatch(/6 measured points for 5 model points/);
    // Three non-collinear points (a plane) fix the pose.
    expect(fitRigid(PITS.slice(0, 3), PITS.slice(0, 3)).ok).toBe(true);
  });

  it('never returns a reflection: a mirrored point set gets the best proper rotation, with a large FRE', () => {
    const mirrored = PITS.map((p) => [-p[0], p[1], p[2]] as Vec3);
    const fit = fitRigid(mirrored, PITS);
    if (!fit.ok) throw new Error(fit.error);
    expect(det3(fit.value.transform.rotation)).toBeCloseTo(1, 12);
    expect(fit.value.freMm).toBeGreaterThan(10);
  });
});
