import { describe, expect, it } from 'vitest';
import { createStudyLoader } from '../../src/app/studyLoader';
import { decodeHere } from '../../src/dicom/ingest';
import {
  gridOf,
  handOverPartShared,
  headersOfSlab,
  outcomeOfParts,
  writeSlabFiles,
} from '../../src/phantom/handOver';
import { generatePhantom, generatePhantomPart, phantomToDicomFiles } from '../../src/phantom/index';
import { useStudyStore } from '../../src/state/studyStore';

/**
 * Issue 20, the demo's first visit: the study is shown from the workers' shared voxels before its files
 * exist; the loader asks for the files only when something needs them (exports, "Acquired images"), and
 * gets the generator's very files.
 */
const options = { size: 'small', seed: 1 } as const;

async function handedDemo() {
  const phantoms = [0, 1].map((index) => generatePhantomPart(options, { index, count: 2 })!);
  const [nx, ny] = phantoms[0]!.dims;
  const slices = phantoms.reduce((n, p) => n + p.dims[2], 0);
  const series = new Int16Array(new SharedArrayBuffer(slices * nx * ny * 2));
  const parts = phantoms.map((p) => handOverPartShared(p, headersOfSlab(gridOf(p), options), series));
  const outcome = await outcomeOfParts(parts, series);
  let asked = 0;
  const files = async () => {
    asked++;
    return parts.flatMap((p) =>
      writeSlabFiles(p.grid, p.voxels, options).map((f) => ({
        path: f.path,
        blob: new Blob([f.bytes as BlobPart]),
      })),
    );
  };
  return { outcome, files, asked: () => asked, series };
}

describe('the demo shown before its files are written (issue 20)', () => {
  it('opens without asking for the files; the first reader gets them, the same bytes as the generator writes', async () => {
    const demo = await handedDemo();
    const loader = createStudyLoader(decodeHere);
    await loader.open('Demo', async () => ({ files: demo.files, outcome: demo.outcome }));
    expect(useStudyStore.getState().status).toBe('ready');
    expect(useStudyStore.getState().volume!.data).toBe(demo.series);
    expect(demo.asked()).toBe(0);

    const originals = await loader.activeSeriesFiles();
    expect(demo.asked()).toBe(1);
    const onePass = phantomToDicomFiles(generatePhantom(options), { seed: 1 });
    expect(originals!.map((f) => f.path)).toEqual(onePass.map((f) => f.path));
    expect(originals!.every((f, i) => Buffer.from(f.bytes).equals(Buffer.from(onePass[i]!.bytes)))).toBe(
      true,
    );
    // Kept once written: later readers do not ask again.
    expect((await loader.activeSeriesBlobs())!.length).toBe(onePass.length);
    const slice = loader.activeSeriesSlices()![3]!;
    const decoded = await loader.decodeSlice(slice.source, slice.frameIndex);
    expect(decoded.rows * decoded.columns).toBe(decoded.pixels.length);
    expect(demo.asked()).toBe(1);
  });

  it('a demo closed before anything needed its files never writes them', async () => {
    const demo = await handedDemo();
    const loader = createStudyLoader(decodeHere);
    await loader.open('Demo', async () => ({ files: demo.files, outcome: demo.outcome }));
    loader.close();
    expect(await loader.activeSeriesFiles()).toBeUndefined();
    expect(demo.asked()).toBe(0);
  });
});
