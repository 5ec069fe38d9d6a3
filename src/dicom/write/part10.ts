/**
 * A small DICOM Part 10 writer (PS3.10 7.1): 128-byte preamble, "DICM", File Meta Information (group 0002,
 * always explicit VR little endian, with its group length), then the data set in Explicit VR Little Endian
 * (transfer syntax 1.2.840.10008.1.2.1, PS3.5 A.2). Enough for flat image data sets: no sequences.
 */

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** Implementation Class UID of this writer (PS3.7 D.3.3.2): a fixed 2.25 UID. */
export const SPINEPLAN_IMPLEMENTATION_UID = '2.25.178043211498631296135729871503342214211';
export const SPINEPLAN_IMPLEMENTATION_VERSION = 'SPINEPLAN_1';

/** Value representations this writer supports (PS3.5 6.2). */
export type WritableVr =
  | 'AE'
  | 'AS'
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
  /** Text VRs: a string (multiple values joined by "\"). Binary numbers: numbers. OB/OW: raw bytes. */
  value: string | readonly number[] | Uint8Array;
}

/** PS3.5 7.1.2: these VRs have a 2-byte reserved field and a 4-byte length. */
const LONG_LENGTH_VRS = new Set([
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
const NUMBER_SIZE: Partial<Record<WritableVr, number>> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8 };

function encodeText(text: string, vr: WritableVr): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Default character repertoire (PS3.5 6.1.2.1): anything outside ISO 646 becomes '?'.
    bytes.push(c < 0x80 ? c : 0x3f);
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
    else if (vr === 'SL') view.setInt32(at, v, true);
    else if (vr === 'FL') view.setFloat32(at, v, true);
    else view.setFloat64(at, v, true);
  });
  return out;
}

function encodeValue(el: DicomElement): Uint8Array {
  if (typeof el.value === 'string') return encodeText(el.value, el.vr);
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
export function encodeElements(elements: readonly DicomElement[]): Uint8Array[] {
  const sorted = [...elements].sort((a, b) => a.tag - b.tag);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const el = sorted[i]!;
    if (i > 0 && sorted[i - 1]!.tag === el.tag) throw new Error(`duplicate tag ${el.tag.toString(16)}`);
    const value = encodeValue(el);
    chunks.push(elementHeader(el.tag, el.vr, value.length), value);
  }
  return chunks;
}

const concat = (chunks: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
};

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
  const metaBody = concat(
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
  const groupLength = concat(encodeElements([{ tag: 0x00020000, vr: 'UL', value: [metaBody.length] }]));
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  return concat([preamble, groupLength, metaBody, ...encodeElements(dataSet)]);
}
