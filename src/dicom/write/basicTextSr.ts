/**
 * A Basic Text SR document (PS3.3 A.35.1, SOP class 1.2.840.10008.5.1.4.1.1.88.11): a titled CONTAINER of
 * TEXT items, filed into an existing study so a plan "travels with the study" in the PACS.
 * Text is written in the default repertoire (part10.ts): characters outside ASCII become '?'.
 */

import { type NestedElement, randomUid, writePart10Nested } from './nested';
import type { DicomElement } from './part10';
import { dicomDateOf, dicomTimeOf, patientStudyElements, type StudyAttributes } from './studyModules';

export const BASIC_TEXT_SR_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.88.11';

export interface CodedConcept {
  value: string;
  scheme: string;
  meaning: string;
}

/** LOINC 18748-4 "Diagnostic imaging report" as the document title (PS3.16 CID 7000 uses it). */
export const TITLE_IMAGING_REPORT: CodedConcept = {
  value: '18748-4',
  scheme: 'LN',
  meaning: 'Diagnostic Imaging Report',
};
/** DCM 121071 "Finding" (PS3.16 D) for each line of the plan. */
export const CONCEPT_FINDING: CodedConcept = { value: '121071', scheme: 'DCM', meaning: 'Finding' };

export interface TextItem {
  concept: CodedConcept;
  text: string;
}

export interface BasicTextSrInput {
  /** The study the report is filed into, with its patient/study attributes copied (PS3.3 C.7.1.1, C.7.2.1). */
  study: StudyAttributes;
  seriesDescription: string;
  title?: CodedConcept;
  items: readonly TextItem[];
  /** When the content was made (ContentDate/Time). */
  now: Date;
  /** Defaults to new random UIDs. */
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  manufacturer?: string;
}

const code = (c: CodedConcept): NestedElement[][] => [
  [
    { tag: 0x00080100, vr: 'SH', value: c.value },
    { tag: 0x00080102, vr: 'SH', value: c.scheme },
    { tag: 0x00080104, vr: 'LO', value: c.meaning.slice(0, 64) },
  ],
];

/** Builds the Part 10 file of a Basic Text SR; returns its bytes and UIDs. */
export function buildBasicTextSr(input: BasicTextSrInput): {
  bytes: Uint8Array;
  sopInstanceUid: string;
  seriesInstanceUid: string;
} {
  const sopInstanceUid = input.sopInstanceUid ?? randomUid();
  const seriesInstanceUid = input.seriesInstanceUid ?? randomUid();
  const s = input.study;
  const flat: DicomElement[] = [
    { tag: 0x00080016, vr: 'UI', value: BASIC_TEXT_SR_SOP_CLASS },
    { tag: 0x00080018, vr: 'UI', value: sopInstanceUid },
    ...patientStudyElements(s),
    { tag: 0x00080023, vr: 'DA', value: dicomDateOf(input.now) },
    { tag: 0x00080033, vr: 'TM', value: dicomTimeOf(input.now) },
    { tag: 0x00080060, vr: 'CS', value: 'SR' },
    { tag: 0x00080070, vr: 'LO', value: input.manufacturer ?? 'Spineplan' },
    { tag: 0x0008103e, vr: 'LO', value: input.seriesDescription.slice(0, 64) },
    { tag: 0x0020000e, vr: 'UI', value: seriesInstanceUid },
    { tag: 0x00200011, vr: 'IS', value: '9001' },
    { tag: 0x00200013, vr: 'IS', value: '1' },
    // SR Document Content (PS3.3 C.17.3): the root is a CONTAINER with separate children.
    { tag: 0x0040a040, vr: 'CS', value: 'CONTAINER' },
    { tag: 0x0040a050, vr: 'CS', value: 'SEPARATE' },
    // SR Document General (PS3.3 C.17.2): a planning tool's output is complete but not verified by a person.
    { tag: 0x0040a491, vr: 'CS', value: 'COMPLETE' },
    { tag: 0x0040a493, vr: 'CS', value: 'UNVERIFIED' },
  ];
  const dataSet: NestedElement[] = [
    ...flat,
    { tag: 0x00081111, vr: 'SQ', items: [] },
    { tag: 0x0040a372, vr: 'SQ', items: [] },
    { tag: 0x0040a043, vr: 'SQ', items: code(input.title ?? TITLE_IMAGING_REPORT) },
    {
      tag: 0x0040a730,
      vr: 'SQ',
      items: input.items.map((item) => [
        { tag: 0x0040a010, vr: 'CS', value: 'CONTAINS' },
        { tag: 0x0040a040, vr: 'CS', value: 'TEXT' },
        { tag: 0x0040a043, vr: 'SQ', items: code(item.concept) },
        { tag: 0x0040a160, vr: 'UT', value: item.text },
      ]),
    },
  ];
  return { bytes: writePart10Nested(dataSet), sopInstanceUid, seriesInstanceUid };
}
