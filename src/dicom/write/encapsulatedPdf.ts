/**
 * Encapsulated PDF Storage (PS3.3 A.45.1, SOP class 1.2.840.10008.5.1.4.1.1.104.1): the printable plan
 * report filed into the CT's study. The PDF's bytes are kept as they are: (0042,0011) holds their exact
 * length, so a reader gets them back byte for byte although the value is padded to an even length.
 */
import type { SliceImageRef } from '../../volume/volume';
import type { CodedConcept } from './basicTextSr';
import { type NestedElement, randomUid, writePart10Nested } from './nested';
import { dicomDateOf, dicomTimeOf, patientStudyElements, type StudyAttributes } from './studyModules';

export const ENCAPSULATED_PDF_STORAGE = '1.2.840.10008.5.1.4.1.1.104.1';

/** LOINC 18748-4 "Diagnostic imaging report" (PS3.16 CID 7020 uses LOINC document titles). */
export const PDF_TITLE_CODE: CodedConcept = {
  value: '18748-4',
  scheme: 'LN',
  meaning: 'Diagnostic imaging report',
};

export interface EncapsulatedPdfInput {
  study: StudyAttributes;
  pdf: Uint8Array;
  documentTitle: string;
  seriesDescription: string;
  now: Date;
  /** The images the document's pictures were computed from (Source Instance Sequence, PS3.3 C.24.2). */
  sourceImages?: readonly SliceImageRef[];
  seriesNumber?: number;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
}

const code = (c: CodedConcept): NestedElement[][] => [
  [
    { tag: 0x00080100, vr: 'SH', value: c.value },
    { tag: 0x00080102, vr: 'SH', value: c.scheme },
    { tag: 0x00080104, vr: 'LO', value: c.meaning },
  ],
];

export function buildEncapsulatedPdf(input: EncapsulatedPdfInput): {
  bytes: Uint8Array;
  sopInstanceUid: string;
  seriesInstanceUid: string;
} {
  const sopInstanceUid = input.sopInstanceUid ?? randomUid();
  const seriesInstanceUid = input.seriesInstanceUid ?? randomUid();
  const sources = [...new Map((input.sourceImages ?? []).map((s) => [s.sopInstanceUid, s])).values()];
  const dataSet: NestedElement[] = [
    { tag: 0x00080005, vr: 'CS', value: 'ISO_IR 192' },
    ...patientStudyElements(input.study),
    { tag: 0x00080016, vr: 'UI', value: ENCAPSULATED_PDF_STORAGE },
    { tag: 0x00080018, vr: 'UI', value: sopInstanceUid },
    { tag: 0x00080023, vr: 'DA', value: dicomDateOf(input.now) },
    { tag: 0x00080033, vr: 'TM', value: dicomTimeOf(input.now) },
    { tag: 0x0008002a, vr: 'DT', value: `${dicomDateOf(input.now)}${dicomTimeOf(input.now)}` },
    // Encapsulated Document Series (PS3.3 C.24.1): modality DOC.
    { tag: 0x00080060, vr: 'CS', value: 'DOC' },
    // SC Equipment (PS3.3 C.8.6.1): made on a workstation.
    { tag: 0x00080064, vr: 'CS', value: 'WSD' },
    { tag: 0x00080070, vr: 'LO', value: 'Spineplan' },
    { tag: 0x0008103e, vr: 'LO', value: input.seriesDescription.slice(0, 64) },
    { tag: 0x0020000e, vr: 'UI', value: seriesInstanceUid },
    { tag: 0x00200011, vr: 'IS', value: String(input.seriesNumber ?? 9003) },
    { tag: 0x00200013, vr: 'IS', value: '1' },
    // Encapsulated Document (PS3.3 C.24.2): the report prints patient name and ID.
    { tag: 0x00280301, vr: 'CS', value: 'YES' },
    { tag: 0x00420010, vr: 'ST', value: input.documentTitle.slice(0, 1024) },
    { tag: 0x00420011, vr: 'OB', value: input.pdf },
    { tag: 0x00420012, vr: 'LO', value: 'application/pdf' },
    { tag: 0x00420015, vr: 'UL', value: [input.pdf.length] },
    { tag: 0x0040a043, vr: 'SQ', items: code(PDF_TITLE_CODE) },
  ];
  if (sources.length > 0) {
    dataSet.push({
      tag: 0x00420013,
      vr: 'SQ',
      items: sources.map((s) => [
        { tag: 0x00081150, vr: 'UI', value: s.sopClassUid },
        { tag: 0x00081155, vr: 'UI', value: s.sopInstanceUid },
      ]),
    });
  }
  return { bytes: writePart10Nested(dataSet), sopInstanceUid, seriesInstanceUid };
}

/**
 * The PDF inside an Encapsulated PDF's bytes, exactly as stored: (0042,0011) cut to (0042,0015) when
 * present, else with one trailing pad byte removed after %%EOF (PS3.3 C.24.2.1).
 */
export function pdfOfEncapsulated(stored: Uint8Array, declaredLength: number | undefined): Uint8Array {
  if (declaredLength !== undefined && declaredLength <= stored.length)
    return stored.subarray(0, declaredLength);
  const last = stored[stored.length - 1];
  return last === 0 || last === 0x20 ? stored.subarray(0, stored.length - 1) : stored;
}
