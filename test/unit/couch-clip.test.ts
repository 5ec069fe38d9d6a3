import { describe, expect, it } from 'vitest';
import { compactBody } from '../../src/analysis/labels';
import { BODY_COUCH, BODY_INSIDE, BODY_OUTSIDE, type BodyMask } from '../../src/analysis/types';
import { couchClip } from '../../src/planning/couchClip';

/** A 40 x 40 x 6 mask at 2 mm (LPS-aligned, voxel 0 at -40 mm): a body disc, a couch slab 6 mm behind it. */
function mask(couchSide: 1 | -1, couchFound = true): BodyMask {
  const [nx, ny, nz] = [40, 40, 6];
  const labels = new Uint8Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const x = -40 + 2 * i;
        const y = -40 + 2 * j;
        const inBody = Math.hypot(x, y) < 24;
        const inCouch = couchSide * y >= 30 && couchSide * y <= 34;
        labels[i + nx * (j + ny * k)] = inBody ? BODY_INSIDE : inCouch ? BODY_COUCH : BODY_OUTSIDE;
      }
  return compactBody({
    grid: {
      dims: [nx, ny, nz],
      spacingMm: 2,
      ijkToLps: [2, 0, 0, -40, 0, 2, 0, -40, 0, 0, 2, 0, 0, 0, 0, 1],
    },
    labels,
    couchFound,
  });
}

describe('CT couch as a clip half-space for the C-arm image', () => {
  it('finds the couch behind a supine body: clip beyond its top surface, toward +y', () => {
    const clip = couchClip(mask(1))!;
    expect(clip.normalLps).toEqual([0, 1, 0]);
    expect(clip.pointLps[1]).toBeCloseTo(30, 6);
  });

  it('and in front of a prone one, toward -y', () => {
    const clip = couchClip(mask(-1))!;
    expect(clip.normalLps).toEqual([0, -1, 0]);
    expect(clip.pointLps[1]).toBeCloseTo(-30, 6);
  });

  it('gives nothing when the analysis found no couch', () => {
    expect(couchClip(mask(1, false))).toBeUndefined();
  });
});
