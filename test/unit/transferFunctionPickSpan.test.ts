import { describe, expect, it } from 'vitest';
import { type ClipPlane, FULL_CROP_BOX } from '../../src/core/volumeRendering';
import { textureToLpsMatrix } from '../../src/render/volumeBox';
import { firstVisibleHitLps, visibleRaySpan } from '../../src/scene/volume3d/visibleRaySpan';
import type { Volume } from '../../src/volume/volume';

/**
 * Picking in the 3D view honours what the transfer-function view shows: crop box and clip plane
 * (scene/volume3d/visibleRaySpan.ts; the file name keeps to this area's test naming).
 * The sphere of test/e2e/syntheticVolume.ts: 1000+ HU, radius 20 mm, 2 mm voxels, voxel 32 at LPS 0.
 */
function sphere(): Volume {
  const n = 64;
  const data = new Int16Array(n ** 3);
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++)
        data[i + n * (j + n * k)] = Math.hypot(i - 32, j - 32, k - 32) * 2 <= 20 ? 1000 : -1000;
  return {
    id: 's',
    dims: [n, n, n],
    spacingMm: [2, 2, 2],
    ijkToLps: [2, 0, 0, -64, 0, 2, 0, -64, 0, 0, 2, -64, 0, 0, 0, 1],
    data,
    rescaleSlope: 1,
    rescaleIntercept: 0,
    metadata: {} as Volume['metadata'],
    warnings: [],
  };
}

const volume = sphere();
const fromFront = { origin: [0, -300, 0] as const, dir: [0, 1, 0] as const };
const noClip: ClipPlane = { enabled: false, normalLps: [0, 1, 0], offsetMm: 0 };
const pick = (crop = FULL_CROP_BOX, clip = noClip) =>
  firstVisibleHitLps(volume, fromFront.origin, fromFront.dir, 250, 1000, crop, clip);

describe('3D picking within the visible volume', () => {
  it('hits the sphere surface when nothing is cut away', () => {
    expect(pick()![1]).toBeCloseTo(-20.75, 1); // 250 HU between the voxels at -20 (1000) and -22 (-1000)
  });

  it('lands on the crop face when the crop box cuts the sphere', () => {
    // j from 0.5: the anterior half (y < -1 mm, the box centre) is cropped away.
    const hit = pick({ min: [0, 0.5, 0], max: [1, 1, 1] });
    expect(hit![1]).toBeCloseTo(-1, 1);
  });

  it('lands on the clip plane when it removes the anterior part', () => {
    // Removes anterior beyond 10 mm from the centre (y < -11).
    const hit = pick(FULL_CROP_BOX, { enabled: true, normalLps: [0, -1, 0], offsetMm: 10 });
    expect(hit![1]).toBeCloseTo(-11, 1);
    // A disabled plane changes nothing.
    expect(pick(FULL_CROP_BOX, { enabled: false, normalLps: [0, -1, 0], offsetMm: 10 })![1]).toBeCloseTo(
      -20.75,
      1,
    );
  });

  it('misses when the ray passes only through cut-away parts', () => {
    expect(pick({ min: [0.6, 0, 0], max: [1, 1, 1] })).toBeUndefined(); // x > ~12 mm kept: ray at x = 0
    expect(pick(FULL_CROP_BOX, { enabled: true, normalLps: [1, 0, 0], offsetMm: -10 })).toBeUndefined();
  });

  it('gives the span through the box in ray units, and null behind the camera', () => {
    const m = textureToLpsMatrix(volume.ijkToLps, volume.dims);
    const span = visibleRaySpan([0, -300, 0], [0, 1, 0], m, FULL_CROP_BOX, noClip, [-1, -1, -1]);
    // Box spans y from -65 to 63 mm.
    expect(span!.nearT).toBeCloseTo(235, 9);
    expect(span!.farT).toBeCloseTo(363, 9);
    expect(visibleRaySpan([0, -300, 0], [0, -1, 0], m, FULL_CROP_BOX, noClip, [-1, -1, -1])).toBeNull();
  });
});
