import { describe, expect, it } from 'vitest';
import { ingestLimits } from '../../src/dicom/ingestLimits';
import { openSources } from '../../src/dicom/openSources';
import { dropHeaderBytes, handOverPart, outcomeOfParts } from '../../src/phantom/handOver';
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
