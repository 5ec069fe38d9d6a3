import { describe, expect, it } from 'vitest';
import { buildVolume, scanFiles } from '../../src/dicom/ingest';
import { dicomParser } from '../../src/dicom/parse/dicomParserLib';
import { writePart10 } from '../../src/dicom/write/part10';
import { uidFromSeed } from '../../src/dicom/write/uid';
import { generatePhantom } from '../../src/phantom/generate';
import { phantomTruth } from '../../src/phantom/model';
import { DEMO_IMAGE_COMMENT, DEMO_SERIES_DESCRIPTION, phantomToDicomFiles } from '../../src/phantom/toDicom';
import { ijkToLps } from '../../src/volume/volume';

const phantom = generatePhantom({ size: 'small', seed: 7 });
const written: number[] = [];
const files = phantomToDicomFiles(phantom, { onProgress: (done) => written.push(done) });

describe('DICOM writer', () => {
  it('makes 2.25 UIDs that are valid, deterministic and distinct', () => {
    const a = uidFromSeed(1, 'study');
    expect(a).toMatch(/^2\.25\.[1-9]\d*$/);
    expect(a.length).toBeLessThanOrEqual(64);
    expect(uidFromSeed(1, 'study')).toBe(a);
    expect(uidFromSeed(2, 'study')).not.toBe(a);
    expect(uidFromSeed(1, 'series')).not.toBe(a);
  });

  it('writes a Part 10 header with the right group length and even-length values', () => {
    const bytes = writePart10([
      { tag: 0x00080016, vr: 'UI', value: '1.2.3' },
      { tag: 0x00080018, vr: 'UI', value: '1.2.34' },
      { tag: 0x00100010, vr: 'PN', value: 'A^B' },
    ]);
    expect(String.fromCharCode(...bytes.subarray(128, 132))).toBe('DICM');
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const groupLength = view.getUint32(132 + 8, true);
    // The first data-set element (0008,0016) starts right after group 2.
    const next = 132 + 12 + groupLength;
    expect(view.getUint16(next, true)).toBe(0x0008);
    expect(view.getUint16(next + 2, true)).toBe(0x0016);
    expect(bytes.length % 2).toBe(0);
    const ds = dicomParser.parseDicom(bytes);
    expect(ds.string('x00080016')).toBe('1.2.3');
    expect(ds.string('x00100010')).toBe('A^B');
    expect(ds.elements.x00100010?.length).toBe(4);
  });
});

describe('phantom as a DICOM CT series', () => {
  it('writes one CT Image Storage file per slice whose every tag reads back with dicom-parser', () => {
    const [nx, ny, nz] = phantom.dims;
    expect(files).toHaveLength(nz);
    expect(written).toEqual(files.map((_, i) => i + 1));
    const k = 5;
    const ds = dicomParser.parseDicom(files[k]!.bytes);
    expect(ds.string('x00020010')).toBe('1.2.840.10008.1.2.1');
    expect(ds.string('x00080016')).toBe('1.2.840.10008.5.1.4.1.1.2');
    expect(ds.string('x00020003')).toBe(ds.string('x00080018'));
    expect(ds.string('x00100010')).toBe('DEMO^PHANTOM');
    expect(ds.string('x00100020')).toBe('DEMO');
    expect(ds.string('x00080060')).toBe('CT');
    expect(ds.string('x0008103e')).toBe(DEMO_SERIES_DESCRIPTION);
    expect(ds.string('x00204000')).toBe(DEMO_IMAGE_COMMENT);
    expect(ds.string('x00180015')).toBe('LSPINE');
    expect(ds.string('x00185100')).toBe('HFS');
    expect(ds.string('x00200037')).toBe('1\\0\\0\\0\\1\\0');
    expect([0, 1, 2].map((i) => ds.floatString('x00200032', i))).toEqual([
      expect.closeTo(phantom.originLps[0], 6),
      expect.closeTo(phantom.originLps[1], 6),
      expect.closeTo(phantom.originLps[2] + k * phantom.spacingMm[2], 6),
    ]);
    expect(ds.floatString('x00280030', 0)).toBeCloseTo(phantom.spacingMm[1], 9);
    expect(ds.floatString('x00280030', 1)).toBeCloseTo(phantom.spacingMm[0], 9);
    expect(ds.floatString('x00180050')).toBeCloseTo(phantom.spacingMm[2], 9);
    expect(ds.uint16('x00280010')).toBe(ny);
    expect(ds.uint16('x00280011')).toBe(nx);
    expect(ds.uint16('x00280100')).toBe(16);
    expect(ds.uint16('x00280101')).toBe(12);
    expect(ds.uint16('x00280103')).toBe(0);
    expect(ds.floatString('x00281052')).toBe(-1024);
    expect(ds.floatString('x00281053')).toBe(1);
    expect(ds.string('x00200052')).toMatch(/^2\.25\.\d+$/);
    expect(ds.intString('x00200013')).toBe(k + 1);
    const px = ds.elements.x7fe00010!;
    const stored = new Uint16Array(files[k]!.bytes.slice(px.dataOffset, px.dataOffset + px.length).buffer);
    const hu = phantom.hu.subarray(k * nx * ny, (k + 1) * nx * ny);
    let mismatches = 0;
    for (let i = 0; i < hu.length; i++)
      if (stored[i]! - 1024 !== Math.max(-1024, Math.min(3071, hu[i]!))) mismatches++;
    expect(mismatches).toBe(0);
  });

  it('loads through the app ingest path (scanFiles + buildVolume) into the generated volume', async () => {
    const shuffledFiles = [...files].reverse();
    const scan = scanFiles(shuffledFiles);
    expect(scan.skipped).toEqual([]);
    expect(scan.candidates).toHaveLength(1);
    const volume = await buildVolume(scan.candidates[0]!);
    expect(volume.dims).toEqual(phantom.dims);
    expect(volume.metadata.patientName).toContain('DEMO');
    const last = ijkToLps(volume, [phantom.dims[0] - 1, 3, phantom.dims[2] - 1]);
    expect(last[0]).toBeCloseTo(phantom.originLps[0] + (phantom.dims[0] - 1) * phantom.spacingMm[0], 4);
    expect(last[1]).toBeCloseTo(phantom.originLps[1] + 3 * phantom.spacingMm[1], 4);
    expect(last[2]).toBeCloseTo(phantom.originLps[2] + (phantom.dims[2] - 1) * phantom.spacingMm[2], 4);
    let mismatches = 0;
    for (let i = 0; i < phantom.hu.length; i++) {
      const v = volume.data[i]! * volume.rescaleSlope + volume.rescaleIntercept;
      if (v !== Math.max(-1024, phantom.hu[i]!)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});

describe('determinism', () => {
  it('gives identical bytes for the same seed and different ones for another seed', () => {
    const again = generatePhantom({ size: 'small', seed: 7 });
    expect(Buffer.from(again.hu.buffer).equals(Buffer.from(phantom.hu.buffer))).toBe(true);
    expect(JSON.stringify(again.truth)).toBe(JSON.stringify(phantom.truth));
    const againFiles = phantomToDicomFiles(again);
    expect(Buffer.from(againFiles[3]!.bytes).equals(Buffer.from(files[3]!.bytes))).toBe(true);
    const other = generatePhantom({ size: 'small', seed: 8 });
    expect(Buffer.from(other.hu.buffer).equals(Buffer.from(phantom.hu.buffer))).toBe(false);
    expect(JSON.stringify(other.truth)).not.toBe(JSON.stringify(phantom.truth));
  });

  it('gives the same truth without voxels (phantomTruth), whatever the voxel size', () => {
    expect(JSON.stringify(phantomTruth(7))).toBe(JSON.stringify(phantom.truth));
  });
});
