import { type DicomJsonDataSet, numberOf, TAG, textOf, textsOf } from './dicomJson';

/** Search criteria for QIDO-RS studies (PS3.18 10.6.1.2); empty fields are not sent. */
export interface StudyQuery {
  /** A name fragment; a trailing `*` is added when the user typed no wildcard. */
  patientName?: string;
  patientId?: string;
  /** YYYYMMDD (or YYYY-MM-DD); either end may be open. */
  dateFrom?: string;
  dateTo?: string;
  modality?: string;
  accessionNumber?: string;
  /** At most this many studies (default 100). */
  limit?: number;
}

export interface PacsStudy {
  studyInstanceUid: string;
  patientName: string;
  patientId: string;
  studyDate: string;
  studyDescription: string;
  accessionNumber: string;
  modalities: string[];
  seriesCount: number | undefined;
  instanceCount: number | undefined;
}

export interface PacsSeries {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  modality: string;
  seriesNumber: number | undefined;
  seriesDescription: string;
  instanceCount: number | undefined;
}

export interface PacsInstance {
  sopInstanceUid: string;
  sopClassUid: string;
  instanceNumber: number | undefined;
}

export const studyFromJson = (ds: DicomJsonDataSet): PacsStudy => ({
  studyInstanceUid: textOf(ds, TAG.studyInstanceUid),
  patientName: textOf(ds, TAG.patientName),
  patientId: textOf(ds, TAG.patientId),
  studyDate: textOf(ds, TAG.studyDate),
  studyDescription: textOf(ds, TAG.studyDescription),
  accessionNumber: textOf(ds, TAG.accessionNumber),
  modalities: textsOf(ds, TAG.modalitiesInStudy),
  seriesCount: numberOf(ds, TAG.numberOfStudyRelatedSeries),
  instanceCount: numberOf(ds, TAG.numberOfStudyRelatedInstances),
});

export const seriesFromJson = (ds: DicomJsonDataSet): PacsSeries => ({
  studyInstanceUid: textOf(ds, TAG.studyInstanceUid),
  seriesInstanceUid: textOf(ds, TAG.seriesInstanceUid),
  modality: textOf(ds, TAG.modality),
  seriesNumber: numberOf(ds, TAG.seriesNumber),
  seriesDescription: textOf(ds, TAG.seriesDescription),
  instanceCount: numberOf(ds, TAG.numberOfSeriesRelatedInstances),
});

export const instanceFromJson = (ds: DicomJsonDataSet): PacsInstance => ({
  sopInstanceUid: textOf(ds, TAG.sopInstanceUid),
  sopClassUid: textOf(ds, TAG.sopClassUid),
  instanceNumber: numberOf(ds, TAG.instanceNumber),
});

/** A DA range matcher (PS3.4 C.2.2.2.5): "from-to", "from-", "-to". */
function dateRange(from = '', to = ''): string | undefined {
  const clean = (d: string) => d.replaceAll('-', '').trim();
  const [a, b] = [clean(from), clean(to)];
  if (!a && !b) return undefined;
  if (a && a === b) return a;
  return `${a}-${b}`;
}

/** QIDO-RS query parameters for a study search. */
export function studyQueryParams(query: StudyQuery): URLSearchParams {
  const params = new URLSearchParams();
  const name = query.patientName?.trim();
  if (name) params.set('PatientName', /[*?]/.test(name) ? name : `${name}*`);
  if (query.patientId?.trim()) params.set('PatientID', query.patientId.trim());
  const date = dateRange(query.dateFrom, query.dateTo);
  if (date) params.set('StudyDate', date);
  if (query.modality?.trim()) params.set('ModalitiesInStudy', query.modality.trim().toUpperCase());
  if (query.accessionNumber?.trim()) params.set('AccessionNumber', query.accessionNumber.trim());
  params.set('limit', String(query.limit ?? 100));
  for (const tag of [
    TAG.studyDescription,
    TAG.modalitiesInStudy,
    TAG.numberOfStudyRelatedSeries,
    TAG.numberOfStudyRelatedInstances,
  ]) {
    params.append('includefield', tag);
  }
  return params;
}
