/**
 * Reading the DICOM JSON Model (PS3.18 F.2) that QIDO-RS and WADO-RS metadata answer with:
 * an array of objects keyed by 8-hex-digit tags, each `{vr, Value?: [...]}`; PN values are
 * `{Alphabetic, Ideographic, Phonetic}` (F.2.2).
 */

export interface DicomJsonAttribute {
  vr: string;
  Value?: unknown[];
  BulkDataURI?: string;
  InlineBinary?: string;
}
export type DicomJsonDataSet = Record<string, DicomJsonAttribute>;

/** Tags as the JSON model spells them (upper-case hex, no comma). */
export const TAG = {
  specificCharacterSet: '00080005',
  studyDate: '00080020',
  studyTime: '00080030',
  accessionNumber: '00080050',
  modality: '00080060',
  modalitiesInStudy: '00080061',
  sopClassUid: '00080016',
  sopInstanceUid: '00080018',
  studyDescription: '00081030',
  seriesDescription: '0008103E',
  patientName: '00100010',
  patientId: '00100020',
  patientBirthDate: '00100030',
  patientSex: '00100040',
  studyInstanceUid: '0020000D',
  seriesInstanceUid: '0020000E',
  studyId: '00200010',
  seriesNumber: '00200011',
  instanceNumber: '00200013',
  numberOfStudyRelatedSeries: '00201206',
  numberOfStudyRelatedInstances: '00201208',
  numberOfSeriesRelatedInstances: '00201209',
  transferSyntaxUid: '00083002',
} as const;

const first = (ds: DicomJsonDataSet, tag: string): unknown => ds[tag]?.Value?.[0];

/** A text attribute (or a PN's alphabetic group); '' when absent or empty. */
export function textOf(ds: DicomJsonDataSet, tag: string): string {
  const v = first(ds, tag);
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') {
    const alphabetic = (v as { Alphabetic?: unknown }).Alphabetic;
    return typeof alphabetic === 'string' ? alphabetic : '';
  }
  return String(v);
}

/** All values of a multi-valued text attribute (e.g. ModalitiesInStudy). */
export function textsOf(ds: DicomJsonDataSet, tag: string): string[] {
  return (ds[tag]?.Value ?? []).filter((v) => v !== null && v !== undefined).map(String);
}

/** A numeric attribute (IS/DS may arrive as number or string); undefined when absent. */
export function numberOf(ds: DicomJsonDataSet, tag: string): number | undefined {
  const v = first(ds, tag);
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Checks the body is the JSON model's top-level array; throws a plain Error otherwise. */
export function asDataSets(json: unknown): DicomJsonDataSet[] {
  if (!Array.isArray(json)) throw new Error('expected a JSON array of data sets (PS3.18 F.2)');
  return json.filter((x): x is DicomJsonDataSet => typeof x === 'object' && x !== null);
}
