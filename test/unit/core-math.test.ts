import { describe, expect, it } from 'vitest';
import { formatDicomDate, formatLps, formatPersonName } from '../../src/core/format';
import { invert4, multiply4, transformDirection, transformPoint } from '../../src/core/mat4';
import { angleDeg, cross } from '../../src/core/vec3';

describe('mat4', () => {
  // A tilted, anisotropic voxel-to-patient matrix like a gantry-tilted CT.
  const m = [0.5, 0, 0.1, -120, 0, 0.48, -0.3, 80, 0, 0.15, 2.9, -400, 0, 0, 0, 1];

  it('inverts an affine voxel-to-patient matrix', () => {
    const product = multiply4(m, invert4(m));
    const identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
    for (const [i, v] of product.entries()) expect(v).toBeCloseTo(identity[i]!, 12);
  });

  it('maps points with translation and directions without', () => {
    expect(transformPoint(m, [0, 0, 0])).toEqual([-120, 80, -400]);
    expect(transformPoint(m, [2, 0, 0])).toEqual([-119, 80, -400]);
    expect(transformDirection(m, [2, 0, 0])).toEqual([1, 0, 0]);
    const back = transformPoint(invert4(m), transformPoint(m, [10, 20, 30]));
    for (const [i, v] of back.entries()) expect(v).toBeCloseTo([10, 20, 30][i]!, 10);
  });

  it('refuses a singular matrix', () => {
    expect(() => invert4([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])).toThrow(/singular/);
  });
});

describe('vec3', () => {
  it('row x column direction of an axial slice is +z (superior) in LPS', () => {
    expect(cross([1, 0, 0], [0, 1, 0])).toEqual([0, 0, 1]);
    expect(angleDeg([1, 0, 0], [1, 1, 0])).toBeCloseTo(45, 12);
  });
});

describe('format', () => {
  it('names LPS axes with the anatomical letters', () => {
    expect(formatLps([-12.34, 5, 0])).toBe('R 12.3  P 5.0  S 0.0 mm');
    expect(formatLps([3, -4, -5.55])).toBe('L 3.0  A 4.0  I 5.5 mm');
  });

  it('formats DICOM dates and person names', () => {
    expect(formatDicomDate('20211108')).toBe('2021-11-08');
    expect(formatDicomDate(' unknown ')).toBe('unknown');
    expect(formatPersonName('Doe^John^Q')).toBe('Doe, John Q');
    expect(formatPersonName('LIDC-IDRI-0314')).toBe('LIDC-IDRI-0314');
    expect(formatPersonName('^^^^')).toBe('');
  });
});
