import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../src/core/vec3';
import { sliceNormal } from '../../src/dicom/series/geometry';
import { groupSlices } from '../../src/dicom/series/group';
import { layoutStack } from '../../src/dicom/series/layout';
import { orderGroup } from '../../src/dicom/series/stack';
import { pickBestSeries, type SeriesSummary } from '../../src/dicom/series/summary';
import { axialStack, ctInstance, shuffled } from './series-fixtures';

const zAxis: Vec3 = [0, 0, 1];
const ipps = (zs: number[]): Vec3[] => zs.map((z) => [-100, -120, z]);

describe('layoutStack', () => {
  it('maps an even stack 1:1 with the mean IPP step and no warning', () => {
    const r = layoutStack(ipps([0, 2.5, 5, 7.5]), zAxis);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.resampled).toBe(false);
    expect(r.value.stepLps).toEqual([0, 0, 2.5]);
    expect(r.value.plan.map((p) => p.below)).toEqual([0, 1, 2, 3]);
    expect(r.value.warnings).toEqual([]);
  });

  it('fills a missing slice by interpolation and says so', () => {
    const r = layoutStack(ipps([0, 1, 2, 4, 5]), zAxis);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.plan).toHaveLength(6);
    expect(r.value.plan[3]).toEqual({ below: 2, above: 3, weight: 0.5 });
    expect(r.value.plan[4]).toEqual({ below: 3, above: 3, weight: 0 });
    expect(r.value.warnings.join()).toMatch(/1 slice missing .*interpolation/);
  });

  it('resamples uneven spacing at the median step, keeping both ends exact', () => {
    const r = layoutStack(ipps([0, 4, 8, 9, 16, 23, 30]), zAxis);
    if (!r.ok) throw new Error(r.error);
    const { plan, stepLps, warnings } = r.value;
    expect(plan[0]).toEqual({ below: 0, above: 0, weight: 0 });
    expect(plan[plan.length - 1]).toEqual({ below: 6, above: 6, weight: 0 });
    expect(stepLps[2] * (plan.length - 1)).toBeCloseTo(30, 9);
    expect(warnings.join()).toMatch(/uneven slice spacing \(1\.00-7\.00 mm\): resampled/);
  });

  it('refuses a gap too large to fill', () => {
    const r = layoutStack(ipps([0, 1, 2, 3, 40, 41]), zAxis);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/37\.00 mm gap/);
  });

  it('refuses slices that do not lie on one line', () => {
    const points: Vec3[] = [
      [0, 0, 0],
      [0, 0, 1],
      [5, 0, 2],
      [0, 0, 3],
    ];
    const r = layoutStack(points, zAxis);
    expect(r.ok).toBe(false);
  });

  it('carries gantry tilt as shear in the step vector and names the angle', () => {
    const tilt = (18.5 * Math.PI) / 180;
    // Table moves along z; the image plane is tilted about x, like the GE head series.
    const iop = [1, 0, 0, 0, Math.cos(tilt), -Math.sin(tilt)] as const;
    const normal = sliceNormal(iop);
    const points: Vec3[] = [0, 1, 2, 3].map((k) => [0, 0, k * 4.22]);
    const r = layoutStack(points, normal);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.tiltDeg).toBeCloseTo(18.5, 6);
    expect(r.value.stepLps[0]).toBeCloseTo(0, 9);
    expect(r.value.stepLps[1]).toBeCloseTo(0, 9);
    expect(r.value.stepLps[2]).toBeCloseTo(4.22, 9);
    expect(r.value.planeSpacingMm).toBeCloseTo(4.22 * Math.cos(tilt), 9);
    expect(r.value.warnings).toContain('gantry tilt 18.5 deg: volume is sheared to match patient geometry');
  });
});

describe('groupSlices + orderGroup', () => {
  it('sorts by position along the normal, whatever InstanceNumber or input order says', () => {
    const stack = axialStack([10, 0, 30, 20]).map((s, n) => ({
      instance: { ...s.instance, instanceNumber: 100 - n },
    }));
    const { groups } = groupSlices(shuffled(stack));
    expect(groups).toHaveLength(1);
    const [ordered] = orderGroup(groups[0]!);
    expect(ordered!.slices.map((s) => s.geometry.imagePositionPatient[2])).toEqual([0, 10, 20, 30]);
  });

  it('sorts feet-first style stacks whose normal points down', () => {
    // Row direction -x flips the normal: ascending along the normal is descending z.
    const iop = [-1, 0, 0, 0, 1, 0] as const;
    const stack = [5, 0, 10].map((z) =>
      ctInstance({
        ipp: [0, 0, z],
        frames: [{ imagePositionPatient: [0, 0, z], imageOrientationPatient: iop, pixelSpacing: [1, 1] }],
      }),
    );
    const [ordered] = orderGroup(groupSlices(stack).groups[0]!);
    expect(ordered!.slices.map((s) => s.geometry.imagePositionPatient[2])).toEqual([10, 5, 0]);
  });

  it('splits a series by orientation and sets a lone orthogonal image apart as a localizer', () => {
    const axial = axialStack([0, 1, 2]);
    const scout = ctInstance({
      path: 'scout',
      frames: [
        {
          imagePositionPatient: [0, 0, 0],
          imageOrientationPatient: [1, 0, 0, 0, 0, -1],
          pixelSpacing: [1, 1],
        },
      ],
    });
    const tagged = ctInstance({ path: 'tagged', imageType: ['ORIGINAL', 'PRIMARY', 'LOCALIZER'] });
    const { groups, apart } = groupSlices([...axial, scout, tagged]);
    expect(groups).toHaveLength(1);
    expect(apart.map((a) => a.path)).toEqual(['scout', 'tagged']);
    expect(apart[0]!.message).toMatch(/localizer/);
  });

  it('splits a series whose images differ in size, with a warning', () => {
    const a = axialStack([0, 1, 2]);
    const b = axialStack([0, 1], { rows: 8, columns: 8 });
    const { groups } = groupSlices([...a, ...b]);
    expect(groups.map((g) => g.slices.length).sort()).toEqual([2, 3]);
    expect(groups[0]!.warnings.join()).toMatch(/split in 2 parts/);
  });

  it('keeps a series together when an anonymiser gave every image its own FoR UID', () => {
    const scrambled = axialStack([0, 1, 2, 3]).map((s, n) => ({
      instance: { ...s.instance, frameOfReferenceUid: `9.${n}` },
    }));
    const { groups } = groupSlices(scrambled);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.warnings.join()).toMatch(/4 different frame-of-reference UIDs/);
    const twoFrames = axialStack([0, 1, 2, 3]).map((s, n) => ({
      instance: { ...s.instance, frameOfReferenceUid: `9.${n % 2}` },
    }));
    expect(groupSlices(twoFrames).groups).toHaveLength(2);
  });

  it('groups files with empty UIDs by geometry', () => {
    const blank = { studyInstanceUid: '', seriesInstanceUid: '', sopInstanceUid: '' };
    const a = axialStack([0, 2, 4], blank);
    const b = axialStack([0, 2], { ...blank, columns: 5 });
    const { groups } = groupSlices(shuffled([...a, ...b]));
    expect(groups.map((g) => g.slices.length).sort()).toEqual([2, 3]);
    expect(groups.every((g) => g.warnings.length === 0)).toBe(true);
  });

  it('splits repeated acquisitions, else keeps the first image per position', () => {
    const first = axialStack([0, 1, 2], { acquisitionNumber: 1 });
    const second = axialStack([0, 1, 2], { acquisitionNumber: 2 }).map((s) => ({
      instance: {
        ...s.instance,
        sopInstanceUid: `${s.instance.sopInstanceUid}.2`,
        path: `${s.instance.path}b`,
      },
    }));
    const parts = orderGroup(groupSlices([...second, ...first]).groups[0]!);
    expect(parts).toHaveLength(2);
    expect(parts[0]!.slices.every((s) => s.source.instance.acquisitionNumber === 1)).toBe(true);

    const other = ctInstance({
      ipp: [-100, -120, 1],
      instanceNumber: 9,
      path: 'other',
      sopInstanceUid: '9.9',
    });
    const [only] = orderGroup(groupSlices([...first, other]).groups[0]!);
    expect(only!.slices).toHaveLength(3);
    expect(only!.slices.map((s) => s.source.instance.path)).not.toContain('other');
    expect(only!.warnings.join()).toMatch(/same position as another/);

    const sameFile = { instance: { ...first[1]!.instance, path: 'elsewhere/copy' } };
    const [once] = orderGroup(groupSlices([sameFile, ...first]).groups[0]!);
    expect(once!.slices).toHaveLength(3);
    expect(once!.warnings).toEqual(['1 image was present twice: used once']);
  });
});

describe('pickBestSeries', () => {
  const summary = (over: Partial<SeriesSummary>): SeriesSummary => ({
    key: 'k',
    seriesInstanceUid: '',
    studyInstanceUid: '',
    modality: 'CT',
    description: '',
    seriesNumber: 1,
    plane: 'axial',
    imageCount: 100,
    sliceCount: 100,
    columns: 512,
    rows: 512,
    spacingMm: [0.7, 0.7, 1],
    coverageMm: 300,
    sliceThicknessMm: 1,
    tiltDeg: 0,
    ...over,
  });

  it('prefers axial CT, then longest coverage, then thinnest slices', () => {
    const best = pickBestSeries([
      summary({ key: 'sagittal', plane: 'sagittal', coverageMm: 600 }),
      summary({ key: 'mr', modality: 'MR', coverageMm: 900 }),
      summary({ key: 'short-thin', coverageMm: 100, spacingMm: [0.7, 0.7, 0.5] }),
      summary({ key: 'long-thick', coverageMm: 400, spacingMm: [0.7, 0.7, 3] }),
      summary({ key: 'long-thin', coverageMm: 390, spacingMm: [0.7, 0.7, 1] }),
      summary({ key: 'broken', coverageMm: 1000, problem: 'gap' }),
    ]);
    expect(best?.key).toBe('long-thin');
    expect(pickBestSeries([])).toBeUndefined();
  });
});
