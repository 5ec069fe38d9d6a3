/**
 * Issue 24 classes 2 and 4: one file with impossible geometry must not abort the open. It is skipped with
 * its path and reason while the rest of the series opens; non-unit direction cosines are normalised with a
 * warning (PS3.3 C.7.6.2.1.1). Files are the small demo phantom written as DICOM, one header edited.
 */
import { describe, expect, it } from 'vitest';
import { buildVolume, scanFiles } from '../../src/dicom/ingest';
import { generatePhantom, phantomToDicomFiles } from '../../src/phantom/index';

const options = { size: 'small', seed: 3 } as const;
const files = phantomToDicomFiles(generatePhantom(options), options).slice(0, 12);

/** Rewrites a DS element's value in place (explicit VR little endian), padded to its stored length. */
function withDs(bytes: Uint8Array, group: number, element: number, value: string): Uint8Array {
  const out = bytes.slice();
  for (let i = 132; i + 8 < out.length; i++) {
    if (out[i] !== (group & 0xff) || out[i + 1] !== group >> 8) continue;
    if (out[i + 2] !== (element & 0xff) || out[i + 3] !== element >> 8) continue;
    if (out[i + 4] !== 0x44 || out[i + 5] !== 0x53) continue; // 'DS'
    const length = out[i + 6]! | (out[i + 7]! << 8);
    const text = value.padEnd(length, ' ');
    if (text.length > length) throw new Error(`value longer than the element (${length})`);
    for (let q = 0; q < length; q++) out[i + 8 + q] = text.charCodeAt(q);
    return out;
  }
  throw new Error('element not found');
}

const IOP = [0x0020, 0x0037] as const;
const SPACING = [0x0028, 0x0030] as const;

function openWithOneEdited(edit: (bytes: Uint8Array) => Uint8Array) {
  const input = files.map((f, n) => ({ path: f.path, bytes: n === 5 ? edit(f.bytes) : f.bytes }));
  return { scan: scanFiles(input), editedPath: files[5]!.path };
}

describe('hostile geometry in one file of a series', () => {
  const cases: [string, (b: Uint8Array) => Uint8Array, RegExp][] = [
    ['all-zero orientation', (b) => withDs(b, ...IOP, '0\\0\\0\\0\\0\\0'), /zero direction/],
    ['row parallel to column', (b) => withDs(b, ...IOP, '1\\0\\0\\1\\0\\0'), /not perpendicular/],
    ['zero pixel spacing', (b) => withDs(b, ...SPACING, '0\\0'), /not a positive distance/],
    ['negative pixel spacing', (b) => withDs(b, ...SPACING, '-1\\-1'), /not a positive distance/],
    ['pixel spacing not a number', (b) => withDs(b, ...SPACING, 'NaN\\NaN'), /PixelSpacing NaN/],
    ['absurd pixel spacing', (b) => withDs(b, ...SPACING, '1e9\\1e9'), /outside/],
  ];
  for (const [name, edit, reason] of cases)
    it(`${name}: that file skipped with its reason, the other 11 open`, async () => {
      const { scan, editedPath } = openWithOneEdited(edit);
      const skip = scan.skipped.find((s) => s.path === editedPath);
      expect(skip?.message).toMatch(reason);
      expect(skip?.message.startsWith(editedPath)).toBe(true);
      expect(scan.candidates).toHaveLength(1);
      // The missing slice leaves a gap: resampled to an even grid and said so.
      const volume = await buildVolume(scan.candidates[0]!);
      expect(volume.dims[2]).toBe(12);
      expect(volume.warnings.join(' ')).toMatch(/resampled|missing|gap/i);
    });

  it('non-unit direction cosines (3\\0\\0\\0\\3\\0) in every file: normalised with a warning, volume size unchanged', async () => {
    const plain = await buildVolume(
      scanFiles(files.map((f) => ({ path: f.path, bytes: f.bytes }))).candidates[0]!,
    );
    const scaled = scanFiles(
      files.map((f) => ({ path: f.path, bytes: withDs(f.bytes, ...IOP, '3\\0\\0\\0\\3\\0') })),
    );
    expect(scaled.skipped).toEqual([]);
    const volume = await buildVolume(scaled.candidates[0]!);
    expect(volume.dims).toEqual(plain.dims);
    expect(volume.ijkToLps).toEqual(plain.ijkToLps);
    expect(volume.warnings.join(' ')).toMatch(/not unit length .*normalised/);
  });
});
