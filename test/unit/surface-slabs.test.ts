import { describe, expect, it } from 'vitest';
import { generatePhantom } from '../../src/phantom/index';
import { BONE_THRESHOLD_HU, marchingCubes } from '../../src/volume/surface/marchingCubes';
import { planSlabs, slabVolume, weldSlabs } from '../../src/volume/surface/slabs';
import { phantomVolume } from './volume-fixtures';

/** Undirected edges used other than exactly twice (0 on a closed 2-manifold). */
function openEdges(indices: Uint32Array): number {
  const uses = new Map<number, number>();
  for (let t = 0; t < indices.length; t += 3)
    for (let e = 0; e < 3; e++) {
      const a = indices[t + e]!;
      const b = indices[t + ((e + 1) % 3)]!;
      const key = Math.min(a, b) * 4_194_304 + Math.max(a, b);
      uses.set(key, (uses.get(key) ?? 0) + 1);
    }
  let bad = 0;
  for (const n of uses.values()) if (n !== 2) bad++;
  return bad;
}

/** Triangles as sorted position triples, so two meshes compare regardless of vertex numbering. */
function triangleKeys(mesh: { positions: Float32Array; indices: Uint32Array }): string[] {
  const { positions: p, indices } = mesh;
  const out: string[] = [];
  for (let t = 0; t < indices.length; t += 3) {
    const corners = [0, 1, 2].map((e) => {
      const v = 3 * indices[t + e]!;
      return [p[v]!, p[v + 1]!, p[v + 2]!].map((x) => x.toFixed(2)).join(',');
    });
    // Keep the winding: rotate so the smallest corner comes first.
    const first = corners.indexOf([...corners].sort()[0]!);
    out.push([0, 1, 2].map((e) => corners[(first + e) % 3]).join('|'));
  }
  return out.sort();
}

describe('bone surface in slabs (issue 20: marching cubes on all cores)', () => {
  const phantom = generatePhantom({ size: 'small', seed: 3 });
  const volume = phantomVolume(phantom, { id: 'slabs', metadata: { modality: 'CT' } });
  const isoValue = BONE_THRESHOLD_HU;

  for (const [count, step] of [
    [2, 1],
    [3, 1],
    [4, 2],
    [7, 4],
  ] as const) {
    it(`${count} slabs at step ${step} weld into the same closed mesh as one pass`, () => {
      const whole = marchingCubes(volume, { isoValue, step });
      const slabs = planSlabs(volume.dims[2], step, count);
      expect(slabs.length).toBe(count);
      const welded = weldSlabs(
        slabs.map((slab) => marchingCubes(slabVolume(volume, slab), { isoValue, step, ends: slab.ends })),
      );
      expect(welded.indices.length).toBe(whole.indices.length);
      expect(welded.positions.length).toBe(whole.positions.length);
      expect(openEdges(welded.indices)).toBe(0);
      expect(triangleKeys(welded)).toEqual(triangleKeys(whole));
    });
  }
});
