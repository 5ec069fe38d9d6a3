/**
 * De-identification (PS3.15 E.1.1 Basic Profile) over the real series and the single-file set: no original
 * name, ID, date or UID is left in any element (every sequence item walked, read back with dicom-parser and
 * typed with dcmjs's dictionary); dciodvfy finds no error where it found none in the source; the app's own
 * ingest gives the same ijkToLps and every HU value of the original.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createUidMap, deidentifyPart10, RemovalLog } from '../../src/dicom/deid';
import { DUMMY_DATE, DUMMY_TEXT } from '../../src/dicom/deid/actions';
import { buildVolume, type InputFile, scanFiles } from '../../src/dicom/ingest';
import { testDataPath } from '../testData';
import { allElements, attributeName, type ElementText } from './deidCheck';

const run = promisify(execFile);
const DUMMIES = new Set([DUMMY_DATE, `${DUMMY_DATE}000000`, DUMMY_TEXT]);
const SMALL_FILE_BYTES = 1 << 20;
const work = mkdtempSync(path.join(tmpdir(), 'spineplan-deid-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = path.join(dir, f);
      return statSync(p).isDirectory() ? listFiles(p) : [p];
    });
}

/** Values that identify: person names, IDs, dates and instance UIDs, as dcmjs's dictionary types them. */
function identifyingValues(elements: readonly ElementText[]): Map<string, string> {
  const found = new Map<string, string>();
  // A value that is also a Code Value in the source is a coded concept (a protocol code used as the step
  // ID, say), which the profile keeps in code sequences.
  const codes = new Set(elements.filter((e) => e.tag === 'x00080100').flatMap((e) => e.values));
  for (const e of elements) {
    const name = attributeName(e.tag);
    const isName = e.vr === 'PN';
    const isDate = e.vr === 'DA' || e.vr === 'DT';
    // Image ID (0054,0400) names the image in NM ('WHOLE BODY_E'): the profile keeps it (not in Table E.1-1).
    const isId = (e.vr === 'LO' || e.vr === 'SH') && /(ID|IDs|Number)$/.test(name) && e.tag !== 'x00540400';
    // Creator Version UID (0008,9123) identifies the writing software's version, not the patient.
    const isInstanceUid =
      e.vr === 'UI' &&
      !/Class|TransferSyntax|Implementation|CodingScheme|Context|MappingResource|CreatorVersion/.test(name);
    if (!(isName || isDate || isId || isInstanceUid)) continue;
    for (const v of e.values) {
      // Well-known UIDs (PS3.6 Annex A), one-character values and short numbers ('0001') identify nothing, and
      // a source already de-identified may hold the profile's own dummy values.
      if (
        v.length < 2 ||
        v.startsWith('1.2.840.10008.') ||
        /^\d{1,4}$/.test(v) ||
        DUMMIES.has(v) ||
        codes.has(v)
      )
        continue;
      found.set(v.toUpperCase(), `${name} ${e.tag}`);
    }
  }
  return found;
}

/** Leaks: output values (any element, any depth) equal to, or for names/IDs of 6+ characters containing, an original. */
function leaks(original: Map<string, string>, output: readonly ElementText[]): string[] {
  const long = [...original.keys()].filter((v) => v.length >= 6 && !/^[\d.]+$/.test(v));
  const found: string[] = [];
  for (const e of output) {
    for (const raw of e.values) {
      const v = raw.toUpperCase();
      const hit = original.has(v) ? v : long.find((o) => v.includes(o));
      if (hit) found.push(`${attributeName(e.tag)} ${e.tag} = '${raw}' (was ${original.get(hit)})`);
    }
  }
  return found;
}

async function dciodvfyErrors(file: string): Promise<string[]> {
  const out = await run('/usr/bin/dciodvfy', [file], { maxBuffer: 1 << 24 }).catch(
    (e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' }),
  );
  return `${out.stdout}\n${out.stderr}`.split('\n').filter((l) => l.startsWith('Error'));
}

interface Pair {
  name: string;
  original: Uint8Array;
  deidentified: Uint8Array;
}

function deidentifyAll(files: readonly string[], secret: string) {
  const uidMap = createUidMap(secret);
  const log = new RemovalLog();
  const pairs: Pair[] = [];
  const refused: string[] = [];
  for (const f of files) {
    const original = new Uint8Array(readFileSync(f));
    const r = deidentifyPart10(original, { uidMap, log });
    if (r.ok) pairs.push({ name: f, original, deidentified: r.value.bytes });
    else refused.push(`${path.basename(f)}: ${r.error}`);
  }
  return { pairs, refused, log };
}

async function checkDciodvfy(pairs: readonly Pair[]): Promise<{ clean: number; broken: string[] }> {
  let clean = 0;
  const broken: string[] = [];
  for (const [i, p] of pairs.entries()) {
    const out = path.join(work, `${i}.dcm`);
    writeFileSync(out, p.deidentified);
    if ((await dciodvfyErrors(p.name)).length > 0) continue;
    clean++;
    const errors = await dciodvfyErrors(out);
    if (errors.length > 0) broken.push(`${p.name}: ${errors.join(' | ')}`);
  }
  return { clean, broken };
}

const sameBytes = (a: ArrayBufferView, b: ArrayBufferView): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

const asInput = (pairs: readonly Pair[], which: 'original' | 'deidentified'): InputFile[] =>
  pairs.map((p, i) => ({ path: `f${String(i).padStart(4, '0')}.dcm`, bytes: p[which] }));

describe.each(['pancreas-ct-cb001', 'lidc-idri-0314', 'ge-head-gantry-tilt', 'totalseg-example-ct-j2k'])(
  'de-identified series %s',
  (series) => {
    const { pairs, refused, log } = deidentifyAll(listFiles(testDataPath('ct-series', series)), series);

    it('de-identifies every file and leaves no name, ID, date or UID of the original', () => {
      expect(refused).toEqual([]);
      const originals = new Map<string, string>();
      for (const p of pairs)
        for (const [k, v] of identifyingValues(allElements(p.original))) originals.set(k, v);
      expect(originals.size).toBeGreaterThan(3);
      const found = pairs.flatMap((p) => leaks(originals, allElements(p.deidentified)));
      expect(found.slice(0, 10)).toEqual([]);
      const first = allElements(pairs[0]!.deidentified);
      const value = (tag: string) => first.find((e) => e.tag === tag)?.values;
      expect(value('x00120062')).toEqual(['YES']);
      expect(first.some((e) => e.tag === 'x00080100' && e.values[0] === '113100')).toBe(true);
      expect(first.filter((e) => e.private)).toEqual([]);
      // As many studies, series and frames of reference after as before (UIDs mapped consistently).
      const distinct = (which: 'original' | 'deidentified', tag: string) =>
        new Set(pairs.map((p) => allElements(p[which]).find((e) => e.tag === tag)?.values[0])).size;
      for (const tag of ['x0020000d', 'x0020000e', 'x00200052'])
        expect(distinct('deidentified', tag)).toBe(distinct('original', tag));
      expect(log.entries().length).toBeGreaterThan(5);
    });

    it('ingests to the same geometry and the same HU, voxel for voxel', async () => {
      const before = scanFiles(asInput(pairs, 'original'));
      const after = scanFiles(asInput(pairs, 'deidentified'));
      expect(after.candidates.length).toBe(before.candidates.length);
      const a = await buildVolume(before.candidates[0]!);
      const b = await buildVolume(after.candidates[0]!);
      expect(b.dims).toEqual(a.dims);
      expect(b.ijkToLps).toEqual(a.ijkToLps);
      expect([b.rescaleSlope, b.rescaleIntercept]).toEqual([a.rescaleSlope, a.rescaleIntercept]);
      expect(
        Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength).equals(
          Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength),
        ),
      ).toBe(true);
    });

    it('is dciodvfy clean where the source was (first, middle and last file)', async () => {
      const sample = [pairs[0]!, pairs[pairs.length >> 1]!, pairs[pairs.length - 1]!];
      const { broken } = await checkDciodvfy(sample);
      expect(broken).toEqual([]);
    });
  },
);

describe('de-identified single files (public test suites)', () => {
  const files = listFiles(testDataPath('dicom-files'));
  const { pairs, refused } = deidentifyAll(files, 'dicom-files');

  it('de-identifies every file that reads to its end and has SOP UIDs, and refuses the others with a reason', () => {
    expect(pairs.length).toBeGreaterThan(150);
    for (const r of refused)
      expect(r).toMatch(/SOP Class or SOP Instance UID|does not read to its end|does not read as a DICOM/);
  });

  it('leaves no name, ID, date or UID of the original in any element', () => {
    const unreadable: string[] = [];
    const found = pairs.flatMap((p) => {
      let before: ElementText[];
      try {
        before = allElements(p.original);
      } catch {
        // A source the independent parser cannot read (mislabelled encoding): nothing to compare against.
        unreadable.push(p.name);
        return [];
      }
      return leaks(identifyingValues(before), allElements(p.deidentified)).map(
        (l) => `${path.basename(p.name)}: ${l}`,
      );
    });
    expect(found.slice(0, 10)).toEqual([]);
    expect(unreadable.length).toBeLessThanOrEqual(2);
    for (const p of pairs) expect(allElements(p.deidentified).filter((e) => e.private)).toEqual([]);
  });

  // Files up to 1 MB keep the test quick; the larger ones are multi-frame variants of the same objects.
  const small = pairs.filter((p) => p.original.length <= SMALL_FILE_BYTES);

  it('is dciodvfy clean wherever the source was', async () => {
    const { clean, broken } = await checkDciodvfy(small);
    expect(clean).toBeGreaterThan(20);
    expect(broken).toEqual([]);
  }, 60_000);

  it('ingests each image file to the same geometry and HU', async () => {
    let compared = 0;
    for (const p of small) {
      const before = scanFiles([{ path: 'a.dcm', bytes: p.original }]);
      const candidate = before.candidates[0];
      if (!candidate) continue;
      const a = await buildVolume(candidate).catch(() => undefined);
      if (!a) continue;
      const after = scanFiles([{ path: 'a.dcm', bytes: p.deidentified }]);
      const b = await buildVolume(after.candidates[0]!);
      expect(b.ijkToLps, p.name).toEqual(a.ijkToLps);
      expect(sameBytes(b.data, a.data), p.name).toBe(true);
      expect([b.rescaleSlope, b.rescaleIntercept]).toEqual([a.rescaleSlope, a.rescaleIntercept]);
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
  }, 60_000);
});
