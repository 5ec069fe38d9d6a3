import type { DicomElement } from './part10';

/**
 * The Patient and General Study modules (PS3.3 C.7.1.1, C.7.2.1) of an object filed into an existing study:
 * copied from the study so a PACS files it beside the images. Type 2 attributes are written empty when
 * unknown.
 */
export interface StudyAttributes {
  studyInstanceUid: string;
  patientName: string;
  patientId: string;
  studyDate: string;
  studyTime?: string;
  accessionNumber?: string;
  studyId?: string;
  patientBirthDate?: string;
  patientSex?: string;
  referringPhysicianName?: string;
}

export function patientStudyElements(s: StudyAttributes): DicomElement[] {
  return [
    { tag: 0x00080020, vr: 'DA', value: s.studyDate },
    { tag: 0x00080030, vr: 'TM', value: s.studyTime ?? '' },
    { tag: 0x00080050, vr: 'SH', value: s.accessionNumber ?? '' },
    { tag: 0x00080090, vr: 'PN', value: s.referringPhysicianName ?? '' },
    { tag: 0x00100010, vr: 'PN', value: s.patientName },
    { tag: 0x00100020, vr: 'LO', value: s.patientId },
    { tag: 0x00100030, vr: 'DA', value: s.patientBirthDate ?? '' },
    { tag: 0x00100040, vr: 'CS', value: s.patientSex ?? '' },
    { tag: 0x0020000d, vr: 'UI', value: s.studyInstanceUid },
    { tag: 0x00200010, vr: 'SH', value: s.studyId ?? '' },
  ];
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/** DA of a moment (UTC). */
export const dicomDateOf = (d: Date) =>
  `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
/** TM of a moment (UTC), whole seconds. */
export const dicomTimeOf = (d: Date) =>
  `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
