/**
 * Issue 20, memory during ingest: an open reads a plain file's header alone (up to its native Pixel Data),
 * then each frame straight into the volume (dicom/readSources.ts, parse/headerWindow.ts, readFileFrame.ts).
 * Everything the user sees must equal the whole-file reading it replaces: the volume voxel for voxel on
 * every real CT series, and every refusal (kind and message) on truncated, odd and fuzzed files.
 */
import { openAsBlob, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildVolume } from '../../src/dicom/ingest';
import { ingestLimits } from '../../src/dicom/ingestLimits';
import { dicomParser } from '../../src/dicom/parse/dicomParserLib';
import { HEADER_WINDOW_BYTES, headerWindowVerdict } from '../../src/dicom/parse/headerWindow';
import { type IngestOutcome, ingestSources, type SourceFile } from '../../src/dicom/readSources';
import type { Volume } from '../../src/volume/volume';
import { FUZZ_SOURCES, fuzzSourcePath } from '../hostile/fuzzCase';
import { MUTATION_KINDS, mapLengths, mutate } from '../hostile/mutate';
import { testDataPath } from '../testData';

const GB = 1024 ** 3;
const limits = ingestLimits(8 * GB);
const CT_SERIES = testDataPath('ct-series');
const PANCREAS = path.join(CT_SERIES, 'pancreas-ct-cb001');
const GE = path.join(CT_SERIES, 'ge-head-gantry-tilt');

/** The same files opened header first (as an open does) and whole (as before). */
async function bothWays(files: SourceFile[], headerWindowBytes = HEADER_WINDOW_BYTES) {
  const header = await ingestSources(files, limits, () => {}, undefined, { headerWindowBytes });
  const whole = await ingestSources(files, limits, () => {}, undefined, { headerFirst: false });
  return { header, whole };
}

/** What a scan tells the user and what the volume build uses: reasons, series, headers, frame offsets. */
const seen = (o: IngestOutcome) => ({
  refused: o.refused,
  skipped: o.scan.skipped,
  nonImages: o.scan.nonImages,
  peakBytes: o.peakBytes,
  candidates: o.scan.candidates.map((c) => ({
    key: c.key,
    summary: c.summary,
    warnings: c.warnings,
    instances: c.instances.map((p) => p.instance),
    frames: c.instances.map((p) => p.frameFragments),
    slices: c.slices.map((s) => [s.source.instance.path, s.frameIndex]),
  })),
});

const sameVoxels = (a: Int16Array, b: Int16Array) =>
  a.length === b.length &&
  Buffer.compare(
    Buffer.from(a.buffer, a.byteOffset, a.byteLength),
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  ) === 0;

/** Every candidate's volume (or the error naming why there is none), built from each outcome. */
async function volumesOf(o: IngestOutcome): Promise<(Volume | string)[]> {
  const out: (Volume | string)[] = [];
  for (const c of o.scan.candidates) {
    try {
      out.push(await buildVolume(c));
    } catch (thrown) {
      out.push(thrown instanceof Error ? thrown.message : String(thrown));
    }
  }
  return out;
}

async function expectSameVolumes(header: IngestOutcome, whole: IngestOutcome) {
  const a = await volumesOf(header);
  const b = await volumesOf(whole);
  expect(a.length).toBe(b.length);
  a.forEach((va, i) => {
    const vb = b[i]!;
    if (typeof va === 'string' || typeof vb === 'string') {
      expect(va).toEqual(vb);
      return;
    }
    expect(va.dims).toEqual(vb.dims);
    expect(va.ijkToLps).toEqual(vb.ijkToLps);
    expect(va.warnings).toEqual(vb.warnings);
    expect([va.rescaleSlope, va.rescaleIntercept]).toEqual([vb.rescaleSlope, vb.rescaleIntercept]);
    expect(sameVoxels(va.data, vb.data)).toBe(true);
  });
}

const files = (dir: string, names = readdirSync(dir).sort()): SourceFile[] =>
  names.map((name) => ({ path: name, blob: new Blob([readFileSync(path.join(dir, name))]) }));

/** Explicit VR little endian element bytes (PS3.5 7.1.2: OB has a 4-byte length after 2 reserved bytes). */
function explicitOb(group: number, element: number, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + value.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, group, true);
  view.setUint16(2, element, true);
  out.set([0x4f, 0x42], 4);
  view.setUint32(8, value.length, true);
  out.set(value, 12);
  return out;
}

/** The GE file (explicit VR LE) with a private (000F,1001) OB element of `length` bytes before Patient Name. */
function withPrivateElement(bytes: Uint8Array, length: number): Uint8Array {
  const at = dicomParser.parseDicom(bytes).elements.x00100010!.dataOffset - 8;
  expect([...bytes.subarray(at, at + 4)]).toEqual([0x10, 0x00, 0x10, 0x00]);
  const value = new Uint8Array(length).fill(0x41);
  const element = explicitOb(0x000f, 0x1001, value);
  const out = new Uint8Array(bytes.length + element.length);
  out.set(bytes.subarray(0, at));
  out.set(element, at);
  out.set(bytes.subarray(at), at + element.length);
  return out;
}

const geBytes = (name: string) => new Uint8Array(readFileSync(path.join(GE, name)));
const geNames = readdirSync(GE).sort().slice(0, 6);
const asFiles = (made: { path: string; bytes: Uint8Array }[]): SourceFile[] =>
  made.map((m) => ({ path: m.path, blob: new Blob([m.bytes as Uint8Array<ArrayBuffer>]) }));

describe('header first: the same volumes and reasons as whole files', () => {
  it('every real CT series: voxel-identical volumes, native files read header first, compressed whole', async () => {
    const series = readdirSync(CT_SERIES).sort();
    expect(series.length).toBeGreaterThanOrEqual(4);
    for (const name of series) {
      const dir = path.join(CT_SERIES, name);
      // File-backed Blobs, as a dropped File is in the browser.
      const sources = await Promise.all(
        readdirSync(dir)
          .sort()
          .map(async (f) => ({ path: `${name}/${f}`, blob: await openAsBlob(path.join(dir, f)) })),
      );
      const { header, whole } = await bothWays(sources);
      expect(seen(header)).toEqual(seen(whole));
      expect(header.scan.candidates.length).toBeGreaterThan(0);
      const instances = header.scan.candidates.flatMap((c) => c.instances);
      const compressed = name.includes('j2k');
      for (const p of instances) {
        if (compressed) {
          expect(p.file).toBeUndefined();
        } else {
          // Only the header is held: a few KB of a 0.5 MB file.
          expect(p.file?.size).toBeGreaterThan(100_000);
          expect(p.bytes.length).toBeLessThan(4096);
        }
      }
      await expectSameVolumes(header, whole);
    }
  }, 120_000);

  it('a file cut inside its pixel data is refused by name at scan, as before', async () => {
    const bytes = new Uint8Array(readFileSync(path.join(PANCREAS, '1-050.dcm')));
    const cut = bytes.slice(0, bytes.length - 100_000);
    expect(headerWindowVerdict(cut.subarray(0, HEADER_WINDOW_BYTES), cut.length).kind).toBe('header');
    const sources = [
      ...files(PANCREAS, ['1-049.dcm', '1-051.dcm']),
      { path: 'cut/1-050.dcm', blob: new Blob([cut]) },
    ];
    const { header, whole } = await bothWays(sources);
    expect(seen(header)).toEqual(seen(whole));
    const reason = header.scan.skipped.find((s) => s.path === 'cut/1-050.dcm')!;
    expect(reason.kind).toBe('truncated');
    expect(reason.message).toMatch(
      /^cut\/1-050\.dcm: ends inside its pixel data: 1 frame\(s\) of 512 x 512 need 512 KB, the file holds 414 KB of them$/,
    );
    expect(header.scan.candidates[0]!.summary.imageCount).toBe(2);
    await expectSameVolumes(header, whole);
  });

  it('a header larger than the first window (and windows of 200 bytes) reads the same', async () => {
    const big = geNames.map((n) => ({ path: n, bytes: withPrivateElement(geBytes(n), 100_000) }));
    const first = big[0]!.bytes;
    expect(headerWindowVerdict(first.subarray(0, HEADER_WINDOW_BYTES), first.length).kind).toBe('more');
    const { header, whole } = await bothWays(asFiles(big));
    expect(seen(header)).toEqual(seen(whole));
    for (const p of header.scan.candidates[0]!.instances) {
      expect(p.file).toBeDefined();
      expect(p.bytes.length).toBeGreaterThan(100_000);
    }
    await expectSameVolumes(header, whole);

    const tiny = await bothWays(files(PANCREAS, ['1-060.dcm', '1-061.dcm', '1-062.dcm']), 200);
    expect(seen(tiny.header)).toEqual(seen(tiny.whole));
    expect(tiny.header.scan.candidates[0]!.instances.every((p) => p.file !== undefined)).toBe(true);
    await expectSameVolumes(tiny.header, tiny.whole);
  });

  it('pixel data at an odd offset, of odd length, or followed by more elements: same volume', async () => {
    // A 101-byte private element: every pixel after it starts at an odd offset in the file.
    const odd = geNames.map((n) => ({ path: n, bytes: withPrivateElement(geBytes(n), 101) }));
    const oddOffset = dicomParser.parseDicom(odd[0]!.bytes).elements.x7fe00010!.dataOffset;
    expect(oddOffset % 2).toBe(1);
    const a = await bothWays(asFiles(odd));
    expect(seen(a.header)).toEqual(seen(a.whole));
    expect(a.header.scan.candidates[0]!.instances.every((p) => p.file !== undefined)).toBe(true);
    await expectSameVolumes(a.header, a.whole);

    // Pixel Data one byte longer than its frame (odd length, PS3.5 7.1.1 asks for even).
    const longer = geNames.map((n) => {
      const bytes = geBytes(n);
      const pixels = dicomParser.parseDicom(bytes).elements.x7fe00010!;
      const out = new Uint8Array(bytes.length + 1);
      out.set(bytes);
      new DataView(out.buffer).setUint32(pixels.dataOffset - 4, pixels.length + 1, true);
      return { path: n, bytes: out };
    });
    const b = await bothWays(asFiles(longer));
    expect(seen(b.header)).toEqual(seen(b.whole));
    expect(b.header.scan.candidates[0]!.instances.every((p) => p.file !== undefined)).toBe(true);
    await expectSameVolumes(b.header, b.whole);

    // Data Set Trailing Padding (FFFC,FFFC) after the pixel data (PS3.10 7.2): read whole, as before.
    const padded = geNames.map((n) => {
      const bytes = geBytes(n);
      const pad = explicitOb(0xfffc, 0xfffc, new Uint8Array(8));
      const out = new Uint8Array(bytes.length + pad.length);
      out.set(bytes);
      out.set(pad, bytes.length);
      return { path: n, bytes: out };
    });
    expect(
      headerWindowVerdict(padded[0]!.bytes.subarray(0, HEADER_WINDOW_BYTES), padded[0]!.bytes.length),
    ).toEqual({
      kind: 'whole',
    });
    const c = await bothWays(asFiles(padded));
    expect(seen(c.header)).toEqual(seen(c.whole));
    expect(c.header.scan.candidates[0]!.instances.every((p) => p.file === undefined)).toBe(true);
    await expectSameVolumes(c.header, c.whole);
  });

  it('fuzzed files (every mutation kind of every fuzz source, 200-byte windows): same reasons, same volumes', async () => {
    let headerFirstFiles = 0;
    for (const [sourceIndex, source] of FUZZ_SOURCES.entries()) {
      const original = new Uint8Array(readFileSync(fuzzSourcePath(source)));
      const map = mapLengths(original);
      for (let c = 0; c < MUTATION_KINDS.length; c++) {
        const mutant = mutate(original, map, 20_000 + sourceIndex, c);
        const name = `fuzz/${sourceIndex}-${c}${mutant.zip ? '.zip' : '.dcm'}`;
        const sources = [{ path: name, blob: new Blob([mutant.bytes as Uint8Array<ArrayBuffer>]) }];
        const { header, whole } = await bothWays(sources, 200);
        expect(seen(header), `${name} (${mutant.kind}: ${mutant.detail})`).toEqual(seen(whole));
        const fromFile = header.scan.candidates.some((x) => x.instances.some((p) => p.file));
        if (fromFile) {
          headerFirstFiles++;
          await expectSameVolumes(header, whole);
        }
      }
    }
    // The native sources (CT, MR, implicit, big endian, the pancreas slice) went the header-first way.
    expect(headerFirstFiles).toBeGreaterThan(10);
  }, 120_000);
});
