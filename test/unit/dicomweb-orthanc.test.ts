/**
 * The DICOMweb client and the PACS session against a real Orthanc with its DICOMweb plugin (Debian packages,
 * test/tools/setup-system.sh installs them). Skips only when Orthanc is missing and could not be installed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadSeries } from '../../src/app/pacsDownload';
import { CONCEPT_PLAN_FILE } from '../../src/app/pacsPlanReport';
import { createPacsActions } from '../../src/app/pacsSession';
import { createDicomwebClient } from '../../src/dicom/dicomweb/client';
import { DicomwebError } from '../../src/dicom/dicomweb/errors';
import type { PacsSeries, PacsStudy } from '../../src/dicom/dicomweb/models';
import { buildVolume, scanFiles } from '../../src/dicom/ingest';
import { usePacsStore } from '../../src/state/pacsStore';
import { usePlanStore } from '../../src/state/planStore';
import { useStudyStore } from '../../src/state/studyStore';
import { testDataPath } from '../testData';
import { ensureOrthanc, type RunningOrthanc, startOrthanc } from '../tools/orthanc';

const DATA = testDataPath('ct-series');
const PANCREAS = resolve(DATA, 'pancreas-ct-cb001');
const PANCREAS_FILES = ['1-001.dcm', '1-002.dcm', '1-003.dcm', '1-004.dcm', '1-005.dcm', '1-006.dcm'];
const LIDC = resolve(DATA, 'lidc-idri-0314');
const PANCREAS_STUDY = '1.3.6.1.4.1.14519.5.2.1.21087345762211724523378497892240459677';

const missing = ensureOrthanc();
if (missing) console.warn(`SKIPPING DICOMweb tests against Orthanc: ${missing}`);

describe.skipIf(missing !== undefined)('DICOMweb against a real Orthanc', () => {
  let orthanc: RunningOrthanc;
  let secured: RunningOrthanc;
  const client = () => createDicomwebClient({ baseUrl: orthanc.dicomWebUrl });
  let pancreasSeries: PacsSeries;
  let pancreasStudy: PacsStudy;

  beforeAll(async () => {
    [orthanc, secured] = await Promise.all([
      startOrthanc({ httpPort: 8044, dicomPort: 4244 }),
      startOrthanc({ httpPort: 8046, dicomPort: 4246, users: { planner: 'right-password' } }),
    ]);
    await orthanc.upload(PANCREAS_FILES.map((f) => resolve(PANCREAS, f)));
    await orthanc.upload(
      readdirSync(LIDC)
        .sort()
        .slice(0, 3)
        .map((f) => resolve(LIDC, f)),
    );
    await secured.upload([resolve(PANCREAS, '1-001.dcm')]);
    pancreasStudy = (await client().searchStudies({ patientId: 'Pancreas-CT-CB_001' }))[0]!;
    pancreasSeries = (await client().searchSeries(PANCREAS_STUDY))[0]!;
  }, 120_000);

  afterAll(async () => {
    await Promise.all([orthanc?.stop(), secured?.stop()]);
  });

  it('QIDO-RS finds studies by name fragment, ID, date range, modality and accession', async () => {
    const c = client();
    const byName = await c.searchStudies({ patientName: 'pancreas' });
    expect(byName.map((s) => s.patientId)).toEqual(['Pancreas-CT-CB_001']);
    expect(byName[0]).toMatchObject({ studyDate: '20120706', modalities: ['CT'], instanceCount: 6 });
    expect((await c.searchStudies({ patientId: 'LIDC-IDRI-0314' })).length).toBe(1);
    const in2012 = await c.searchStudies({ dateFrom: '2012-01-01', dateTo: '2012-12-31' });
    expect(in2012.map((s) => s.studyInstanceUid)).toEqual([PANCREAS_STUDY]);
    expect((await c.searchStudies({ modality: 'ct' })).length).toBe(2);
    expect((await c.searchStudies({ modality: 'MR' })).length).toBe(0);
    const byAccession = await c.searchStudies({ accessionNumber: '2819497684894126' });
    expect(byAccession.map((s) => s.patientId)).toEqual(['LIDC-IDRI-0314']);
  });

  it('lists series and instances, and WADO-RS metadata has the image attributes', async () => {
    expect(pancreasSeries).toMatchObject({ modality: 'CT', seriesNumber: 201, instanceCount: 6 });
    const instances = await client().searchInstances(PANCREAS_STUDY, pancreasSeries.seriesInstanceUid);
    expect(instances.map((i) => i.instanceNumber)).toEqual([1, 2, 3, 4, 5, 6]);
    const metadata = await client().seriesMetadata(PANCREAS_STUDY, pancreasSeries.seriesInstanceUid);
    expect(metadata).toHaveLength(6);
    expect(metadata[0]!['00280010']?.Value).toEqual([512]);
  });

  it('WADO-RS returns each instance byte for byte as stored (original transfer syntax)', async () => {
    const [first] = await client().searchInstances(PANCREAS_STUDY, pancreasSeries.seriesInstanceUid);
    const bytes = await client().retrieveInstance(
      PANCREAS_STUDY,
      pancreasSeries.seriesInstanceUid,
      first!.sopInstanceUid,
    );
    expect(Buffer.from(bytes).equals(readFileSync(resolve(PANCREAS, '1-001.dcm')))).toBe(true);
  });

  it('a series downloaded from the PACS becomes the same volume as the local files', async () => {
    const files = await downloadSeries(
      client(),
      pancreasSeries,
      () => undefined,
      new AbortController().signal,
    );
    const fromPacs = await buildVolume(
      scanFiles(
        await Promise.all(
          files.map(async (f) => ({ path: f.path, bytes: new Uint8Array(await f.blob.arrayBuffer()) })),
        ),
      ).candidates[0]!,
    );
    const local = await buildVolume(
      scanFiles(
        PANCREAS_FILES.map((f) => ({ path: f, bytes: new Uint8Array(readFileSync(resolve(PANCREAS, f))) })),
      ).candidates[0]!,
    );
    expect(fromPacs.dims).toEqual([512, 512, 6]);
    expect(fromPacs.ijkToLps).toEqual(local.ijkToLps);
    expect(Buffer.from(fromPacs.data.buffer).equals(Buffer.from(local.data.buffer))).toBe(true);
  });

  it('a series that fails half-way is discarded and the error says how far it got', async () => {
    const instances = await client().searchInstances(PANCREAS_STUDY, pancreasSeries.seriesInstanceUid);
    const broken = instances[3]!.sopInstanceUid;
    const flaky = createDicomwebClient({
      baseUrl: orthanc.dicomWebUrl,
      // Fault injection in front of the real server: the 4th instance always answers 503.
      fetch: async (input, init) =>
        String(input).endsWith(`/instances/${broken}`)
          ? new Response('busy', { status: 503, statusText: 'Service Unavailable' })
          : fetch(input, init),
    });
    const error = await downloadSeries(
      flaky,
      pancreasSeries,
      () => undefined,
      new AbortController().signal,
    ).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/stopped after \d of 6 images/);
    expect((error as Error).message).toContain('failed twice (The server answered HTTP 503');
    expect((error as Error).message).toContain('were discarded');
  });

  it('maps a refused connection, refused credentials and an empty result to clear messages', async () => {
    const nowhere = createDicomwebClient({ baseUrl: 'http://127.0.0.1:8047/dicom-web' });
    const unreachable = await nowhere.searchStudies({}).catch((e: unknown) => e);
    expect(unreachable).toBeInstanceOf(DicomwebError);
    expect((unreachable as DicomwebError).kind).toBe('unreachable');
    expect((unreachable as DicomwebError).message).toContain('Cannot reach http://127.0.0.1:8047/dicom-web');

    const wrong = createDicomwebClient({
      baseUrl: secured.dicomWebUrl,
      auth: { kind: 'basic', username: 'planner', password: 'wrong' },
    });
    const refused = await wrong.searchStudies({}).catch((e: unknown) => e);
    expect((refused as DicomwebError).kind).toBe('credentials');
    expect((refused as DicomwebError).message).toContain('refused the credentials');
    const right = createDicomwebClient({
      baseUrl: secured.dicomWebUrl,
      auth: { kind: 'basic', username: 'planner', password: 'right-password' },
    });
    expect((await right.searchStudies({})).length).toBe(1);

    // The session turns an empty answer into a sentence naming the criteria.
    usePacsStore.getState().setConnection({ baseUrl: orthanc.dicomWebUrl, authKind: 'none' });
    usePacsStore.setState({ query: { patientName: 'Nobody' } });
    await createPacsActions(async () => undefined).search();
    expect(usePacsStore.getState().notice).toEqual({
      kind: 'info',
      text: `No studies match patient name "Nobody" on ${orthanc.dicomWebUrl}.`,
    });
  });

  it('stores the plan as a Basic Text SR with STOW-RS and reads it back from the study', async () => {
    // The case as the app has it after opening the series from the PACS.
    const files = await downloadSeries(
      client(),
      pancreasSeries,
      () => undefined,
      new AbortController().signal,
    );
    const inputs = await Promise.all(
      files.map(async (f) => ({ path: f.path, bytes: new Uint8Array(await f.blob.arrayBuffer()) })),
    );
    const volume = await buildVolume(scanFiles(inputs).candidates[0]!);
    useStudyStore.getState().setVolume(volume);
    usePacsStore.getState().setConnection({ baseUrl: orthanc.dicomWebUrl, authKind: 'none' });
    usePacsStore
      .getState()
      .setOrigin({ baseUrl: orthanc.dicomWebUrl, study: pancreasStudy, series: pancreasSeries });
    const plans = usePlanStore.getState();
    plans.openCase(volume.metadata.seriesInstanceUid);
    plans.addTrajectory({ name: 'L4-L5 right', entryLps: [40, 60, 100], targetLps: [20, 10, 95] });

    await createPacsActions(async () => undefined).storePlan();
    const notice = usePacsStore.getState().storeNotice;
    expect(notice?.kind, notice?.text).toBe('info');
    expect(notice?.text).toContain('Stored the plan (1 trajectories');

    const c = client();
    const sr = (await c.searchSeries(PANCREAS_STUDY)).find((s) => s.modality === 'SR');
    expect(sr).toBeDefined();
    const [instance] = await c.searchInstances(PANCREAS_STUDY, sr!.seriesInstanceUid);
    const bytes = await c.retrieveInstance(PANCREAS_STUDY, sr!.seriesInstanceUid, instance!.sopInstanceUid);
    const ds = dicomParser.parseDicom(bytes);
    expect(ds.string('x00080016')).toBe('1.2.840.10008.5.1.4.1.1.88.11');
    expect(ds.string('x0020000d')).toBe(PANCREAS_STUDY);
    expect(ds.string('x00100020')).toBe('Pancreas-CT-CB_001');
    const texts = ds.elements.x0040a730!.items!.map((item) => item.dataSet!.string('x0040a160') ?? '');
    expect(texts.some((t) => t.startsWith('L4-L5 right:') && t.includes('entry (40.0, 60.0, 100.0)'))).toBe(
      true,
    );
    const planItem = ds.elements.x0040a730!.items!.find(
      (item) =>
        item.dataSet!.elements.x0040a043!.items![0]!.dataSet!.string('x00080100') === CONCEPT_PLAN_FILE.value,
    );
    const planJson = JSON.parse(planItem!.dataSet!.text('x0040a160')!) as {
      trajectories: { name: string }[];
    };
    expect(planJson.trajectories.map((t) => t.name)).toEqual(['L4-L5 right']);
  });
});
