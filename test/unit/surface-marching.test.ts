import { describe, expect, it } from 'vitest';
import type { Mat4 } from '../../src/core/mat4';
import { transformPoint } from '../../src/core/mat4';
import { linearDeterminant, marchingCubes } from '../../src/volume/surface/marchingCubes';
import { meshBounds } from '../../src/volume/surface/mesh';
import { surfaceAreaMm2 } from '../../src/volume/surface/simplify';
import { edgeDefects, signedVolumeMm3, sphereVolume } from './surface-fixtures';

const IDENTITY: Mat4 = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
const R = 20;

describe('marching cubes on an analytic sphere (r = 20 mm, 1 mm voxels)', () => {
  const volume = sphereVolume([64, 64, 64], IDENTITY, [31.5, 31.5, 31.5], R);
  const mesh = marchingCubes(volume, { isoValue: 0 });

  it('encloses 4/3 pi r^3 and has area 4 pi r^2, within 1 %', () => {
    expect(signedVolumeMm3(mesh) / ((4 / 3) * Math.PI * R ** 3)).toBeCloseTo(1, 2);
    expect(surfaceAreaMm2(mesh) / (4 * Math.PI * R ** 2)).toBeCloseTo(1, 2);
  });

  it('is watertight with consistent winding and shares vertices', () => {
    expect(edgeDefects(mesh.indices)).toEqual({ open: 0, inconsistent: 0 });
    // Euler characteristic of a sphere: V - E + F = 2, with E = 3F/2 on a closed mesh.
    const v = mesh.positions.length / 3;
    const f = mesh.indices.length / 3;
    expect(v - (3 * f) / 2 + f).toBe(2);
  });

  it('puts every vertex on the sphere (within 0.05 mm) and winds triangles outward', () => {
    const p = mesh.positions;
    let worst = 0;
    for (let i = 0; i < p.length; i += 3)
      worst = Math.max(worst, Math.abs(Math.hypot(p[i]! - 31.5, p[i + 1]! - 31.5, p[i + 2]! - 31.5) - R));
    expect(worst).toBeLessThan(0.05);
    let outward = 0;
    const idx = mesh.indices;
    for (let t = 0; t < idx.length; t += 3) {
      const [a, b, c] = [idx[t]! * 3, idx[t + 1]! * 3, idx[t + 2]! * 3];
      const u = [p[b]! - p[a]!, p[b + 1]! - p[a + 1]!, p[b + 2]! - p[a + 2]!];
      const w = [p[c]! - p[a]!, p[c + 1]! - p[a + 1]!, p[c + 2]! - p[a + 2]!];
      const n = [u[1]! * w[2]! - u[2]! * w[1]!, u[2]! * w[0]! - u[0]! * w[2]!, u[0]! * w[1]! - u[1]! * w[0]!];
      const centroid = [0, 1, 2].map((k) => (p[a + k]! + p[b + k]! + p[c + k]!) / 3 - 31.5);
      if (n[0]! * centroid[0]! + n[1]! * centroid[1]! + n[2]! * centroid[2]! > 0) outward++;
    }
    expect(outward).toBe(idx.length / 3);
  });

  it('keeps the volume and closes the surface at steps 2 and 4', () => {
    for (const step of [2, 4]) {
      const coarse = marchingCubes(volume, { isoValue: 0, step });
      expect(edgeDefects(coarse.indices)).toEqual({ open: 0, inconsistent: 0 });
      expect(signedVolumeMm3(coarse) / ((4 / 3) * Math.PI * R ** 3)).toBeCloseTo(1, 1);
      expect(coarse.indices.length).toBeLessThan(mesh.indices.length / (step * step * 0.8));
    }
  });

  it('honours rescale slope and intercept (iso in real units)', () => {
    const stored = {
      ...volume,
      data: volume.data.map((v) => (v + 1024) / 2),
      rescaleSlope: 2,
      rescaleIntercept: -1024,
    };
    const again = marchingCubes(stored, { isoValue: 0 });
    expect(signedVolumeMm3(again) / signedVolumeMm3(mesh)).toBeCloseTo(1, 2);
  });
});

describe('marching cubes on noise (ambiguous cases everywhere)', () => {
  it('stays watertight and consistently wound on random voxels', () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const dims = [20, 17, 15] as const;
    const data = new Int16Array(dims[0] * dims[1] * dims[2]).map(() => Math.round(random() * 2000 - 1000));
    const mesh = marchingCubes(
      { dims, data, ijkToLps: IDENTITY, rescaleSlope: 1, rescaleIntercept: 0 },
      { isoValue: 0.5 },
    );
    expect(mesh.indices.length).toBeGreaterThan(1000);
    expect(edgeDefects(mesh.indices)).toEqual({ open: 0, inconsistent: 0 });
    expect(signedVolumeMm3(mesh)).toBeGreaterThan(0);
  });
});

describe('marching cubes through tilted, mirrored and feet-first matrices', () => {
  const centre = [10, -20, 35] as const;
  const r = 8;
  const deg = (15 * Math.PI) / 180;
  /** Row-major matrix with linear part `l` (columns = i, j, k steps in LPS) whose grid centre is `centre`. */
  const centred = (l: readonly number[]): Mat4 => {
    const t = [0, 1, 2].map((r) => centre[r]! - 15.5 * (l[r * 3]! + l[r * 3 + 1]! + l[r * 3 + 2]!));
    return [l[0]!, l[1]!, l[2]!, t[0]!, l[3]!, l[4]!, l[5]!, t[1]!, l[6]!, l[7]!, l[8]!, t[2]!, 0, 0, 0, 1];
  };
  const cases: Record<string, Mat4> = {
    // 0.8 x 0.7 mm pixels, 1.0 mm slices, rotated 15 deg about S and sheared like a gantry tilt
    tilted: centred([
      0.8 * Math.cos(deg),
      -0.7 * Math.sin(deg),
      0,
      0.8 * Math.sin(deg),
      0.7 * Math.cos(deg),
      Math.sin(deg),
      0,
      0,
      Math.cos(deg),
    ]),
    // feet-first supine: rows run to the patient's right (IOP row direction -x), slices to the head
    feetFirst: centred([-0.9, 0, 0, 0, 0.9, 0, 0, 0, 1.25]),
    // slices stacked towards the feet (k -> inferior) with the usual in-plane axes: det < 0
    inferiorStack: centred([0.9, 0, 0, 0, 0.9, 0, 0, 0, -1.25]),
  };
  for (const [name, m] of Object.entries(cases)) {
    it(`${name}: vertices on the LPS sphere, outward, closed (det sign ${Math.sign(linearDeterminant(m))})`, () => {
      const volume = sphereVolume([32, 32, 32], m, centre, r);
      // the sphere must be inside the grid for the test to mean anything
      const middle = transformPoint(m, [15.5, 15.5, 15.5]);
      expect(Math.hypot(middle[0] - centre[0], middle[1] - centre[1], middle[2] - centre[2])).toBeLessThan(8);
      const mesh = marchingCubes(volume, { isoValue: 0 });
      const p = mesh.positions;
      let worst = 0;
      for (let i = 0; i < p.length; i += 3)
        worst = Math.max(
          worst,
          Math.abs(Math.hypot(p[i]! - centre[0], p[i + 1]! - centre[1], p[i + 2]! - centre[2]) - r),
        );
      expect(worst).toBeLessThan(0.1);
      expect(edgeDefects(mesh.indices)).toEqual({ open: 0, inconsistent: 0 });
      expect(signedVolumeMm3(mesh) / ((4 / 3) * Math.PI * r ** 3)).toBeCloseTo(1, 1);
      const b = meshBounds(mesh);
      for (let a = 0; a < 3; a++) {
        expect(b.min[a]!).toBeCloseTo(centre[a]! - r, 0);
        expect(b.max[a]!).toBeCloseTo(centre[a]! + r, 0);
      }
    });
  }

  it("caps bone cut by the border on the volume's outer face (closed, never outside the volume)", () => {
    const volume = sphereVolume([24, 24, 24], IDENTITY, [0, 11.5, 11.5], 10);
    const mesh = marchingCubes(volume, { isoValue: 0 });
    expect(edgeDefects(mesh.indices)).toEqual({ open: 0, inconsistent: 0 });
    // half ball plus the half-voxel slab between the border voxel centres and the volume's face
    expect(signedVolumeMm3(mesh)).toBeCloseTo((2 / 3) * Math.PI * 1000 + 0.5 * Math.PI * 100, -2);
    expect(meshBounds(mesh).min[0]).toBe(-0.5);
  });
});
