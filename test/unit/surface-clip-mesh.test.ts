import { describe, expect, it } from 'vitest';
import { removeHalfSpace } from '../../src/volume/surface/clipMesh';

describe('removing the couch from a surface mesh (issue 19)', () => {
  it('drops the triangles wholly beyond the plane, keeps those that straddle it', () => {
    // Three triangles along +y: at y = 0 (patient), straddling y = 10, at y = 20 (couch).
    const positions = new Float32Array([
      0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 9, 0, 1, 11, 0, 0, 9, 1, 0, 20, 0, 1, 20, 0, 0, 20, 1,
    ]);
    const mesh = {
      positions,
      normals: new Float32Array(positions.length),
      indices: new Uint32Array([0, 1, 2, 3, 4, 5, 6, 7, 8]),
    };
    const out = removeHalfSpace(mesh, { pointLps: [0, 10, 0], normalLps: [0, 1, 0] });
    expect([...out.indices]).toEqual([0, 1, 2, 3, 4, 5]);
    expect(out.positions).toBe(positions);
  });
});
