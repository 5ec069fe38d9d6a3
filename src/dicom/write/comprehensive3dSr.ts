/**
 * A Comprehensive 3D SR document (PS3.3 A.35.13, SOP class 1.2.840.10008.5.1.4.1.1.88.34) in UTF-8
 * (Specific Character Set ISO_IR 192): patient, study, SR series, equipment, SR document general (with
 * the evidence it was made from) and the content tree (srContentItems.ts).
 */

import type { ContentItem } from '../sr/contentTree';
import { type NestedElement, randomUid, writePart10Nested } from './nested';
import { SPINEPLAN_IMPLEMENTATION_VERSION } from './part10';
import { contentItemElements } from './srContentItems';
import { dicomDateOf, dicomTimeOf, patientStudyElements, type StudyAttributes } from './studyModules';

export const COMPREHENSIVE_3D_SR_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.88.34';

/** The study the document is filed into; its patient and study attributes are copied (studyModules.ts). */
export type SrStudy = StudyAttributes & { studyDescription?: string };

/** A series the content refers to, with the instances it was made from (PS3.3 C.17.2.3 evidence). */
/** Verifying Organization (0040,A027) is Type 1 (PS3.3 C.17.2.1): this is written when none was given. */
export const ORGANIZATION_NOT_RECORDED = 'Not recorded';

export interface SrEvidenceSeries {
  seriesInstanceUid: string;
  instances: readonly { sopClassUid: string; sopInstanceUid: string }[];
}

/** A local coding scheme used in the content (PS3.3 C.12.1.1.4 Coding Scheme Identification Sequence). */
export interface PrivateCodingScheme {
  designator: string;
  name: string;
  responsibleOrganization: string;
}

/** Who verified the document (PS3.3 C.17.2.1: Verifying Observer Sequence), for a VERIFIED document. */
export interface SrVerification {
  /** As typed; written as a Person Name (PS3.5 6.2: no backslash, at most 64 characters per group). */
  observerName: string;
  /** Verifying Organization is Type 1: when unknown, 'Not recorded'. */
  organization?: string;
  /** When it was verified. */
  at: Date;
}

export interface Comprehensive3dSrInput {
  study: SrStudy;
  /** The root CONTAINER with its concept (the document title) and children. */
  root: ContentItem & { type: 'CONTAINER' };
  /** Series of the same study whose instances the content was made from; empty when unknown. */
  evidence: readonly SrEvidenceSeries[];
  codingSchemes: readonly PrivateCodingScheme[];
  seriesDescription: string;
  /** When the content was made (ContentDate/Time, in UTC). */
  now: Date;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  seriesNumber?: number;
  /** Set for a document a person verified (Verification Flag VERIFIED); else UNVERIFIED. */
  verification?: SrVerification;
  manufacturer?: string;
  modelName?: string;
}

/** PS3.3 C.17.2.3: Hierarchical SOP Instance Reference Macro, one study with its series and instances. */
function evidenceItems(studyUid: string, evidence: readonly SrEvidenceSeries[]): NestedElement[][] {
  const series = evidence.filter((s) => s.instances.length > 0);
  if (series.length === 0) return [];
  return [
    [
      { tag: 0x0020000d, vr: 'UI', value: studyUid },
      {
        tag: 0x00081115,
        vr: 'SQ',
        items: series.map((s) => [
          { tag: 0x0020000e, vr: 'UI', value: s.seriesInstanceUid },
          {
            tag: 0x00081199,
            vr: 'SQ',
            items: s.instances.map((i) => [
              { tag: 0x00081150, vr: 'UI', value: i.sopClassUid },
              { tag: 0x00081155, vr: 'UI', value: i.sopInstanceUid },
            ]),
          },
        ]),
      },
    ],
  ];
}

/**
 * A name as typed, as a PN value (PS3.5 6.2.1): '^' and '=' are delimiters and '\\' the value separator, so
 * they become spaces; the whole name is the family-name component, closed by '^' (without it a name with
 * spaces reads as the retired free-text form).
 */
const personName = (name: string): string =>
  `${
    name
      .replace(/[\\^=]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 63) || 'Unknown'
  }^`;

/** PS3.3 C.17.2: Verification Flag and, for a verified document, the Verifying Observer Sequence. */
function verificationElements(v: SrVerification | undefined): NestedElement[] {
  if (!v) return [{ tag: 0x0040a493, vr: 'CS', value: 'UNVERIFIED' }];
  return [
    { tag: 0x0040a493, vr: 'CS', value: 'VERIFIED' },
    {
      tag: 0x0040a073,
      vr: 'SQ',
      items: [
        [
          {
            tag: 0x0040a027,
            vr: 'LO',
            value: (v.organization?.trim() || ORGANIZATION_NOT_RECORDED).slice(0, 64),
          },
          { tag: 0x0040a030, vr: 'DT', value: `${dicomDateOf(v.at)}${dicomTimeOf(v.at)}` },
          { tag: 0x0040a075, vr: 'PN', value: personName(v.observerName) },
          { tag: 0x0040a088, vr: 'SQ', items: [] },
        ],
      ],
    },
  ];
}

/** Builds the Part 10 file; returns its bytes and UIDs. */
export function buildComprehensive3dSr(input: Comprehensive3dSrInput): {
  bytes: Uint8Array;
  sopInstanceUid: string;
  seriesInstanceUid: string;
} {
  const sopInstanceUid = input.sopInstanceUid ?? randomUid();
  const seriesInstanceUid = input.seriesInstanceUid ?? randomUid();
  const s = input.study;
  const manufacturer = input.manufacturer ?? 'Spineplan';
  const evidence = evidenceItems(s.studyInstanceUid, input.evidence);
  const dataSet: NestedElement[] = [
    // SOP Common (PS3.3 C.12.1): UTF-8 so names and notes in any script survive.
    { tag: 0x00080005, vr: 'CS', value: 'ISO_IR 192' },
    { tag: 0x00080016, vr: 'UI', value: COMPREHENSIVE_3D_SR_SOP_CLASS },
    { tag: 0x00080018, vr: 'UI', value: sopInstanceUid },
    { tag: 0x00080012, vr: 'DA', value: dicomDateOf(input.now) },
    { tag: 0x00080013, vr: 'TM', value: dicomTimeOf(input.now) },
    { tag: 0x00080201, vr: 'SH', value: '+0000' },
    {
      tag: 0x00080110,
      vr: 'SQ',
      items: input.codingSchemes.map((c) => [
        { tag: 0x00080102, vr: 'SH', value: c.designator },
        { tag: 0x00080115, vr: 'ST', value: c.name },
        { tag: 0x00080116, vr: 'ST', value: c.responsibleOrganization },
      ]),
    },
    // Patient (C.7.1.1) and General Study (C.7.2.1).
    ...patientStudyElements(s),
    ...(s.studyDescription
      ? [{ tag: 0x00081030, vr: 'LO', value: s.studyDescription } as NestedElement]
      : []),
    // SR Document Series (C.17.1).
    { tag: 0x00080060, vr: 'CS', value: 'SR' },
    { tag: 0x0020000e, vr: 'UI', value: seriesInstanceUid },
    { tag: 0x00200011, vr: 'IS', value: String(input.seriesNumber ?? 9001) },
    { tag: 0x0008103e, vr: 'LO', value: input.seriesDescription.slice(0, 64) },
    { tag: 0x00081111, vr: 'SQ', items: [] },
    // General Equipment (C.7.5.1) and Enhanced General Equipment (C.7.5.2).
    { tag: 0x00080070, vr: 'LO', value: manufacturer },
    { tag: 0x00081090, vr: 'LO', value: input.modelName ?? manufacturer },
    { tag: 0x00181000, vr: 'LO', value: '1' },
    { tag: 0x00181020, vr: 'LO', value: SPINEPLAN_IMPLEMENTATION_VERSION },
    // SR Document General (C.17.2): complete; verified only when a person signed it off.
    { tag: 0x00200013, vr: 'IS', value: '1' },
    { tag: 0x0040a491, vr: 'CS', value: 'COMPLETE' },
    ...verificationElements(input.verification),
    { tag: 0x00080023, vr: 'DA', value: dicomDateOf(input.now) },
    { tag: 0x00080033, vr: 'TM', value: dicomTimeOf(input.now) },
    { tag: 0x0040a372, vr: 'SQ', items: [] },
    ...(evidence.length > 0 ? [{ tag: 0x0040a375, vr: 'SQ', items: evidence } as NestedElement] : []),
    // SR Document Content (C.17.3): the root container.
    ...contentItemElements(input.root),
  ];
  return { bytes: writePart10Nested(dataSet), sopInstanceUid, seriesInstanceUid };
}
