import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { keepScreenshot, watchPageErrors } from './helpers';
import { openSphereInViews } from './syntheticVolume';

/**
 * Issue 19, the reading and planning workflow as a specialist used to PACS viewers expects it: one test per
 * bug (each failed on the main of 2026-12-06), on the small synthetic sphere or 12 slices of the pancreas CT.
 */

// biome-ignore lint/suspicious/noExplicitAny: the stores are reached through the test hook on window
type Hooks = any;

const PANCREAS = resolve(import.meta.dirname, '../../../shared/data/ct-series/pancreas-ct-cb001');

/** Sum of the 3D view's grey levels, from a screenshot of what the user sees. */
async function view3dSignal(page: Page): Promise<number> {
  const png = await page.getByTestId('viewport-3d').locator('.viewport-body').screenshot();
  return page.evaluate(async (b64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${b64}`;
    await image.decode();
    const c = document.createElement('canvas');
    c.width = image.width;
    c.height = image.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(image, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let lit = 0;
    for (let p = 0; p < d.length; p += 4) if (d[p]! + d[p + 1]! + d[p + 2]! > 150) lit++;
    return lit;
  }, png.toString('base64'));
}

test('3D: the mouse wheel zooms at once, without a drag to redraw', async ({ page }, testInfo) => {
  const errors = watchPageErrors(page);
  await openSphereInViews(page);
  const toolbar = page.getByTestId('view3d-toolbar');
  await expect.poll(() => toolbar.getAttribute('data-frames').then(Number)).toBeGreaterThan(0);
  // Settled: two readings in a row agree (the first frames may still be the low-resolution ones).
  let before = -1;
  await expect
    .poll(async () => {
      const now = await view3dSignal(page);
      const same = now === before;
      before = now;
      return same;
    })
    .toBe(true);
  const box = (await page.getByTestId('view3d').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -400);
  // Zoomed in (4 x 12%): the sphere covers more of the view, with no pointer button pressed since.
  await expect.poll(() => view3dSignal(page), { timeout: 15_000 }).toBeGreaterThan(before * 1.5);
  await keepScreenshot(page, testInfo, '3d-wheel-zoomed');
  expect(errors).toEqual([]);
});

test('"Headset: not available" note closes with Esc and with a click outside', async ({ page }, testInfo) => {
  await page.goto('/?demo=0');
  const button = page.getByTestId('xr-unavailable');
  const note = page.getByTestId('xr-why');
  await expect(button).toBeVisible();
  await button.click();
  await expect(note).toBeVisible();
  await keepScreenshot(page, testInfo, 'headset-note-open');
  await page.keyboard.press('Escape');
  await expect(note).toBeHidden();
  await button.click();
  await expect(note).toBeVisible();
  await page.getByTestId('empty-state').locator('h1').click();
  await expect(note).toBeHidden();
  // Its sibling: the PACS dialog closes with Esc as well.
  await page.getByTestId('open-pacs').click();
  await expect(page.getByTestId('pacs-dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('pacs-dialog')).toBeHidden();
});

test('HU region statistics follow the region while another view is maximised', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openSphereInViews(page);
  const id = await page.evaluate(() =>
    (window as Hooks).__spineplan.planStore.getState().addMeasurement({
      kind: 'region',
      name: 'R1',
      centreLps: [-6, 0, 0],
      rimLps: [0, 0, 0],
      normalLps: [0, 0, 1],
    }),
  );
  const mean = () =>
    page.evaluate((i) => (window as Hooks).__spineplan.measureStore.getState().regionStats[i]?.meanHu, id);
  await expect.poll(mean).toBeGreaterThan(1000);
  const first = (await mean()) as number;
  for (const view of ['sagittal', 'coronal', '3d']) {
    await page.getByTestId(`maximize-${view}`).click();
    await expect(page.getByTestId('viewport-axial')).toHaveCount(0);
    // Moved 10 mm to the patient's left (+x): the sphere's HU rise 1 per 2 mm along x, so the mean by 5.
    const dx = view === 'sagittal' ? 10 : view === 'coronal' ? -10 : 10;
    await page.evaluate(
      ({ i, dx }) => {
        const s = (window as Hooks).__spineplan.planStore.getState();
        const m = s.plans[s.activeCaseKey].measurements.find((x: { id: string }) => x.id === i);
        s.updateMeasurement({
          ...m,
          centreLps: [m.centreLps[0] + dx, 0, 0],
          rimLps: [m.rimLps[0] + dx, 0, 0],
        });
      },
      { i: id, dx },
    );
    const expected = view === 'coronal' ? first : first + 5;
    await expect.poll(mean).toBeCloseTo(expected, 0);
    await page.getByTestId(`maximize-${view}`).click();
  }
  expect(errors).toEqual([]);
});

test('after a reload the start screen reopens the last case and its plan, without the files', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  const names = readdirSync(PANCREAS)
    .filter((n) => n.endsWith('.dcm'))
    .sort()
    .slice(60, 72);
  await page.getByTestId('file-input').setInputFiles(
    names.map((name) => ({
      name,
      mimeType: 'application/dicom',
      buffer: readFileSync(resolve(PANCREAS, name)),
    })),
  );
  await expect(page.getByTestId('viewport-grid')).toBeVisible({ timeout: 90_000 });
  await page.evaluate(() =>
    (window as Hooks).__spineplan.planStore
      .getState()
      .addTrajectory({ name: 'Kept', entryLps: [60, 120, 0], targetLps: [20, 40, 0] }),
  );
  await page.evaluate(() => (window as Hooks).__spineplan.planStore.getState().flushAutosave());
  const kept = () =>
    page.evaluate(() =>
      (window as Hooks).__spineplan.recentCasesStore
        .getState()
        .cases.map((c: { trajectoryCount: number; sliceCount: number }) => [c.sliceCount, c.trajectoryCount]),
    );
  await expect.poll(kept).toEqual([[12, 1]]);

  await page.reload();
  const item = page.getByTestId('recent-case');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Pancreas');
  await expect(item).toContainText('12 images');
  await expect(item).toContainText('1 trajectory');
  await expect(page.getByTestId('recent-cases-size')).toContainText('MB');
  await keepScreenshot(page, testInfo, 'start-screen-recent-cases');

  await item.locator('.recent-open').click();
  await expect(page.getByTestId('viewport-grid')).toBeVisible({ timeout: 90_000 });
  await expect
    .poll(() =>
      page.evaluate(() => {
        const s = (window as Hooks).__spineplan.planStore.getState();
        return s.plans[s.activeCaseKey]?.trajectories.map((t: { name: string }) => t.name);
      }),
    )
    .toEqual(['Kept']);
  await expect(page.getByTestId('patient')).toContainText('Pancreas-CT-CB_001');
  await keepScreenshot(page, testInfo, 'recent-case-reopened');

  // Forgetting it empties the list (and the browser's copy).
  await page.evaluate(() => (window as Hooks).__spineplan.studyStore.getState().close());
  await page.getByTestId('recent-forget').click();
  await expect(page.getByTestId('recent-case')).toHaveCount(0);
  expect(errors).toEqual([]);
});
