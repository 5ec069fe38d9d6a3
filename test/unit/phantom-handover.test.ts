import { describe, expect, it } from 'vitest';
import { ingestLimits } from '../../src/dicom/ingestLimits';
import { openSources } from '../../src/dicom/openSources';
import {
  dropHeaderBytes,
  gridOf,
  handOverPart,
  handOverPartShared,
  headersOfSlab,
  outcomeOfParts,
  partPicture,
  slabOfSeries,
  slabPicture,
  writeSlabFiles,
} from '../../src/phantom/handOver';
import { generatePhantom, generatePhantomPart, phantomToDicomFiles } from '../../src/phantom/index';

/**
 * Issue 20, the demo's first visit: the phantom workers hand the loader their voxels and parsed headers with
 * the files, and the page assembles the study from those. It must be the study the loader opens from the
 * very same files (openSources, as the ingest worker runs it): same series, geometry, metadata, ids, voxels.
 */
const sameBytes = (a: ArrayBufferView, b: ArrayBufferView) =>
  Buffer.compare(
    Buffer.from(a.buffer, a.byteOffset, a.byteLength),
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  ) === 0;

/** Parts as the page receives them from the workers: headers without bytes, through a structured clone. */
function handedParts(seed: number, count: number) {
  const options = { size: 'small', seed } as const;
  return Array.from({ length: count }, (_, index) => {
    const phantom = generatePhantomPart(options, { index, count });
    if (!phantom) throw new Error('empty part');
    const part = handOverPart(phantom, options);
    dropHeaderBytes(part);
    return structuredClone(part);
  });
}

describe('demo phantom handed over with its voxels (issue 20)', () => {
  for (const [seed, count] of [
    [1, 2],
    [7, 3],
  ] as const) {
    it(`seed ${seed}, ${count} workers: the handed study equals the study opened from the same files`, async () => {
      const parts = handedParts(seed, count);
      const files = parts.flatMap((p) => p.files);
      // The files are the one-pass generator's, byte for byte (what Recent cases and exports keep).
      const onePass = phantomToDicomFiles(generatePhantom({ size: 'small', seed }), { seed });
      expect(files.map((f) => f.path)).toEqual(onePass.map((f) => f.path));
      expect(files.every((f, i) => sameBytes(f.bytes, onePass[i]!.bytes))).toBe(true);

      // Parts arrive in any order.
      const handed = await outcomeOfParts([...parts].reverse());
      const opened = await openSources(
        {
          files: files.map((f) => ({ path: f.path, blob: new Blob([f.bytes as BlobPart]) })),
          limits: ingestLimits(),
        },
        () => undefined,
      );

      expect(handed.volumeError).toBeUndefined();
      expect(opened.volumeError).toBeUndefined();
      expect(handed.chosenKey).toBe(opened.chosenKey);
      expect(handed.scan.skipped).toEqual(opened.scan.skipped);
      expect(handed.scan.nonImages).toEqual(opened.scan.nonImages);
      expect(handed.scan.candidates.length).toBe(1);
      const [h] = handed.scan.candidates;
      const [o] = opened.scan.candidates;
      expect(h!.key).toBe(o!.key);
      expect(h!.summary).toEqual(o!.summary);
      expect(h!.warnings).toEqual(o!.warnings);
      // Headers as the page keeps them: same parse, bytes dropped in both.
      expect(h!.instances.map((p) => p.instance)).toEqual(o!.instances.map((p) => p.instance));
      expect(h!.instances.map((p) => p.frameFragments)).toEqual(o!.instances.map((p) => p.frameFragments));
      expect(h!.instances.every((p) => p.bytes.byteLength === 0)).toBe(true);
      expect(h!.slices.map((s) => [s.source.instance.path, s.frameIndex, s.geometry])).toEqual(
        o!.slices.map((s) => [s.source.instance.path, s.frameIndex, s.geometry]),
      );

      // The series picker's thumbnail: the same picture of the same middle slice.
      expect(handed.thumbnails.length).toBe(1);
      expect(handed.thumbnails).toEqual(opened.thumbnails);

      const hv = handed.volume!;
      const ov = opened.volume!;
      expect(hv.id).toBe(ov.id);
      expect(hv.dims).toEqual(ov.dims);
      expect(hv.spacingMm).toEqual(ov.spacingMm);
      expect(hv.ijkToLps).toEqual(ov.ijkToLps);
      expect([hv.rescaleSlope, hv.rescaleIntercept]).toEqual([ov.rescaleSlope, ov.rescaleIntercept]);
      expect(hv.metadata).toEqual(ov.metadata);
      expect(hv.metadata.isDemo).toBe(true);
      expect(hv.warnings).toEqual(ov.warnings);
      expect(hv.data.length).toBe(ov.data.length);
      expect(sameBytes(hv.data, ov.data)).toBe(true);
    });
  }

  for (const [seed, count] of [
    [1, 2],
    [7, 3],
  ] as const) {
    it(`seed ${seed}, ${count} workers, shared memory: the study handed before any file is written is the study opened from the files written after, and its voxels are the shared series (no copy)`, async () => {
      const options = { size: 'small', seed } as const;
      const phantoms = Array.from(
        { length: count },
        (_, index) => generatePhantomPart(options, { index, count })!,
      );
      const [nx, ny] = phantoms[0]!.dims;
      const slices = phantoms.reduce((n, p) => n + p.dims[2], 0);
      const series = new Int16Array(new SharedArrayBuffer(slices * nx * ny * 2));
      // As a worker does it: headers first (and the loading picture), then the voxels into the series.
      const handed = phantoms.map((phantom) => {
        const headers = headersOfSlab(gridOf(phantom), options);
        const picture = slabPicture(phantom, headers, 256);
        // The picture equals the one drawn from the written file (handOverPart, before its bytes are dropped).
        const written = handOverPart(
          generatePhantomPart(options, { index: phantoms.indexOf(phantom), count })!,
          options,
        );
        expect(picture).toEqual(partPicture(written, 256));
        const part = handOverPartShared(phantom, headers, series);
        // Through a structured clone, as the page receives them; the page takes its own view of the series.
        const { grid, headers: cloned } = structuredClone({ grid: part.grid, headers: part.headers });
        return { grid, headers: cloned, voxels: slabOfSeries(series, grid) };
      });
      const outcome = await outcomeOfParts([...handed].reverse(), series);
      expect(outcome.volumeError).toBeUndefined();
      expect(outcome.volume!.data).toBe(series);

      // The files written afterwards from the shared voxels: the one-pass generator's, byte for byte.
      const files = handed.flatMap((p) => writeSlabFiles(p.grid, p.voxels, options));
      const onePass = phantomToDicomFiles(generatePhantom(options), { seed });
      expect(files.map((f) => f.path)).toEqual(onePass.map((f) => f.path));
      expect(files.every((f, i) => sameBytes(f.bytes, onePass[i]!.bytes))).toBe(true);

      const opened = await openSources(
        {
          files: files.map((f) => ({ path: f.path, blob: new Blob([f.bytes as BlobPart]) })),
          limits: ingestLimits(),
        },
        () => undefined,
      );
      const [h] = outcome.scan.candidates;
      const [o] = opened.scan.candidates;
      expect(outcome.chosenKey).toBe(opened.chosenKey);
      expect(h!.summary).toEqual(o!.summary);
      expect(h!.warnings).toEqual(o!.warnings);
      expect(h!.instances.map((p) => p.instance)).toEqual(o!.instances.map((p) => p.instance));
      expect(h!.instances.map((p) => p.frameFragments)).toEqual(o!.instances.map((p) => p.frameFragments));
      expect(h!.instances.every((p) => p.bytes.byteLength === 0)).toBe(true);
      expect(outcome.thumbnails).toEqual(opened.thumbnails);
      const hv = outcome.volume!;
      const ov = opened.volume!;
      expect([hv.id, hv.dims, hv.spacingMm, hv.ijkToLps, hv.metadata, hv.warnings]).toEqual([
        ov.id,
        ov.dims,
        ov.spacingMm,
        ov.ijkToLps,
        ov.metadata,
        ov.warnings,
      ]);
      expect([hv.rescaleSlope, hv.rescaleIntercept]).toEqual([ov.rescaleSlope, ov.rescaleIntercept]);
      expect(hv.data.length).toBe(ov.data.length);
      expect(sameBytes(hv.data, ov.data)).toBe(true);
    });
  }

  it('voxels not where the volume keeps them (a series of another length) are copied, not taken as the volume', async () => {
    const options = { size: 'small', seed: 1 } as const;
    const phantoms = [0, 1].map((index) => generatePhantomPart(options, { index, count: 2 })!);
    const [nx, ny] = phantoms[0]!.dims;
    const slices = phantoms.reduce((n, p) => n + p.dims[2], 0);
    // One slice too many at the end: every slab is in place, but the series is not the volume.
    const series = new Int16Array(new SharedArrayBuffer((slices + 1) * nx * ny * 2));
    const handed = phantoms.map((p) => handOverPartShared(p, headersOfSlab(gridOf(p), options), series));
    const outcome = await outcomeOfParts(handed, series);
    expect(outcome.volume!.data).not.toBe(series);
    expect(sameBytes(outcome.volume!.data, series.subarray(0, slices * nx * ny))).toBe(true);
  });

  it('the handed voxels are clamped as the files store them (air below -1024 HU in the noise)', () => {
    const options = { size: 'small', seed: 1 } as const;
    const raw = generatePhantomPart(options, { index: 0, count: 2 })!;
    const below = raw.hu.filter((v) => v < -1024).length;
    const part = handOverPart(generatePhantomPart(options, { index: 0, count: 2 })!, options);
    // The case the clamp exists for does occur, and none is left after it.
    expect(below).toBeGreaterThan(0);
    expect(part.voxels.every((v) => v >= -1024 && v <= 3071)).toBe(true);
  });

  it('a part whose voxels do not match its headers fails with a message, not a wrong volume', async () => {
    const parts = handedParts(1, 2);
    const short = { ...parts[1]!, voxels: parts[1]!.voxels.subarray(0, parts[1]!.voxels.length - 7) };
    const handed = await outcomeOfParts([parts[0]!, short]);
    expect(handed.volume).toBeUndefined();
    expect(handed.volumeError).toMatch(/no voxels handed over for spineplan-demo\/CT\d{4}\.dcm/);
  });
});
