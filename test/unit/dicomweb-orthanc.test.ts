/**
 * The DICOMweb client and the PACS session against a real Orthanc with its DICOMweb plugin (Debian packages,
 * test/tools/setup-system.sh installs them). Skips only when Orthanc is missing and could not be installed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadSeries } from '../../src/app/pacsDownload';
import { createPacsActions } from '../../src/app/pacsSession';
import { buildPlanObjects } from '../../src/app/planObjects';
import { reportImagesFor } from '../../src/app/planReportImages';
import { regionsFromSegmentation } from '../../src/app/planSegmentation';
import { srDatasetToPlan } from '../../src/app/planSr';
import { buildReadoutContext } from '../../src/app/readoutContext';
import { transformPoint } from '../../src/core/mat4';
import { createDicomwebClient } from '../../src/dicom/dicomweb/client';
import { DicomwebError } from '../../src/dicom/dicomweb/errors';
import type { PacsSeries, PacsStudy } from '../../src/dicom/dicomweb/models';
import { buildVolume, scanFiles } from '../../src/dicom/ingest';
import { pdfOfEncapsulated } from '../../src/dicom/write/encapsulatedPdf';
import { usePacsSecrets, usePacsStore } from '../../src/state/pacsStore';
import { selectActivePlan, usePlanStore } from '../../src/state/planStore';
import { useStudyStore } from '../../src/state/studyStore';
import { testDataPath } from '../testData';
import { ensureOrthanc, type RunningOrthanc, startOrthanc } from '../tools/orthanc';
import { planDifferences } from './plan-compare';

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

  it('stores plan SR + SEG + report PDF to the origin server with STOW-RS; QIDO finds them; WADO gives back the plan, the regions voxel for voxel and the PDF byte for byte', async () => {
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
    // The dialog's server and sign-in when the series was opened: the secured Orthanc is typed later.
    usePacsStore.getState().setConnection({ baseUrl: orthanc.dicomWebUrl, authKind: 'none' });
    usePacsSecrets.getState().setOriginAuth({ kind: 'none' });
    usePacsStore
      .getState()
      .setOrigin({ baseUrl: orthanc.dicomWebUrl, study: pancreasStudy, series: pancreasSeries });
    usePacsStore
      .getState()
      .setConnection({ baseUrl: secured.dicomWebUrl, authKind: 'basic', username: 'planner' });
    usePacsSecrets.getState().setSecret({ password: 'right-password' });
    const plans = usePlanStore.getState();
    plans.openCase(
      volume.metadata.seriesInstanceUid,
      {
        studyInstanceUid: volume.metadata.studyInstanceUid,
        seriesInstanceUid: volume.metadata.seriesInstanceUid,
      },
      { dims: volume.dims, ijkToLps: volume.ijkToLps },
    );
    plans.addTrajectory({ name: 'L4-L5 right – Jürgen', entryLps: [40, 60, 100], targetLps: [20, 10, 95] });
    plans.addMeasurement({ kind: 'distance', name: 'Canal AP', aLps: [0, 20, 95], bLps: [0, 38.5, 95] });
    const grid = { dims: volume.dims, ijkToLps: volume.ijkToLps };
    const centre = transformPoint(volume.ijkToLps, [300, 260, 2]);
    plans.paintNoGo(null, grid, { centreLps: centre, normalLps: [0, 0, 1], radiusMm: 8 }, 'stroke-1');
    const stored = selectActivePlan(usePlanStore.getState())!;
    expect(stored.noGoMasks).toHaveLength(1);

    const actions = createPacsActions(async () => undefined, {
      contextFor: (level) => buildReadoutContext(volume, undefined, level),
      imagesFor: (t, position) => reportImagesFor(volume, t, position),
      position: () => 'prone',
    });
    await actions.storePlan();
    const notice = usePacsStore.getState().storeNotice;
    expect(notice?.kind, notice?.text).toBe('info');
    expect(notice?.text).toContain(`Stored to ${orthanc.dicomWebUrl}`);
    expect(notice?.text).toContain('the plan (1 trajectory, 1 measurement)');
    // Nothing went to the server typed in the dialog afterwards.
    const c = client();
    const onSecured = await createDicomwebClient({
      baseUrl: secured.dicomWebUrl,
      auth: { kind: 'basic', username: 'planner', password: 'right-password' },
    }).searchSeries(PANCREAS_STUDY);
    expect(onSecured.map((s) => s.modality)).toEqual(['CT']);

    // QIDO: the case bar's list of what the study holds.
    // The server filters by modality (QIDO-RS Modality matching).
    expect((await c.searchSeries(PANCREAS_STUDY, undefined, 'SEG')).map((x) => x.modality)).toEqual(['SEG']);
    const objects = usePacsStore.getState().studyObjects!;
    expect(objects.map((o) => o.kind).sort()).toEqual(['pdf', 'plan-sr', 'seg']);
    const byKind = (k: string) => objects.find((o) => o.kind === k)!;
    const wado = (k: string) =>
      c.retrieveInstance(PANCREAS_STUDY, byKind(k).seriesInstanceUid, byKind(k).sopInstanceUid);

    // Plan: SR -> WADO -> plan equal (points as 32-bit floats, SR_POINT_TOLERANCE_MM).
    const sr = await wado('plan-sr');
    expect(dicomParser.parseDicom(sr).string('x00080016')).toBe('1.2.840.10008.5.1.4.1.1.88.34');
    const back = srDatasetToPlan(sr);
    // The painted region travels in the Segmentation, as the SR says.
    expect(back.losses).toEqual([
      expect.stringContaining("is not in the SR: it is in the study's Segmentation"),
    ]);
    expect(back.plan.trajectories.map((t) => t.name)).toEqual(['L4-L5 right – Jürgen']);
    // The whole plan equal (points within SR_POINT_TOLERANCE_MM), its painted region aside: that is the SEG's.
    expect(planDifferences({ ...back.plan, noGoMasks: [] }, { ...stored, noGoMasks: [] })).toEqual([]);

    // Regions: SEG -> WADO -> painted regions voxel for voxel.
    let n = 0;
    const regions = regionsFromSegmentation(await wado('seg'), volume, () => `r${n++}`);
    expect(regions.losses).toEqual([]);
    expect(regions.regions.map((r) => r.slices)).toEqual(stored.noGoMasks.map((r) => r.slices));

    // Report: Encapsulated PDF -> WADO -> a PDF.
    const pdfDicom = dicomParser.parseDicom(await wado('pdf'));
    const el = pdfDicom.elements.x00420011!;
    const pdf = pdfOfEncapsulated(
      pdfDicom.byteArray.subarray(el.dataOffset, el.dataOffset + el.length),
      pdfDicom.uint32('x00420015'),
    );
    expect(Buffer.from(pdf.subarray(0, 8)).toString('latin1')).toBe('%PDF-1.4');
    // Byte for byte: the same objects made for a fixed moment, stored, retrieved and compared with the PDF made.
    const made = await buildPlanObjects({
      plan: stored,
      volume,
      structures: undefined,
      caseName: 'PACS round trip',
      now: new Date('2026-12-07T01:02:03Z'),
      pacsStudy: pancreasStudy,
      report: {
        position: 'prone',
        contextFor: (level) => buildReadoutContext(volume, undefined, level),
        imagesFor: (t, position) => reportImagesFor(volume, t, position),
      },
    });
    const pdfObject = made.find((o) => o.fileName === 'report-pdf.dcm')!;
    await c.store([pdfObject.bytes], PANCREAS_STUDY);
    const again = await c.retrieveInstance(
      PANCREAS_STUDY,
      pdfObject.seriesInstanceUid,
      pdfObject.sopInstanceUid,
    );
    expect(Buffer.from(again).equals(Buffer.from(pdfObject.bytes))).toBe(true);
    const againDs = dicomParser.parseDicom(again);
    const againEl = againDs.elements.x00420011!;
    const againPdf = pdfOfEncapsulated(
      again.subarray(againEl.dataOffset, againEl.dataOffset + againEl.length),
      againDs.uint32('x00420015'),
    );
    const plainPdf = made.find((o) => o.fileName === 'report.pdf')!.bytes;
    expect(Buffer.from(againPdf).equals(Buffer.from(plainPdf))).toBe(true);

    // The case bar opens them: the SR replaces the plan (after it was cleared), the SEG adds its regions.
    plans.removeTrajectory(selectActivePlan(usePlanStore.getState())!.trajectories[0]!.id);
    plans.removeNoGoMask(selectActivePlan(usePlanStore.getState())!.noGoMasks[0]!.id);
    await actions.openStudyObject(byKind('plan-sr'));
    expect(usePacsStore.getState().storeNotice?.text).toContain(
      'Opened the plan from the PACS (1 trajectories',
    );
    expect(selectActivePlan(usePlanStore.getState())!.trajectories.map((t) => t.name)).toEqual([
      'L4-L5 right – Jürgen',
    ]);
    const withoutRegions = selectActivePlan(usePlanStore.getState())!;
    await actions.openStudyObject(byKind('seg'));
    const after = selectActivePlan(usePlanStore.getState())!;
    expect(after.noGoMasks.length - withoutRegions.noGoMasks.length).toBe(1);
    expect(after.noGoMasks.at(-1)!.slices).toEqual(stored.noGoMasks[0]!.slices);
    // Added again: nothing doubles.
    await actions.openStudyObject(byKind('seg'));
    expect(selectActivePlan(usePlanStore.getState())!.noGoMasks).toHaveLength(after.noGoMasks.length);
    expect(usePacsStore.getState().storeNotice?.text).toContain('1 already in the plan');
  }, 120_000);

  it('credentials: never in the store the test hook exposes, never in a message; a user:password address signs in', async () => {
    usePacsStore.getState().setConnection({ baseUrl: `http://planner:s3cret-pw@127.0.0.1:8047/dicom-web` });
    const state = usePacsStore.getState();
    expect(state.connection).toMatchObject({
      baseUrl: 'http://127.0.0.1:8047/dicom-web',
      authKind: 'basic',
      username: 'planner',
    });
    expect(JSON.stringify(state)).not.toContain('s3cret');
    usePacsStore.setState({ query: {} });
    await createPacsActions(async () => undefined).search();
    const notice = usePacsStore.getState().notice!;
    expect(notice.text).toContain('Cannot reach http://127.0.0.1:8047/dicom-web');
    expect(notice.text).not.toContain('s3cret');
    // The dialog's sign-in (name in the store, password in the secrets) searches the secured Orthanc.
    usePacsStore
      .getState()
      .setConnection({ baseUrl: secured.dicomWebUrl, authKind: 'basic', username: 'planner' });
    usePacsSecrets.getState().setSecret({ password: 'right-password' });
    await createPacsActions(async () => undefined).search();
    expect(usePacsStore.getState().studies).toHaveLength(1);
    expect(JSON.stringify(usePacsStore.getState())).not.toContain('right-password');
    // The address with its user information works as a sign-in against the secured Orthanc.
    const viaUrl = createDicomwebClient({
      baseUrl: secured.dicomWebUrl.replace('http://', 'http://planner:right-password@'),
    });
    expect(viaUrl.baseUrl).toBe(secured.dicomWebUrl);
    expect((await viaUrl.searchStudies({})).length).toBe(1);
    const wrong = (await createDicomwebClient({
      baseUrl: secured.dicomWebUrl.replace('http://', 'http://planner:wrong-pw@'),
    })
      .searchStudies({})
      .catch((e: unknown) => e)) as Error;
    expect(wrong.message).toContain('refused the credentials');
    expect(wrong.message).not.toContain('wrong-pw');
  });

  it('a JPEG-LS compressed pancreas series (dcmtk dcmcjpls) goes through Orthanc and opens with the same voxels', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spineplan-jls-'));
    try {
      const compressed = PANCREAS_FILES.map((f) => {
        const out = join(dir, f);
        execFileSync('dcmcjpls', [resolve(PANCREAS, f), out]);
        return out;
      });
      expect(readFileSync(compressed[0]!).includes(Buffer.from('1.2.840.10008.1.2.4.80'))).toBe(true);
      const jls = await startOrthanc({ httpPort: 8048, dicomPort: 4248 });
      try {
        await jls.upload(compressed);
        const c = createDicomwebClient({ baseUrl: jls.dicomWebUrl });
        const series = (await c.searchSeries(PANCREAS_STUDY))[0]!;
        const files = await downloadSeries(c, series, () => undefined, new AbortController().signal);
        const fromPacs = await buildVolume(
          scanFiles(
            await Promise.all(
              files.map(async (f) => ({ path: f.path, bytes: new Uint8Array(await f.blob.arrayBuffer()) })),
            ),
          ).candidates[0]!,
        );
        const local = await buildVolume(
          scanFiles(
            PANCREAS_FILES.map((f) => ({
              path: f,
              bytes: new Uint8Array(readFileSync(resolve(PANCREAS, f))),
            })),
          ).candidates[0]!,
        );
        expect(Buffer.from(fromPacs.data.buffer).equals(Buffer.from(local.data.buffer))).toBe(true);
      } finally {
        await jls.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
