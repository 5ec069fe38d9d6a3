import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../src/core/vec3';
import { add, angleDeg, distance, scale } from '../../src/core/vec3';
import { carmGeometry } from '../../src/planning/carmViewsGeometry';
import { SKIN_AIR_HU } from '../../src/planning/huThresholds';
import {
  firstSkinHitLps,
  imageFractionAt,
  needleOnSkinFromImage,
  rotateAbout,
  steeredDirection,
} from '../../src/scene/trainee/fluoroRay';
import { projectToDetector } from '../../src/volume/drr';
import { lpsSampler } from '../../src/volume/sample';
import type { Volume } from '../../src/volume/volume';
import { isotropicGrid, syntheticVolume } from './volume-fixtures';

/**
 * A 61 mm box of water (0 HU, voxel centres -30..30 mm) at 1 mm voxels in air (-1000 HU), and behind it
 * (posterior, +y) a 12 mm couch top of 60 HU (y = 36..47 mm) as in the phantom (phantom/softTissue.ts).
 */
function waterBox(): Volume {
  const inSlab = (i: number, k: number) => i >= 20 && i <= 80 && k >= 20 && k <= 80;
  return syntheticVolume(
    [101, 101, 101],
    isotropicGrid(1, -50),
    (i, j, k) => {
      if (!inSlab(i, k)) return -1000;
      if (j >= 20 && j <= 80) return 0;
      return j >= 86 && j <= 97 ? 60 : -1000;
    },
    { id: 'box' },
  );
}

const near = (a: Vec3, b: Vec3, mm: number) => expect(distance(a, b)).toBeLessThan(mm);

describe('placing the needle from the fluoroscopy image', () => {
  const box = waterBox();
  const sample = lpsSampler(box);

  it('finds the skin where the ray first crosses the body-to-air threshold (-500 HU), past the CT couch', () => {
    const hit = firstSkinHitLps(sample, [3, 200, -4], [0, -1, 0], 400);
    expect(hit).toBeDefined();
    expect(SKIN_AIR_HU).toBe(-500);
    // -500 HU lies halfway from air (-1000, y = 31) to water (0, y = 30): y = 30.5.
    near(hit!, [3, 30.5, -4], 0.06);
    // Without the minimum run the 12 mm couch is taken: -500 HU at 500/1060 of the way from y = 48 to 47.
    near(
      firstSkinHitLps(sample, [3, 200, -4], [0, -1, 0], 400, { minRunMm: 0 })!,
      [3, 48 - 500 / 1060, -4],
      0.06,
    );
    expect(firstSkinHitLps(sample, [45, 200, 0], [0, -1, 0], 400)).toBeUndefined();
  });

  it('enters from the detector side (the back of a prone patient) and points toward the source', () => {
    const g = carmGeometry({ obliqueDeg: 0, tiltDeg: 0, isocentreLps: [0, 0, 0], fieldMm: 300 });
    const placed = needleOnSkinFromImage(g, 0.5, 0.5, sample);
    expect(placed).toBeDefined();
    near(placed!.entryLps, [0, 30.5, 0], 0.06);
    near(placed!.directionLps, [0, -1, 0], 1e-9);
    // Off centre: the entry lies on the clicked ray and projects back to the clicked point.
    const off = needleOnSkinFromImage(g, 0.58, 0.43, sample)!;
    const p = projectToDetector(g, off.entryLps)!;
    expect(p.fx).toBeCloseTo(0.58, 9);
    expect(p.fy).toBeCloseTo(0.43, 9);
    const deeper = projectToDetector(g, add(off.entryLps, scale(off.directionLps, 40)))!;
    expect(deeper.fx).toBeCloseTo(0.58, 9);
    expect(needleOnSkinFromImage(g, 0.99, 0.5, sample)).toBeUndefined();
  });

  it('maps a pointer to image fractions the way the overlay maps them back (square field, centred)', () => {
    expect(imageFractionAt(400, 300, 800, 600)).toEqual({ fx: 0.5, fy: 0.5 });
    expect(imageFractionAt(100, 0, 800, 600)).toEqual({ fx: 0, fy: 0 });
    expect(imageFractionAt(700, 600, 800, 600)).toEqual({ fx: 1, fy: 1 });
  });
});

describe('steering about the image axes', () => {
  it('rotates by Rodrigues: 90 deg about z takes x to y', () => {
    near(rotateAbout([1, 0, 0], [0, 0, 2], 90), [0, 1, 0], 1e-12);
  });

  it('moves a coaxial needle tip 1 deg toward the asked side of the image', () => {
    const g = carmGeometry({ obliqueDeg: 25, tiltDeg: -10, isocentreLps: [0, 0, 0], fieldMm: 300 });
    const dir = scale(add(g.sourceLps, scale(g.detectorCentreLps, -1)), 1 / 1000);
    const entry: Vec3 = add([0, 0, 0], scale(dir, -40));
    const base = projectToDetector(g, add(entry, scale(dir, 60)))!;
    for (const [toward, dfx, dfy] of [
      ['right', 1, 0],
      ['left', -1, 0],
      ['up', 0, -1],
      ['down', 0, 1],
    ] as const) {
      const turned = steeredDirection(dir, g, toward, 1);
      expect(angleDeg(turned, dir)).toBeCloseTo(1, 9);
      const p = projectToDetector(g, add(entry, scale(turned, 60)))!;
      if (dfx) expect(Math.sign(p.fx - base.fx)).toBe(dfx);
      else expect(Math.abs(p.fx - base.fx)).toBeLessThan(1e-9);
      if (dfy) expect(Math.sign(p.fy - base.fy)).toBe(dfy);
      else expect(Math.abs(p.fy - base.fy)).toBeLessThan(1e-9);
    }
  });
});
