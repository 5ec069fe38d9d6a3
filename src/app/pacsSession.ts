import { errorMessage } from '../core/errors';
import { createDicomwebClient, type DicomwebClient } from '../dicom/dicomweb/client';
import type { PacsSeries, PacsStudy, StudyQuery } from '../dicom/dicomweb/models';
import type { PaintedRegion } from '../planning/noGoMask';
import { serializePlan } from '../planning/planFile';
import { useAnalysisStore } from '../state/analysisStore';
import { authOf, type PacsStudyObject, usePacsSecrets, usePacsStore } from '../state/pacsStore';
import { selectActivePlan, usePlanStore } from '../state/planStore';
import { useStudyStore } from '../state/studyStore';
import { downloadSeries } from './pacsDownload';
import { buildPlanObjects, dicomObjects, type ReportSources } from './planObjects';
import { regionsFromSegmentation } from './planSegmentation';
import { srDatasetToPlan } from './planSr';
import { deviceIngestLimits, type SourceFile } from './readInputFiles';

/** What the PACS dialog and case bar can ask for; main.tsx passes it to them. */
export interface PacsActions {
  search: () => Promise<void>;
  listSeries: (study: PacsStudy) => Promise<void>;
  openSeries: (study: PacsStudy, series: PacsSeries) => void;
  storePlan: () => Promise<void>;
  /** Looks for plans (SR), Segmentations and reports in the open case's study on its server. */
  findStudyObjects: () => Promise<void>;
  /** Opens a plan SR (replacing the plan, one undo step) or a Segmentation (adding its regions). */
  openStudyObject: (object: PacsStudyObject) => Promise<void>;
}

type OpenCase = (caseName: string, source: (signal: AbortSignal) => Promise<SourceFile[]>) => Promise<void>;

export { PLAN_SR_SERIES_DESCRIPTION as SR_SERIES_DESCRIPTION } from './planSr';

/** Report sources for the PDF (the report view's readouts and pictures), from main.tsx; optional in tests. */
export type PacsReportSources = Omit<ReportSources, 'position'> & {
  position: () => ReportSources['position'];
};

const SR_STORAGE_PREFIX = '1.2.840.10008.5.1.4.1.1.88.';
const SEG_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';
const PDF_STORAGE = '1.2.840.10008.5.1.4.1.1.104.1';

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

const kindOfSopClass = (sopClassUid: string): PacsStudyObject['kind'] | undefined =>
  sopClassUid === SEG_STORAGE
    ? 'seg'
    : sopClassUid === PDF_STORAGE
      ? 'pdf'
      : sopClassUid.startsWith(SR_STORAGE_PREFIX)
        ? 'plan-sr'
        : undefined;

/** Wires the PACS store to a DICOMweb client and the study loader (the same ingest as local files). */
export function createPacsActions(openCase: OpenCase, report?: PacsReportSources): PacsActions {
  const pacs = () => usePacsStore.getState();
  /** The server typed in the dialog now (search and open). */
  const dialogClient = () =>
    createDicomwebClient({
      baseUrl: pacs().connection.baseUrl,
      auth: authOf(pacs().connection, usePacsSecrets.getState()),
    });
  /** The server the open case came from, with the sign-in used then (store-back and the study's objects). */
  const originClient = (): DicomwebClient | undefined => {
    const origin = pacs().origin;
    return origin
      ? createDicomwebClient({ baseUrl: origin.baseUrl, auth: usePacsSecrets.getState().originAuth })
      : undefined;
  };
  /** The open volume, when it is the series the origin names. */
  const originVolume = () => {
    const origin = pacs().origin;
    const volume = useStudyStore.getState().volume;
    return origin && volume && volume.metadata.seriesInstanceUid === origin.series.seriesInstanceUid
      ? { origin, volume }
      : undefined;
  };

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

  async function findStudyObjects(): Promise<void> {
    const open = originVolume();
    const c = originClient();
    if (!open || !c) return;
    const studyUid = open.origin.study.studyInstanceUid;
    // QIDO-RS by study and modality: plans are SR, no-go structures SEG, reports DOC (Encapsulated PDF).
    const series = (
      await Promise.all(['SR', 'SEG', 'DOC'].map((modality) => c.searchSeries(studyUid, undefined, modality)))
    )
      .flat()
      .filter((s) => ['SR', 'SEG', 'DOC'].includes(s.modality));
    const found: PacsStudyObject[] = [];
    for (const s of series) {
      for (const instance of await c.searchInstances(studyUid, s.seriesInstanceUid)) {
        const kind = kindOfSopClass(instance.sopClassUid) ?? (s.modality === 'SEG' ? 'seg' : undefined);
        if (!kind) continue;
        found.push({
          kind,
          seriesInstanceUid: s.seriesInstanceUid,
          sopInstanceUid: instance.sopInstanceUid,
          seriesDescription: s.seriesDescription,
          when: '',
        });
      }
    }
    const order: PacsStudyObject['kind'][] = ['plan-sr', 'seg', 'pdf'];
    pacs().setStudyObjects(found.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind)));
  }

  return {
    search: () =>
      busy('searching', async () => {
        pacs().setStudies([]);
        const c = dialogClient();
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
        const series = await dialogClient().searchSeries(study.studyInstanceUid);
        pacs().setSeries(study.studyInstanceUid, series);
        if (series.length === 0) pacs().setNotice({ kind: 'info', text: 'This study has no series.' });
      }),
    openSeries: (study, series) => {
      const c = dialogClient();
      pacs().setDialogOpen(false);
      // The origin keeps the server and its sign-in as they were now: typing another address in the dialog
      // later must not send this patient's plan elsewhere (issue 24 class 7).
      usePacsSecrets.getState().setOriginAuth(authOf(pacs().connection, usePacsSecrets.getState()));
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
      const open = originVolume();
      const plan = selectActivePlan(usePlanStore.getState());
      if (!open) {
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
      const { origin, volume } = open;
      pacs().setBusy('storing');
      pacs().setStoreNotice(null);
      try {
        const c = originClient()!;
        const { study } = origin;
        const analysis = useAnalysisStore.getState();
        const structures =
          analysis.volumeId === volume.id && analysis.analysis?.found
            ? analysis.analysis.structures
            : undefined;
        const objects = dicomObjects(
          await buildPlanObjects({
            plan,
            volume,
            structures,
            caseName: useStudyStore.getState().caseName,
            now: new Date(),
            pacsStudy: study,
            ...(report ? { report: { ...report, position: report.position() } } : {}),
          }),
        );
        const result = await c.store(
          objects.map((o) => o.bytes),
          study.studyInstanceUid,
        );
        const refused = objects.filter((o) => !result.stored.includes(o.sopInstanceUid));
        if (refused.length > 0) {
          throw new Error(
            `The PACS did not keep ${refused.map((o) => o.summary).join(', ')} (failure reason ${result.failed[0]?.reason ?? 'not given'}).`,
          );
        }
        // Read back: the objects count as stored only once a search of the study finds their series.
        const found = await c.searchSeries(study.studyInstanceUid);
        const missing = objects.filter(
          (o) => !found.some((s) => s.seriesInstanceUid === o.seriesInstanceUid),
        );
        if (missing.length > 0) {
          throw new Error(
            `The PACS accepted ${missing.map((o) => o.summary).join(', ')} but a search of the study does not find it.`,
          );
        }
        const running = analysis.volumeId === volume.id && analysis.status === 'running';
        pacs().setStoreNotice({
          kind: 'info',
          text:
            `Stored to ${c.baseUrl}, study "${study.studyDescription || study.studyInstanceUid}": ${objects.map((o) => o.summary).join('; ')} (${(objects.reduce((n, o) => n + o.bytes.length, 0) / 1e6).toFixed(1)} MB).` +
            (running
              ? ' The spine analysis was still running: store again later to include its structures.'
              : ''),
        });
        await findStudyObjects().catch(() => undefined);
      } catch (thrown) {
        pacs().setStoreNotice({ kind: 'error', text: `Storing the plan failed: ${errorMessage(thrown)}` });
      } finally {
        pacs().setBusy('idle');
      }
    },
    findStudyObjects: async () => {
      pacs().setBusy('finding');
      try {
        await findStudyObjects();
      } catch (thrown) {
        pacs().setStoreNotice({
          kind: 'error',
          text: `Looking for plans in the study failed: ${errorMessage(thrown)}`,
        });
      } finally {
        pacs().setBusy('idle');
      }
    },
    openStudyObject: async (object) => {
      const open = originVolume();
      const c = originClient();
      if (!open || !c) return;
      pacs().setBusy('opening');
      pacs().setStoreNotice(null);
      try {
        const limits = deviceIngestLimits();
        const bytes = await c.retrieveInstance(
          open.origin.study.studyInstanceUid,
          object.seriesInstanceUid,
          object.sopInstanceUid,
          undefined,
          limits.budgetBytes,
          `the memory budget for one open, ${limits.budgetSource}`,
        );
        const plans = usePlanStore.getState();
        if (object.kind === 'plan-sr') {
          const { plan, losses } = srDatasetToPlan(bytes);
          const result = plans.importPlanTextIntoActive(serializePlan(plan));
          if (!result.ok) throw new Error(result.error);
          // Painted regions travel in the study's Segmentation ("Add regions"), not in the SR: not a loss.
          const inSeg = losses.filter((l) => /Segmentation/.test(l));
          const lost = losses.filter((l) => !inSeg.includes(l));
          const said = [
            ...inSeg.map((l) => ` ${l}: use "Add regions".`),
            ...(lost.length > 0 ? [` Not represented in the SR: ${lost.join('; ')}.`] : []),
          ].join('');
          pacs().setStoreNotice({
            kind: lost.length > 0 ? 'error' : 'info',
            text: `Opened the plan from the PACS (${plan.trajectories.length} trajectories, ${plan.measurements.length} measurements); Undo brings the previous plan back.${said}`,
          });
        } else if (object.kind === 'seg') {
          const active = selectActivePlan(plans);
          if (!active) throw new Error('There is no plan for this case to add the regions to.');
          let n = 0;
          const read = regionsFromSegmentation(
            bytes,
            open.volume,
            () => `seg-${Date.now().toString(36)}-${n++}`,
          );
          // The spine analysis's own structures come back from the analysis itself; the user's regions are added.
          // Regions already in the plan voxel for voxel (added before) are not added twice.
          const same = (a: PaintedRegion, b: PaintedRegion) =>
            JSON.stringify(a.slices) === JSON.stringify(b.slices);
          const regions = read.regions.filter(
            (r, i) => !read.automatic[i] && !active.noGoMasks.some((m) => same(m, r)),
          );
          const result = plans.importPlanTextIntoActive(
            serializePlan({ ...active, noGoMasks: [...active.noGoMasks, ...regions] }),
          );
          if (!result.ok) throw new Error(result.error);
          const automatic = read.automatic.filter(Boolean).length;
          const already = read.regions.length - automatic - regions.length;
          const notes = [
            ...(automatic > 0 ? [`${automatic} automatic structures are left to the spine analysis`] : []),
            ...(already > 0 ? [`${already} already in the plan`] : []),
            ...read.losses,
          ];
          pacs().setStoreNotice({
            kind: read.losses.length > 0 ? 'error' : 'info',
            text: `Added ${regions.length} no-go region${regions.length === 1 ? '' : 's'} from the Segmentation${notes.length ? ` (${notes.join('; ')})` : ''}.`,
          });
        }
      } catch (thrown) {
        pacs().setStoreNotice({
          kind: 'error',
          text: `Opening from the PACS failed: ${errorMessage(thrown)}`,
        });
      } finally {
        pacs().setBusy('idle');
      }
    },
  };
}
