import { expect, type Page, test } from '@playwright/test';
import { keepScreenshot, watchPageErrors } from './helpers';
import { openSphereInViews } from './syntheticVolume';

/** Screen px (page coordinates) of an LPS point in a slice view, from the view's own published mapping. */
async function screenOfLps(page: Page, view: string, lps: [number, number, number]) {
  const box = page.getByTestId(`slice-${view}`);
  const bb = (await box.boundingBox())!;
  const attrs = await box.evaluate((el) => ({
    k: Number(el.dataset.pxPerMm),
    centre: el.dataset.centreMm!.split(',').map(Number),
    origin: el.dataset.originLps!.split(',').map(Number),
  }));
  const axes: Record<string, [number[], number[]]> = {
    axial: [
      [1, 0, 0],
      [0, -1, 0],
    ],
    coronal: [
      [1, 0, 0],
      [0, 0, 1],
    ],
    sagittal: [
      [0, 1, 0],
      [0, 0, 1],
    ],
  };
  const [u, v] = axes[view]!;
  const d = lps.map((x, i) => x - attrs.origin[i]!);
  const x = d[0]! * u[0]! + d[1]! * u[1]! + d[2]! * u[2]!;
  const y = d[0]! * v[0]! + d[1]! * v[1]! + d[2]! * v[2]!;
  return {
    x: bb.x + bb.width / 2 + (x - attrs.centre[0]!) * attrs.k,
    y: bb.y + bb.height / 2 - (y - attrs.centre[1]!) * attrs.k,
  };
}

test('radiological orientation labels on all four edges of each 2D view', async ({ page }, testInfo) => {
  const errors = watchPageErrors(page);
  await openSphereInViews(page, { lowQuality: false });
  const expected: Record<string, [string, string, string, string]> = {
    axial: ['A', 'L', 'P', 'R'],
    sagittal: ['S', 'P', 'I', 'A'],
    coronal: ['S', 'L', 'I', 'R'],
  };
  for (const [view, [top, right, bottom, left]] of Object.entries(expected)) {
    await expect(page.getByTestId(`label-top-${view}`)).toHaveText(top);
    await expect(page.getByTestId(`label-right-${view}`)).toHaveText(right);
    await expect(page.getByTestId(`label-bottom-${view}`)).toHaveText(bottom);
    await expect(page.getByTestId(`label-left-${view}`)).toHaveText(left);
    await expect(page.getByTestId(`window-${view}`)).toHaveText('W 2000  L 500');
    await expect(page.getByTestId(`scale-bar-${view}`)).toContainText('mm');
  }
  await keepScreenshot(page, testInfo, 'slices-grid');
  expect(errors).toEqual([]);
});

test('HU under the cursor at a known voxel and in air', async ({ page }, testInfo) => {
  const errors = watchPageErrors(page);
  await openSphereInViews(page, { lowQuality: false });
  // Put every slice through voxel (32,32,32) = LPS (0,0,0), then hover it in the axial view.
  await page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: test hook on window
    (window as any).__spineplan.sliceStore.getState().setCrosshair([0, 0, 0]);
  });
  await expect(page.getByTestId('slice-position-axial')).toHaveText(/^S 0\.0 mm · k 32 \/ 63/);
  const centre = await screenOfLps(page, 'axial', [0, 0, 0]);
  await page.mouse.move(centre.x, centre.y);
  await expect(page.getByTestId('cursor-value')).toHaveText('1032 HU');
  await expect(page.getByTestId('cursor-lps')).toContainText('0.');
  // 4 voxels to the patient's left (screen right) the sphere's x gradient reads 1036.
  const left = await screenOfLps(page, 'axial', [8, 0, 0]);
  await page.mouse.move(left.x, left.y);
  await expect(page.getByTestId('cursor-value')).toHaveText('1036 HU');
  const air = await screenOfLps(page, 'axial', [-50, -50, 0]);
  await page.mouse.move(air.x, air.y);
  await expect(page.getByTestId('cursor-value')).toHaveText('-1000 HU');
  await keepScreenshot(page, testInfo, 'cursor-air');
  expect(errors).toEqual([]);
});

test('a click sets the crosshair: the other views move to it and all three draw it', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await openSphereInViews(page, { lowQuality: false });
  const target = await screenOfLps(page, 'axial', [10, -6, 0]);
  await page.mouse.click(target.x, target.y);
  // sagittal slice at x = L 10 mm, coronal at y = A 6 mm (within a pixel's worth of mm)
  await expect(page.getByTestId('slice-position-sagittal')).toHaveText(/^L (9\.[5-9]|10\.[0-4]) mm/);
  await expect(page.getByTestId('slice-position-coronal')).toHaveText(/^A (5\.[5-9]|6\.[0-4]) mm/);
  const bb = (await page.getByTestId('slice-axial').boundingBox())!;
  const axialX = Number(await page.getByTestId('crosshair-axial').getAttribute('data-x'));
  const axialY = Number(await page.getByTestId('crosshair-axial').getAttribute('data-y'));
  expect(Math.abs(bb.x + axialX - target.x)).toBeLessThan(1.5);
  expect(Math.abs(bb.y + axialY - target.y)).toBeLessThan(1.5);
  for (const view of ['axial', 'sagittal', 'coronal'])
    await expect(page.getByTestId(`crosshair-${view}`).locator('line')).toHaveCount(2);
  // The sagittal view shows the same point: anterior 6 mm is left of its centre by 6 mm.
  const sag = await screenOfLps(page, 'sagittal', [10, -6, 0]);
  const sbb = (await page.getByTestId('slice-sagittal').boundingBox())!;
  expect(
    Math.abs(sbb.x + Number(await page.getByTestId('crosshair-sagittal').getAttribute('data-x')) - sag.x),
  ).toBeLessThan(1.5);
  await keepScreenshot(page, testInfo, 'crosshair-after-click');

  // Scrolling the axial view with the keyboard moves only its own slice.
  await page.mouse.move(target.x + 20, target.y + 20);
  const before = await page.getByTestId('slice-position-axial').textContent();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByTestId('slice-position-axial')).not.toHaveText(before!);
  await expect(page.getByTestId('slice-position-axial')).toHaveText(/k 33 \/ 63/);
  expect(errors).toEqual([]);
});

test('wheel scrolls, Ctrl+wheel zooms, right drag windows, presets and slab apply', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await openSphereInViews(page, { lowQuality: false });
  const view = page.getByTestId('slice-coronal');
  const bb = (await view.boundingBox())!;
  const cx = bb.x + bb.width / 2;
  const cy = bb.y + bb.height / 2;
  await page.mouse.move(cx, cy);
  const k0 = Number(await view.getAttribute('data-px-per-mm'));
  await page.mouse.wheel(0, -100);
  await expect(page.getByTestId('slice-position-coronal')).toHaveText(/^P 2\.0 mm · j 33 \/ 63/);
  await page.mouse.wheel(0, 100);
  await page.mouse.wheel(0, 100);
  await expect(page.getByTestId('slice-position-coronal')).toHaveText(/^A 2\.0 mm · j 31 \/ 63/);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -200);
  await page.keyboard.up('Control');
  await expect.poll(async () => Number(await view.getAttribute('data-px-per-mm'))).toBeGreaterThan(k0 * 1.2);
  // Right drag: 100 px right widens the window, 50 px down raises the level (2000/300 HU per px here).
  await page.mouse.move(cx, cy);
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(cx + 100, cy + 50, { steps: 5 });
  await page.mouse.up({ button: 'right' });
  await expect(page.getByTestId('window-axial')).toHaveText('W 2667  L 833');
  await page.getByTestId('window-preset-coronal').selectOption('spine');
  for (const v of ['axial', 'sagittal', 'coronal'])
    await expect(page.getByTestId(`window-${v}`)).toHaveText('W 350  L 50');
  await page.getByTestId('slab-coronal').selectOption('10');
  await expect(page.getByTestId('slice-position-coronal')).toContainText('MIP 10 mm');
  await keepScreenshot(page, testInfo, 'zoomed-spine-window-slab');
  expect(errors).toEqual([]);
});
