/**
 * De-identification of one DICOM file by the Basic Application Level Confidentiality Profile (PS3.15 E.1.1,
 * Table E.1-1), on its Part 10 bytes. Every element, at every sequence depth, is looked up in the profile:
 * removed (X), emptied (Z), given a dummy value (D), given a new UID from the export's map (U), or kept; all
 * private elements are removed. The data set keeps its transfer syntax (a deflated one is written inflated,
 * as Explicit VR Little Endian) and every byte of the pixel data and of the geometry attributes, which the
 * profile keeps. Patient Identity Removed = YES and the De-identification Method (Code Sequence) with
 * DCM 113100 are added (PS3.15 E.1.1, PS3.3 C.7.1.1).
 */
import type { Result } from '../../core/errors';
import { fail, ok } from '../../core/errors';
import type { DataSet, Element } from '../parse/dicomParserLib';
import { readDataSet } from '../parse/readDataSet';
import {
  DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
  EXPLICIT_VR_BIG_ENDIAN,
  EXPLICIT_VR_LITTLE_ENDIAN,
  IMPLICIT_VR_LITTLE_ENDIAN,
} from '../transferSyntaxes';
import { SPINEPLAN_IMPLEMENTATION_UID, SPINEPLAN_IMPLEMENTATION_VERSION } from '../write/part10';
import { dummyValue, isPrivateTag, profileAttribute, resolveAction } from './actions';
import {
  ByteSink,
  type DataSetEncoding,
  ITEM,
  ITEM_DELIMITATION,
  itemHeader,
  SEQUENCE_DELIMITATION,
  textValue,
  UNDEFINED_LENGTH,
  writeElement,
} from './encode';
import { RemovalLog } from './removalLog';
import type { UidMap } from './uidMap';

/** DCM 113100 "Basic Application Confidentiality Profile" (PS3.16 CID 7050). */
export const BASIC_PROFILE_CODE = {
  value: '113100',
  scheme: 'DCM',
  meaning: 'Basic Application Confidentiality Profile',
} as const;
/** At most 64 characters (LO, PS3.5 6.2). */
export const DEIDENTIFICATION_METHOD = 'PS3.15 E.1.1 Basic Application Confidentiality Profile';

const PATIENT_IDENTITY_REMOVED = 0x00120062;
const DEIDENTIFICATION_METHOD_TAG = 0x00120063;
const DEIDENTIFICATION_METHOD_CODE_SEQUENCE = 0x00120064;
const PIXEL_DATA = 0x7fe00010;

export interface DeidentifyOptions {
  /** The export's UID map (uidMap.ts): the same for every file of the export. */
  uidMap: UidMap;
  /** Collects what was removed or replaced, over every file of the export. */
  log?: RemovalLog;
}

export interface DeidentifiedFile {
  bytes: Uint8Array;
  /** The new SOP Instance UID. */
  sopInstanceUid: string;
}

const tagNumber = (key: string): number => Number.parseInt(key.slice(1), 16);

const asciiText = (bytes: Uint8Array): string => {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s.replace(/[\0 ]+$/, '').replace(/^ +/, '');
};

interface Context {
  byteArray: Uint8Array;
  uidMap: UidMap;
  log: RemovalLog;
}

const valueBytes = (ctx: Context, el: Element): Uint8Array =>
  ctx.byteArray.subarray(el.dataOffset, el.dataOffset + el.length);

/** Replaces each UID of a (multi-valued) UI value. */
function remapUids(ctx: Context, value: Uint8Array): Uint8Array {
  const text = asciiText(value);
  if (text === '') return new Uint8Array(0);
  return textValue(
    text
      .split('\\')
      .map((u) => (u.trim() === '' ? u : ctx.uidMap.map(u)))
      .join('\\'),
    'UI',
  );
}

/** A sequence (or UN of undefined length holding items, PS3.5 6.2.2) with the profile applied in each item. */
function writeSequence(
  ctx: Context,
  sink: ByteSink,
  tag: number,
  vr: string,
  el: Element,
  enc: DataSetEncoding,
) {
  // Items of a UN element are implicit VR little endian whatever the transfer syntax (PS3.5 6.2.2).
  const inner: DataSetEncoding = vr === 'UN' ? { explicit: false, littleEndian: true } : enc;
  const body = new ByteSink();
  for (const item of el.items ?? []) {
    body.push(itemHeader(ITEM, UNDEFINED_LENGTH, inner));
    if (item.dataSet) writeDataSet(ctx, body, item.dataSet, inner, false);
    body.push(itemHeader(ITEM_DELIMITATION, 0, inner));
  }
  // Undefined lengths (PS3.5 7.5.2) spare recomputing every enclosing length.
  writeElementHeaderOnly(sink, tag, vr, UNDEFINED_LENGTH, enc);
  for (const c of body.chunks) sink.push(c);
  sink.push(itemHeader(SEQUENCE_DELIMITATION, 0, enc));
}

function writeElementHeaderOnly(
  sink: ByteSink,
  tag: number,
  vr: string,
  length: number,
  enc: DataSetEncoding,
) {
  writeElement(sink, tag, vr, new Uint8Array(0), enc);
  if (length === 0) return;
  // Patch the length written as 0 above.
  const header = sink.chunks[sink.chunks.length - 1]!;
  const view = new DataView(header.buffer, header.byteOffset);
  if (header.length === 12) view.setUint32(8, length, enc.littleEndian);
  else if (!enc.explicit) view.setUint32(4, length, enc.littleEndian);
  else view.setUint16(6, length, enc.littleEndian);
}

/** Encapsulated pixel data (PS3.5 A.4) copied as it is: offset table, fragments, sequence delimiter. */
function writeEncapsulated(
  ctx: Context,
  sink: ByteSink,
  tag: number,
  vr: string,
  el: Element,
  enc: DataSetEncoding,
) {
  writeElementHeaderOnly(sink, tag, vr || 'OB', UNDEFINED_LENGTH, enc);
  const raw = valueBytes(ctx, el);
  sink.push(raw);
  const tail = new DataView(raw.buffer, raw.byteOffset + Math.max(0, raw.length - 8));
  const hasDelimiter =
    raw.length >= 8 &&
    tail.getUint16(0, enc.littleEndian) === 0xfffe &&
    tail.getUint16(2, enc.littleEndian) === 0xe0dd;
  if (!hasDelimiter) sink.push(itemHeader(SEQUENCE_DELIMITATION, 0, enc));
}

function writeKept(ctx: Context, sink: ByteSink, tag: number, vr: string, el: Element, enc: DataSetEncoding) {
  if (el.items) writeSequence(ctx, sink, tag, vr || 'SQ', el, enc);
  else if (el.encapsulatedPixelData || (tag === PIXEL_DATA && el.hadUndefinedLength))
    writeEncapsulated(ctx, sink, tag, vr, el, enc);
  else if (el.hadUndefinedLength) {
    // An undefined-length value ending in its item delimitation (dicom-parser counts it in `length`).
    writeElementHeaderOnly(sink, tag, vr, UNDEFINED_LENGTH, enc);
    sink.push(valueBytes(ctx, el));
  } else writeElement(sink, tag, vr, valueBytes(ctx, el), enc);
}

/** Writes one data set's elements in tag order with the profile applied; `top` adds the method attributes. */
function writeDataSet(ctx: Context, sink: ByteSink, dataSet: DataSet, enc: DataSetEncoding, top: boolean) {
  const elements = Object.entries(dataSet.elements)
    .map(([key, el]) => ({ tag: tagNumber(key), el }))
    .filter(({ tag }) => Number.isFinite(tag))
    .sort((a, b) => a.tag - b.tag);
  const additions = top ? methodAttributes(enc) : [];
  let next = 0;
  const flushAdditionsBefore = (tag: number) => {
    while (next < additions.length && additions[next]!.tag < tag) additions[next++]!.write(sink);
  };
  for (const { tag, el } of elements) {
    const group = tag >>> 16;
    // File meta (rebuilt), group lengths (retired, and wrong once values change) and stray item tags.
    if (group === 0x0002 || (tag & 0xffff) === 0 || group === 0xfffe) continue;
    flushAdditionsBefore(tag);
    if (additions.some((a) => a.tag === tag)) continue;
    if (isPrivateTag(tag)) {
      ctx.log.record('Private attributes', 'private');
      continue;
    }
    const vr = el.vr ?? '';
    const attribute = profileAttribute(tag);
    if (!attribute) {
      writeKept(ctx, sink, tag, vr, el, enc);
      continue;
    }
    const profileVr = attribute.vr || vr;
    const action = resolveAction(attribute.action, el.items ? 'SQ' : profileVr, tag);
    const writeVr = vr || profileVr;
    const empty = !el.items && el.length === 0;
    if (!empty && action !== 'K') ctx.log.record(attribute.name, action);
    switch (action) {
      case 'X':
        break;
      case 'Z':
        writeElement(sink, tag, writeVr, new Uint8Array(0), enc);
        break;
      case 'D':
      case 'U':
        if (el.items) writeSequence(ctx, sink, tag, writeVr || 'SQ', el, enc);
        else if (empty) writeElement(sink, tag, writeVr, new Uint8Array(0), enc);
        else if (action === 'U' || profileVr === 'UI')
          writeElement(sink, tag, writeVr, remapUids(ctx, valueBytes(ctx, el)), enc);
        else {
          const dummy = dummyValue(profileVr, el.length);
          writeElement(
            sink,
            tag,
            writeVr,
            typeof dummy === 'string' ? textValue(dummy, profileVr) : dummy,
            enc,
          );
        }
        break;
      default:
        writeKept(ctx, sink, tag, vr, el, enc);
    }
  }
  flushAdditionsBefore(0xffffffff);
}

/** PS3.15 E.1.1: Patient Identity Removed YES, the method in words and as code DCM 113100 (PS3.3 C.7.1.1). */
function methodAttributes(enc: DataSetEncoding): { tag: number; write: (sink: ByteSink) => void }[] {
  const code = (sink: ByteSink) => {
    writeElementHeaderOnly(sink, DEIDENTIFICATION_METHOD_CODE_SEQUENCE, 'SQ', UNDEFINED_LENGTH, enc);
    sink.push(itemHeader(ITEM, UNDEFINED_LENGTH, enc));
    writeElement(sink, 0x00080100, 'SH', textValue(BASIC_PROFILE_CODE.value, 'SH'), enc);
    writeElement(sink, 0x00080102, 'SH', textValue(BASIC_PROFILE_CODE.scheme, 'SH'), enc);
    writeElement(sink, 0x00080104, 'LO', textValue(BASIC_PROFILE_CODE.meaning, 'LO'), enc);
    sink.push(itemHeader(ITEM_DELIMITATION, 0, enc));
    sink.push(itemHeader(SEQUENCE_DELIMITATION, 0, enc));
  };
  return [
    {
      tag: PATIENT_IDENTITY_REMOVED,
      write: (sink) => writeElement(sink, PATIENT_IDENTITY_REMOVED, 'CS', textValue('YES', 'CS'), enc),
    },
    {
      tag: DEIDENTIFICATION_METHOD_TAG,
      write: (sink) =>
        writeElement(sink, DEIDENTIFICATION_METHOD_TAG, 'LO', textValue(DEIDENTIFICATION_METHOD, 'LO'), enc),
    },
    { tag: DEIDENTIFICATION_METHOD_CODE_SEQUENCE, write: code },
  ];
}

/** The File Meta Information (PS3.10 7.1), always explicit VR little endian, with its group length. */
function fileMeta(sopClassUid: string, sopInstanceUid: string, transferSyntaxUid: string): Uint8Array {
  const enc: DataSetEncoding = { explicit: true, littleEndian: true };
  const body = new ByteSink();
  writeElement(body, 0x00020001, 'OB', Uint8Array.of(0, 1), enc);
  writeElement(body, 0x00020002, 'UI', textValue(sopClassUid, 'UI'), enc);
  writeElement(body, 0x00020003, 'UI', textValue(sopInstanceUid, 'UI'), enc);
  writeElement(body, 0x00020010, 'UI', textValue(transferSyntaxUid, 'UI'), enc);
  writeElement(body, 0x00020012, 'UI', textValue(SPINEPLAN_IMPLEMENTATION_UID, 'UI'), enc);
  writeElement(body, 0x00020013, 'SH', textValue(SPINEPLAN_IMPLEMENTATION_VERSION, 'SH'), enc);
  const out = new ByteSink();
  out.push(new Uint8Array(128));
  out.push(Uint8Array.of(0x44, 0x49, 0x43, 0x4d));
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, body.length, true);
  writeElement(out, 0x00020000, 'UL', length, enc);
  for (const c of body.chunks) out.push(c);
  return out.bytes();
}

/**
 * De-identifies one file. Fails (with the reason) on what it cannot vouch for: a file that does not parse to
 * its end, or one without SOP Class and Instance UIDs.
 */
export function deidentifyPart10(bytes: Uint8Array, options: DeidentifyOptions): Result<DeidentifiedFile> {
  const read = readDataSet(bytes);
  if (!read.ok) return fail(read.message);
  if (read.parseError) return fail(`it does not read to its end (${read.parseError})`);
  const { dataSet } = read;
  const sopClassUid = dataSet.string('x00080016') ?? dataSet.string('x00020002');
  const sopInstance = dataSet.string('x00080018') ?? dataSet.string('x00020003');
  if (!sopClassUid || !sopInstance) return fail('it has no SOP Class or SOP Instance UID');
  const explicit = Object.entries(dataSet.elements).some(
    ([k, e]) => !k.startsWith('x0002') && e.vr !== undefined,
  );
  const littleEndian = read.transferSyntaxUid !== EXPLICIT_VR_BIG_ENDIAN;
  let transferSyntaxUid = read.transferSyntaxUid;
  if (transferSyntaxUid === DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN) transferSyntaxUid = EXPLICIT_VR_LITTLE_ENDIAN;
  // The bytes win over a mislabelled transfer syntax (readDataSet reads what is there).
  if (!explicit) transferSyntaxUid = IMPLICIT_VR_LITTLE_ENDIAN;
  else if (transferSyntaxUid === IMPLICIT_VR_LITTLE_ENDIAN) transferSyntaxUid = EXPLICIT_VR_LITTLE_ENDIAN;
  const ctx: Context = {
    byteArray: dataSet.byteArray,
    uidMap: options.uidMap,
    log: options.log ?? new RemovalLog(),
  };
  const sopInstanceUid = ctx.uidMap.map(sopInstance);
  const body = new ByteSink();
  writeDataSet(ctx, body, dataSet, { explicit, littleEndian }, true);
  const meta = fileMeta(sopClassUid, sopInstanceUid, transferSyntaxUid);
  const out = new Uint8Array(meta.length + body.length);
  out.set(meta, 0);
  out.set(body.bytes(), meta.length);
  return ok({ bytes: out, sopInstanceUid });
}
