import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as dicomParserNamespace from 'dicom-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { transformPoint } from '../../src/core/mat4';
import type { Vec3 } from '../../src/core/vec3';
import { buildVolume, type InputFile, pickBestSeries, scanFiles } from '../../src/dicom/ingest';
import { lpsToIjk, type Volume } from '../../src/volume/volume';
import { testDataPath } from '../testData';
import { shuffled } from './series-fixtures';

const SERIES = testDataPath('ct-series');
const readSeries = (name: string): InputFile[] =>
  readdirSync(path.join(SERIES, name))
    .sort()
    .map((f) => ({ path: `${name}/${f}`, bytes: new Uint8Array(readFileSync(path.join(SERIES, name, f))) }));

/** dicom-parser's UMD bundle: `default` under Node ESM, named exports under bundlers. */
const dicomParser =
  (dicomParserNamespace as unknown as { default?: typeof dicomParserNamespace }).default ??
  dicomParserNamespace;

/** Reads a native little-endian 16-bit file independently of the app's parser and decoder. */
function rawFile(bytes: Uint8Array) {
  const ds = dicomParser.parseDicom(bytes);
  const el = ds.elements.x7fe00010!;
  const signed = ds.uint16('x00280103') === 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset + el.dataOffset, el.length);
  return {
    ipp: ds.string('x00200032')!.split('\\').map(Number) as unknown as Vec3,
    columns: ds.uint16('x00280011')!,
    intercept: Number(ds.string('x00281052') ?? 0),
    slope: Number(ds.string('x00281053') ?? 1),
    padding: ds.elements.x00280120 ? (signed ? ds.int16('x00280120') : ds.uint16('x00280120')) : undefined,
    instanceNumber: Number(ds.string('x00200013')),
    stored: (i: number, j: number, columns: number) =>
      signed ? view.getInt16(2 * (i + columns * j), true) : view.getUint16(2 * (i + columns * j), true),
  };
}

const voxel = (v: Volume, i: number, j: number, k: number): number =>
  v.data[i + v.dims[0] * (j + v.dims[1] * k)]! * v.rescaleSlope + v.rescaleIntercept;

function expectPoint(actual: Vec3, expected: Vec3, digits = 6): void {
  for (const a of [0, 1, 2]) expect(actual[a]).toBeCloseTo(expected[a]!, digits);
}

describe('pancreas CT (HFS, 512x512x134, 1.074/3.0 mm)', () => {
  const files = readSeries('pancreas-ct-cb001');
  const scan = scanFiles(files);
  let volume: Volume;
  beforeAll(async () => {
    volume = await buildVolume(scan.candidates[0]!);
  });

  it('forms one axial series with the documented geometry', () => {
    expect(scan.candidates).toHaveLength(1);
    expect(scan.skipped).toEqual([]);
    const s = scan.candidates[0]!.summary;
    expect([s.columns, s.rows, s.sliceCount, s.plane]).toEqual([512, 512, 134, 'axial']);
    expect(s.spacingMm).toEqual([1.07421875, 1.07421875, expect.closeTo(3, 9)]);
    expect(scan.candidates[0]!.slices[0]!.source.instance.patientPosition).toBe('HFS');
    expect(pickBestSeries(scan.candidates.map((c) => c.summary))?.key).toBe(s.key);
  });

  it('sorts along +z so instance 1 (most cranial) is the last slice', () => {
    const numbers = scan.candidates[0]!.instances.map((p) => p.instance.instanceNumber);
    expect(numbers[0]).toBe(134);
    expect(numbers[133]).toBe(1);
  });

  it('maps voxel (0,0,k) to the IPP of the k-th sorted file and holds its HU', () => {
    expect(volume.dims).toEqual([512, 512, 134]);
    expect(volume.rescaleSlope).toBe(1);
    expect(volume.rescaleIntercept).toBe(0);
    expect(volume.warnings).toEqual([]);
    const m = volume.ijkToLps;
    expect([m[0], m[5], m[10]]).toEqual([1.07421875, 1.07421875, expect.closeTo(3, 9)]);
    scan.candidates[0]!.instances.forEach((p, k) => {
      expectPoint(transformPoint(m, [0, 0, k]), p.instance.frames[0]!.imagePositionPatient);
    });
    for (const [i, j, k] of [
      [256, 256, 0],
      [100, 300, 67],
      [511, 0, 133],
      [300, 350, 90],
    ] as const) {
      const raw = rawFile(scan.candidates[0]!.instances[k]!.bytes);
      expect(voxel(volume, i, j, k)).toBe(raw.stored(i, j, raw.columns) * raw.slope + raw.intercept);
    }
  });
});

describe('LIDC-IDRI (FFS, SliceLocation runs backwards)', () => {
  const scan = scanFiles(readSeries('lidc-idri-0314'));

  it('sorts by IPP along the normal, not by SliceLocation or file name', () => {
    expect(scan.candidates).toHaveLength(1);
    const c = scan.candidates[0]!;
    expect(c.summary.sliceCount).toBe(160);
    expect(c.summary.spacingMm).toEqual([0.78125, 0.78125, expect.closeTo(1, 6)]);
    expect(c.instances[0]!.instance.patientPosition).toBe('FFS');
    const zs = c.slices.map((s) => s.geometry.imagePositionPatient[2]);
    expect(zs[0]).toBeCloseTo(-679.8, 3);
    expect(zs[159]).toBeCloseTo(-520.8, 3);
    const sliceLocations = c.instances.map((p) =>
      Number(dicomParser.parseDicom(p.bytes).string('x00201041')),
    );
    for (let k = 1; k < zs.length; k++) {
      expect(zs[k]!).toBeGreaterThan(zs[k - 1]!);
      expect(sliceLocations[k]!).toBeLessThan(sliceLocations[k - 1]!);
    }
    // File names do not follow the geometry: sorting by name would give another order.
    const byName = [...c.instances].sort((a, b) => (a.instance.path < b.instance.path ? -1 : 1));
    expect(byName.map((p) => p.instance.path)).not.toEqual(c.instances.map((p) => p.instance.path));
  });
});

describe('GE head (gantry tilt 18.5 deg, uneven spacing)', () => {
  const files = readSeries('ge-head-gantry-tilt');
  let volume: Volume;
  let reshuffled: Volume;
  beforeAll(async () => {
    volume = await buildVolume(scanFiles(files).candidates[0]!);
    reshuffled = await buildVolume(scanFiles(shuffled(files, 7)).candidates[0]!);
  });

  it('warns about the tilt and the resampling in plain words', () => {
    expect(volume.warnings).toContain('gantry tilt 18.5 deg: volume is sheared to match patient geometry');
    expect(volume.warnings.join()).toMatch(
      /uneven slice spacing \(1\.08-7\.00 mm\): resampled to an even 4\.00 mm grid/,
    );
    expect(volume.dims).toEqual([512, 512, 37]);
  });

  it('places every file at voxel (0, 0, k): the shear is carried exactly by ijkToLps', () => {
    const sorted = files.map((f) => rawFile(f.bytes)).sort((a, b) => a.ipp[2] - b.ipp[2]);
    expectPoint(transformPoint(volume.ijkToLps, [0, 0, 0]), sorted[0]!.ipp);
    expectPoint(transformPoint(volume.ijkToLps, [0, 0, 36]), sorted[27]!.ipp);
    let previousK = -1;
    for (const file of sorted) {
      const [i, j, k] = lpsToIjk(volume, file.ipp);
      expect(i).toBeCloseTo(0, 6);
      expect(j).toBeCloseTo(0, 6);
      expect(k).toBeGreaterThan(previousK);
      previousK = k;
    }
  });

  it('keeps HU of the end slices and maps PixelPaddingValue (-1500) to air', () => {
    const sorted = files.map((f) => rawFile(f.bytes)).sort((a, b) => a.ipp[2] - b.ipp[2]);
    const last = sorted[27]!;
    expect(last.padding).toBe(-1500);
    let paddingSeen = 0;
    for (let j = 0; j < 512; j += 7) {
      for (let i = 0; i < 512; i += 5) {
        const stored = last.stored(i, j, 512);
        const expected = stored === last.padding ? -1024 : stored * last.slope + last.intercept;
        if (stored === last.padding) paddingSeen++;
        expect(voxel(volume, i, j, 36)).toBe(expected);
      }
    }
    expect(paddingSeen).toBeGreaterThan(0);
  });

  it('gives the same volume for shuffled input', () => {
    expect(reshuffled.dims).toEqual(volume.dims);
    expect(reshuffled.ijkToLps).toEqual(volume.ijkToLps);
    expect(Buffer.from(reshuffled.data.buffer).equals(Buffer.from(volume.data.buffer))).toBe(true);
  });
});

describe('TotalSegmentator chunk (empty UIDs, JPEG 2000, 2 mm step, 3 mm thickness)', () => {
  it('groups the files by geometry and steps by IPP distance, not thickness', async () => {
    const scan = scanFiles(readSeries('totalseg-example-ct-j2k'));
    expect(scan.candidates).toHaveLength(1);
    const c = scan.candidates[0]!;
    expect(c.summary.seriesInstanceUid).toBe('');
    expect(c.summary.sliceThicknessMm).toBe(3);
    const v = await buildVolume(c);
    expect(v.dims).toEqual([512, 512, 20]);
    expect(v.spacingMm).toEqual([0.9765625, 0.9765625, expect.closeTo(2, 9)]);
    expectPoint(transformPoint(v.ijkToLps, [0, 0, 19]), c.slices[19]!.geometry.imagePositionPatient);
    let lo = Infinity;
    let hi = -Infinity;
    for (const value of v.data) {
      lo = Math.min(lo, value);
      hi = Math.max(hi, value);
    }
    expect([lo, hi]).toEqual([-1024, 1839]);
  });
});

describe('enhanced multi-frame CT (NEMA CT0012, 2 frames)', () => {
  it('makes each frame a slice placed by its per-frame geometry', async () => {
    const file = path.resolve(
      SERIES,
      '../dicom-files/dicomParser/encapsulated/multi-frame/CT0012.explicit_little_endian.dcm',
    );
    const scan = scanFiles([{ path: 'CT0012.dcm', bytes: new Uint8Array(readFileSync(file)) }]);
    expect(scan.candidates).toHaveLength(1);
    const c = scan.candidates[0]!;
    expect(c.instances).toHaveLength(1);
    expect(c.slices.map((s) => s.frameIndex).sort()).toEqual([0, 1]);
    const v = await buildVolume(c);
    expect(v.dims).toEqual([512, 512, 2]);
    c.slices.forEach((s, k) => {
      expectPoint(transformPoint(v.ijkToLps, [0, 0, k]), s.geometry.imagePositionPatient);
    });
    expect(v.spacingMm[2]).toBeCloseTo(10, 6);
  });
});
