import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStudyLoader } from '../../src/app/studyLoader';
import { decodeHere } from '../../src/dicom/ingest';
import { useStudyStore } from '../../src/state/studyStore';
import { releaseVoxels } from '../../src/volume/releaseVoxels';
import { testDataPath } from '../testData';

/** Issue 24 class 6: closing a case lets go of everything it held (the e2e measures the heap). */
const GE = testDataPath('ct-series/ge-head-gantry-tilt');
const files = () =>
  readdirSync(GE)
    .sort()
    .map((name) => ({ path: `ge/${name}`, blob: new Blob([readFileSync(resolve(GE, name))]) }));

describe('closing a case', () => {
  it('drops the files, the series and the volume, and empties the closed volume at once', async () => {
    const loader = createStudyLoader(decodeHere);
    await loader.open('GE head', files());
    const study = useStudyStore.getState();
    expect(study.status).toBe('ready');
    const volume = study.volume!;
    expect(volume.data.length).toBe(volume.dims[0] * volume.dims[1] * volume.dims[2]);
    expect((await loader.activeSeriesFiles())?.length).toBe(28);
    const closedBefore = study.closedCount;

    loader.close();
    const after = useStudyStore.getState();
    expect(after.status).toBe('empty');
    expect(after.volume).toBeNull();
    expect(after.series).toEqual([]);
    expect(after.closedCount).toBe(closedBefore + 1);
    expect(await loader.activeSeriesFiles()).toBeUndefined();
    expect(loader.activeSeriesSlices()).toBeUndefined();
    // A stale reference to the closed volume holds no voxels any more.
    expect(volume.data.length).toBe(0);
    expect(volume.data.buffer.byteLength).toBe(0);
  });

  it('leaves shared memory to the garbage collector (it cannot be detached)', () => {
    const shared = { data: new Int16Array(new SharedArrayBuffer(16)) };
    releaseVoxels(shared);
    expect(shared.data.length).toBe(8);
    const plain = { data: new Int16Array(8) };
    releaseVoxels(plain);
    releaseVoxels(plain);
    expect(plain.data.length).toBe(0);
  });
});
