import { describe, expect, it } from 'vitest';
import type { Mat4 } from '../../src/core/mat4';
import { dropSmallComponents } from '../../src/volume/surface/components';
import { chooseStep, extractSurface } from '../../src/volume/surface/extract';
import { marchingCubes } from '../../src/volume/surface/marchingCubes';
import { meshBounds } from '../../src/volume/surface/mesh';
import { clusterVertices, simplifyToBudget, surfaceAreaMm2 } from '../../src/volume/surface/simplify';
import { signedVolumeMm3, sphereVolume } from './surface-fixtures';

const IDENTITY: Mat4 = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
const R = 20;
const volume = sphereVolume([48, 48, 48], IDENTITY, [23.5, 23.5, 23.5], R);
const full = marchingCubes(volume, { isoValue: 0 });
const fullTriangles = full.indices.length / 3;

describe('simplification to a triangle budget (vertex clustering)', () => {
  for (const budget of [8000, 2000, 500]) {
    it(`fits ${budget} triangles, keeps the bounds within a voxel and the shape within a few %`, () => {
      const simple = simplifyToBudget(full, budget);
      const count = simple.indices.length / 3;
      expect(count).toBeLessThanOrEqual(budget);
      expect(count).toBeGreaterThan(budget / 4); // the search does not overshoot to a tiny mesh
      const before = meshBounds(full);
      const after = meshBounds(simple);
      for (let a = 0; a < 3; a++) {
        expect(Math.abs(after.min[a]! - before.min[a]!)).toBeLessThan(1);
        expect(Math.abs(after.max[a]! - before.max[a]!)).toBeLessThan(1);
      }
      // coarser clusters cut corners: allow more volume loss as the cell grows (sagitta ~ cell^2 / 2R)
      const tolerance = budget >= 2000 ? 0.03 : 0.08;
      expect(Math.abs(signedVolumeMm3(simple) / signedVolumeMm3(full) - 1)).toBeLessThan(tolerance);
      expect(Math.abs(surfaceAreaMm2(simple) / surfaceAreaMm2(full) - 1)).toBeLessThan(tolerance);
    });
  }

  it('returns the mesh unchanged when it already fits', () => {
    const same = simplifyToBudget(full, fullTriangles);
    expect(same.cellMm).toBe(0);
    expect(same.indices).toBe(full.indices);
  });

  it('moves every vertex less than the cell diagonal from the original surface', () => {
    const cellMm = 3;
    const simple = clusterVertices(full, cellMm);
    const p = simple.positions;
    for (let i = 0; i < p.length; i += 3) {
      const r = Math.hypot(p[i]! - 23.5, p[i + 1]! - 23.5, p[i + 2]! - 23.5);
      expect(Math.abs(r - R)).toBeLessThan(Math.sqrt(3) * cellMm);
    }
  });
});

describe('speck filter', () => {
  it('drops pieces under the limit and keeps the big one', () => {
    // a 20 mm ball plus a 1.2 mm speck in one volume
    const speck = sphereVolume([48, 48, 48], IDENTITY, [5, 5, 5], 1.2);
    const data = volume.data.map((v, i) => Math.max(v, speck.data[i]!));
    const both = marchingCubes({ ...volume, data }, { isoValue: 0 });
    const filtered = dropSmallComponents(both, 200);
    expect(filtered.componentCount).toBe(2);
    expect(filtered.droppedComponents).toBe(1);
    expect(filtered.indices.length).toBe(full.indices.length);
    expect(filtered.positions.length).toBe(full.positions.length);
    expect(signedVolumeMm3(filtered)).toBeCloseTo(signedVolumeMm3(full), 3);
  });
});

describe('extractSurface pipeline', () => {
  it('chooses coarser steps on the finest axis first', () => {
    expect(chooseStep([512, 512, 134], [1.07, 1.07, 3], 16_000_000)).toEqual([2, 2, 1]);
    expect(chooseStep([512, 512, 134], [1.07, 1.07, 3], 40_000_000)).toEqual([1, 1, 1]);
    expect(chooseStep([512, 512, 600], [0.7, 0.7, 0.6], 2_000_000)).toEqual([4, 4, 4]);
  });

  it('reports counts and returns unit outward normals', () => {
    const { mesh, stats } = extractSurface(volume, { isoValue: 0, maxTriangles: 3000 });
    expect(stats.marchedTriangles).toBe(fullTriangles);
    expect(stats.triangles).toBe(mesh.indices.length / 3);
    expect(stats.triangles).toBeLessThanOrEqual(3000);
    expect(stats.cellMm).toBeGreaterThan(0);
    const { positions: p, normals: n } = mesh;
    for (let i = 0; i < p.length; i += 3) {
      expect(Math.hypot(n[i]!, n[i + 1]!, n[i + 2]!)).toBeCloseTo(1, 4);
      const radial = [p[i]! - 23.5, p[i + 1]! - 23.5, p[i + 2]! - 23.5];
      const cos =
        (radial[0]! * n[i]! + radial[1]! * n[i + 1]! + radial[2]! * n[i + 2]!) / Math.hypot(...radial);
      expect(cos).toBeGreaterThan(0.9);
    }
  });
});
