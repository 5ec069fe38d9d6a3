import type { StructureSet } from '../analysis/types';
import type { PacsStudy } from '../dicom/dicomweb/models';
import { buildEncapsulatedPdf } from '../dicom/write/encapsulatedPdf';
import { zipFiles } from '../dicom/write/objectsZip';
import type { StudyAttributes } from '../dicom/write/studyModules';
import type { PatientPosition } from '../planning/carm';
import type { Plan } from '../planning/planFile';
import type { ReadoutContext } from '../planning/readouts';
import type { ReportImagesFor } from '../planning/reportImage';
import type { Volume, VolumeMetadata } from '../volume/volume';
import { buildPlanReportPdf } from './planReportPdf';
import { type CaseSegmentationBuilder, caseSegmentationBuilder } from './planSegmentation';
import { buildPlanSr, ctReferenceOf } from './planSr';

/**
 * The plan's standard DICOM objects for one case (issue 21), filed into the CT's study: the plan as a
 * Comprehensive 3D SR (planSr.ts), the no-go structures as a Segmentation (planSegmentation.ts) and the
 * printable report as an Encapsulated PDF. The same objects go to the PACS (pacsSession.ts) or into a zip.
 */

export const REPORT_SERIES_DESCRIPTION = 'Spineplan plan report';

export type PlanObjectKind = 'plan-sr' | 'seg' | 'pdf';

export interface PlanObject {
  kind: PlanObjectKind;
  bytes: Uint8Array;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  /** File name in an export. */
  fileName: string;
  /** What it holds, for the user ("the plan: 2 trajectories, 1 measurement"). */
  summary: string;
}

/** What the report PDF needs beyond the plan and the volume (the report view's sources). */
export interface ReportSources {
  position: PatientPosition;
  contextFor: (level: string) => ReadoutContext;
  imagesFor: ReportImagesFor;
}

/** Patient and study attributes of the CT's study: the PACS's study record when known, else the CT header. */
export function studyAttributesOf(metadata: VolumeMetadata, pacsStudy?: PacsStudy): StudyAttributes {
  return {
    studyInstanceUid: metadata.studyInstanceUid,
    patientName: metadata.patientName,
    patientId: metadata.patientId,
    studyDate: metadata.studyDate,
    ...(pacsStudy?.accessionNumber ? { accessionNumber: pacsStudy.accessionNumber } : {}),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const printedAt = (d: Date) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export async function buildPlanObjects(input: {
  plan: Plan;
  volume: Volume;
  structures: StructureSet | undefined;
  caseName: string;
  now: Date;
  pacsStudy?: PacsStudy;
  /** Without it no report PDF is made. */
  report?: ReportSources;
  /** Where the Segmentation is built: by default the SEG worker main.tsx set (planSegmentation.ts). */
  buildSegmentation?: CaseSegmentationBuilder;
}): Promise<PlanObject[]> {
  const { plan, volume, now } = input;
  const md = volume.metadata;
  const study = studyAttributesOf(md, input.pacsStudy);
  // Each stored image once (a multi-frame CT is one instance behind many slices).
  const images = [
    ...new Map((md.sliceImages ?? []).filter((s) => s !== null).map((s) => [s.sopInstanceUid, s])).values(),
  ];
  const objects: PlanObject[] = [];

  const sr = buildPlanSr(plan, ctReferenceOf(md, { instances: images, study }), { now });
  objects.push({
    kind: 'plan-sr',
    ...sr,
    fileName: 'plan-sr.dcm',
    summary: `the plan (${count(plan.trajectories.length, 'trajectory', 'trajectories')}, ${count(plan.measurements.length, 'measurement', 'measurements')})`,
  });

  const buildSegmentation = input.buildSegmentation ?? caseSegmentationBuilder();
  const seg = await buildSegmentation({ plan, volume, structures: input.structures, study, now });
  if (seg) {
    const painted = seg.segments.filter((s) => !s.automatic).length;
    objects.push({
      kind: 'seg',
      bytes: seg.bytes,
      sopInstanceUid: seg.sopInstanceUid,
      seriesInstanceUid: seg.seriesInstanceUid,
      fileName: 'no-go-seg.dcm',
      summary: `the no-go structures (${count(painted, 'painted region', 'painted regions')}, ${count(seg.segments.length - painted, 'automatic structure', 'automatic structures')})`,
    });
  }

  if (input.report) {
    const pdf = await buildPlanReportPdf({
      plan,
      metadata: md,
      caseName: input.caseName,
      printedAt: printedAt(now),
      ...input.report,
    });
    const doc = buildEncapsulatedPdf({
      study,
      pdf,
      documentTitle: `Spine injection plan - ${input.caseName}`.slice(0, 200),
      seriesDescription: REPORT_SERIES_DESCRIPTION,
      now,
      sourceImages: images,
    });
    objects.push({ kind: 'pdf', ...doc, fileName: 'report-pdf.dcm', summary: 'the report (PDF)' });
    objects.push({
      kind: 'pdf',
      bytes: pdf,
      sopInstanceUid: '',
      seriesInstanceUid: '',
      fileName: 'report.pdf',
      summary: 'the report as a plain PDF file',
    });
  }
  return objects;
}

/** The DICOM objects (and the plain PDF) in one zip, for hospitals without a PACS connection. */
export function planObjectsZip(objects: readonly PlanObject[]): Promise<Uint8Array> {
  return zipFiles(objects.map((o) => ({ name: o.fileName, bytes: o.bytes })));
}

/** Only the DICOM objects (what a PACS stores). */
export const dicomObjects = (objects: readonly PlanObject[]) =>
  objects.filter((o) => o.sopInstanceUid !== '');
