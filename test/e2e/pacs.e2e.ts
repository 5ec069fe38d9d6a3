/**
 * Open a study from a real Orthanc (DICOMweb plugin) through the preview server's /dicom-web proxy, check a
 * voxel's HU against the file, store the plan back with STOW-RS and find it again; clear messages for an empty
 * search, a series that fails half-way and a PACS that is down.
 * The proxy target is SPINEPLAN_PACS_URL (vite.config.ts, default http://127.0.0.1:8042); this spec starts
 * Orthanc on that port, so the command line and the preview server agree without further set-up.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import dicomParser from 'dicom-parser';
import { createDicomwebClient } from '../../src/dicom/dicomweb/client';
import { testDataPath } from '../testData';
import { ensureOrthanc, type RunningOrthanc, startOrthanc } from '../tools/orthanc';
import { keepScreenshot, watchPageErrors } from './helpers';

const PANCREAS = testDataPath('ct-series/pancreas-ct-cb001');
const PANCREAS_STUDY = '1.3.6.1.4.1.14519.5.2.1.21087345762211724523378497892240459677';
/** The 30 most cranial images (1-001..1-030): a real series, small enough for a loaded 2-core machine. */
const PACS_FILES = Array.from({ length: 30 }, (_, n) => `1-${String(n + 1).padStart(3, '0')}.dcm`);
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
test.beforeAll(async () => {
  test.setTimeout(180_000);
  orthanc = await startOrthanc({ httpPort: PACS_PORT, dicomPort: PACS_PORT - 3800 });
  await orthanc.upload(PACS_FILES.map((f) => resolve(PANCREAS, f)));
});
test.afterAll(async () => {
  await orthanc?.stop();
});

async function searchAndOpen(page: import('@playwright/test').Page, name: string) {
  await page.goto('/?demo=0');
  await page.getByTestId('open-pacs').click();
  await expect(page.getByTestId('pacs-url')).toHaveValue('/dicom-web');
  await page.getByTestId('pacs-q-patientName').fill(name);
  await page.getByTestId('pacs-search').click();
}

test('a CT series opens from the PACS with the file HU; the plan is stored back and read again', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  const errors = watchPageErrors(page);
  await searchAndOpen(page, 'pancreas');
  await expect(page.getByTestId('pacs-study')).toHaveCount(1);
  await expect(page.getByTestId('pacs-study')).toContainText('Pancreas-CT-CB_001');
  await page.getByTestId('pacs-study').click();
  await expect(page.getByTestId('pacs-series')).toContainText('30 images');
  await keepScreenshot(page, testInfo, 'pacs-search');
  await page.getByTestId('pacs-open-series').click();
  await expect(page.getByTestId('viewport-grid')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('panel-series')).toContainText('512 x 512 x 30');

  const volume = await page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: test hook exposed by main.tsx on window
    const v = (window as any).__spineplan.studyStore.getState().volume;
    const at = (i: number, j: number, k: number) =>
      v.data[i + v.dims[0] * (j + v.dims[1] * k)] * v.rescaleSlope + v.rescaleIntercept;
    return { dims: v.dims, caudal: at(256, 300, 0), cranial: at(256, 300, 29), centre: at(256, 256, 29) };
  });
  expect(volume.dims).toEqual([512, 512, 30]);
  expect(volume.cranial).toBe(huInFile('1-001.dcm', 256, 300));
  expect(volume.centre).toBe(huInFile('1-001.dcm', 256, 256));
  expect(volume.caudal).toBe(huInFile('1-030.dcm', 256, 300));

  // Plan one trajectory through the store (the placement UI has its own tests), then store it back.
  await page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: test hook exposed by main.tsx on window
    const plans = (window as any).__spineplan.planStore.getState();
    plans.addTrajectory({ name: 'PACS e2e L3', entryLps: [50, 80, 300], targetLps: [10, 20, 290] });
  });
  await expect(page.getByTestId('pacs-case-bar')).toBeVisible();
  await page.getByTestId('pacs-store-plan').click();
  await expect(page.getByTestId('pacs-store-notice')).toContainText('Stored the plan (1 trajectories', {
    timeout: 30_000,
  });
  await keepScreenshot(page, testInfo, 'pacs-stored');

  const client = createDicomwebClient({ baseUrl: orthanc.dicomWebUrl });
  const sr = (await client.searchSeries(PANCREAS_STUDY)).filter((s) => s.modality === 'SR');
  expect(sr).toHaveLength(1);
  const [instance] = await client.searchInstances(PANCREAS_STUDY, sr[0]!.seriesInstanceUid);
  const ds = dicomParser.parseDicom(
    await client.retrieveInstance(PANCREAS_STUDY, sr[0]!.seriesInstanceUid, instance!.sopInstanceUid),
  );
  const texts = ds.elements.x0040a730!.items!.map((item) => item.dataSet!.string('x0040a160') ?? '');
  expect(texts.some((t) => t.startsWith('PACS e2e L3:') && t.includes('entry (50.0, 80.0, 300.0)'))).toBe(
    true,
  );
  expect(errors).toEqual([]);
});

test('an empty search says so; a series failing half-way is discarded and the user is told', async ({
  page,
}, testInfo) => {
  await searchAndOpen(page, 'Nobody');
  await expect(page.getByTestId('pacs-notice')).toHaveText(
    'No studies match patient name "Nobody" on /dicom-web.',
  );
  await keepScreenshot(page, testInfo, 'pacs-empty');

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
  await page.getByTestId('pacs-series').filter({ hasText: 'CT' }).getByTestId('pacs-open-series').click();
  await expect(page.getByTestId('error-state')).toContainText(/stopped after \d+ of 30 images/, {
    timeout: 120_000,
  });
  await expect(page.getByTestId('error-state')).toContainText('were discarded');
  await keepScreenshot(page, testInfo, 'pacs-half-way');
});

test('a PACS that is down gives "cannot reach"', async ({ page }, testInfo) => {
  await orthanc.stop();
  await searchAndOpen(page, 'pancreas');
  await expect(page.getByTestId('pacs-notice')).toContainText('Cannot reach the PACS behind /dicom-web');
  await keepScreenshot(page, testInfo, 'pacs-down');
});
