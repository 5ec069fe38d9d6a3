import { expect, type Page, test } from '@playwright/test';
import { keepScreenshot, watchPageErrors } from './helpers';
import { openSyntheticVolumeInPage } from './syntheticVolume';
import { view3dControl } from './view3dToolbar';
import { framesRendered, type Region, readView3d, setRenderState, settled } from './volume3dPixels';

/**
 * Transfer-function editor, window/level drag, per-case presets, empty-space skipping and render on demand,
 * on the synthetic sphere (1000..1063 HU, radius 20 mm, in -1000 HU air; case key = its UID 2.25.1).
 */

const CENTRE: Region = [0.47, 0.45, 0.53, 0.55];
const CORNER: Region = [0.02, 0.6, 0.12, 0.95];
const regions = { centre: CENTRE, corner: CORNER };

async function openSphere(page: Page, options: { shared?: boolean } = {}) {
  await page.evaluate(openSyntheticVolumeInPage, options);
  await expect(page.getByTestId('view3d')).toBeVisible();
  await expect.poll(async () => (await readView3d(page, { regions })).regions.centre).toBeGreaterThan(50);
}

test('editing a point changes the image; the saved preset comes back after a reload', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  await openSphere(page);
  const before = (await readView3d(page, { regions, keepAs: 'before' })).regions.centre;

  await (await view3dControl(page, 'tf-editor-toggle')).click();
  await expect(page.getByTestId('tf-editor')).toBeVisible();
  // Bone preset: 150, 300, 700, 1500 HU. Drag the 700 HU point (opacity 0.6) to the bottom: the sphere
  // (~1030 HU) then sits on a ramp from 0 at 700 HU, much fainter.
  const point = page.getByTestId('tf-point-2');
  const box = (await point.boundingBox())!;
  const plot = (await page.getByTestId('tf-plot').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, plot.y + plot.height + 20, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByTestId('tf-status')).toHaveText('edited, not saved');
  await expect(page.getByTestId('tf-selected')).toContainText('0.00');
  await expect(page.getByTestId('render-preset')).toContainText('Bone (edited)');
  let after = before;
  await expect
    .poll(async () => {
      after = (await readView3d(page, { regions })).regions.centre;
      return before - after;
    })
    .toBeGreaterThan(15);
  await keepScreenshot(page, testInfo, 'sphere-edited-point');

  // Keyboard: the focused point moves with the arrows and Delete removes it.
  await page.getByTestId('tf-point-3').focus();
  await page.keyboard.press('Shift+ArrowDown');
  await expect(page.getByTestId('tf-selected')).toContainText('1500 HU, 0.80');
  await page.keyboard.press('Shift+ArrowUp');
  // Click on the empty plot adds a point; double-click removes it again.
  await page.mouse.click(plot.x + plot.width * 0.1, plot.y + plot.height * 0.9);
  await expect(page.locator('[data-testid^="tf-point-"]')).toHaveCount(5);
  await page.getByTestId('tf-point-0').dblclick();
  await expect(page.locator('[data-testid^="tf-point-"]')).toHaveCount(4);
  await expect
    .poll(async () => Math.abs((await readView3d(page, { regions })).regions.centre - after))
    .toBeLessThan(3);

  await page.getByTestId('tf-save').click();
  await expect(page.getByTestId('tf-status')).toHaveText('saved for this case');

  await page.reload();
  await page.evaluate(openSyntheticVolumeInPage);
  await expect(page.getByTestId('render-preset')).toContainText('Bone (edited)');
  await expect
    .poll(async () => Math.abs((await readView3d(page, { regions })).regions.centre - after))
    .toBeLessThan(3);
  await keepScreenshot(page, testInfo, 'sphere-after-reload');

  // Reset returns to the built-in look; forgetting removes the stored preset.
  await (await view3dControl(page, 'tf-editor-toggle')).click();
  await page.getByTestId('tf-reset').click();
  await expect
    .poll(async () => Math.abs((await readView3d(page, { regions })).regions.centre - before))
    .toBeLessThan(3);
  await page.getByTestId('tf-forget').click();
  await page.reload();
  await page.evaluate(openSyntheticVolumeInPage);
  await expect(page.getByTestId('render-preset')).not.toContainText('edited');
  expect(errors).toEqual([]);
});

test('right drag on the 3D view is window/level of the ramp (and the MIP window)', async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  await openSphere(page);
  const before = (await readView3d(page, { regions })).regions.centre;
  const view = (await page.getByTestId('view3d').boundingBox())!;
  // Down = higher level: the bone ramp moves above the sphere's HU, which fades.
  await page.mouse.move(view.x + view.width * 0.8, view.y + view.height * 0.3);
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(view.x + view.width * 0.8, view.y + view.height * 0.3 + 120, { steps: 4 });
  await page.mouse.up({ button: 'right' });
  await expect(page.getByTestId('render-preset')).toContainText('Bone (edited)');
  await expect
    .poll(async () => before - (await readView3d(page, { regions })).regions.centre)
    .toBeGreaterThan(15);
  const shifted = await page.evaluate(
    // biome-ignore lint/suspicious/noExplicitAny: test hook on window
    () => (window as any).__spineplan.renderStore.getState().customTransfer.points[0].hu,
  );
  expect(shifted).toBeGreaterThan(400);

  await page.getByTestId('render-mode').selectOption('mip');
  const mipBefore = await page.evaluate(
    // biome-ignore lint/suspicious/noExplicitAny: test hook on window
    () => (window as any).__spineplan.renderStore.getState().mipWindowHu as [number, number],
  );
  await page.mouse.move(view.x + view.width * 0.8, view.y + view.height * 0.3);
  await page.mouse.down({ button: 'right' });
  await page.mouse.move(view.x + view.width * 0.8 + 100, view.y + view.height * 0.3, { steps: 4 });
  await page.mouse.up({ button: 'right' });
  const mipAfter = await page.evaluate(
    // biome-ignore lint/suspicious/noExplicitAny: test hook on window
    () => (window as any).__spineplan.renderStore.getState().mipWindowHu as [number, number],
  );
  expect(mipAfter[1] - mipAfter[0]).toBeGreaterThan(mipBefore[1] - mipBefore[0] + 100); // right = wider
  expect(errors).toEqual([]);
});

test('empty-space skipping: same image, fewer samples; idle view renders no frames', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  // Shared voxels, as a real case has them: the brick ranges the skipping uses are made in a worker.
  await openSphere(page, { shared: true });
  expect(
    await page.evaluate(() => performance.getEntriesByName('brick ranges (worker)').length),
    'brick ranges made in the worker',
  ).toBe(1);
  for (const mode of ['composite', 'iso', 'mip'] as const) {
    let f = await framesRendered(page);
    await setRenderState(page, { mode, emptySpaceSkipping: false });
    await settled(page, f);
    await readView3d(page, { keepAs: `off-${mode}` });
    f = await framesRendered(page);
    await setRenderState(page, { emptySpaceSkipping: true });
    await settled(page, f);
    const on = await readView3d(page, { diffWith: `off-${mode}` });
    expect(on.maxDiff, mode).toBeLessThanOrEqual(4);
    // Cost view: mean samples per pixel over the view, without and with skipping.
    f = await framesRendered(page);
    await setRenderState(page, { debugCost: true });
    await settled(page, f);
    const costOn = (await readView3d(page)).meanGreen;
    f = await framesRendered(page);
    await setRenderState(page, { emptySpaceSkipping: false });
    await settled(page, f);
    const costOff = (await readView3d(page)).meanGreen;
    if (mode === 'composite') await keepScreenshot(page, testInfo, 'sphere-cost-view-no-skipping');
    console.log(
      `sphere ${mode}: mean samples/pixel ${((costOff * 1024) / 255).toFixed(1)} -> ${((costOn * 1024) / 255).toFixed(1)} with skipping`,
    );
    expect(costOn, mode).toBeLessThan(costOff * 0.8);
    await setRenderState(page, { debugCost: false, emptySpaceSkipping: true });
  }
  // Render on demand: once settled, nothing renders until something changes.
  await settled(page, 0);
  const idle = await framesRendered(page);
  await page.waitForTimeout(1500);
  expect(await framesRendered(page)).toBe(idle);
  expect(errors).toEqual([]);
});

test('dragging renders at half resolution and returns to full resolution when released', async ({ page }) => {
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  await openSphere(page);
  const canvasWidth = () =>
    page.evaluate(
      () => (document.querySelector('[data-testid="shared-canvas"] canvas') as HTMLCanvasElement).width,
    );
  const full = await canvasWidth();
  const view = (await page.getByTestId('view3d').boundingBox())!;
  await page.mouse.move(view.x + view.width * 0.5, view.y + view.height * 0.7);
  await page.mouse.down();
  await page.mouse.move(view.x + view.width * 0.55, view.y + view.height * 0.7, { steps: 3 });
  await expect.poll(canvasWidth).toBeLessThan(full * 0.6);
  await page.mouse.up();
  await expect.poll(canvasWidth).toBe(full);
  const f = await framesRendered(page);
  await settled(page, f - 1);
  const idle = await framesRendered(page);
  await page.waitForTimeout(1000);
  expect(await framesRendered(page)).toBe(idle);
  expect(errors).toEqual([]);
});
