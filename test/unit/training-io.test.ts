import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStudyLoader } from '../../src/app/studyLoader';
import {
  createTrainingIo,
  exportActivePlanPackage,
  finishTrainingAttempt,
  openTrainingPackage,
  packageFileName,
  type TrainingIoDeps,
  trainingNoGoStructures,
} from '../../src/app/trainingPackageIo';
import { volumeToDicomFiles } from '../../src/app/trainingPackageVolumeDicom';
import type { Mat4 } from '../../src/core/mat4';
import { buildVolume, decodeHere, scanFiles } from '../../src/dicom/ingest';
import { generatePhantom } from '../../src/phantom/index';
import { usePlanStore } from '../../src/state/planStore';
import { useStudyStore } from '../../src/state/studyStore';
import { useTraineeStore } from '../../src/state/traineeStore';
import { readTrainingPackage } from '../../src/training/package';
import { createPackageFromPlan } from '../../src/training/packageCreate';
import type { TrainingIo } from '../../src/ui/trainee/trainingIo';
import type { Volume } from '../../src/volume/volume';
import { testDataPath } from '../testData';
import { phantomVolume } from './volume-fixtures';

const PANCREAS = testDataPath('ct-series/pancreas-ct-cb001');
const pancreasFiles = () =>
  ['1-050.dcm', '1-051.dcm', '1-052.dcm'].map((name) => ({
    path: name,
    blob: new Blob([readFileSync(resolve(PANCREAS, name))]),
  }));

const GANTRY_TILT = testDataPath('ct-series/ge-head-gantry-tilt');

const volumeMetadata = (studyInstanceUid: string, seriesInstanceUid: string): Volume['metadata'] => ({
  patientName: 'ANON',
  patientId: 'X1',
  studyDate: '20240102',
  studyDescription: 'study',
  seriesDescription: 'series',
  studyInstanceUid,
  seriesInstanceUid,
  frameOfReferenceUid: '1.2.3.4.6',
  modality: 'CT',
  isDemo: false,
});

const loader = createStudyLoader(decodeHere);
const deps: TrainingIoDeps = { openFiles: (name, files) => loader.open(name, files), openDemo: () => {} };

describe('volumeToDicomFiles', () => {
  it('writes a series the ingest reads back to the same voxels, geometry (sheared) and UIDs', async () => {
    const dims = [5, 4, 3] as const;
    // Oblique in-plane axes and a slice step with a shear, like a gantry-tilted series.
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    const ijkToLps: Mat4 = [
      0.7 * c,
      -0.8 * s,
      0,
      -100,
      0.7 * s,
      0.8 * c,
      0.4,
      20.5,
      0,
      0,
      2.5,
      -300,
      0,
      0,
      0,
      1,
    ];
    const data = Int16Array.from({ length: 60 }, (_, i) => ((i * 97) % 3000) - 1024);
    const volume: Volume = {
      id: 'v',
      dims,
      spacingMm: [0.7, 0.8, 2.5],
      ijkToLps,
      data,
      rescaleSlope: 1,
      rescaleIntercept: 0,
      metadata: volumeMetadata('1.2.3.4', '1.2.3.4.5'),
      warnings: [],
    };
    const files = volumeToDicomFiles(volume);
    expect(files).toHaveLength(3);
    const scan = scanFiles(files);
    expect(scan.skipped).toEqual([]);
    const back = await buildVolume(scan.candidates[0]!, decodeHere);
    expect(back.dims).toEqual(dims);
    expect(Array.from(back.data)).toEqual(Array.from(data));
    for (const [i, v] of back.ijkToLps.entries()) expect(v).toBeCloseTo(ijkToLps[i]!, 6);
    expect(back.metadata.seriesInstanceUid).toBe('1.2.3.4.5');
    expect(back.metadata.studyInstanceUid).toBe('1.2.3.4');
  });
});

describe('training package glue (real stores and study loader)', () => {
  it('a DICOM case: package from the active plan, closed, reopened from the package', async () => {
    await loader.open('pancreas', pancreasFiles());
    const volume = useStudyStore.getState().volume!;
    const md = volume.metadata;
    const plans = usePlanStore.getState();
    plans.openCase(md.seriesInstanceUid, {
      studyInstanceUid: md.studyInstanceUid,
      seriesInstanceUid: md.seriesInstanceUid,
    });
    plans.addTrajectory({
      entryLps: [20, 120, -150],
      targetLps: [10, 60, -150],
      procedure: 'tfesi',
      side: 'left',
    });
    const made = await exportActivePlanPackage({ title: 'Pancreas: left/"oblique"' });
    if (!made.ok) throw new Error(made.error);
    expect(made.value.fileName).toBe('Pancreas_ left_oblique_.spineplan-training.zip');
    expect(packageFileName({ title: '' })).toBe('exercise.spineplan-training.zip');
    const inside = readTrainingPackage(made.value.bytes);
    expect(inside.ok && inside.value.dicomFiles).toHaveLength(3); // written from the volume

    // De-identified by default: no patient name or original UID inside, the plan remapped with the images.
    expect(made.value.removed).toContain("Patient's Name: emptied (3)");
    const inPackage = inside.ok ? inside.value : undefined;
    const text = new TextDecoder('latin1').decode(inPackage?.dicomFiles[0]?.bytes);
    expect(text).not.toContain(md.seriesInstanceUid);
    expect(inPackage?.pkg.expertPlan.seriesInstanceUid).not.toBe(md.seriesInstanceUid);
    expect(inPackage?.pkg.study).toEqual({
      kind: 'dicom',
      studyInstanceUid: expect.stringMatching(/^2\.25\./),
      seriesInstanceUid: inPackage?.pkg.expertPlan.seriesInstanceUid,
    });

    // With the original files at hand they travel instead, byte for byte when de-identification is off.
    const originals = pancreasFiles().map((f) => ({
      path: f.path,
      bytes: readFileSync(resolve(PANCREAS, f.path)),
    }));
    const withOriginals = await exportActivePlanPackage(
      {},
      { activeSeriesFiles: () => originals },
      new Date(),
      {
        deidentify: false,
      },
    );
    const read = withOriginals.ok ? readTrainingPackage(withOriginals.value.bytes) : undefined;
    expect(read?.ok && Buffer.from(read.value.dicomFiles[1]!.bytes).equals(originals[1]!.bytes)).toBe(true);

    useStudyStore.getState().close();
    const opened = await openTrainingPackage(made.value.bytes, deps);
    if (!opened.ok) throw new Error(opened.error);
    expect(useStudyStore.getState().volume?.metadata.seriesInstanceUid).toBe(
      inPackage?.pkg.expertPlan.seriesInstanceUid,
    );
    expect(Array.from(useStudyStore.getState().volume!.data.subarray(0, 1000))).toEqual(
      Array.from(volume.data.subarray(0, 1000)),
    );
    const trainee = useTraineeStore.getState();
    expect(trainee.pkg?.title).toBe('Pancreas: left/"oblique"');
    expect(trainee.revealed).toBe(false);
    trainee.startAttempt();
    trainee.placeOnSkin([20, 120, -150], [-10 / Math.hypot(10, 60), -60 / Math.hypot(10, 60), 0]);
    trainee.advance(Math.hypot(10, 60));
    const score = finishTrainingAttempt();
    expect(score?.tipToTargetMm).toBeLessThan(1e-9);
    expect(trainingNoGoStructures(trainee.pkg!)).toEqual([]); // no truth outside the demo
    await loader.open('pancreas', pancreasFiles()); // the original series again, for the next tests
  });

  it("createTrainingIo fits the training panel's TrainingIo and carries the open series' images", async () => {
    const io: TrainingIo = createTrainingIo(deps);
    const plan = usePlanStore.getState().plans[useStudyStore.getState().volume!.metadata.seriesInstanceUid]!;
    const made = createPackageFromPlan(plan, { nowIso: '2026-11-28T12:00:00.000Z' });
    if (!made.ok) throw new Error(made.error);
    const { bytes } = await io.writePackage(made.value);
    const read = readTrainingPackage(bytes);
    expect(read.ok && read.value.dicomFiles).toHaveLength(3);
    useStudyStore.getState().close();
    await expect(io.writePackage(made.value)).rejects.toThrow(/series is not the one open/);
    const opened = await io.openPackage(new File([bytes as BlobPart], 'exercise.zip'));
    expect(opened.ok && opened.value.createdAt).toBe('2026-11-28T12:00:00.000Z');
    const opened_ = opened.ok ? opened.value : undefined;
    expect(useStudyStore.getState().volume?.metadata.seriesInstanceUid).toBe(
      opened_?.study.kind === 'dicom' ? opened_.study.seriesInstanceUid : '',
    );
    expect(opened_?.expertPlan.seriesInstanceUid).not.toBe(plan.seriesInstanceUid);
    expect(await io.openPackage(new File(['{ "format": "spineplan-plan" }'], 'plan.json'))).toEqual({
      ok: false,
      error:
        'this is a Spineplan plan file, not a training package: open it with Import plan, or make an exercise from it (Trainee mode > New package from this plan)',
    });
    await loader.open('pancreas', pancreasFiles()); // the original series again
  });

  it('a package whose images are another series is refused', async () => {
    const made = await exportActivePlanPackage({});
    if (!made.ok) throw new Error(made.error);
    const pkg = readTrainingPackage(made.value.bytes);
    if (!pkg.ok) throw new Error(pkg.error);
    const otherDeps: TrainingIoDeps = {
      ...deps,
      openFiles: async (name) => {
        const files = ['01.dcm', '02.dcm', '03.dcm'].map((f) => ({
          path: f,
          blob: new Blob([readFileSync(resolve(GANTRY_TILT, f))]),
        }));
        await loader.open(name, files);
      },
    };
    const r = await openTrainingPackage(made.value.bytes, otherDeps);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(
      /^the package's images are series [\d.]+, but its plan was made on series [\d.]+$/,
    );
    expect(await openTrainingPackage(new Uint8Array([1, 2, 3]), deps)).toEqual({
      ok: false,
      error:
        'not a Spineplan training package: the file is not a zip archive (it starts with bytes 01 02 03)',
    });
  });

  it('the demo: no images in the package, ground-truth no-go structures in the scoring', async () => {
    const phantom = generatePhantom({ size: 'small', seed: 1 });
    // As main.tsx's openDemo: loading starts at once, the volume and its truth arrive later.
    const demoVolume = phantomVolume(phantom, {
      id: 'demo',
      metadata: { ...volumeMetadata('2.25.1', '2.25.2'), isDemo: true },
    });
    const openDemo = () => {
      useStudyStore.getState().beginLoading('demo');
      setTimeout(() => {
        useStudyStore.getState().setDemoTruth(phantom.truth);
        useStudyStore.getState().setVolume(demoVolume);
      }, 0);
    };
    openDemo();
    await new Promise<void>((r) => useStudyStore.subscribe((s) => s.status === 'ready' && r()));
    const plans = usePlanStore.getState();
    plans.openCase('demo');
    plans.addTrajectory({
      entryLps: [60, 90, -60],
      targetLps: [25, 30, -60],
      procedure: 'tfesi',
      side: 'left',
      level: 'L4-L5',
    });
    const made = await exportActivePlanPackage({});
    if (!made.ok) throw new Error(made.error);
    expect(made.value.pkg.study).toEqual({ kind: 'demo', seed: 1 });
    expect(readTrainingPackage(made.value.bytes).ok && made.value.bytes.length).toBeLessThan(20_000);

    useStudyStore.getState().close();
    const opened = await openTrainingPackage(made.value.bytes, { ...deps, openDemo });
    if (!opened.ok) throw new Error(opened.error);
    expect(useStudyStore.getState().volume?.metadata.isDemo).toBe(true);
    const names = trainingNoGoStructures(opened.value).map((s) => s.name);
    expect(names).toContain('thecal-sac');
    expect(names).toContain('nerve-root-L4-left');
  });
});
