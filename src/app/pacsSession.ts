import { errorMessage } from '../core/errors';
import { createDicomwebClient } from '../dicom/dicomweb/client';
import type { PacsSeries, PacsStudy, StudyQuery } from '../dicom/dicomweb/models';
import { buildBasicTextSr } from '../dicom/write/basicTextSr';
import { authOf, usePacsStore } from '../state/pacsStore';
import { selectActivePlan, usePlanStore } from '../state/planStore';
import { useStudyStore } from '../state/studyStore';
import { downloadSeries } from './pacsDownload';
import { planReportItems } from './pacsPlanReport';
import type { SourceFile } from './readInputFiles';

/** What the PACS dialog can ask for; main.tsx passes it to the dialog. */
export interface PacsActions {
  search: () => Promise<void>;
  listSeries: (study: PacsStudy) => Promise<void>;
  openSeries: (study: PacsStudy, series: PacsSeries) => void;
  storePlan: () => Promise<void>;
}

type OpenCase = (caseName: string, source: (signal: AbortSignal) => Promise<SourceFile[]>) => Promise<void>;

export const SR_SERIES_DESCRIPTION = 'Spineplan needle plan';

function describeQuery(q: StudyQuery): string {
  const parts = [
    q.patientName && `patient name "${q.patientName}"`,
    q.patientId && `patient ID "${q.patientId}"`,
    (q.dateFrom || q.dateTo) && `date ${q.dateFrom || '...'} to ${q.dateTo || '...'}`,
    q.modality && `modality ${q.modality}`,
    q.accessionNumber && `accession "${q.accessionNumber}"`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'an empty search';
}

/** Wires the PACS store to a DICOMweb client and the study loader (the same ingest as local files). */
export function createPacsActions(openCase: OpenCase): PacsActions {
  const pacs = () => usePacsStore.getState();
  const client = () =>
    createDicomwebClient({ baseUrl: pacs().connection.baseUrl, auth: authOf(pacs().connection) });

  async function busy(kind: 'searching' | 'listing-series', task: () => Promise<void>) {
    pacs().setBusy(kind);
    pacs().setNotice(null);
    try {
      await task();
    } catch (thrown) {
      pacs().setNotice({ kind: 'error', text: errorMessage(thrown) });
    } finally {
      pacs().setBusy('idle');
    }
  }

  return {
    search: () =>
      busy('searching', async () => {
        pacs().setStudies([]);
        const c = client();
        const query = pacs().query;
        const studies = await c.searchStudies(query);
        pacs().setStudies(studies);
        if (studies.length === 0) {
          pacs().setNotice({
            kind: 'info',
            text: `No studies match ${describeQuery(query)} on ${c.baseUrl}.`,
          });
        }
      }),
    listSeries: (study) =>
      busy('listing-series', async () => {
        pacs().setSeries(study.studyInstanceUid, []);
        const series = await client().searchSeries(study.studyInstanceUid);
        pacs().setSeries(study.studyInstanceUid, series);
        if (series.length === 0) pacs().setNotice({ kind: 'info', text: 'This study has no series.' });
      }),
    openSeries: (study, series) => {
      const c = client();
      pacs().setDialogOpen(false);
      pacs().setOrigin({ baseUrl: c.baseUrl, study, series });
      const name = `${study.patientName || study.patientId || 'PACS study'} - ${series.seriesDescription || series.modality}`;
      void openCase(name, (signal) =>
        downloadSeries(
          c,
          series,
          (done, total) =>
            useStudyStore.getState().setProgress({ phase: 'Downloading from the PACS', done, total }),
          signal,
        ),
      );
    },
    storePlan: async () => {
      const origin = pacs().origin;
      const volume = useStudyStore.getState().volume;
      const plan = selectActivePlan(usePlanStore.getState());
      if (!origin || !volume || volume.metadata.seriesInstanceUid !== origin.series.seriesInstanceUid) {
        pacs().setStoreNotice({
          kind: 'error',
          text: 'The open case did not come from the PACS: nothing to store back.',
        });
        return;
      }
      if (!plan) {
        pacs().setStoreNotice({ kind: 'error', text: 'There is no plan for this case yet.' });
        return;
      }
      pacs().setBusy('storing');
      pacs().setStoreNotice(null);
      try {
        const c = client();
        const { study } = origin;
        const report = buildBasicTextSr({
          study: {
            studyInstanceUid: study.studyInstanceUid,
            patientName: study.patientName,
            patientId: study.patientId,
            studyDate: study.studyDate,
            accessionNumber: study.accessionNumber,
          },
          seriesDescription: SR_SERIES_DESCRIPTION,
          items: planReportItems(plan, volume.metadata),
          now: new Date(),
        });
        const result = await c.store([report.bytes], study.studyInstanceUid);
        if (!result.stored.includes(report.sopInstanceUid)) {
          throw new Error(
            `The PACS did not keep the report (failure reason ${result.failed[0]?.reason ?? 'not given'}).`,
          );
        }
        // Read it back: the report counts as stored only once a search of the study finds it.
        const found = await c.searchSeries(study.studyInstanceUid);
        if (!found.some((s) => s.seriesInstanceUid === report.seriesInstanceUid)) {
          throw new Error('The PACS accepted the report but a search of the study does not find it.');
        }
        pacs().setStoreNotice({
          kind: 'info',
          text: `Stored the plan (${plan.trajectories.length} trajectories, ${plan.measurements.length} measurements) as a DICOM SR in the study "${study.studyDescription || study.studyInstanceUid}".`,
        });
      } catch (thrown) {
        pacs().setStoreNotice({ kind: 'error', text: `Storing the plan failed: ${errorMessage(thrown)}` });
      } finally {
        pacs().setBusy('idle');
      }
    },
  };
}
