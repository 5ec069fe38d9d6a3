import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dicomParser } from '../../../src/dicom/parse/dicomParserLib';

/**
 * A long synthetic series for the scale stage (issue 20: ~1,200 slices): a real series repeated `copies`
 * times along its own slice normal, each copy continuing where the last one ended, so the geometry stays
 * one even stack. Every file gets a new SOP Instance UID and all share one new Series Instance UID
 * (PS3.3 C.7.3.1, C.12.1); positions (0020,0032) and Instance Number (0020,0013) continue. Pixel data is
 * untouched. Written to a temporary folder by the bench, never committed.
 */

/** Slice position in copy `copy`: the original one moved by `copy` whole stack lengths along the slice step. */
export function positionInCopy(
  positionLps: readonly number[],
  sliceStepLps: readonly number[],
  slicesPerCopy: number,
  copy: number,
): number[] {
  return positionLps.map((p, axis) => p + copy * slicesPerCopy * sliceStepLps[axis]!);
}

/**
 * A UID of exactly `length` characters under the 2.25 root (PS3.5 B.2: a UUID as one decimal integer), so
 * that replacing a UID in a file changes no element or group length. Unique per (copy, slice) and `salt`.
 */
export function stackedUid(length: number, salt: number, copy: number, slice: number): string {
  const digits = `9${salt}${String(copy).padStart(2, '0')}${String(slice).padStart(5, '0')}`;
  const need = length - '2.25.'.length;
  if (need < digits.length) throw new Error(`UID of ${length} characters is too short to rewrite`);
  return `2.25.${digits.padEnd(need, '7')}`;
}

/** A DS value (PS3.5 6.2: at most 16 characters a value), backslash-separated. */
export function formatDs(values: readonly number[]): string {
  return values
    .map((v) => {
      for (let digits = 6; digits >= 0; digits--) {
        const text = String(Number(v.toFixed(digits)));
        if (text.length <= 16) return text;
      }
      throw new Error(`${v} does not fit a DS value`);
    })
    .join('\\');
}

interface Replacement {
  tag: string;
  text: string;
  /** UI values pad with NUL, DS/IS with a space (PS3.5 6.2). */
  pad: 0 | 0x20;
}

/**
 * Rewrites top-level string elements of a Part 10 file whose data set is Implicit VR Little Endian (the
 * pancreas CT's transfer syntax); the meta group (always explicit VR) only with values of the same
 * length, so its group length (0002,0000) stays right.
 */
export function rewriteStringElements(bytes: Uint8Array, replacements: readonly Replacement[]): Uint8Array {
  const dataSet = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
  if (dataSet.string('x00020010') !== '1.2.840.10008.1.2')
    throw new Error('stacking handles Implicit VR Little Endian files only');
  const edits = replacements.map((r) => {
    const element = dataSet.elements[r.tag];
    if (!element) throw new Error(`element ${r.tag} missing`);
    let value = Buffer.from(r.text, 'latin1');
    if (value.length % 2 === 1) value = Buffer.concat([value, Buffer.from([r.pad])]);
    const meta = r.tag.startsWith('x0002');
    if (meta && value.length !== element.length) throw new Error(`meta element ${r.tag} would change length`);
    return { offset: element.dataOffset, oldLength: element.length, value, meta };
  });
  edits.sort((a, b) => a.offset - b.offset);
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const edit of edits) {
    const header = Buffer.from(bytes.subarray(at, edit.offset));
    // Implicit VR: a 4-byte length just before the value; explicit short form (meta): a 2-byte one.
    if (edit.meta) header.writeUInt16LE(edit.value.length, header.length - 2);
    else header.writeUInt32LE(edit.value.length, header.length - 4);
    parts.push(header, edit.value);
    at = edit.offset + edit.oldLength;
  }
  parts.push(bytes.subarray(at));
  return Buffer.concat(parts);
}

const numbers = (text: string | undefined): number[] => (text ?? '').split('\\').map(Number);

/** Writes `copies` stacked copies of the series in `paths` into `outDir`; returns the written paths. */
export function writeStackedSeries(paths: readonly string[], copies: number, outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const slices = paths.map((p) => {
    const bytes = new Uint8Array(readFileSync(p));
    const ds = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
    const position = numbers(ds.string('x00200032'));
    const o = numbers(ds.string('x00200037'));
    // Slice normal = row direction x column direction (PS3.3 C.7.6.2.1.1).
    const normal = [
      o[1]! * o[5]! - o[2]! * o[4]!,
      o[2]! * o[3]! - o[0]! * o[5]!,
      o[0]! * o[4]! - o[1]! * o[3]!,
    ];
    const along = position[0]! * normal[0]! + position[1]! * normal[1]! + position[2]! * normal[2]!;
    return { bytes, position, along, sopLength: ds.elements.x00080018!.length };
  });
  slices.sort((a, b) => a.along - b.along);
  const first = slices[0]!.position;
  const last = slices[slices.length - 1]!.position;
  const step = first.map((f, axis) => (last[axis]! - f) / (slices.length - 1));
  const probe = dicomParser.parseDicom(slices[0]!.bytes, { untilTag: 'x7fe00010' });
  const seriesUid = stackedUid(probe.elements.x0020000e!.length, 1, 0, 0).replace(/\0/g, '');
  const written: string[] = [];
  for (let copy = 0; copy < copies; copy++) {
    for (const [index, slice] of slices.entries()) {
      const sop = stackedUid(slice.sopLength, 2, copy, index);
      const out = rewriteStringElements(slice.bytes, [
        { tag: 'x00020003', text: sop, pad: 0 },
        { tag: 'x00080018', text: sop, pad: 0 },
        { tag: 'x0020000e', text: seriesUid, pad: 0 },
        {
          tag: 'x00200032',
          text: formatDs(positionInCopy(slice.position, step, slices.length, copy)),
          pad: 0x20,
        },
        { tag: 'x00200013', text: String(copy * slices.length + index + 1), pad: 0x20 },
      ]);
      const file = path.join(outDir, `stacked-${String(written.length).padStart(5, '0')}.dcm`);
      writeFileSync(file, out);
      written.push(file);
    }
  }
  return written;
}
