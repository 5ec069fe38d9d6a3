import { useAnalysisStore } from '../state/analysisStore';
import { usePacsStore } from '../state/pacsStore';
import { selectActivePlan, usePlanStore } from '../state/planStore';
import { useStudyStore } from '../state/studyStore';
import { buildPlanObjects, planObjectsZip, type ReportSources } from './planObjects';

/** The export's result for the report view: a zip to download and what it holds. */
export interface PlanObjectsExport {
  fileName: string;
  bytes: Uint8Array;
  summary: string;
}

const safeName = (text: string) =>
  text
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);

/**
 * The open case's plan SR, no-go Segmentation and report (Encapsulated PDF and plain PDF) in one zip, for
 * a hospital without a PACS connection (issue 21): the same objects "Store plan to PACS" sends.
 */
export function createPlanObjectsExport(
  report: Omit<ReportSources, 'position'> & { position: () => ReportSources['position'] },
) {
  return async (): Promise<PlanObjectsExport> => {
    const { volume, caseName } = useStudyStore.getState();
    const plan = selectActivePlan(usePlanStore.getState());
    if (!volume || !plan) throw new Error('Open a case and plan it first.');
    const analysis = useAnalysisStore.getState();
    const structures =
      analysis.volumeId === volume.id && analysis.analysis?.found ? analysis.analysis.structures : undefined;
    const origin = usePacsStore.getState().origin;
    const pacsStudy =
      origin?.study.studyInstanceUid === volume.metadata.studyInstanceUid ? origin.study : undefined;
    const now = new Date();
    const objects = await buildPlanObjects({
      plan,
      volume,
      structures,
      caseName,
      now,
      ...(pacsStudy ? { pacsStudy } : {}),
      report: { ...report, position: report.position() },
    });
    const stamp = now.toISOString().slice(0, 16).replace(/[-:T]/g, '');
    return {
      fileName: `${safeName(caseName) || 'case'}-plan-dicom-${stamp}.zip`,
      bytes: await planObjectsZip(objects),
      summary: objects.map((o) => o.fileName).join(', '),
    };
  };
}
