import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createStudyLoader } from '../../src/app/studyLoader';
import { buildVolume, decodeHere, scanFiles } from '../../src/dicom/ingest';
import { ingestLimits } from '../../src/dicom/ingestLimits';
import { type OpenEvent, openSources, readOriginals } from '../../src/dicom/openSources';
import type { SourceFile } from '../../src/dicom/readSources';
import { useStudyStore } from '../../src/state/studyStore';
import { testDataPath } from '../testData';

/**
 * Issue 20, ingest side: the whole open (read, parse, choose, assemble native frames) as one job that runs
 * in the ingest worker, with pictures for the loading screen on the way, and the page left with headers
 * only (files read again for another series or the originals).
 */
const PANCREAS = testDataPath('ct-series/pancreas-ct-cb001');
const LIDC = testDataPath('ct-series/lidc-idri-0314');
const J2K = testDataPath('ct-series/totalseg-example-ct-j2k');
const limits = ingestLimits();

const read = (folder: string, names: string[]) =>
  names.map((name) => ({ path: name, bytes: new Uint8Array(readFileSync(resolve(folder, name))) }));
/** Typed arrays compared here, not by toEqual (which walks 35 M voxels element by element for minutes). */
const sameVoxels = (a: Int16Array | undefined, b: Int16Array) =>
  a !== undefined &&
  a.length === b.length &&
  Buffer.compare(
    Buffer.from(a.buffer, a.byteOffset, a.byteLength),
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  ) === 0;
const asSources = (inputs: { path: string; bytes: Uint8Array<ArrayBuffer> }[]): SourceFile[] =>
  inputs.map((i) => ({ path: i.path, blob: new Blob([i.bytes]) }));
const twoSeries = () => [
  ...read(PANCREAS, ['1-050.dcm', '1-051.dcm', '1-052.dcm']),
  ...read(LIDC, readdirSync(LIDC).sort().slice(0, 4)),
];

describe('openSources: one job from files to volume', () => {
  it('shows the first image before the headers are read, then the middle image; the volume equals the page build', async () => {
    const inputs = read(PANCREAS, readdirSync(PANCREAS).sort());
    const events: OpenEvent[] = [];
    const outcome = await openSources({ files: asSources(inputs), limits }, (e) => events.push(e));

    const order = events.map((e) =>
      e.kind === 'preview' ? `preview:${e.preview.caption}` : e.progress.phase,
    );
    const firstPreview = order.findIndex((o) => o.startsWith('preview:First image read'));
    const middlePreview = order.findIndex((o) => o.startsWith('preview:Middle image'));
    expect(firstPreview).toBeGreaterThanOrEqual(0);
    // The first picture comes while the files are still being read (after the first file, not after all).
    expect(firstPreview).toBeLessThan(order.indexOf('Reading DICOM headers'));
    expect(middlePreview).toBeGreaterThan(order.lastIndexOf('Reading DICOM headers'));
    expect(middlePreview).toBeLessThan(order.indexOf('Loading images'));
    const middle = events.find((e) => e.kind === 'preview' && e.preview.caption.startsWith('Middle'));
    expect(middle?.kind === 'preview' && middle.preview.caption).toContain('(134 images)');
    if (middle?.kind === 'preview') {
      const { image } = middle.preview;
      expect([image.width, image.height]).toEqual([512, 512]);
      // A real CT slice under the bone window: black air, grey tissue, some white bone.
      const grey = [...image.grey];
      expect(grey.filter((g) => g === 0).length / grey.length).toBeGreaterThan(0.2);
      expect(grey.filter((g) => g > 0 && g < 255).length / grey.length).toBeGreaterThan(0.2);
    }

    // Same volume as the scan + buildVolume the page used to run.
    const reference = await buildVolume(scanFiles(inputs).candidates[0]!);
    expect(outcome.volume?.dims).toEqual(reference.dims);
    expect(outcome.volume?.ijkToLps).toEqual(reference.ijkToLps);
    expect(sameVoxels(outcome.volume?.data, reference.data)).toBe(true);
    expect(outcome.volume?.warnings).toEqual(reference.warnings);
    // Headers only come back: no file bytes besides the volume.
    for (const c of outcome.scan.candidates) for (const p of c.instances) expect(p.bytes.byteLength).toBe(0);
    expect(outcome.thumbnails.map((t) => t.key)).toEqual([outcome.chosenKey]);
  });

  it('re-opens one series of a drop from its files only, by key, and reads its originals again', async () => {
    const inputs = twoSeries();
    const sources = asSources(inputs);
    const first = await openSources({ files: sources, limits }, () => undefined);
    expect(first.scan.candidates).toHaveLength(2);
    const other = first.scan.candidates.find((c) => c.key !== first.chosenKey)!;
    const paths = other.instances.map((p) => p.instance.path);
    const again = await openSources(
      { files: sources, limits, series: { key: other.key, paths } },
      () => undefined,
    );
    expect(again.chosenKey).toBe(other.key);
    expect(again.scan.candidates).toHaveLength(1);
    const reference = await buildVolume(
      scanFiles(inputs.filter((i) => paths.includes(i.path))).candidates[0]!,
    );
    expect(sameVoxels(again.volume?.data, reference.data)).toBe(true);

    const originals = await readOriginals(sources, limits, paths);
    expect(originals.missing).toEqual([]);
    expect(originals.inputs.map((i) => i.path)).toEqual(paths);
    for (const i of originals.inputs)
      expect(
        Buffer.compare(Buffer.from(i.bytes), Buffer.from(inputs.find((x) => x.path === i.path)!.bytes)),
      ).toBe(0);
  });

  it('in a zip, only the wanted entries are inflated again', async () => {
    const inputs = twoSeries();
    const zip = zipSync(Object.fromEntries(inputs.map((i) => [`study/${i.path}`, i.bytes])));
    const sources: SourceFile[] = [{ path: 'case.zip', blob: new Blob([zip]) }];
    const first = await openSources({ files: sources, limits }, () => undefined);
    const other = first.scan.candidates.find((c) => c.key !== first.chosenKey)!;
    const paths = other.instances.map((p) => p.instance.path);
    expect(paths.every((p) => p.startsWith('case.zip/study/'))).toBe(true);
    const again = await openSources(
      { files: sources, limits, series: { key: other.key, paths } },
      () => undefined,
    );
    expect(again.chosenKey).toBe(other.key);
    // The other series' entries were never inflated: nothing of them was read or parsed.
    expect(again.scan.candidates).toHaveLength(1);
    expect(again.inflatedBytes).toBeLessThan(first.inflatedBytes);
    const originals = await readOriginals(sources, limits, paths);
    expect(originals.inputs.map((i) => i.path)).toEqual(paths);
    const missing = await readOriginals(sources, limits, ['case.zip/study/gone.dcm']);
    expect(missing.missing).toEqual(['case.zip/study/gone.dcm']);
  });

  it('a compressed series is left to the decode pool: its bytes and middle frame come back, nothing assembled', async () => {
    const inputs = read(J2K, readdirSync(J2K).sort());
    const outcome = await openSources({ files: asSources(inputs), limits }, () => undefined);
    expect(outcome.volume).toBeUndefined();
    expect(outcome.volumeError).toBeUndefined();
    const chosen = outcome.scan.candidates.find((c) => c.key === outcome.chosenKey)!;
    expect(chosen.instances.every((p) => p.bytes.byteLength > 0)).toBe(true);
    expect(outcome.thumbnailFrames.map((t) => t.key)).toEqual([chosen.key]);
  });
});

describe('the study loader keeps headers, not bytes', () => {
  it('opens, switches series by reading the files again, decodes a stored slice, and gives the originals', async () => {
    const inputs = twoSeries();
    const loader = createStudyLoader(decodeHere);
    await loader.open('two series', asSources(inputs));
    const study = useStudyStore.getState;
    expect(study().status).toBe('ready');
    expect(study().series).toHaveLength(2);
    expect(study().series.every((s) => s.thumbnail !== undefined)).toBe(true);
    const firstKey = study().activeSeriesKey;
    for (const s of loader.activeSeriesSlices() ?? []) expect(s.source.bytes.byteLength).toBe(0);

    const otherKey = study().series.find((s) => s.key !== firstKey)!.key;
    await loader.openSeries(otherKey);
    expect(study().status).toBe('ready');
    expect(study().activeSeriesKey).toBe(otherKey);
    expect(study().series).toHaveLength(2);
    const slices = loader.activeSeriesSlices()!;
    expect(study().volume?.dims[2]).toBe(slices.length);

    const decoded = await loader.decodeSlice(slices[0]!.source, 0);
    expect(decoded.rows).toBe(slices[0]!.source.instance.rows);
    const originals = await loader.activeSeriesFiles();
    expect(originals?.map((f) => f.path).sort()).toEqual(slices.map((s) => s.source.instance.path).sort());
    loader.close();
    expect(await loader.activeSeriesFiles()).toBeUndefined();
  });
});
