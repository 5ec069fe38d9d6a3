/**
 * A small DICOM Part 10 writer (PS3.10 7.1): 128-byte preamble, "DICM", File Meta Information (group 0002,
 * always explicit VR little endian, with its group length), then the data set in Explicit VR Little Endian
 * (transfer syntax 1.2.840.10008.1.2.1, PS3.5 A.2). Flat data sets here; sequences in nested.ts.
 * Text is encoded in the character set the data set declares in (0008,0005) (see `textEncodingOf`).
 */
import { concatBytes } from '../../core/bytes';

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** Implementation Class UID of this writer (PS3.7 D.3.3.2): a fixed 2.25 UID. */
export const SPINEPLAN_IMPLEMENTATION_UID = '2.25.178043211498631296135729871503342214211';
export const SPINEPLAN_IMPLEMENTATION_VERSION = 'SPINEPLAN_1';

/** Value representations this writer supports (PS3.5 6.2). */
export type WritableVr =
  | 'AE'
  | 'AS'
  | 'AT'
  | 'CS'
  | 'DA'
  | 'DS'
  | 'DT'
  | 'IS'
  | 'LO'
  | 'LT'
  | 'PN'
  | 'SH'
  | 'ST'
  | 'TM'
  | 'UI'
  | 'UT'
  | 'US'
  | 'SS'
  | 'UL'
  | 'SL'
  | 'FL'
  | 'FD'
  | 'OB'
  | 'OW';

export interface DicomElement {
  /** (group << 16) | element, e.g. 0x00100010 for PatientName. */
  tag: number;
  vr: WritableVr;
  /** Text VRs: a string (multiple values joined by "\"). Binary numbers: numbers (AT: tags as (group << 16) | element). OB/OW: raw bytes. */
  value: string | readonly number[] | Uint8Array;
}

/** PS3.5 7.1.2: these VRs have a 2-byte reserved field and a 4-byte length (explicit VR). */
export const LONG_LENGTH_VRS: ReadonlySet<string> = new Set([
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'SQ',
  'SV',
  'UC',
  'UN',
  'UR',
  'UT',
  'UV',
]);
const NUMBER_SIZE: Partial<Record<WritableVr, number>> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8, AT: 4 };

/**
 * How text values are encoded, from Specific Character Set (0008,0005), PS3.3 C.12.1.1.2:
 * absent = the default repertoire (ISO 646: anything else becomes '?'), 'ISO_IR 100' = Latin-1 (one byte per
 * character up to U+00FF), 'ISO_IR 192' = UTF-8 (every character).
 */
export type TextEncoding = 'default' | 'latin1' | 'utf8';

export function textEncodingOf(specificCharacterSet: string | undefined): TextEncoding {
  const terms = (specificCharacterSet ?? '').split('\\').map((t) => t.trim());
  if (terms.includes('ISO_IR 192')) return 'utf8';
  if (terms.includes('ISO_IR 100')) return 'latin1';
  return 'default';
}

/** VRs whose values use the Specific Character Set (PS3.5 6.1.2.3); all others stay in the default repertoire. */
const CHARACTER_SET_VRS = new Set<WritableVr>(['SH', 'LO', 'ST', 'LT', 'PN', 'UT']);

function encodeText(text: string, vr: WritableVr, encoding: TextEncoding): Uint8Array {
  const extended = CHARACTER_SET_VRS.has(vr) ? encoding : 'default';
  let bytes: number[];
  if (extended === 'utf8') bytes = Array.from(new TextEncoder().encode(text));
  else {
    bytes = [];
    const limit = extended === 'latin1' ? 0x100 : 0x80;
    for (const ch of text) {
      const c = ch.codePointAt(0)!;
      bytes.push(c < limit ? c : 0x3f);
    }
  }
  // PS3.5 6.2: values have even length; UI pads with NUL, other text with a space.
  if (bytes.length % 2 === 1) bytes.push(vr === 'UI' ? 0 : 0x20);
  return Uint8Array.from(bytes);
}

function encodeNumbers(values: readonly number[], vr: WritableVr): Uint8Array {
  const size = NUMBER_SIZE[vr];
  if (size === undefined) throw new TypeError(`VR ${vr} does not take numbers`);
  const out = new Uint8Array(values.length * size);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    const at = i * size;
    if (vr === 'US') view.setUint16(at, v, true);
    else if (vr === 'SS') view.setInt16(at, v, true);
    else if (vr === 'UL') view.setUint32(at, v, true);
    // AT (PS3.5 6.2): a tag as two 16-bit values, group then element, each little endian.
    else if (vr === 'AT') {
      view.setUint16(at, v >>> 16, true);
      view.setUint16(at + 2, v & 0xffff, true);
    } else if (vr === 'SL') view.setInt32(at, v, true);
    else if (vr === 'FL') view.setFloat32(at, v, true);
    else view.setFloat64(at, v, true);
  });
  return out;
}

function encodeValue(el: DicomElement, encoding: TextEncoding): Uint8Array {
  if (typeof el.value === 'string') return encodeText(el.value, el.vr, encoding);
  if (el.value instanceof Uint8Array) {
    if (el.value.length % 2 === 0) return el.value;
    const padded = new Uint8Array(el.value.length + 1);
    padded.set(el.value);
    return padded;
  }
  return encodeNumbers(el.value, el.vr);
}

function elementHeader(tag: number, vr: WritableVr, valueLength: number): Uint8Array {
  const long = LONG_LENGTH_VRS.has(vr);
  const header = new Uint8Array(long ? 12 : 8);
  const view = new DataView(header.buffer);
  view.setUint16(0, tag >>> 16, true);
  view.setUint16(2, tag & 0xffff, true);
  header[4] = vr.charCodeAt(0);
  header[5] = vr.charCodeAt(1);
  if (long) view.setUint32(8, valueLength, true);
  else {
    if (valueLength > 0xffff) throw new RangeError(`value of (${tag.toString(16)}) too long for VR ${vr}`);
    view.setUint16(6, valueLength, true);
  }
  return header;
}

/** Encodes elements (sorted by tag, as PS3.5 7.1 requires) in explicit VR little endian. */
export function encodeElements(
  elements: readonly DicomElement[],
  encoding: TextEncoding = 'default',
): Uint8Array[] {
  const sorted = [...elements].sort((a, b) => a.tag - b.tag);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const el = sorted[i]!;
    if (i > 0 && sorted[i - 1]!.tag === el.tag) throw new Error(`duplicate tag ${el.tag.toString(16)}`);
    const value = encodeValue(el, encoding);
    chunks.push(elementHeader(el.tag, el.vr, value.length), value);
  }
  return chunks;
}

/**
 * A complete Part 10 file. The meta header's SOP class/instance come from the data set's
 * (0008,0016)/(0008,0018), which must be present.
 */
export function writePart10(dataSet: readonly DicomElement[]): Uint8Array {
  const text = (tag: number): string => {
    const v = dataSet.find((e) => e.tag === tag)?.value;
    if (typeof v !== 'string') throw new Error(`data set lacks (${tag.toString(16)})`);
    return v;
  };
  const metaBody = concatBytes(
    encodeElements([
      { tag: 0x00020001, vr: 'OB', value: Uint8Array.of(0, 1) },
      { tag: 0x00020002, vr: 'UI', value: text(0x00080016) },
      { tag: 0x00020003, vr: 'UI', value: text(0x00080018) },
      { tag: 0x00020010, vr: 'UI', value: EXPLICIT_VR_LITTLE_ENDIAN },
      { tag: 0x00020012, vr: 'UI', value: SPINEPLAN_IMPLEMENTATION_UID },
      { tag: 0x00020013, vr: 'SH', value: SPINEPLAN_IMPLEMENTATION_VERSION },
    ]),
  );
  // (0002,0000) FileMetaInformationGroupLength: bytes after this element up to the end of group 2.
  const groupLength = concatBytes(encodeElements([{ tag: 0x00020000, vr: 'UL', value: [metaBody.length] }]));
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  const charset = dataSet.find((e) => e.tag === 0x00080005)?.value;
  const encoding = textEncodingOf(typeof charset === 'string' ? charset : undefined);
  return concatBytes([preamble, groupLength, metaBody, ...encodeElements(dataSet, encoding)]);
}
