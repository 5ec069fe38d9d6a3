import { describe, expect, it } from 'vitest';
import { transformPoint } from '../../src/core/mat4';
import type { Volume } from '../../src/volume/volume';
import { cropVolume, planRegionVolume, regionIjk } from '../../src/xr/planRegion';

/** 40 x 30 x 20 voxels of 2 x 2 x 3 mm at LPS (-40, -30, -30); value = i + 100 j + 1000 k (fits Int16 here). */
function grid(): Volume {
  const dims = [40, 30, 20] as const;
  const data = new Int16Array(40 * 30 * 20);
  for (let k = 0; k < 20; k++)
    for (let j = 0; j < 30; j++)
      for (let i = 0; i < 40; i++) data[i + 40 * (j + 30 * k)] = i + 100 * j + 1000 * k;
  return {
    id: 'g',
    dims,
    spacingMm: [2, 2, 3],
    ijkToLps: [2, 0, 0, -40, 0, 2, 0, -30, 0, 0, 3, -30, 0, 0, 0, 1],
    data,
    rescaleSlope: 1,
    rescaleIntercept: 0,
    metadata: {} as Volume['metadata'],
    warnings: [],
  };
}

describe('clipped volume around the plan (headset)', () => {
  it('voxel bounds of the LPS box around the needle plus margin, clamped to the volume', () => {
    const v = grid();
    // entry (0, 0, 0) = ijk (20, 15, 10); target (10, -6, 3) = ijk (25, 12, 11); margin 4 mm
    // LPS box x -4..14 -> i 18..27; y -10..4 -> j 10..17; z -4..7 -> k 8.67..12.33 -> 8..13
    expect(
      regionIjk(
        v,
        [
          [0, 0, 0],
          [10, -6, 3],
        ],
        4,
      ),
    ).toEqual({ lo: [18, 10, 8], hi: [27, 17, 13] });
    // Beyond the volume's far corner: clamped at the last voxel.
    expect(regionIjk(v, [[40, 30, 30]], 10)!.hi).toEqual([39, 29, 19]);
    expect(regionIjk(v, [[500, 0, 0]], 10)).toBeUndefined();
  });

  it('a cropped voxel keeps its value and its LPS position', () => {
    const v = grid();
    const c = cropVolume(v, [18, 10, 8], [27, 17, 13]);
    expect(c.dims).toEqual([10, 8, 6]);
    // crop voxel (3, 2, 1) = original (21, 12, 9)
    expect(c.data[3 + 10 * (2 + 8 * 1)]).toBe(21 + 1200 + 9000);
    expect(transformPoint(c.ijkToLps, [3, 2, 1])).toEqual(transformPoint(v.ijkToLps, [21, 12, 9]));
  });

  it('plan region: crop then coarsen to at most 96 voxels an edge', () => {
    const v = grid();
    const r = planRegionVolume(v, [0, 0, 0], [0, 0, 10])!;
    expect(Math.max(...r.dims)).toBeLessThanOrEqual(96);
    // 25 mm margin: x -25..25 -> i 7.5..32.5 -> 7..33 (27 voxels)
    expect(r.dims[0]).toBe(27);
  });
});
