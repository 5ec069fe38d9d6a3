import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../src/core/vec3';
import { distance, normalize, sub } from '../../src/core/vec3';
import { generatePhantom } from '../../src/phantom/index';
import { carmRecipe, squaredEndplateTiltDeg } from '../../src/planning/carm';
import {
  carmGeometry,
  SOURCE_TO_DETECTOR_MM,
  SOURCE_TO_ISOCENTRE_MM,
} from '../../src/planning/carmViewsGeometry';
import { findSquaringTiltDeg } from '../../src/planning/carmViewsSquaring';
import {
  computeDrr,
  computeDrrRays,
  drrStepMm,
  huToMuPerMm,
  MU_STEEL_PER_MM,
  MU_WATER_PER_MM,
  projectToDetector,
  rayCoverage,
  rayCylinderChordMm,
} from '../../src/volume/drr';
import {
  blurSigmaPx,
  displaySettingsFor,
  lowPass,
  MONITOR_LOOK,
  renderDrrGrey,
} from '../../src/volume/drrDisplay';
import type { Volume } from '../../src/volume/volume';
import { isotropicVolume, phantomVolume } from './volume-fixtures';

/** A cube of `hu` (n voxels of `spacing` mm, centred at the origin) in air. */
function cubeVolume(n: number, spacing: number, hu: (x: number, y: number, z: number) => number): Volume {
  return isotropicVolume('cube', n, spacing, (-(n - 1) / 2) * spacing, hu);
}

describe('HU to attenuation', () => {
  it('follows the CT number definition and clamps at 0', () => {
    expect(huToMuPerMm(0)).toBeCloseTo(MU_WATER_PER_MM, 12);
    expect(huToMuPerMm(-1000)).toBe(0);
    expect(huToMuPerMm(-1200)).toBe(0);
    expect(huToMuPerMm(1000)).toBeCloseTo(2 * MU_WATER_PER_MM, 12);
  });
});

describe('C-arm geometry', () => {
  it('puts source and detector at the stated distances on the recipe axis', () => {
    const iso: Vec3 = [10, -20, 30];
    const g = carmGeometry({ obliqueDeg: 25, tiltDeg: -12, isocentreLps: iso, fieldMm: 300 });
    expect(distance(g.sourceLps, iso)).toBeCloseTo(SOURCE_TO_ISOCENTRE_MM, 9);
    expect(distance(g.sourceLps, g.detectorCentreLps)).toBeCloseTo(SOURCE_TO_DETECTOR_MM, 9);
    // The isocentre projects to the image centre.
    const c = projectToDetector(g, iso)!;
    expect(c.fx).toBeCloseTo(0.5, 9);
    expect(c.fy).toBeCloseTo(0.5, 9);
  });

  it('shows a prone PA view with the head up and the patient right on screen right', () => {
    const g = carmGeometry({ obliqueDeg: 0, tiltDeg: 0, isocentreLps: [0, 0, 0], fieldMm: 300 });
    expect(projectToDetector(g, [-50, 0, 0])!.fx).toBeGreaterThan(0.5); // patient right (-x)
    expect(projectToDetector(g, [0, 0, 50])!.fy).toBeLessThan(0.5); // head
    // Magnification SID / SOD at the isocentre.
    expect((projectToDetector(g, [-50, 0, 0])!.fx - 0.5) * 300).toBeCloseTo((50 * 1000) / 650, 6);
  });
});

describe('CPU reference DRR', () => {
  it('integrates a water cube to mu_water x chord length (within 1%)', () => {
    const v = cubeVolume(40, 2, () => 0); // 80 mm of water
    const g = carmGeometry({ obliqueDeg: 0, tiltDeg: 0, isocentreLps: [0, 0, 0], fieldMm: 40 });
    const img = computeDrr(v, g, { sizePx: 9, stepMm: 1 });
    const centre = img[4 * 9 + 4]!;
    expect(centre / (MU_WATER_PER_MM * 80)).toBeCloseTo(1, 2);
  });

  it('sees more through a bone sphere than beside it', () => {
    const v = cubeVolume(40, 2, (x, y, z) => (Math.hypot(x, y, z) < 15 ? 1000 : 0));
    const g = carmGeometry({ obliqueDeg: 0, tiltDeg: 0, isocentreLps: [0, 0, 0], fieldMm: 100 });
    const img = computeDrr(v, g, { sizePx: 21, stepMm: 0.5 });
    // Through the centre: 80 mm water-equivalent path + 30 mm of an extra water's worth (1000 HU = 2 mu_water).
    expect(img[10 * 21 + 10]! / (MU_WATER_PER_MM * 110)).toBeCloseTo(1, 1);
    expect(img[10 * 21 + 10]!).toBeGreaterThan(img[10 * 21 + 1]!);
  });

  it('adds a steel needle: chord of a cylinder, 2r across the axis, its length along it', () => {
    const needle = { fromLps: [0, 0, -20] as Vec3, toLps: [0, 0, 20] as Vec3, radiusMm: 0.5 };
    expect(rayCylinderChordMm([0, -100, 0], [0, 1, 0], 500, needle)).toBeCloseTo(1, 9);
    expect(rayCylinderChordMm([0, -100, 30], [0, 1, 0], 500, needle)).toBe(0);
    expect(rayCylinderChordMm([0, 0, -100], [0, 0, 1], 500, needle)).toBeCloseTo(40, 9);
    expect(MU_STEEL_PER_MM).toBeGreaterThan(40 * MU_WATER_PER_MM);
  });
});

describe('DRR of the phantom', () => {
  const phantom = generatePhantom({ size: 'small', seed: 1 });
  const volume = phantomVolume(phantom);
  const l3 = phantom.truth.vertebrae.find((v) => v.name === 'L3')!;
  const n = 96;

  it('AP: the L3 pedicles project symmetric about the spinous process, left on screen left', () => {
    const iso = l3.bodyCentreLps;
    const g = carmGeometry({ obliqueDeg: 0, tiltDeg: 0, isocentreLps: iso, fieldMm: 300 });
    const img = computeDrr(volume, g, { sizePx: n, stepMm: 1.2 });
    const left = projectToDetector(g, l3.left.pedicleCentreLps)!;
    const right = projectToDetector(g, l3.right.pedicleCentreLps)!;
    const spinous = projectToDetector(g, l3.spinousProcessTipLps)!;
    expect(left.fx).toBeLessThan(spinous.fx);
    expect(right.fx).toBeGreaterThan(spinous.fx);
    // In the image: each pedicle's shadow (its attenuation above a straight baseline across +-6 px of its
    // projected column, averaged over its rows) has its centroid at mirror positions about the spinous process
    // (within 1.5 px). The widened pedicles (Zindrick 1987) project as rings whose two walls are about equally
    // dense, so the single brightest column flipped between the medial and the lateral wall from side to side:
    // the centroid of the whole shadow does not.
    const row = Math.round(left.fy * n - 0.5);
    const centroidNear = (fx: number) => {
      const c0 = Math.round(fx * n - 0.5);
      let sw = 0;
      let swc = 0;
      for (let r = row - 2; r <= row + 2; r++) {
        const a = img[r * n + c0 - 6]!;
        const b = img[r * n + c0 + 6]!;
        for (let c = c0 - 6; c <= c0 + 6; c++) {
          const w = Math.max(0, img[r * n + c]! - (a + ((b - a) * (c - c0 + 6)) / 12));
          sw += w;
          swc += w * c;
        }
      }
      return swc / sw;
    };
    const mid = spinous.fx * n - 0.5;
    const dl = mid - centroidNear(left.fx);
    const dr = centroidNear(right.fx) - mid;
    expect(dl).toBeGreaterThan(3);
    expect(Math.abs(dl - dr)).toBeLessThanOrEqual(1.5);
    // Left and right halves of the image carry the same attenuation (within 3%).
    let sumL = 0;
    let sumR = 0;
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n / 2; c++) {
        sumL += img[r * n + c]!;
        sumR += img[r * n + (n - 1 - c)]!;
      }
    expect(Math.abs(sumL - sumR) / sumR).toBeLessThan(0.03);
  });

  it('lateral: the spinous processes are posterior to the bodies, bone where the truth says', () => {
    const iso = l3.bodyCentreLps;
    const g = carmGeometry({ obliqueDeg: 90, tiltDeg: 0, isocentreLps: iso, fieldMm: 300 });
    const img = computeDrr(volume, g, { sizePx: n, stepMm: 1.2 });
    const body = projectToDetector(g, l3.bodyCentreLps)!;
    const tip = projectToDetector(g, l3.spinousProcessTipLps)!;
    // Left lateral of a prone patient seen from the detector: posterior is screen right.
    expect(tip.fx).toBeGreaterThan(body.fx + 0.1);
    const at = (p: { fx: number; fy: number }, dx = 0) =>
      img[Math.round(p.fy * n - 0.5) * n + Math.round(p.fx * n - 0.5) + dx]!;
    // Bone at the spinous process just inside its tip, soft tissue 8 px further posterior.
    expect(at(tip, -1)).toBeGreaterThan(at(tip, 8) + 0.1);
    expect(at(body)).toBeGreaterThan(at(tip, 8));
  });

  it("a coaxial needle is a dot in its bull's-eye view and a line in its progression view", () => {
    const target = phantom.truth.segments.find((s) => s.name === 'L4-L5')!.right.safeTriangleCentreLps;
    const entry: Vec3 = [target[0] - 35, target[1] + 70, target[2] + 15];
    const dir = normalize(sub(target, entry));
    const recipe = carmRecipe(dir, 'right');
    const needle = { fromLps: entry, toLps: target, radiusMm: 0.36 }; // 22G: 0.72 mm
    // Odd size: a pixel centre sits on the central ray (the needle axis), as on a 511 or 512 px image.
    const m = 97;
    const dark = (obliqueDeg: number, tiltDeg: number) => {
      const g = carmGeometry({ obliqueDeg, tiltDeg, isocentreLps: target, fieldMm: 220 });
      const withNeedle = computeDrr(volume, g, { sizePx: m, stepMm: 2, needles: [needle] });
      const without = computeDrr(volume, g, { sizePx: m, stepMm: 2 });
      const cols: number[] = [];
      const rows: number[] = [];
      for (let i = 0; i < m * m; i++)
        if (withNeedle[i]! - without[i]! > 0.05) {
          cols.push(i % m);
          rows.push(Math.floor(i / m));
        }
      const extent = Math.max(Math.max(...cols) - Math.min(...cols), Math.max(...rows) - Math.min(...rows));
      return { count: cols.length, extent };
    };
    const bull = dark(recipe.bullsEye.obliqueDeg, recipe.bullsEye.tiltDeg);
    expect(bull.count).toBeGreaterThan(0);
    expect(bull.extent).toBeLessThanOrEqual(1); // a dot: at most 2x2 px of 2.3 mm
    const prog = dark(recipe.progression.obliqueDeg, recipe.progression.tiltDeg);
    // ~80 mm of needle seen from the side at ~1.5x on a 220 mm field of 97 px: ~50 px long.
    expect(prog.extent).toBeGreaterThan(40);
  });

  it('squares the L1-L5 superior endplates from the image, within 4 deg of the truth', () => {
    // Measured on this 2.4 x 2.4 x 3 mm phantom: errors 0.5-3 deg (the tilts span -11 to +21 deg).
    for (const name of ['L1', 'L3', 'L5'] as const) {
      const v = phantom.truth.vertebrae.find((t) => t.name === name)!;
      const expected = squaredEndplateTiltDeg(v.superiorEndplateNormal, 0);
      // The endplate nearest the isocentre is squared: 4 mm into the body below the superior endplate (the
      // body centre is as near the inferior one).
      const n = v.superiorEndplateNormal;
      const iso = [0, 1, 2].map((i) => v.superiorEndplateCentreLps[i]! - 4 * n[i]!) as [
        number,
        number,
        number,
      ];
      const found = findSquaringTiltDeg(volume, iso);
      expect(Math.abs(found - expected), name).toBeLessThanOrEqual(4);
    }
  });
});

/** The small phantom made mirror-symmetric about x = 0 (its left half copied onto its right). */
function mirroredPhantomVolume(): Volume {
  const ph = generatePhantom({ size: 'small', seed: 1 });
  const [nx, ny, nz] = ph.dims;
  const hu = ph.hu.slice();
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = nx / 2; i < nx; i++) hu[i + nx * (j + ny * k)] = hu[nx - 1 - i + nx * (j + ny * k)]!;
  return phantomVolume({ ...ph, hu });
}

describe('symmetric phantom, AP (issue 18: no centre seam)', () => {
  const volume = mirroredPhantomVolume();
  it('has x = 0 on its mirror plane', () => {
    // Voxel i and nx-1-i sit at mirror x: the grid is centred on x = 0.
    const [nx] = volume.dims;
    expect(volume.ijkToLps[3]! + ((nx - 1) / 2) * volume.ijkToLps[0]!).toBeCloseTo(0, 9);
  });

  it('gives a mirror-symmetric AP image: line integrals and displayed grey levels', () => {
    const n = 64;
    const g = carmGeometry({ obliqueDeg: 0, tiltDeg: 0, isocentreLps: [0, 5, 0], fieldMm: 300 });
    const rays = computeDrrRays(volume, g, { sizePx: n, stepMm: drrStepMm(volume) });
    let worst = 0;
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n / 2; c++) {
        const a = rays.lineIntegrals[r * n + c]!;
        const b = rays.lineIntegrals[r * n + n - 1 - c]!;
        worst = Math.max(worst, Math.abs(a - b));
      }
    expect(worst).toBeLessThan(1e-4);
    const lp = lowPass(rays.lineIntegrals, rays.coverage, n, blurSigmaPx(MONITOR_LOOK, 300, n));
    const s = displaySettingsFor(lp, { look: MONITOR_LOOK, fieldMm: 300, collimation: 1, blackBone: true });
    const grey = renderDrrGrey(rays.lineIntegrals, rays.coverage, n, lp, s);
    let worstGrey = 0;
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n / 2; c++)
        worstGrey = Math.max(worstGrey, Math.abs(grey[r * n + c]! - grey[r * n + n - 1 - c]!));
    expect(worstGrey).toBeLessThanOrEqual(1);
    // No step at the centre: the two middle columns differ no more than their neighbours do on average.
    let centre = 0;
    let beside = 0;
    for (let r = 0; r < n; r++) {
      centre += Math.abs(grey[r * n + n / 2]! - grey[r * n + n / 2 - 1]!);
      beside += Math.abs(grey[r * n + n / 2 - 2]! - grey[r * n + n / 2 - 3]!);
    }
    expect(centre).toBeLessThanOrEqual(beside + n);
  });
});

describe('scanned range, couch clip and needle gauge', () => {
  it('coverage is 1 inside the scanned slab and falls to 0 beyond its last slice', () => {
    // 40 mm of water cube, 80 mm wide: a 300 mm field at the isocentre reaches far above and below it.
    const v = isotropicVolume('slab', 40, 2, -39, () => 0);
    const g = carmGeometry({ obliqueDeg: 0, tiltDeg: 0, isocentreLps: [0, 0, 0], fieldMm: 300 });
    const n = 41;
    const { coverage } = computeDrrRays(v, g, { sizePx: n, stepMm: 2 });
    const centre = 20 * n + 20;
    expect(coverage[centre]).toBeCloseTo(1, 6);
    expect(coverage[2 * n + 20]).toBe(0); // near the top: above the volume
    expect(coverage[38 * n + 20]).toBe(0);
    // A ray crossing the last slice's plane inside the box covers part of its path.
    const column = Array.from({ length: n }, (_, r) => coverage[r * n + 20]!);
    expect(column.some((c) => c > 0.05 && c < 0.95)).toBe(true);
    expect(rayCoverage([0.5, 0.5, 0.5], [0, 1, 0])).toBe(1);
  });

  it('the clip plane leaves a couch out of the line integrals', () => {
    // Water body above y = 20, a 200 HU "couch" slab behind it: clipped at y = 20 the couch is gone.
    const withCouch = isotropicVolume('couch', 40, 2, -39, (_x, y) => (y > 24 ? 200 : y < 20 ? 0 : -1000));
    const without = isotropicVolume('nocouch', 40, 2, -39, (_x, y) => (y < 20 ? 0 : -1000));
    const g = carmGeometry({ obliqueDeg: 0, tiltDeg: 0, isocentreLps: [0, 0, 0], fieldMm: 40 });
    const clip = { pointLps: [0, 22, 0] as Vec3, normalLps: [0, 1, 0] as Vec3 };
    const a = computeDrr(withCouch, g, { sizePx: 9, stepMm: 0.5, clip });
    const b = computeDrr(without, g, { sizePx: 9, stepMm: 0.5 });
    const c = computeDrr(withCouch, g, { sizePx: 9, stepMm: 0.5 });
    expect(Math.abs(a[40]! - b[40]!)).toBeLessThan(0.01);
    expect(c[40]! - b[40]!).toBeGreaterThan(0.2);
  });

  it("a 22G needle in bull's-eye darkens the centre pixel at every zoom and resolution", () => {
    const v = cubeVolume(40, 2, () => 0);
    const needle = { fromLps: [0, 60, 0] as Vec3, toLps: [0, 0, 0] as Vec3, radiusMm: 0.359 };
    // The AP central ray runs along y: the needle is seen end-on.
    for (const fieldMm of [300, 220, 150])
      for (const n of [65, 129, 257]) {
        const g = carmGeometry({ obliqueDeg: 0, tiltDeg: 0, isocentreLps: [0, 0, 0], fieldMm });
        const rays = computeDrrRays(v, g, { sizePx: n, stepMm: 4, needles: [needle] });
        const plain = computeDrrRays(v, g, { sizePx: n, stepMm: 4 });
        const c = ((n - 1) / 2) * n + (n - 1) / 2;
        // Steel fills part of the pixel: its transmission falls by at least the covered share (>= 5%).
        expect(rays.lineIntegrals[c]! - plain.lineIntegrals[c]!, `${fieldMm} mm, ${n} px`).toBeGreaterThan(
          0.05,
        );
      }
  });
});
