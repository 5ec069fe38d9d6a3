/**
 * Open a study from a real Orthanc (DICOMweb plugin) through the preview server's /dicom-web proxy: the whole
 * pancreas series, compressed to JPEG-LS with dcmtk in Node before the browser starts; check voxels' HU
 * against the original files, store the plan (SR), its painted region (SEG) and the report (PDF) back with
 * STOW-RS, open them again from the study, export the same objects as a zip; clear messages for an empty
 * search, a series that fails half-way and a PACS that is down; no password in the test hook or on screen.
 * The proxy target is SPINEPLAN_PACS_URL (vite.config.ts, default http://127.0.0.1:8042); this spec starts
 * Orthanc on that port, so the command line and the preview server agree without further set-up.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import dicomParser from 'dicom-parser';
import { unzipSync } from 'fflate';
import { createDicomwebClient } from '../../src/dicom/dicomweb/client';
import { testDataPath } from '../testData';
import { ensureOrthanc, type RunningOrthanc, startOrthanc } from '../tools/orthanc';
import { keepScreenshot, watchPageErrors } from './helpers';
import { pdfText } from './pdfText';

const PANCREAS = testDataPath('ct-series/pancreas-ct-cb001');
const PANCREAS_STUDY = '1.3.6.1.4.1.14519.5.2.1.21087345762211724523378497892240459677';
/** The whole series (1-001 most cranial .. 1-134). */
const PACS_FILES = readdirSync(PANCREAS)
  .filter((f) => f.endsWith('.dcm'))
  .sort();
const SLICES = PACS_FILES.length;
const PACS_PORT = Number(new URL(process.env.SPINEPLAN_PACS_URL ?? 'http://127.0.0.1:8042').port || 80);

function huInFile(file: string, i: number, j: number): number {
  const bytes = readFileSync(resolve(PANCREAS, file));
  const ds = dicomParser.parseDicom(new Uint8Array(bytes));
  const el = ds.elements.x7fe00010!;
  const columns = ds.uint16('x00280011')!;
  const stored = bytes.readUInt16LE(el.dataOffset + 2 * (j * columns + i));
  return stored * Number(ds.floatString('x00281053') ?? 1) + Number(ds.floatString('x00281052') ?? 0);
}

const missing = ensureOrthanc();
test.skip(missing !== undefined, `Orthanc unavailable: ${missing}`);
test.describe.configure({ mode: 'serial' });

let orthanc: RunningOrthanc;
let compressedDir: string;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  // JPEG-LS lossless (dcmtk dcmcjpls), two files at a time, in Node before the browser starts.
  compressedDir = mkdtempSync(join(tmpdir(), 'spineplan-pacs-e2e-'));
  const run = promisify(execFile);
  for (let i = 0; i < PACS_FILES.length; i += 2)
    await Promise.all(
      PACS_FILES.slice(i, i + 2).map((f) => run('dcmcjpls', [resolve(PANCREAS, f), join(compressedDir, f)])),
    );
  orthanc = await startOrthanc({ httpPort: PACS_PORT, dicomPort: PACS_PORT - 3800 });
  await orthanc.upload(PACS_FILES.map((f) => join(compressedDir, f)));
});
test.afterAll(async () => {
  await orthanc?.stop();
  if (compressedDir) rmSync(compressedDir, { recursive: true, force: true });
});

async function searchAndOpen(page: import('@playwright/test').Page, name: string) {
  await page.goto('/?demo=0');
  await page.getByTestId('open-pacs').click();
  await expect(page.getByTestId('pacs-url')).toHaveValue('/dicom-web');
  await page.getByTestId('pacs-q-patientName').fill(name);
  await page.getByTestId('pacs-search').click();
}

test('the whole JPEG-LS series opens from the PACS with the file HU; plan, region and report are stored back, found, opened and exported', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const errors = watchPageErrors(page);
  // The report's fonts (app/reportFonts.ts) are loaded when the first report PDF is made, not before.
  const fontRequests: string[] = [];
  page.on('request', (r) => {
    if (/DejaVuSans/.test(r.url())) fontRequests.push(r.url());
  });
  await searchAndOpen(page, 'pancreas');
  await expect(page.getByTestId('pacs-study')).toHaveCount(1);
  await expect(page.getByTestId('pacs-study')).toContainText('Pancreas-CT-CB_001');
  await page.getByTestId('pacs-study').click();
  await expect(page.getByTestId('pacs-series')).toContainText(`${SLICES} images`);
  await keepScreenshot(page, testInfo, 'pacs-search');
  await page.getByTestId('pacs-open-series').click();
  await expect(page.getByTestId('viewport-grid')).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId('panel-series')).toContainText(`512 x 512 x ${SLICES}`);

  const volume = await page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: test hook exposed by main.tsx on window
    const v = (window as any).__spineplan.studyStore.getState().volume;
    const at = (i: number, j: number, k: number) =>
      v.data[i + v.dims[0] * (j + v.dims[1] * k)] * v.rescaleSlope + v.rescaleIntercept;
    const last = v.dims[2] - 1;
    return { dims: v.dims, caudal: at(256, 300, 0), cranial: at(256, 300, last), centre: at(256, 256, last) };
  });
  expect(volume.dims).toEqual([512, 512, SLICES]);
  expect(volume.cranial).toBe(huInFile(PACS_FILES[0]!, 256, 300));
  expect(volume.centre).toBe(huInFile(PACS_FILES[0]!, 256, 256));
  expect(volume.caudal).toBe(huInFile(PACS_FILES.at(-1)!, 256, 300));

  // Plan one trajectory and paint one region through the stores (the placement and brush UIs have their own tests).
  const painted = await page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: test hook exposed by main.tsx on window
    const hook = (window as any).__spineplan;
    const v = hook.studyStore.getState().volume;
    const plans = hook.planStore.getState();
    const m = v.ijkToLps;
    const lps = (i: number, j: number, k: number) =>
      [0, 1, 2].map((r) => m[4 * r] * i + m[4 * r + 1] * j + m[4 * r + 2] * k + m[4 * r + 3]);
    plans.addTrajectory({
      name: 'PACS e2e L3 Łódź',
      entryLps: lps(200, 420, 60),
      targetLps: lps(250, 330, 62),
    });
    const centre = lps(300, 260, 60);
    plans.paintNoGo(
      null,
      { dims: v.dims, ijkToLps: v.ijkToLps },
      { centreLps: centre, normalLps: [0, 0, 1], radiusMm: 10 },
      'e2e',
    );
    const plan = hook.planStore.getState().plans[hook.planStore.getState().activeCaseKey];
    return plan.noGoMasks[0].slices;
  });
  expect(painted.length).toBeGreaterThan(0);
  await expect(page.getByTestId('pacs-case-bar')).toBeVisible();
  await expect(page.getByTestId('pacs-origin')).toContainText('/dicom-web');
  await expect(page.getByTestId('pacs-study-objects-count')).toContainText(
    '0 plans, 0 Segmentations, 0 reports',
  );
  // The spine analysis's structures go into the Segmentation beside the painted region once it has finished.
  await expect(page.getByTestId('analysis-status')).toHaveAttribute('data-status', 'done', {
    timeout: 120_000,
  });
  expect(fontRequests).toEqual([]);
  await page.getByTestId('pacs-store-plan').click();
  await expect(page.getByTestId('pacs-store-notice')).toContainText('Stored to /dicom-web', {
    timeout: 120_000,
  });
  await expect(page.getByTestId('pacs-store-notice')).toContainText('the plan (1 trajectory');
  await expect(page.getByTestId('pacs-store-notice')).toContainText(
    /1 painted region, [1-9]\d* automatic structures/,
  );
  await expect(page.getByTestId('pacs-study-objects-count')).toContainText(
    '1 plan, 1 Segmentation, 1 report',
  );
  await keepScreenshot(page, testInfo, 'pacs-stored');

  const client = createDicomwebClient({ baseUrl: orthanc.dicomWebUrl });
  const modalities = (await client.searchSeries(PANCREAS_STUDY)).map((s) => s.modality).sort();
  expect(modalities).toEqual(['CT', 'DOC', 'SEG', 'SR']);

  // Clear the plan, then open the stored plan and add the stored regions from the case bar.
  await page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: test hook exposed by main.tsx on window
    const plans = (window as any).__spineplan.planStore;
    const plan = plans.getState().plans[plans.getState().activeCaseKey];
    for (const t of plan.trajectories) plans.getState().removeTrajectory(t.id);
    for (const r of plan.noGoMasks) plans.getState().removeNoGoMask(r.id);
  });
  await page.getByTestId('pacs-open-plan-sr').click();
  await expect(page.getByTestId('pacs-store-notice')).toContainText(
    'Opened the plan from the PACS (1 trajectories',
  );
  await page.getByTestId('pacs-open-seg').click();
  await expect(page.getByTestId('pacs-store-notice')).toContainText(
    'Added 1 no-go region from the Segmentation',
  );
  const reopened = await page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: test hook exposed by main.tsx on window
    const plans = (window as any).__spineplan.planStore.getState();
    const plan = plans.plans[plans.activeCaseKey];
    return {
      names: plan.trajectories.map((t: { name: string }) => t.name),
      slices: plan.noGoMasks[0]?.slices,
    };
  });
  expect(reopened.names).toEqual(['PACS e2e L3 Łódź']);
  expect(reopened.slices).toEqual(painted);
  await keepScreenshot(page, testInfo, 'pacs-reopened');

  // The same objects as a zip, from the report view.
  await page.getByTestId('plan-report-open').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('report-export-dicom').click();
  const zipPath = await (await download).path();
  const zip = unzipSync(new Uint8Array(readFileSync(zipPath)));
  const entries = Object.keys(zip).sort();
  expect(entries).toEqual(['no-go-seg.dcm', 'plan-sr.dcm', 'report-pdf.dcm', 'report.pdf']);
  // The report PDF made in the browser: the name in its embedded font, read back through ToUnicode.
  writeFileSync(testInfo.outputPath('report.pdf'), zip['report.pdf']!);
  expect(pdfText(Buffer.from(zip['report.pdf']!))).toContain('1. PACS e2e L3 Łódź');
  expect(new Set(fontRequests).size).toBe(2); // regular and bold, loaded once for the store and the export
  await expect(page.getByTestId('report-export-notice')).toContainText('Exported');
  await keepScreenshot(page, testInfo, 'pacs-export');
  expect(errors).toEqual([]);
});

test('an empty search says so; no password in the hook or on screen; a series failing half-way is discarded', async ({
  page,
}, testInfo) => {
  await searchAndOpen(page, 'Nobody');
  await expect(page.getByTestId('pacs-notice')).toHaveText(
    'No studies match patient name "Nobody" on /dicom-web.',
  );
  await keepScreenshot(page, testInfo, 'pacs-empty');

  // A password typed in the dialog, or written into the address, is in no store the test hook reaches and in
  // no message.
  await page.getByTestId('pacs-auth').selectOption('basic');
  await page.getByTestId('pacs-user').fill('planner');
  await page.getByTestId('pacs-password').fill('typed-secret-1');
  await page.getByTestId('pacs-url').fill('http://planner:url-secret-2@127.0.0.1:9/dicom-web');
  await expect(page.getByTestId('pacs-url')).toHaveValue('http://127.0.0.1:9/dicom-web');
  await page.getByTestId('pacs-search').click();
  await expect(page.getByTestId('pacs-notice')).toContainText('Cannot reach http://127.0.0.1:9/dicom-web');
  const hookState = await page.evaluate(() =>
    // biome-ignore lint/suspicious/noExplicitAny: test hook exposed by main.tsx on window
    JSON.stringify((window as any).__spineplan.pacsStore.getState()),
  );
  expect(hookState).not.toContain('secret');
  expect(await page.locator('body').textContent()).not.toContain('secret');
  await keepScreenshot(page, testInfo, 'pacs-credentials');
  await page.getByTestId('pacs-url').fill('/dicom-web');
  await page.getByTestId('pacs-auth').selectOption('none');

  // Every request for one image of the series fails, as when the network drops in the middle.
  const instances = await createDicomwebClient({ baseUrl: orthanc.dicomWebUrl }).searchInstances(
    PANCREAS_STUDY,
    (await createDicomwebClient({ baseUrl: orthanc.dicomWebUrl }).searchSeries(PANCREAS_STUDY)).find(
      (s) => s.modality === 'CT',
    )!.seriesInstanceUid,
  );
  await page.route(`**/instances/${instances[20]!.sopInstanceUid}`, (route) =>
    route.abort('connectionreset'),
  );
  await page.getByTestId('pacs-q-patientName').fill('pancreas');
  await page.getByTestId('pacs-search').click();
  await page.getByTestId('pacs-study').click();
  await page.getByTestId('pacs-series').filter({ hasText: /^CT #/ }).getByTestId('pacs-open-series').click();
  await expect(page.getByTestId('error-state')).toContainText(
    new RegExp(`stopped after \\d+ of ${SLICES} images`),
    {
      timeout: 120_000,
    },
  );
  await expect(page.getByTestId('error-state')).toContainText('were discarded');
  await keepScreenshot(page, testInfo, 'pacs-half-way');
});

test('a PACS that is down gives "cannot reach"', async ({ page }, testInfo) => {
  await orthanc.stop();
  await searchAndOpen(page, 'pancreas');
  await expect(page.getByTestId('pacs-notice')).toContainText('Cannot reach the PACS behind /dicom-web');
  await keepScreenshot(page, testInfo, 'pacs-down');
});
