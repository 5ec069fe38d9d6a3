import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import dicomParser from 'dicom-parser';
import { testDataPath } from '../testData';
import { keepScreenshot, watchPageErrors } from './helpers';

/**
 * Issue 19: the "Acquired images" view (cornerstone-core) shows the series' images exactly as stored, beside
 * the reformatted axial: on the GE head CT with an 18.5 deg gantry tilt, the stored pixels shown are the
 * file's, it follows the crosshair, and the plan's points show on the image they fall on.
 */

// biome-ignore lint/suspicious/noExplicitAny: the stores are reached through the test hook on window
type Hooks = any;
const GE = testDataPath('ct-series/ge-head-gantry-tilt');

/** Sum of a file's stored pixel values (signed 16-bit, little endian), read here with plain dicom-parser. */
function storedSum(file: string): number {
  const bytes = readFileSync(resolve(GE, file));
  const ds = dicomParser.parseDicom(new Uint8Array(bytes));
  const el = ds.elements.x7fe00010!;
  let sum = 0;
  for (let p = 0; p < el.length; p += 2) sum += bytes.readInt16LE(el.dataOffset + p);
  return sum;
}

test('GE tilted head CT: the stored image beside the reformatted axial, pixels equal to the file', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  await page.getByTestId('folder-input').setInputFiles(GE);
  await expect(page.getByTestId('viewport-grid')).toBeVisible({ timeout: 90_000 });
  await page.getByTestId('acquired-toggle').click();
  const image = page.getByTestId('acquired-image');
  await expect(image).toHaveAttribute('data-pixel-sum', /-?\d+/);
  const file = (await image.getAttribute('data-shown-file'))!.split('/').pop()!;
  expect(Number(await image.getAttribute('data-pixel-sum'))).toBe(storedSum(file));
  await expect(page.getByTestId('acquired-info')).toContainText(`/ 28`);
  // The tilted image's own orientation: rows run to the patient's left, columns posterior and 18.5 deg down.
  await expect(page.getByTestId('acquired-letter-right')).toHaveText('L');
  await expect(page.getByTestId('acquired-letter-bottom')).toHaveText('PI');
  await expect(page.getByTestId('acquired-letter-top')).toHaveText('AS');

  // Linked to the crosshair: moving it 30 mm up shows another stored image, again the file's own pixels.
  const before = await image.getAttribute('data-shown-index');
  await page.evaluate(() => {
    const s = (window as Hooks).__spineplan.sliceStore.getState();
    const [x, y, z] = s.crosshairLps;
    s.setCrosshair([x, y, z + 30]);
  });
  await expect(image).not.toHaveAttribute('data-shown-index', before!);
  await expect
    .poll(async () => {
      const f = (await image.getAttribute('data-shown-file'))!.split('/').pop()!;
      return Number(await image.getAttribute('data-pixel-sum')) === storedSum(f);
    })
    .toBe(true);

  // A trajectory whose target is the crosshair: its target marker is drawn on the image shown.
  await page.evaluate(() => {
    const s = (window as Hooks).__spineplan;
    const c = s.sliceStore.getState().crosshairLps;
    s.planStore.getState().addTrajectory({ name: 'Probe', targetLps: c, entryLps: [c[0] + 60, c[1], c[2]] });
  });
  await expect(page.getByTestId('acquired-marker')).not.toHaveCount(0);
  // The wheel steps through the stored images and takes the crosshair along.
  const z0 = await page.evaluate(() => (window as Hooks).__spineplan.sliceStore.getState().crosshairLps[2]);
  const box = (await image.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 100);
  await expect
    .poll(() => page.evaluate(() => (window as Hooks).__spineplan.sliceStore.getState().crosshairLps[2]))
    .not.toBeCloseTo(z0, 1);
  await page.mouse.wheel(0, -100);
  await expect(page.getByTestId('acquired-marker')).not.toHaveCount(0);
  await keepScreenshot(page, testInfo, 'acquired-beside-reformatted-axial');
  expect(errors).toEqual([]);
});
