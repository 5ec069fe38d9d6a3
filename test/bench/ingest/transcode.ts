import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import charlsFactory from '@cornerstonejs/codec-charls/wasmjs';
import openjpegFactory from '@cornerstonejs/codec-openjpeg/wasmjs';
import { concatBytes } from '../../../src/core/bytes';
import { decodeFrame } from '../../../src/dicom/decode/index';
import { parseDicom } from '../../../src/dicom/parse';
import type { DicomInstance } from '../../../src/dicom/types';
import { type DicomElement, encodeElements } from '../../../src/dicom/write/part10';
import { readAll } from './readFiles';

/** Lossless transfer syntaxes (PS3.5 A.4.3 JPEG-LS, A.4.4 JPEG 2000). */
export const JPEG_LS_LOSSLESS = '1.2.840.10008.1.2.4.80';
export const JPEG_2000_LOSSLESS = '1.2.840.10008.1.2.4.90';

type Encoding = 'jpeg-ls' | 'jpeg2000';
const silent = (): void => {};

/** DS values are at most 16 characters (PS3.5 6.2). */
const ds = (values: readonly number[]): string =>
  values.map((v) => (String(v).length <= 16 ? String(v) : v.toPrecision(10))).join('\\');

/** The attributes a CT volume reader needs, rebuilt from the parsed header (no sequences, ASCII text). */
function headerElements(inst: DicomInstance): DicomElement[] {
  const frame = inst.frames[0]!;
  const elements: DicomElement[] = [
    { tag: 0x00080008, vr: 'CS', value: inst.imageType.join('\\') },
    { tag: 0x00080016, vr: 'UI', value: inst.sopClassUid },
    { tag: 0x00080018, vr: 'UI', value: inst.sopInstanceUid },
    { tag: 0x00080020, vr: 'DA', value: inst.studyDate },
    { tag: 0x00080060, vr: 'CS', value: inst.modality },
    { tag: 0x0008103e, vr: 'LO', value: inst.seriesDescription },
    { tag: 0x00100010, vr: 'PN', value: inst.patientName },
    { tag: 0x00100020, vr: 'LO', value: inst.patientId },
    { tag: 0x00180050, vr: 'DS', value: ds([frame.sliceThicknessMm ?? 0]) },
    { tag: 0x0020000d, vr: 'UI', value: inst.studyInstanceUid },
    { tag: 0x0020000e, vr: 'UI', value: inst.seriesInstanceUid },
    { tag: 0x00200011, vr: 'IS', value: String(inst.seriesNumber ?? 1) },
    { tag: 0x00200013, vr: 'IS', value: String(inst.instanceNumber ?? 1) },
    { tag: 0x00200032, vr: 'DS', value: ds(frame.imagePositionPatient) },
    { tag: 0x00200037, vr: 'DS', value: ds(frame.imageOrientationPatient) },
    { tag: 0x00200052, vr: 'UI', value: inst.frameOfReferenceUid },
    { tag: 0x00280002, vr: 'US', value: [inst.samplesPerPixel] },
    { tag: 0x00280004, vr: 'CS', value: inst.photometricInterpretation },
    { tag: 0x00280010, vr: 'US', value: [inst.rows] },
    { tag: 0x00280011, vr: 'US', value: [inst.columns] },
    { tag: 0x00280030, vr: 'DS', value: ds(frame.pixelSpacing) },
    { tag: 0x00280100, vr: 'US', value: [inst.bitsAllocated] },
    { tag: 0x00280101, vr: 'US', value: [inst.bitsStored] },
    { tag: 0x00280102, vr: 'US', value: [inst.highBit] },
    { tag: 0x00280103, vr: 'US', value: [inst.pixelRepresentation] },
    { tag: 0x00281052, vr: 'DS', value: ds([inst.rescaleIntercept]) },
    { tag: 0x00281053, vr: 'DS', value: ds([inst.rescaleSlope]) },
  ];
  if (inst.windowCenter !== undefined && inst.windowWidth !== undefined) {
    elements.push({ tag: 0x00281050, vr: 'DS', value: ds([inst.windowCenter]) });
    elements.push({ tag: 0x00281051, vr: 'DS', value: ds([inst.windowWidth]) });
  }
  return elements;
}

/** Encapsulated Pixel Data (PS3.5 A.4): undefined length, empty Basic Offset Table, one fragment. */
function encapsulate(codestream: Uint8Array): Uint8Array {
  const padded = codestream.length % 2 === 0 ? codestream : concatBytes([codestream, Uint8Array.of(0)]);
  const head = new Uint8Array(12 + 8 + 8);
  const view = new DataView(head.buffer);
  view.setUint16(0, 0x7fe0, true);
  view.setUint16(2, 0x0010, true);
  head.set([0x4f, 0x42], 4); // "OB", then 2 reserved bytes
  view.setUint32(8, 0xffffffff, true);
  view.setUint16(12, 0xfffe, true); // Item: the empty Basic Offset Table
  view.setUint16(14, 0xe000, true);
  view.setUint32(16, 0, true);
  view.setUint16(20, 0xfffe, true); // Item: the frame's only fragment
  view.setUint16(22, 0xe000, true);
  view.setUint32(24, padded.length, true);
  const end = new Uint8Array(8); // Sequence Delimitation Item
  const endView = new DataView(end.buffer);
  endView.setUint16(0, 0xfffe, true);
  endView.setUint16(2, 0xe0dd, true);
  return concatBytes([head, padded, end]);
}

/** A Part 10 file (PS3.10 7.1) whose meta header names `transferSyntaxUid`. */
function part10(transferSyntaxUid: string, inst: DicomInstance, pixelData: Uint8Array): Uint8Array {
  const meta = concatBytes(
    encodeElements([
      { tag: 0x00020001, vr: 'OB', value: Uint8Array.of(0, 1) },
      { tag: 0x00020002, vr: 'UI', value: inst.sopClassUid },
      { tag: 0x00020003, vr: 'UI', value: inst.sopInstanceUid },
      { tag: 0x00020010, vr: 'UI', value: transferSyntaxUid },
      { tag: 0x00020012, vr: 'UI', value: '2.25.178043211498631296135729871503342214211' },
    ]),
  );
  const groupLength = concatBytes(encodeElements([{ tag: 0x00020000, vr: 'UL', value: [meta.length] }]));
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  return concatBytes([
    preamble,
    groupLength,
    meta,
    ...encodeElements(headerElements(inst)),
    encapsulate(pixelData),
  ]);
}

export interface TranscodeReport {
  files: number;
  encodedBytes: number;
  encodeMs: number;
}

/**
 * Writes a lossless JPEG-LS or JPEG 2000 copy of a single-frame grayscale series into `outDir`
 * (stored values re-encoded at BitsStored precision, so every reader must reproduce the original HU).
 */
export async function transcodeSeries(
  paths: readonly string[],
  encoding: Encoding,
  outDir: string,
): Promise<TranscodeReport> {
  mkdirSync(outDir, { recursive: true });
  const charls =
    encoding === 'jpeg-ls' ? await charlsFactory({ print: silent, printErr: silent }) : undefined;
  const openjpeg =
    encoding === 'jpeg2000' ? await openjpegFactory({ print: silent, printErr: silent }) : undefined;
  let encodedBytes = 0;
  let encodeMs = 0;
  for (const file of readAll(paths)) {
    const parsed = parseDicom(file.bytes, file.path);
    if (!parsed.ok) throw new Error(`${file.path}: ${parsed.skip.message}`);
    const inst = parsed.parsed.instance;
    const stored = (await decodeFrame(parsed.parsed, 0)).pixels;
    const start = performance.now();
    const encoder = charls ? new charls.JpegLSEncoder() : new openjpeg!.J2KEncoder();
    const input = encoder.getDecodedBuffer({
      width: inst.columns,
      height: inst.rows,
      bitsPerSample: inst.bitsStored,
      componentCount: 1,
      isSigned: inst.pixelRepresentation === 1,
    });
    input.set(new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength));
    if ('setQuality' in encoder) encoder.setQuality(true, 0);
    encoder.encode();
    const codestream = encoder.getEncodedBuffer().slice();
    encoder.delete();
    encodeMs += performance.now() - start;
    encodedBytes += codestream.length;
    const syntax = encoding === 'jpeg-ls' ? JPEG_LS_LOSSLESS : JPEG_2000_LOSSLESS;
    writeFileSync(path.join(outDir, path.basename(file.path)), part10(syntax, inst, codestream));
  }
  return { files: paths.length, encodedBytes, encodeMs };
}
