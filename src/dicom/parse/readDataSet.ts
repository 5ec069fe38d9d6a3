import { errorMessage } from '../../core/errors';
import { inflateBounded } from '../inflateBounded';
import { ByteBudget, formatBytes, ingestLimits } from '../ingestLimits';
import {
  DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
  EXPLICIT_VR_BIG_ENDIAN,
  EXPLICIT_VR_LITTLE_ENDIAN,
  IMPLICIT_VR_LITTLE_ENDIAN,
} from '../transferSyntaxes';
import { type DataSet, DataSetClass, dicomParser } from './dicomParserLib';

/** What reading the bytes gave: a dataset (maybe cut short by an error) or why there is none. */
export type ReadDataSetResult =
  | {
      ok: true;
      dataSet: DataSet;
      transferSyntaxUid: string;
      /** Set when parsing stopped early: the dataset holds what came before the error. */
      parseError?: string;
      /** Notes on repairs made (e.g. transfer syntax guessed), for messages. */
      notes: string[];
    }
  | { ok: false; kind: 'not-dicom' | 'truncated' | 'too-large'; message: string };

/** PS3.10 7.1: 128-byte preamble, then 'DICM', then the File Meta Information (explicit VR LE). */
function hasPart10Prefix(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 132 &&
    bytes[128] === 0x44 &&
    bytes[129] === 0x49 &&
    bytes[130] === 0x43 &&
    bytes[131] === 0x4d
  );
}

const isUpper = (b: number | undefined): boolean => b !== undefined && b >= 0x41 && b <= 0x5a;

/** An element header whose bytes 4-5 are two capital letters has an explicit VR (PS3.5 7.1.2). */
function looksExplicitAt(bytes: Uint8Array, position: number): boolean {
  return isUpper(bytes[position + 4]) && isUpper(bytes[position + 5]);
}

/**
 * Deflate (PS3.5 A.5) is raw RFC 1951 data after the meta header. Inflated in steps, stopped at the
 * budget's cap (ratio and memory left), so a 3 MB dataset inflating to 3 GB costs at most the cap.
 */
function inflateAfter(
  bytes: Uint8Array,
  position: number,
  budget: ByteBudget,
): { ok: true; bytes: Uint8Array } | { ok: false; kind: 'truncated' | 'too-large'; message: string } {
  const compressed = bytes.subarray(position);
  const cap = budget.inflationCap(compressed.length);
  const inflated = inflateBounded(compressed, cap, {
    prefix: bytes.subarray(0, position),
    onInflated: (n) => {
      budget.inflatedBytes += n;
    },
  });
  if (!inflated.ok && inflated.overCap) {
    const { maxInflationRatio, ratioFloorBytes, budgetBytes, budgetSource } = budget.limits;
    const byRatio = Math.max(ratioFloorBytes, compressed.length * maxInflationRatio);
    const limit =
      cap < byRatio
        ? `the memory budget of ${formatBytes(budgetBytes)} (${budgetSource}${budget.usedBytes > 0 ? `; ${formatBytes(budget.usedBytes)} already held` : ''})`
        : `the limit of ${maxInflationRatio}:1 (a compression bomb?)`;
    return {
      ok: false,
      kind: 'too-large',
      message: `refused: its deflated dataset (${formatBytes(compressed.length)}) inflates to more than ${formatBytes(cap)}, over ${limit}; stopped there`,
    };
  }
  if (!inflated.ok) {
    return {
      ok: false,
      kind: 'truncated',
      message: `its deflated dataset does not inflate (${inflated.error})`,
    };
  }
  const overBudget = budget.reserve(inflated.bytes.length, 'refused: the inflated dataset');
  if (overBudget) return { ok: false, kind: 'too-large', message: overBudget };
  return { ok: true, bytes: inflated.bytes };
}

/** Parses the dataset from `position` with the given encoding; keeps what was read if it fails midway. */
function parseBody(
  byteArray: Uint8Array,
  position: number,
  bigEndian: boolean,
  explicit: boolean,
): { dataSet: DataSet; error?: string } {
  const parser = bigEndian ? dicomParser.bigEndianByteArrayParser : dicomParser.littleEndianByteArrayParser;
  const stream = new dicomParser.ByteStream(parser, byteArray, position);
  const dataSet = new DataSetClass(parser, byteArray, {});
  dataSet.warnings = [];
  try {
    if (explicit) dicomParser.parseDicomDataSetExplicit(dataSet, stream, byteArray.length);
    else dicomParser.parseDicomDataSetImplicit(dataSet, stream, byteArray.length);
    return { dataSet };
  } catch (thrown) {
    return { dataSet, error: errorMessage(thrown) };
  }
}

/** A file without a Part 10 header is only taken as DICOM if it holds what an image or SOP instance must. */
export function looksLikeDicomDataSet(dataSet: DataSet): boolean {
  const e = dataSet.elements;
  return e.x00080016 !== undefined || (e.x00280010 !== undefined && e.x7fe00010 !== undefined);
}

/**
 * Where the File Meta Information ends: by its group length (0002,0000) when present (PS3.10 7.1).
 * dicom-parser reads on while tags sort below (0002,FFFF), so a dataset starting with group 0001 or a
 * private group would otherwise be swallowed into the meta header.
 */
function metaHeaderEnd(meta: DataSet & { position?: number }, fileLength: number): number {
  const groupLength = meta.elements.x00020000;
  const read = meta.position ?? fileLength;
  if (groupLength?.length !== 4) return read;
  const end = groupLength.dataOffset + 4 + (meta.uint32('x00020000') ?? 0);
  return end > groupLength.dataOffset && end <= fileLength ? end : read;
}

/**
 * dicom-parser only recognises encapsulated pixel data (PS3.5 A.4) in explicit VR; an implicit-VR file
 * with undefined-length pixel data (seen in the wild although PS3.5 forbids it) gets its fragments here.
 */
function fixImplicitEncapsulatedPixelData(dataSet: DataSet): void {
  const element = dataSet.elements.x7fe00010;
  if (!element?.hadUndefinedLength || element.encapsulatedPixelData) return;
  const stream = new dicomParser.ByteStream(dataSet.byteArrayParser, dataSet.byteArray, element.dataOffset);
  element.encapsulatedPixelData = true;
  element.basicOffsetTable = [];
  element.fragments = [];
  dicomParser.findEndOfEncapsulatedElement(stream, element, dataSet.warnings);
}

function readWithMetaHeader(bytes: Uint8Array, budget: ByteBudget, fileLength: number): ReadDataSetResult {
  let meta: DataSet & { position?: number };
  try {
    meta = dicomParser.readPart10Header(bytes);
  } catch (thrown) {
    return {
      ok: false,
      kind: 'truncated',
      message: `its File Meta Information is cut short (${errorMessage(thrown)})`,
    };
  }
  const notes: string[] = [];
  const position = metaHeaderEnd(meta, fileLength);
  for (const [tag, element] of Object.entries(meta.elements)) {
    if (element.dataOffset >= position) delete meta.elements[tag];
  }
  let transferSyntaxUid = meta.string('x00020010') ?? '';
  if (position >= bytes.length) {
    return {
      ok: false,
      kind: 'truncated',
      message: 'it ends right after its File Meta Information (no dataset)',
    };
  }
  let byteArray = bytes;
  if (transferSyntaxUid === DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN) {
    const inflated = inflateAfter(bytes, position, budget);
    if (!inflated.ok) return inflated;
    byteArray = inflated.bytes;
  }
  const bigEndian = transferSyntaxUid === EXPLICIT_VR_BIG_ENDIAN;
  // Trust the bytes over the header: some writers label an implicit-VR dataset explicit or omit (0002,0010).
  const explicit = looksExplicitAt(byteArray, position);
  if (!transferSyntaxUid) {
    transferSyntaxUid = explicit ? EXPLICIT_VR_LITTLE_ENDIAN : IMPLICIT_VR_LITTLE_ENDIAN;
    notes.push(
      `no Transfer Syntax UID in the meta header: read as ${explicit ? 'explicit' : 'implicit'} VR little endian`,
    );
  } else if (explicit !== (transferSyntaxUid !== IMPLICIT_VR_LITTLE_ENDIAN)) {
    notes.push(
      `dataset is ${explicit ? 'explicit' : 'implicit'} VR although the transfer syntax says otherwise`,
    );
  }
  const { dataSet, error } = parseBody(byteArray, position, bigEndian, explicit);
  fixImplicitEncapsulatedPixelData(dataSet);
  for (const [tag, element] of Object.entries(meta.elements)) {
    element.parser = dicomParser.littleEndianByteArrayParser;
    if (element.dataOffset < byteArray.length) dataSet.elements[tag] = element;
  }
  return error === undefined
    ? { ok: true, dataSet, transferSyntaxUid, notes }
    : { ok: true, dataSet, transferSyntaxUid, notes, parseError: error };
}

/** Old files (pre-1993 ACR-NEMA style, or raw dumps) start straight with the dataset: guess its encoding. */
function readRawDataSet(bytes: Uint8Array): ReadDataSetResult {
  if (bytes.length < 8) return { ok: false, kind: 'not-dicom', message: 'it is too short to be DICOM' };
  const bigEndian = bytes[0] === 0x00 && bytes[1] !== 0x00;
  const explicit = looksExplicitAt(bytes, 0);
  const transferSyntaxUid = bigEndian
    ? EXPLICIT_VR_BIG_ENDIAN
    : explicit
      ? EXPLICIT_VR_LITTLE_ENDIAN
      : IMPLICIT_VR_LITTLE_ENDIAN;
  const { dataSet, error } = parseBody(bytes, 0, bigEndian, explicit || bigEndian);
  fixImplicitEncapsulatedPixelData(dataSet);
  if (!looksLikeDicomDataSet(dataSet)) {
    return {
      ok: false,
      kind: 'not-dicom',
      message: "it has no 'DICM' prefix and does not read as a DICOM dataset",
    };
  }
  const notes = [
    `no DICOM file header: read as ${bigEndian ? 'explicit VR big' : explicit ? 'explicit VR little' : 'implicit VR little'} endian`,
  ];
  return error === undefined
    ? { ok: true, dataSet, transferSyntaxUid, notes }
    : { ok: true, dataSet, transferSyntaxUid, notes, parseError: error };
}

/**
 * Reads a DICOM dataset from a Part 10 file (PS3.10 7) or, failing the 'DICM' prefix, from a raw dataset.
 * A deflated dataset's inflated bytes are reserved in `budget` (default: this open's default limits).
 * Never throws: every dicom-parser failure is turned into a result.
 * @param fileLength the whole file's length when `bytes` is only its start (a header read up to its
 * Pixel Data: parse/headerWindow.ts); the meta header's group length is checked against it
 */
export function readDataSet(
  bytes: Uint8Array,
  budget: ByteBudget = new ByteBudget(ingestLimits()),
  fileLength: number = bytes.length,
): ReadDataSetResult {
  try {
    return hasPart10Prefix(bytes) ? readWithMetaHeader(bytes, budget, fileLength) : readRawDataSet(bytes);
  } catch (thrown) {
    return {
      ok: false,
      kind: 'not-dicom',
      message: `it could not be read as DICOM (${errorMessage(thrown)})`,
    };
  }
}
