/**
 * Issue 24 class 3 in the browser: bombs dropped beside a good CT are refused by name in the file list while
 * the CT opens; the page answers while a bomb inflates (the work runs in the ingest worker) and Cancel stops
 * it. The bombs are made here (test/hostile/bombs.ts), never committed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { deflateBomb, deflatedDataSetBomb, enhancedCtClaiming, makeZip } from '../hostile/bombs';
import { testDataPath } from '../testData';
import { keepScreenshot, watchPageErrors } from './helpers';

const MB = 1024 * 1024;
const GB = 1024 * MB;
const GE = testDataPath('ct-series/ge-head-gantry-tilt');

const payload = (name: string, bytes: Uint8Array) => ({
  name,
  mimeType: 'application/octet-stream',
  buffer: Buffer.from(bytes),
});

/** 8 slices of the GE head CT: a small series that opens quickly beside the bombs. */
const goodCt = () =>
  readdirSync(GE)
    .sort()
    .slice(0, 8)
    .map((name) => payload(`ge-${name}`, new Uint8Array(readFileSync(path.join(GE, name)))));

/**
 * A zip entry that looks plausible (declares 192 MB from 1.2 MB: 160:1, within the 200:1 cap and the budget)
 * but is a 1 GB deflate bomb: the worker inflates it for seconds until it passes 192 MB, then refuses it.
 */
function slowBombZip(): Uint8Array {
  const bomb = deflateBomb(GB);
  const padded = new Uint8Array(1.2 * MB);
  padded.set(bomb);
  return makeZip([{ name: 'scan.dcm', data: padded, method: 8, declaredUncompressed: 192 * MB }]);
}

/** Waits for the loading state to show `text`; fails at once with the error shown if the open failed instead. */
async function expectLoading(page: Page, text: string) {
  const error = page.getByTestId('error-state');
  await expect(page.getByTestId('loading-state').getByText(text).or(error)).toBeVisible();
  expect(await error.count(), (await error.count()) ? ((await error.textContent()) ?? '') : '').toBe(0);
}

/** The main thread answers: a frame is painted and a script runs while the worker is busy. */
const mainThreadAnswers = (page: Page) =>
  page.evaluate(() => new Promise<boolean>((resolve) => requestAnimationFrame(() => resolve(true))));

test('bombs beside a CT: the CT opens, each bomb is listed with its named reason, the page answers meanwhile', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  const honestBomb = deflateBomb(3 * GB);
  await page
    .getByTestId('file-input')
    .setInputFiles([
      ...goodCt(),
      payload('slow-bomb.zip', slowBombZip()),
      payload(
        'bomb-3GB.zip',
        makeZip([{ name: 'inner.dcm', data: honestBomb, method: 8, declaredUncompressed: 3 * GB - 1 }]),
      ),
      payload('deflated-dataset.dcm', deflatedDataSetBomb(GB / 4)),
      payload('frames-2e9.dcm', enhancedCtClaiming(2e9)),
    ]);
  // While the worker inflates the slow bomb, the page paints and runs scripts.
  await expectLoading(page, 'Unzipping slow-bomb.zip/scan.dcm');
  expect(await mainThreadAnswers(page)).toBe(true);
  await expectLoading(page, 'Unzipping slow-bomb.zip/scan.dcm');

  await expect(page.getByTestId('viewport-grid')).toBeVisible({ timeout: 90_000 });
  const list = page.locator('details.skipped');
  await expect(list).toHaveAttribute('open', '');
  await expect(list.locator('summary')).toContainText('(4 refused by a size limit)');
  const items = list.locator('li');
  await expect(items.filter({ hasText: 'slow-bomb.zip/scan.dcm' })).toContainText(
    /refused: the zip entry declares 192 MB uncompressed but inflates to more \(stopped at 19\d MB\)/,
  );
  await expect(items.filter({ hasText: 'bomb-3GB.zip/inner.dcm' })).toContainText(
    /refused: the zip entry declares 3\.0 GB from 3\.\d MB \(\d+:1\), over the limit of 200:1/,
  );
  await expect(items.filter({ hasText: 'deflated-dataset.dcm' })).toContainText(
    /refused: its deflated dataset \(25\d KB\) inflates to more than 49\.\d MB, over the limit of 200:1/,
  );
  await expect(items.filter({ hasText: 'frames-2e9.dcm' })).toContainText(
    'refused: NumberOfFrames (0028,0008) declares 2000000000 frames of 512 x 512 at 16 bits',
  );
  // Each path once per line: the reason does not repeat it.
  for (const text of await items.allInnerTexts()) {
    const pathShown = text.slice(0, text.indexOf(': '));
    expect(text.indexOf(pathShown, pathShown.length)).toBe(-1);
  }
  await list.scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, 'bombs-refused-ct-open');
  expect(errors).toEqual([]);
});

test('Cancel stops a bomb while it inflates and returns to the start screen', async ({ page }, testInfo) => {
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  await page.getByTestId('file-input').setInputFiles([payload('slow-bomb.zip', slowBombZip())]);
  const loading = page.getByTestId('loading-state');
  await expectLoading(page, 'Unzipping slow-bomb.zip/scan.dcm');
  await keepScreenshot(page, testInfo, 'bomb-inflating');
  await loading.getByRole('button', { name: 'Cancel' }).click();
  await expect(loading).toHaveCount(0);
  await expect(page.getByTestId('error-state')).toHaveCount(0);
  expect(await mainThreadAnswers(page)).toBe(true);
  expect(errors).toEqual([]);
});
