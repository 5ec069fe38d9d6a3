import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStudyLoader } from '../../src/app/studyLoader';
import { openTrainingPackage, type TrainingIoDeps } from '../../src/app/trainingPackageIo';
import { decodeHere } from '../../src/dicom/ingest';
import { selectActivePlan, usePlanStore } from '../../src/state/planStore';
import { useStudyStore } from '../../src/state/studyStore';
import { useTraineeStore } from '../../src/state/traineeStore';
import { writeTrainingPackage } from '../../src/training/package';
import { testDataPath } from '../testData';
import { packageWith } from './training-fixtures';

/**
 * Issue 24 class 8 (and class 1 in packages): a refused training package leaves the case the user has open,
 * and its plan, as they were. Real study loader, real stores, three real CT slices.
 */

const PANCREAS = testDataPath('ct-series/pancreas-ct-cb001');
const SLICES = ['1-050.dcm', '1-051.dcm', '1-052.dcm'];
const files = () =>
  SLICES.map((name) => ({ path: `dicom/${name}`, bytes: readFileSync(resolve(PANCREAS, name)) }));

const loader = createStudyLoader(decodeHere);
let opened = 0;
const deps: TrainingIoDeps = {
  openFiles: (name, f) => {
    opened++;
    return loader.open(name, f);
  },
  openDemo: () => {
    opened++;
  },
};

async function openPancreasWithPlan() {
  await loader.open(
    'pancreas',
    SLICES.map((name) => ({ path: name, blob: new Blob([readFileSync(resolve(PANCREAS, name))]) })),
  );
  const volume = useStudyStore.getState().volume!;
  usePlanStore
    .getState()
    .addTrajectory({ name: 'my needle', entryLps: [20, 120, -150], targetLps: [10, 60, -150] });
  return { volume, plan: selectActivePlan(usePlanStore.getState())! };
}

describe('a refused training package leaves the open case alone', () => {
  it('images of another series: refused before they are opened', async () => {
    const { volume, plan } = await openPancreasWithPlan();
    const pkg = packageWith(
      [
        [
          [20, 120, -150],
          [10, 60, -150],
        ],
      ],
      {
        study: { kind: 'dicom', seriesInstanceUid: '1.2.3.999' },
      },
    );
    pkg.expertPlan = { ...pkg.expertPlan, caseKey: '1.2.3.999', seriesInstanceUid: '1.2.3.999' };
    opened = 0;
    const r = await openTrainingPackage(writeTrainingPackage(pkg, files()), deps);
    expect(r).toEqual({
      ok: false,
      error: `the package's images are series ${volume.metadata.seriesInstanceUid}, but its plan was made on series 1.2.3.999`,
    });
    expect(opened).toBe(0);
    expect(useStudyStore.getState().volume).toBe(volume);
    expect(selectActivePlan(usePlanStore.getState())).toBe(plan);
  });

  it('an expert plan 2 m from its images, or with hostile numbers: refused, no exercise set', async () => {
    const { volume } = await openPancreasWithPlan();
    const series = volume.metadata.seriesInstanceUid;
    const far = packageWith(
      [
        [
          [2500, 120, -150],
          [10, 60, -150],
        ],
      ],
      { study: { kind: 'dicom', seriesInstanceUid: series } },
    );
    far.expertPlan = { ...far.expertPlan, caseKey: series, seriesInstanceUid: series };
    useTraineeStore.getState().setPackage(null);
    const r = await openTrainingPackage(writeTrainingPackage(far, files()), deps);
    expect(!r.ok && r.error).toMatch(
      /^the package's expert plan does not fit its images: trajectory 1 \('.*'\) entry is [\d.]+ mm from the images \(limit: 500 mm outside\)$/,
    );
    expect(useTraineeStore.getState().pkg).toBeNull();

    const hostile = packageWith(
      [
        [
          [1e9, 120, -150],
          [10, 60, -150],
        ],
      ],
      {
        study: { kind: 'dicom', seriesInstanceUid: series },
        title: 'x'.repeat(1_000),
      },
    );
    // Images that load but do not fit the expert plan replace the case (they are only known once loaded);
    // the user's plan of the earlier case stays saved under its own key. Invalid numbers never get that far.
    const current = useStudyStore.getState().volume;
    opened = 0;
    const h = await openTrainingPackage(writeTrainingPackage(hostile, files()), deps);
    expect(!h.ok && h.error).toMatch(
      /trajectories\[0\]\.entryLps: a coordinate is 1e9.*title: 1000 characters long/,
    );
    expect(opened).toBe(0);
    expect(useStudyStore.getState().volume).toBe(current);
  });
});
