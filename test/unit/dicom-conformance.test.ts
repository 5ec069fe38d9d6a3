/**
 * Every CT the app writes passes dicom3tools' dciodvfy with no errors (issue 21): the demo phantom's series
 * (phantom/toDicom.ts) and a training package's series (app/trainingPackageVolumeDicom.ts). The plan SR is
 * checked in plan-sr.test.ts, the Segmentation in dicom-seg.test.ts. Warnings are listed and allowed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { volumeToDicomFiles } from '../../src/app/trainingPackageVolumeDicom';
import { buildVolume, decodeHere, scanFiles } from '../../src/dicom/ingest';
import type { Volume } from '../../src/volume/volume';
import { dciodvfy, toolFolder } from './dicom-tools';
import { phantom, phantomCtFiles } from './plan-sr-fixtures';
import { phantomVolume } from './volume-fixtures';

const tools = toolFolder();
afterAll(() => tools.dispose());

describe('CT objects the app writes pass dciodvfy', () => {
  it('the demo phantom: first, middle and last slice, no errors and no warnings', () => {
    const n = phantomCtFiles.length;
    for (const k of [0, Math.floor(n / 2), n - 1]) {
      const { errors, warnings } = dciodvfy(tools.write(`phantom-${k}.dcm`, phantomCtFiles[k]!.bytes));
      expect(errors).toEqual([]);
      expect(warnings).toEqual([]);
    }
  });

  it('a training package CT (sheared, Latin-1 name): no errors, the name reads back', async () => {
    const base = phantomVolume(phantom, {
      metadata: {
        patientName: 'Müller^Zoë',
        patientId: 'P-1',
        studyDate: '20240102',
        studyInstanceUid: '1.2.3.4',
        seriesInstanceUid: '1.2.3.4.5',
        frameOfReferenceUid: '1.2.3.4.6',
        windowCenter: 40,
        windowWidth: 400,
      },
    });
    // A gantry-tilt-like shear: each slice steps 0.3 mm posterior.
    const volume: Volume = { ...base, ijkToLps: base.ijkToLps.map((v, i) => (i === 6 ? 0.3 : v)) };
    const files = volumeToDicomFiles(volume);
    const { errors, warnings } = dciodvfy(tools.write('training-0.dcm', files[0]!.bytes));
    expect(errors).toEqual([]);
    // Left as warnings: the original series number, study time and ID are not kept with the volume, and
    // Laterality is written empty (the body part is not known).
    expect(warnings.every((w) => /DICOMDIR|Laterality/.test(w))).toBe(true);
    const scan = scanFiles(files.slice(0, 3));
    const back = await buildVolume(scan.candidates[0]!, decodeHere);
    expect(back.metadata.patientName).toBe('Müller^Zoë');
  });
});
