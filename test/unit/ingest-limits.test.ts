/**
 * Issue 24 class 3: every bomb is refused by name with the limit and the numbers, the work and memory it
 * costs stay bounded as a ratio to its real size (bytes inflated, bytes reserved, peak RSS growth: no
 * timings), and the good CT files dropped beside it still open.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sentence } from '../../src/core/sentence';
import { inflateFrame } from '../../src/dicom/decode/deflatedFrame';
import { buildVolume } from '../../src/dicom/ingest';
import { ByteBudget, ingestLimits } from '../../src/dicom/ingestLimits';
import { parseDicom } from '../../src/dicom/parse';
import { ingestSources, type SourceFile } from '../../src/dicom/readSources';
import { reasonText } from '../../src/dicom/skipReason';
import { expandZip } from '../../src/dicom/zip';
import { deflateBomb, deflatedDataSetBomb, enhancedCtClaiming, makeZip } from '../hostile/bombs';
import { testDataPath } from '../testData';

const GE = testDataPath('ct-series/ge-head-gantry-tilt');
const goodNames = readdirSync(GE).sort().slice(0, 6);
const goodFiles: SourceFile[] = goodNames.map((name) => ({
  path: `drop/ct/${name}`,
  blob: new Blob([readFileSync(path.join(GE, name))]),
}));
const MB = 1024 * 1024;
const GB = 1024 * MB;

/** This machine's limits with an 8 GB device: a 4 GB budget, the 200:1 cap above 16 MB. */
const limits = ingestLimits(8 * GB);

/** Peak resident memory of this test process so far (a forked vitest worker), in bytes. */
const peakRss = () => process.resourceUsage().maxRSS * 1024;

/**
 * Opens the hostile file beside the good series through the whole header pipeline (read, unzip, inflate,
 * parse, group) and returns what happened, with the peak RSS growth it caused.
 */
async function openBeside(name: string, bytes: Uint8Array) {
  const before = peakRss();
  // Resident memory sampled at every progress report (each file, each percent of an inflating entry) and
  // at the end, against the start: the case's own growth even below an earlier case's process peak.
  const startRss = process.memoryUsage.rss();
  let sampledRss = startRss;
  const sample = () => {
    sampledRss = Math.max(sampledRss, process.memoryUsage.rss());
  };
  const outcome = await ingestSources(
    [...goodFiles, { path: `drop/${name}`, blob: new Blob([new Uint8Array(bytes)]) }],
    limits,
    sample,
  );
  sample();
  const rssGrowth = Math.max(peakRss() - before, sampledRss - startRss);
  console.log(
    `${name} (${bytes.length} bytes): RSS growth ${(rssGrowth / MB).toFixed(1)} MB, inflated ${(outcome.inflatedBytes / MB).toFixed(1)} MB, budget peak ${(outcome.peakBytes / MB).toFixed(1)} MB`,
  );
  const reasons = [...outcome.refused, ...outcome.scan.skipped, ...outcome.scan.nonImages].filter((s) =>
    s.path.startsWith(`drop/${name}`),
  );
  // The good series still forms, all 6 files in it, and decodes.
  expect(outcome.scan.candidates).toHaveLength(1);
  expect(outcome.scan.candidates[0]!.summary.imageCount).toBe(6);
  const volume = await buildVolume(outcome.scan.candidates[0]!);
  expect(volume.dims[2]).toBeGreaterThanOrEqual(6);
  return { outcome, reasons, rssGrowth };
}

/** Memory bound: what the bomb may cost is a multiple of its real size plus the good files, never its claim. */
const goodBytes = goodFiles.reduce((n, f) => n + f.blob.size, 0);

describe('size limits: bombs refused by name, bounded, good files beside them still open', () => {
  it('a zip whose central directory declares 5 GB for 10 MB is refused before inflating (ratio 500:1)', async () => {
    const data = new Uint8Array(10 * MB);
    const zip = makeZip([
      {
        name: 'huge.dcm',
        data,
        method: 8,
        declaredUncompressed: 5 * GB,
        declaredCompressed: data.length,
        zip64: true,
      },
    ]);
    const { outcome, reasons } = await openBeside('declares5GB.zip', zip);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]!.kind).toBe('too-large');
    expect(reasons[0]!.path).toBe('drop/declares5GB.zip/huge.dcm');
    expect(reasons[0]!.message).toMatch(
      /refused: the zip entry declares 5\.0 GB from 10\.0 MB \(512:1\), over the limit of 200:1/,
    );
    expect(outcome.inflatedBytes).toBe(0);
    expect(outcome.peakBytes).toBeLessThanOrEqual(zip.length + goodBytes);
  });

  it('a real 3 MB deflate bomb (3 GB of zeros) is refused from its honest header, nothing inflated', async () => {
    const bomb = deflateBomb(3 * GB);
    expect(bomb.length).toBeLessThan(4 * MB);
    const zip = makeZip([
      {
        name: 'bomb.dcm',
        data: bomb,
        method: 8,
        declaredUncompressed: 3 * GB - 1,
        declaredCompressed: bomb.length,
      },
    ]);
    const { outcome, reasons, rssGrowth } = await openBeside('bomb.zip', zip);
    expect(reasons.map((r) => r.kind)).toEqual(['too-large']);
    expect(reasons[0]!.message).toMatch(/declares 3\.0 GB from 3\.\d MB \(\d+:1\), over the limit of 200:1/);
    expect(outcome.inflatedBytes).toBe(0);
    expect(rssGrowth).toBeLessThan(20 * (zip.length + goodBytes) + 64 * MB);
  });

  it('the same bomb under a lying header (declares 1 MB) is stopped at 1 MB', async () => {
    const bomb = deflateBomb(3 * GB);
    const zip = makeZip([
      { name: 'liar.dcm', data: bomb, method: 8, declaredUncompressed: MB, declaredCompressed: bomb.length },
    ]);
    const { outcome, reasons, rssGrowth } = await openBeside('liar.zip', zip);
    expect(reasons.map((r) => r.kind)).toEqual(['too-large']);
    expect(reasons[0]!.message).toMatch(/declares 1\.0 MB uncompressed but inflates to more \(stopped at/);
    // Work done: at most the declared size plus one 16 KB input step's output (deflate <= 1032:1).
    expect(outcome.inflatedBytes).toBeLessThanOrEqual(MB + 1032 * 16 * 1024);
    expect(rssGrowth).toBeLessThan(20 * (zip.length + goodBytes) + 64 * MB);
  });

  it('a zip64 entry declaring 4.5 GB (zip64 end record too) is refused from its declared sizes', async () => {
    const data = deflateBomb(64 * MB);
    const zip64 = (declaredCompressed: number) =>
      makeZip(
        [
          {
            name: 'big.dcm',
            data,
            method: 8,
            declaredUncompressed: 4.5 * GB,
            declaredCompressed,
            zip64: true,
          },
        ],
        { zip64End: true },
      );
    const honest = await openBeside('zip64.zip', zip64(data.length));
    expect(honest.reasons.map((r) => r.kind)).toEqual(['too-large']);
    expect(honest.reasons[0]!.message).toMatch(
      /^drop\/zip64\.zip\/big\.dcm: refused: the zip entry declares 4\.5 GB from 6\d\.\d KB \(\d+:1\), over the limit of 200:1/,
    );
    expect(honest.outcome.inflatedBytes).toBe(0);
    // Declared compressed 40 MB (a plausible 115:1) but the archive holds 64 KB: both numbers named.
    const liar = await openBeside('zip64liar.zip', zip64(40 * MB));
    expect(liar.reasons[0]!.message).toMatch(
      /refused: the zip entry declares 40\.0 MB compressed at byte \d+, but the archive is only 6\d\.\d KB/,
    );
    expect(liar.outcome.inflatedBytes).toBe(0);
  });

  it('a 4.5 GB entry within the ratio is refused against the budget, naming the budget and its source', () => {
    const budget = new ByteBudget(ingestLimits(8 * GB));
    budget.usedBytes = 0;
    const data = deflateBomb(16 * MB);
    // Declared compressed 30 MB (ratio 154:1) fits the ratio; the archive really holds it (padded).
    const padded = new Uint8Array(30 * MB);
    padded.set(data);
    const zip = makeZip([
      { name: 'big.dcm', data: padded, method: 8, declaredUncompressed: 4.5 * GB, zip64: true },
    ]);
    const refused = expandZip({ path: 'big.zip', bytes: zip }, budget).refused;
    expect(refused[0]!.kind).toBe('too-large');
    expect(refused[0]!.message).toMatch(
      /refused: the zip entry needs 4\.5 GB, over the memory budget of 4\.0 GB for one open; the budget is half of this device's 8\.0 GB memory/,
    );
    expect(budget.inflatedBytes).toBe(0);
  });

  it('many entries each under the 16 MB ratio floor: the archive as a whole is refused (5 GB from 5 MB)', async () => {
    const entry = deflateBomb(16 * MB);
    const zip = makeZip(
      Array.from({ length: 320 }, (_, i) => ({
        name: `s${i}.dcm`,
        data: entry,
        method: 8 as const,
        declaredUncompressed: 16 * MB,
      })),
    );
    const { outcome, reasons } = await openBeside('many.zip', zip);
    expect(reasons.map((r) => [r.path, r.kind])).toEqual([['drop/many.zip', 'too-large']]);
    expect(reasons[0]!.message).toMatch(
      /^drop\/many\.zip: refused: its 320 entries declare 5\.0 GB from 5\.0 MB \(\d+:1\), over the limit of 200:1/,
    );
    expect(outcome.inflatedBytes).toBe(0);
  });

  it('an entry within the ratio and a 32 GB budget but past what can be allocated at once is named, not thrown', () => {
    const data = new Uint8Array(24 * MB);
    data.set(deflateBomb(16 * MB));
    const zip = makeZip([{ name: 'a.dcm', data, method: 8, declaredUncompressed: 4.5 * GB, zip64: true }]);
    const { files, refused } = expandZip(
      { path: 'z.zip', bytes: zip },
      new ByteBudget(ingestLimits(64 * GB)),
    );
    expect(files).toEqual([]);
    // Node 20 refuses a 4.5 GB typed array; an engine that allows it finds the stream 16 MB short instead.
    expect(refused[0]!.message).toMatch(
      /^z\.zip\/a\.dcm: (refused: the zip entry declares 4\.5 GB uncompressed, more than could be allocated here \(.+\)|does not inflate \(inflates to \d+ bytes, not the \d+ declared\))$/,
    );
  });

  it('nested zips open 2 levels deep; the third level is refused with the depth', async () => {
    const dicom = new Uint8Array(readFileSync(path.join(GE, goodNames[0]!)));
    let archive = zipSync({ 'deepest.dcm': dicom });
    for (let level = 0; level < 3; level++) archive = zipSync({ [`level${level}.zip`]: archive });
    const { reasons } = await openBeside('nested.zip', archive);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]!.path).toBe('drop/nested.zip/level2.zip/level1.zip/level0.zip');
    expect(reasons[0]!.message).toMatch(
      /refused: a zip nested 3 archives deep; archives inside archives are opened 2 level\(s\) deep at most/,
    );
    const shallow = expandZip(
      { path: 'ok.zip', bytes: zipSync({ 'in.zip': zipSync({ 'a.dcm': dicom }) }) },
      new ByteBudget(limits),
    );
    expect(shallow.files.map((f) => f.path)).toEqual(['ok.zip/in.zip/a.dcm']);
  });

  it('a deflated dataset (1 MB inflating to 1 GB) is stopped at 200:1 and refused', async () => {
    const file = deflatedDataSetBomb(GB);
    expect(file.length).toBeLessThan(1.2 * MB);
    const { outcome, reasons, rssGrowth } = await openBeside('deflated.dcm', file);
    expect(reasons.map((r) => r.kind)).toEqual(['too-large']);
    expect(reasons[0]!.message).toMatch(
      /^drop\/deflated\.dcm: refused: its deflated dataset \(10\d\d KB\) inflates to more than 19\d MB, over the limit of 200:1 \(a compression bomb\?\); stopped there$/,
    );
    // Work and memory: at most 200x the file plus one step, not the 1 GB it claims.
    expect(outcome.inflatedBytes).toBeLessThanOrEqual(200 * file.length + 1032 * 16 * 1024);
    expect(rssGrowth).toBeLessThan(3 * 200 * file.length + 64 * MB);
  });

  it.each([
    [2e9, 'drop/frames2e9.dcm'],
    [1e6, 'drop/frames1e6.dcm'],
  ])(
    'an enhanced CT header of a few KB claiming %d frames is refused before any per-frame work',
    async (frames, name) => {
      const file = enhancedCtClaiming(frames);
      expect(file.length).toBeLessThan(5 * 1024);
      const { reasons, rssGrowth } = await openBeside(path.basename(name), file);
      expect(reasons.map((r) => r.kind)).toEqual(['too-large']);
      expect(reasonText(name, reasons[0]!.message)).toBe(
        `refused: NumberOfFrames (0028,0008) declares ${frames} frames of 512 x 512 at 16 bits: ${frames === 2e9 ? '954 TB' : '488 GB'} of pixels, but the pixel data holds 4.0 KB (file ${(file.length / 1024).toFixed(1)} KB)`,
      );
      expect(rssGrowth).toBeLessThan(64 * MB);
    },
  );

  it('a header-only object claiming 2e9 frames, and a plausible multi-frame, in parseDicom directly', () => {
    const claimed = parseDicom(enhancedCtClaiming(2e9, 0), 'x.dcm');
    expect(claimed.ok).toBe(false);
    if (!claimed.ok) expect(claimed.skip.message).toMatch(/has no pixel data and describes 1 frame\(s\)/);
    // Two frames of 512 x 512 x 16 bits fit 1 MB of pixel data: not refused by the size check.
    const two = parseDicom(enhancedCtClaiming(2, 2 * 512 * 512 * 2), 'two.dcm');
    if (!two.ok) expect(two.skip.kind).not.toBe('too-large');
  });

  it('a deflated image frame (Supplement 244) inflating to 1 GB stops past its own frame size', () => {
    const before = peakRss();
    expect(() => inflateFrame(deflateBomb(GB), 512 * 512 * 2)).toThrow(
      "deflated frame inflates past the frame's 524288 bytes; stopped there",
    );
    expect(peakRss() - before).toBeLessThan(64 * MB);
  });

  it('a file larger than the whole budget is refused without being read', async () => {
    const small = ingestLimits(64 * MB);
    const outcome = await ingestSources(
      [...goodFiles, { path: 'drop/large.bin', blob: new Blob([new Uint8Array(40 * MB)]) }],
      small,
      () => {},
    );
    const refusal = outcome.refused.find((r) => r.path === 'drop/large.bin')!;
    expect(refusal.message).toBe(
      "drop/large.bin: refused: the file needs 40.0 MB, over the memory budget of 32.0 MB for one open (the files before it already hold 3.0 MB); the budget is half of this device's 64.0 MB memory",
    );
    expect(outcome.scan.candidates[0]!.summary.imageCount).toBe(6);
  });
});

describe('file reason messages (issue 24 class 8)', () => {
  it('the path is not repeated beside itself and doubled full stops are one', () => {
    expect(reasonText('a/b.dcm', 'a/b.dcm: is a DICOMDIR (a directory of other files), not an image')).toBe(
      'is a DICOMDIR (a directory of other files), not an image',
    );
    expect(reasonText('x', 'could not be read (Maximum call stack size exceeded..)')).toBe(
      'could not be read (Maximum call stack size exceeded.)',
    );
    expect(reasonText('x', 'limit exceeded..')).toBe('limit exceeded.');
    expect(reasonText('x', 'see ../other.dcm ...')).toBe('see ../other.dcm ...');
    // Chromium's QuotaExceededError brings its own full stop; the autosave message adds none then.
    const quota = "Failed to execute 'setItem' on 'Storage': Setting the value of 'plan' exceeded the quota.";
    expect(`Autosave failed for case c: ${sentence(quota)} Export the plan to keep it.`).not.toMatch(/\.\./);
    expect(sentence('disk full')).toBe('disk full.');
  });

  it('a NotReadableError (Chromium: "typically due to permission problems") is named as what it is', async () => {
    // Its header window (slice) fails the same way as a whole read.
    const failing = {
      size: 5 * GB,
      slice: () => failing,
      arrayBuffer: () =>
        Promise.reject(
          new DOMException(
            'The requested file could not be read, typically due to permission problems that have occurred after a reference to a file was acquired.',
            'NotReadableError',
          ),
        ),
    } as unknown as Blob;
    const outcome = await ingestSources(
      [{ path: 'big.dcm', blob: failing }],
      ingestLimits(16 * GB),
      () => {},
    );
    expect(outcome.refused[0]!.message).toBe(
      'big.dcm: could not be read (the browser could not read it (5.0 GB): it was moved, changed or deleted after it was chosen, or it is too large to read at once)',
    );
    expect(outcome.refused[0]!.message).not.toMatch(/permission/);
  });
});
