import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildVolume, scanFiles } from '../../src/dicom/ingest';
import { generatePhantom, phantomToDicomFiles } from '../../src/phantom/index';
import { testDataPath } from '../testData';

const PANCREAS = testDataPath('ct-series/pancreas-ct-cb001');

describe('demo marker', () => {
  it('marks a series carrying the phantom ImageComments as demo, however it is opened', async () => {
    const phantom = generatePhantom({ size: 'small', seed: 3 });
    const files = phantomToDicomFiles(phantom, { seed: 3 });
    const volume = await buildVolume(scanFiles(files).candidates[0]!);
    expect(volume.metadata.isDemo).toBe(true);
  });

  it('does not mark patient data', async () => {
    const files = ['1-050.dcm', '1-051.dcm'].map((name) => ({
      path: name,
      bytes: new Uint8Array(readFileSync(resolve(PANCREAS, name))),
    }));
    const volume = await buildVolume(scanFiles(files).candidates[0]!);
    expect(volume.metadata.isDemo).toBe(false);
  });
});
