import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../src/dicom/decode/index';
import { parseDicom } from '../../src/dicom/parse';
import type { ParsedDicom } from '../../src/dicom/types';
import { testDataPath } from '../testData';

const data = testDataPath();
const read = (file: string) => new Uint8Array(readFileSync(path.join(data, file)));

function parsed(file: string, bytes = read(file)): ParsedDicom {
  const result = parseDicom(bytes, file);
  if (!result.ok) throw new Error(result.skip.message);
  return result.parsed;
}

describe('parseDicom header fields', () => {
  it('reads a classic CT slice (values as pydicom reports them for CT_small.dcm)', () => {
    const { instance } = parsed('dicom-files/pydicom-2.3.1-deb/CT_small.dcm');
    expect(instance).toMatchObject({
      modality: 'CT',
      rows: 128,
      columns: 128,
      bitsAllocated: 16,
      bitsStored: 16,
      pixelRepresentation: 1,
      rescaleSlope: 1,
      rescaleIntercept: -1024,
      pixelPaddingValue: -2000,
      patientPosition: 'FFS',
      imageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
      instanceNumber: 1,
    });
    expect(instance.frames).toEqual([
      {
        imagePositionPatient: [-158.135803, -179.035797, -75.699997],
        imageOrientationPatient: [1, 0, 0, 0, 1, 0],
        pixelSpacing: [0.661468, 0.661468],
        sliceThicknessMm: 5,
      },
    ]);
  });

  it('takes per-frame geometry of an enhanced CT from the functional groups', () => {
    const { instance } = parsed(
      'dicom-files/dicomParser/encapsulated/multi-frame/CT0012.explicit_little_endian.dcm',
    );
    expect(instance.numberOfFrames).toBe(2);
    expect(instance.frames.map((f) => f.imagePositionPatient)).toEqual([
      [99.5, -301.5, -159],
      [99.5, -301.5, -149],
    ]);
    expect(instance.frames[0]!.imageOrientationPatient).toEqual([-1, 0, 0, 0, 1, 0]);
    expect(instance.frames[1]!.pixelSpacing).toEqual([0.388672, 0.388672]);
    expect(instance.rescaleIntercept).toBe(-1024);
  });

  it('reads zero-padded multi-valued window strings, gantry tilt and a signed padding value', () => {
    const lidc = 'ct-series/lidc-idri-0314';
    const first = readdirSync(path.join(data, lidc)).sort()[0]!;
    expect(parsed(`${lidc}/${first}`).instance).toMatchObject({ windowCenter: -450, windowWidth: 2000 });
    const tilted = parsed('ct-series/ge-head-gantry-tilt/01.dcm').instance;
    expect(tilted).toMatchObject({ gantryTiltDeg: 18.5, pixelPaddingValue: -1500 });
    expect(tilted.frames[0]!.imageOrientationPatient).toEqual([1, 0, 0, 0, 0.9483237, -0.3173047]);
  });

  it('keeps empty UIDs empty but falls back to the meta header for the SOP instance', () => {
    const folder = 'ct-series/totalseg-example-ct-j2k';
    const first = readdirSync(path.join(data, folder)).sort()[0]!;
    const { instance } = parsed(`${folder}/${first}`);
    expect(instance.seriesInstanceUid).toBe('');
    expect(instance.sopInstanceUid).toMatch(/^1\.3\.12\./);
    expect(instance.sopClassUid).toBe('1.2.840.10008.5.1.4.1.1.2');
  });

  it('reads a dataset that lacks the preamble and File Meta Information', async () => {
    const file = 'dicom-files/pydicom-2.3.1-deb/CT_small.dcm';
    const full = parsed(file);
    const bytes = read(file);
    const metaLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(140, true);
    const raw = parsed('raw', bytes.slice(144 + metaLength));
    expect(raw.instance.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
    expect(raw.instance.frames).toEqual(full.instance.frames);
    expect((await decodeFrame(raw, 0)).pixels).toEqual((await decodeFrame(full, 0)).pixels);
  });
});

describe('parseDicom refusals', () => {
  const refuse = (bytes: Uint8Array) => {
    const result = parseDicom(bytes, 'x/file');
    if (result.ok) throw new Error('expected a refusal');
    expect(result.skip.message.startsWith('x/file: ')).toBe(true);
    return result.skip.kind;
  };

  it('calls text, PNG and empty files not DICOM', () => {
    expect(refuse(new TextEncoder().encode('patient,level\nA,L4\n'.repeat(20)))).toBe('not-dicom');
    expect(refuse(new Uint8Array(0))).toBe('not-dicom');
    const png = new Uint8Array(300);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(refuse(png)).toBe('not-dicom');
  });

  it('calls a CT cut in half truncated', () => {
    const bytes = read('dicom-files/pydicom-2.3.1-deb/CT_small.dcm');
    expect(refuse(bytes.slice(0, bytes.length >> 1))).toBe('truncated');
    expect(refuse(bytes.slice(0, 200))).toBe('truncated');
  });

  it('masks garbage above BitsStored and sign-extends 12-bit signed values', async () => {
    const signed = await decodeFrame(parsed('dicom-files/dcm_qa_12bit/12bitSigned_0x0F0F.dcm'), 0);
    const unsigned = await decodeFrame(parsed('dicom-files/dcm_qa_12bit/12bitUnsigned_0x0F0F.dcm'), 0);
    expect(signed.pixels).toBeInstanceOf(Int16Array);
    const range = (a: ArrayLike<number>) => {
      let [min, max] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
      for (let i = 0; i < a.length; i++) [min, max] = [Math.min(min, a[i]!), Math.max(max, a[i]!)];
      return [min, max];
    };
    expect(range(signed.pixels)).toEqual([-2048, 2047]);
    expect(range(unsigned.pixels)).toEqual([0, 4095]);
  });
});
