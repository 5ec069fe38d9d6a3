import { describe, expect, it } from 'vitest';
import { transformPoint } from '../../src/core/mat4';
import { assembleVolume } from '../../src/dicom/series/assemble';
import { groupSlices } from '../../src/dicom/series/group';
import { layoutStack } from '../../src/dicom/series/layout';
import { choosePixelPolicy, writeFrame } from '../../src/dicom/series/pixels';
import { orderGroup } from '../../src/dicom/series/stack';
import type { DecodedFrame, DicomInstance } from '../../src/dicom/types';
import { downsampleForDisplay } from '../../src/volume/downsample';
import type { Volume } from '../../src/volume/volume';
import { axialStack, ctInstance } from './series-fixtures';

const frameOf = (pixels: DecodedFrame['pixels'], columns = 3, rows = 4): DecodedFrame => ({
  rows,
  columns,
  samplesPerPixel: 1,
  pixels,
});

const convert = (inst: DicomInstance, pixels: DecodedFrame['pixels'], group: DicomInstance[] = [inst]) => {
  const { policy, warnings } = choosePixelPolicy(group);
  const out = new Int16Array(pixels.length);
  const clipped = writeFrame(frameOf(pixels), inst, policy, out, 0);
  return {
    out: [...out].map((v) => v * policy.volumeSlope + policy.volumeIntercept),
    clipped,
    warnings,
    policy,
  };
};

describe('stored values -> volume values', () => {
  it('stores CT as HU and maps PixelPaddingValue to air', () => {
    const { instance } = ctInstance({ rescaleIntercept: -1024, pixelPaddingValue: 63536 - 65536 + 65536 });
    const r = convert(instance, new Uint16Array([0, 1024, 4095, 63536, 2000, 24, 1, 2, 3, 4, 5, 6]));
    expect(r.policy).toMatchObject({ mode: 'modality', volumeSlope: 1, volumeIntercept: 0 });
    expect(r.out.slice(0, 6)).toEqual([-1024, 0, 3071, -1024, 976, -1000]);
  });

  it('reads a signed padding value handed over as unsigned', () => {
    const { instance } = ctInstance({
      pixelRepresentation: 1,
      bitsStored: 16,
      rescaleIntercept: 0,
      pixelPaddingValue: 64036,
    });
    const r = convert(instance, new Int16Array([-1500, -1000, 40, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    expect(r.out.slice(0, 3)).toEqual([-1024, -1000, 40]);
  });

  it('clips CT values beyond Int16 and counts them', () => {
    const { instance } = ctInstance({ bitsStored: 16, rescaleIntercept: -1024 });
    const r = convert(instance, new Uint16Array([65535, 40000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    expect(r.out.slice(0, 2)).toEqual([32767, 32767]);
    expect(r.clipped).toBe(2);
  });

  it('keeps non-CT slope/intercept on the volume and fits 16-bit unsigned exactly', () => {
    const { instance } = ctInstance({
      modality: 'MR',
      bitsStored: 16,
      rescaleSlope: 0.5,
      rescaleIntercept: 10,
    });
    const r = convert(instance, new Uint16Array([0, 65535, 32768, 1, 0, 0, 0, 0, 0, 0, 0, 0]));
    expect(r.policy.mode).toBe('stored');
    expect(r.out.slice(0, 4)).toEqual([10, 65535 * 0.5 + 10, 32768 * 0.5 + 10, 10.5]);
    expect(r.clipped).toBe(0);
  });

  it('inverts non-CT MONOCHROME1 within BitsStored and says so', () => {
    const { instance } = ctInstance({
      modality: 'CR',
      photometricInterpretation: 'MONOCHROME1',
      bitsStored: 10,
      rescaleIntercept: 0,
    });
    const r = convert(instance, new Uint16Array([0, 1023, 23, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    expect(r.out.slice(0, 3)).toEqual([1023, 0, 1000]);
    expect(r.warnings.join()).toMatch(/MONOCHROME1/);
  });

  it('rounds to modality values when non-CT images differ in rescale', () => {
    const a = ctInstance({ modality: 'PT', rescaleSlope: 0.25, rescaleIntercept: 0 }).instance;
    const b = ctInstance({ modality: 'PT', rescaleSlope: 0.5, rescaleIntercept: 0 }).instance;
    const r = convert(b, new Uint16Array([3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), [a, b]);
    expect(r.policy.mode).toBe('modality');
    expect(r.out[0]).toBe(2);
    expect(r.warnings.join()).toMatch(/differ in rescale/);
  });
});

describe('assembleVolume with a resampled stack', () => {
  it('interpolates a missing slice between its neighbours and keeps the acquired ones exact', async () => {
    const stack = orderGroup(groupSlices(axialStack([0, 1, 3])).groups[0]!)[0]!;
    const layout = layoutStack(
      stack.slices.map((s) => s.geometry.imagePositionPatient),
      stack.normal,
    );
    if (!layout.ok) throw new Error(layout.error);
    // Slice at z fills every pixel with stored 1024 + 100 * z (HU = 100 * z).
    const decode = async (source: { instance: DicomInstance }) =>
      frameOf(new Uint16Array(12).fill(1024 + 100 * source.instance.frames[0]!.imagePositionPatient[2]));
    const progress: number[] = [];
    const v = await assembleVolume(stack, layout.value, decode, (done) => progress.push(done));
    expect(v.dims).toEqual([3, 4, 4]);
    expect([0, 1, 2, 3].map((k) => v.data[12 * k])).toEqual([0, 100, 200, 300]);
    expect(progress).toEqual([0, 1, 2, 3]);
    expect(transformPoint(v.ijkToLps, [2, 3, 2])).toEqual([-99, -118.5, 2]);
    expect(v.warnings.join()).toMatch(/1 slice missing/);
  });
});

describe('downsampleForDisplay', () => {
  const nx = 5;
  const ny = 2;
  const nz = 6;
  const volume: Volume = {
    id: 'v',
    dims: [nx, ny, nz],
    spacingMm: [1, 1, 2],
    ijkToLps: [1, 0, 0.3, -10, 0, 1, 0, 20, 0, 0, 2, 30, 0, 0, 0, 1],
    data: Int16Array.from({ length: nx * ny * nz }, (_, p) => p % nx) // value = i
      .map((v, p) => v + 100 * Math.floor(p / (nx * ny))), // + 100 * k
    rescaleSlope: 1,
    rescaleIntercept: 0,
    metadata: {} as Volume['metadata'],
    warnings: [],
  };

  it('returns the same volume when it fits', () => {
    expect(downsampleForDisplay(volume, 6)).toBe(volume);
  });

  it('averages blocks on the axes that exceed the limit and keeps patient positions', () => {
    const small = downsampleForDisplay(volume, 3);
    expect(small.dims).toEqual([3, 2, 3]);
    // i blocks 0-1, 2-3, 4 (edge) and k blocks 0-1: means 0.5, 2.5, 4 plus 100 * 0.5.
    expect([...small.data.slice(0, 3)]).toEqual([51, 53, 54]);
    // Centre of display voxel (1, 0, 1) = centre of source block i 2..3, k 2..3 = source (2.5, 0, 2.5).
    expect(transformPoint(small.ijkToLps, [1, 0, 1])).toEqual(transformPoint(volume.ijkToLps, [2.5, 0, 2.5]));
    expect(small.spacingMm).toEqual([2, 1, 4]);
    expect(small.warnings.join()).toMatch(/reduced resolution .*measurements use the full volume/);
  });
});
