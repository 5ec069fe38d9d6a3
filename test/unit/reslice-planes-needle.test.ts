import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../src/core/vec3';
import { cross, dot, length, normalize, sub } from '../../src/core/vec3';
import {
  lpsToPlane,
  needleDepthTicksMm,
  needlePlane,
  needleUpLps,
  needleUpReference,
  type SlicePlane,
} from '../../src/volume/slicePlanes';

const near = (a: Vec3, b: Vec3, digits = 9) => {
  for (let i = 0; i < 3; i++) expect(a[i]).toBeCloseTo(b[i]!, digits);
};
const distanceFromPlane = (p: SlicePlane, lps: Vec3) => dot(sub(lps, p.originLps), p.normalLps);
const orthonormal = (p: SlicePlane) => {
  expect(length(p.uLps)).toBeCloseTo(1, 12);
  expect(length(p.vLps)).toBeCloseTo(1, 12);
  expect(dot(p.uLps, p.vLps)).toBeCloseTo(0, 12);
  near(cross(p.uLps, p.vLps), p.normalLps, 12);
};

// A posterior-oblique lumbar approach: entry posterior, lateral and a little cranial to the target.
const line = { entryLps: [40, 90, 20] as Vec3, targetLps: [10, 20, 5] as Vec3 };
const opts = { rotationDeg: 0, depthMm: 0, reference: 'superior' as const };

describe('needle-locked planes', () => {
  it('in-plane views contain entry and target and are orthonormal', () => {
    for (const kind of ['inPlaneA', 'inPlaneB'] as const)
      for (const rotationDeg of [0, 33, 90, 200]) {
        const p = needlePlane(line, kind, { ...opts, rotationDeg });
        if (!p) throw new Error('no plane');
        orthonormal(p);
        expect(distanceFromPlane(p, line.entryLps)).toBeCloseTo(0, 9);
        expect(distanceFromPlane(p, line.targetLps)).toBeCloseTo(0, 9);
        // The needle lies along screen x, target on the left, symmetric about the centre.
        const [ex, ey] = lpsToPlane(p, line.entryLps);
        const [tx, ty] = lpsToPlane(p, line.targetLps);
        expect(ey).toBeCloseTo(0, 9);
        expect(ty).toBeCloseTo(0, 9);
        expect(ex).toBeCloseTo(-tx, 9);
        expect(tx).toBeLessThan(0);
      }
  });

  it('view B is view A turned 90 deg about the needle; rotation turns both', () => {
    const a = needlePlane(line, 'inPlaneA', { ...opts, rotationDeg: 25 });
    const b = needlePlane(line, 'inPlaneB', { ...opts, rotationDeg: 25 });
    const a2 = needlePlane(line, 'inPlaneA', { ...opts, rotationDeg: 115 });
    if (!a || !b || !a2) throw new Error('no plane');
    expect(dot(a.normalLps, b.normalLps)).toBeCloseTo(0, 12);
    near(b.vLps, a2.vLps, 12);
  });

  it('keeps superior up: at rotation 0 view A has the patient superior axis in its up direction', () => {
    const a = needlePlane(line, 'inPlaneA', opts);
    const down = needlePlane(line, 'down', opts);
    if (!a || !down) throw new Error('no plane');
    // Superior lies in the plane (its only components are along the needle and up) and points up-screen.
    expect(Math.abs(dot([0, 0, 1], a.normalLps))).toBeCloseTo(0, 12);
    expect(a.vLps[2]).toBeGreaterThan(0.9);
    expect(down.vLps[2]).toBeGreaterThan(0.9);
  });

  it('down view: perpendicular to the needle, seen from the entry, depth clamped to the needle', () => {
    const len = length(sub(line.targetLps, line.entryLps));
    const d = normalize(sub(line.targetLps, line.entryLps));
    const at = (depthMm: number) => needlePlane(line, 'down', { ...opts, depthMm });
    const mid = at(len / 2);
    if (!mid) throw new Error('no plane');
    orthonormal(mid);
    near(mid.normalLps, [-d[0], -d[1], -d[2]], 12);
    expect(distanceFromPlane(mid, line.entryLps)).toBeCloseTo(len / 2, 9);
    // The needle passes through the centre of the view at every depth.
    near(at(0)?.originLps ?? [0, 0, 0], line.entryLps);
    near(at(len + 50)?.originLps ?? [0, 0, 0], line.targetLps);
    near(at(-5)?.originLps ?? [0, 0, 0], line.entryLps);
  });

  it('is continuous while a handle is dragged: no spinning for small moves', () => {
    let previous = needlePlane(line, 'inPlaneA', opts);
    for (let step = 1; step <= 50; step++) {
      const moved = { ...line, targetLps: [10 + step * 0.4, 20 - step * 0.2, 5 + step * 0.3] as Vec3 };
      const p = needlePlane(moved, 'inPlaneA', opts);
      if (!p || !previous) throw new Error('no plane');
      // Each 0.5 mm move turns the up axis by well under a degree.
      expect(dot(p.vLps, previous.vLps)).toBeGreaterThan(Math.cos((1 * Math.PI) / 180));
      previous = p;
    }
  });

  it('uses anterior as up when the needle runs nearly S-I, with hysteresis', () => {
    const si = normalize([0.05, 0.02, 1]);
    expect(needleUpReference(si, null)).toBe('anterior');
    near(
      needleUpLps(si, 'anterior'),
      normalize(sub([0, -1, 0], [si[0] * -si[1], si[1] * -si[1], si[2] * -si[1]])),
    );
    // Between the thresholds the previous choice stays.
    const between = normalize([0, 0.37, 1]); // superior left ~0.35
    expect(needleUpReference(between, 'anterior')).toBe('anterior');
    expect(needleUpReference(between, 'superior')).toBe('superior');
    expect(needleUpReference(normalize([0, 1, 0.2]), 'anterior')).toBe('superior');
  });

  it('has no plane for a zero-length needle; ticks every 10 mm inside the needle', () => {
    expect(needlePlane({ entryLps: [1, 2, 3], targetLps: [1, 2, 3] }, 'down', opts)).toBeNull();
    expect(needleDepthTicksMm(35)).toEqual([10, 20, 30]);
    expect(needleDepthTicksMm(30)).toEqual([10, 20]);
  });
});
