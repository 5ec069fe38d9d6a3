import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { scanFiles } from '../../src/dicom/ingest';
import { ByteBudget, ingestLimits } from '../../src/dicom/ingestLimits';
import { expandZip, isZip } from '../../src/dicom/zip';
import { testDataPath } from '../testData';

const GE = testDataPath('ct-series/ge-head-gantry-tilt');
const names = readdirSync(GE).sort().slice(0, 6);
const bytesOf = (name: string) => new Uint8Array(readFileSync(path.join(GE, name)));
const budget = () => new ByteBudget(ingestLimits());

describe('expandZip', () => {
  it('lists a zip (and a zip inside it) as files, without archive clutter', () => {
    const inner = zipSync({ [`deeper/${names[5]}`]: bytesOf(names[5]!) });
    const archive = zipSync({
      [`study/${names[0]}`]: bytesOf(names[0]!),
      [`study/b/${names[1]}`]: bytesOf(names[1]!),
      [names[2]!]: bytesOf(names[2]!),
      [names[3]!]: bytesOf(names[3]!),
      [names[4]!]: bytesOf(names[4]!),
      'inner.zip': inner,
      '__MACOSX/study/._01.dcm': new Uint8Array([0, 5, 22, 7]),
      'study/.DS_Store': new Uint8Array([1, 2, 3]),
      'empty/': new Uint8Array(0),
    });
    expect(isZip(archive)).toBe(true);
    const { files, refused } = expandZip({ path: 'drop/ct.zip', bytes: archive }, budget());
    expect(refused).toEqual([]);
    expect(files.map((f) => f.path)).toEqual([
      `drop/ct.zip/${names[2]}`,
      `drop/ct.zip/${names[3]}`,
      `drop/ct.zip/${names[4]}`,
      `drop/ct.zip/inner.zip/deeper/${names[5]}`,
      `drop/ct.zip/study/${names[0]}`,
      `drop/ct.zip/study/b/${names[1]}`,
    ]);
    const scan = scanFiles(files);
    expect(scan.candidates).toHaveLength(1);
    expect(scan.candidates[0]!.summary.imageCount).toBe(6);
    expect(scan.skipped).toEqual([]);
  });

  it('passes other files through and names a corrupt archive', () => {
    const dicom = { path: 'a.dcm', bytes: bytesOf(names[0]!) };
    expect(expandZip(dicom, budget())).toEqual({ files: [dicom], refused: [] });
    const broken = zipSync({ 'x.dcm': bytesOf(names[0]!) }).slice(0, 400);
    const { files, refused } = expandZip({ path: 'broken.zip', bytes: broken }, budget());
    expect(files).toEqual([]);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.message).toMatch(
      /^broken\.zip: cannot open the zip archive \(no end of central directory/,
    );
  });
});
