import { expect, type Page, test } from '@playwright/test';
import { testDataPath } from '../testData';
import { keepScreenshot, watchPageErrors } from './helpers';

/**
 * Issue 19: the CT couch left out of the 3D view (every preset, the Skin one included) and of the bone
 * surface, from the spine analysis's body mask, with a toggle. On the real pancreas CT (patient on a couch).
 */

// biome-ignore lint/suspicious/noExplicitAny: the stores are reached through the test hook on window
type Hooks = any;
const PANCREAS = testDataPath('ct-series/pancreas-ct-cb001');

const triangles = async (page: Page) =>
  Number(((await page.getByTestId('surface-status').textContent()) ?? '').split(' ')[0]!.replace(/,/g, ''));

test('pancreas CT: couch removed from the skin view and the bone surface, seen from behind', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  await page.getByTestId('folder-input').setInputFiles(PANCREAS);
  await expect(page.getByTestId('viewport-grid')).toBeVisible({ timeout: 120_000 });
  await page.evaluate(() => (window as Hooks).__spineplan.renderStore.getState().setQuality('low'));
  await expect
    .poll(() => page.evaluate(() => (window as Hooks).__spineplan.analysisStore.getState().status), {
      timeout: 180_000,
    })
    .toBe('done');
  // Maximised, the 3D view's row has room for the couch and surface switches (not behind More).
  await page.getByTestId('maximize-3d').click();
  const couch = page.getByTestId('remove-couch');
  await expect(couch).toBeChecked();
  await page.getByTestId('render-preset').selectOption('skin');
  await page.getByTestId('view-posterior').click();
  await keepScreenshot(page, testInfo, 'skin-from-behind-couch-removed');
  await couch.uncheck();
  await keepScreenshot(page, testInfo, 'skin-from-behind-with-couch');
  await couch.check();

  // The bone surface: fewer triangles without the couch, and more again when it is shown.
  await page.getByTestId('render-preset').selectOption('bone');
  await page.getByTestId('surface-toggle').check();
  await expect(page.getByTestId('surface-status')).toContainText('triangles', { timeout: 180_000 });
  await expect(page.getByTestId('surface-status')).toContainText('couch removed');
  const without = await triangles(page);
  await page.getByTestId('render-mode').selectOption('iso');
  await keepScreenshot(page, testInfo, 'bone-surface-from-behind-couch-removed');
  await couch.uncheck();
  await expect(page.getByTestId('surface-status')).not.toContainText('couch removed');
  const withCouch = await triangles(page);
  await keepScreenshot(page, testInfo, 'bone-surface-from-behind-with-couch');
  testInfo.annotations.push({
    type: 'triangles',
    description: `with couch ${withCouch}, without ${without}`,
  });
  console.log(`pancreas bone surface triangles: with couch ${withCouch}, couch removed ${without}`);
  expect(without).toBeLessThan(withCouch);
  expect(errors).toEqual([]);
});

test('demo phantom: its table is found and left out of the skin view; the bone surface has none of it', async ({
  page,
}, testInfo) => {
  test.setTimeout(420_000);
  const errors = watchPageErrors(page);
  await page.goto('/?demo=1');
  await expect(page.getByTestId('viewport-grid')).toBeVisible({ timeout: 360_000 });
  await page.evaluate(() => (window as Hooks).__spineplan.renderStore.getState().setQuality('low'));
  await expect
    .poll(() => page.evaluate(() => (window as Hooks).__spineplan.analysisStore.getState().status), {
      timeout: 180_000,
    })
    .toBe('done');
  // Maximised, the 3D view's row has room for the couch and surface switches (not behind More).
  await page.getByTestId('maximize-3d').click();
  const couch = page.getByTestId('remove-couch');
  await expect(couch).toBeChecked();
  await page.getByTestId('render-preset').selectOption('skin');
  await page.getByTestId('view-posterior').click();
  await keepScreenshot(page, testInfo, 'demo-skin-from-behind-couch-removed');
  await couch.uncheck();
  await keepScreenshot(page, testInfo, 'demo-skin-from-behind-with-couch');
  await couch.check();
  // The phantom's table is below the 250 HU bone threshold: the bone surface is the same either way.
  await page.getByTestId('render-preset').selectOption('bone');
  await page.getByTestId('surface-toggle').check();
  await expect(page.getByTestId('surface-status')).toContainText('triangles', { timeout: 180_000 });
  const without = await triangles(page);
  await couch.uncheck();
  const withCouch = await triangles(page);
  console.log(`demo bone surface triangles: with couch ${withCouch}, couch removed ${without}`);
  expect(without).toBe(withCouch);
  await keepScreenshot(page, testInfo, 'demo-bone-surface-from-behind');
  expect(errors).toEqual([]);
});
