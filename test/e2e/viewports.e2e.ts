import { expect, test } from '@playwright/test';
import { keepScreenshot, watchPageErrors } from './helpers';
import { openSyntheticVolumeInPage } from './syntheticVolume';

test('an open volume fills the 2x2 grid; any view maximises and restores', async ({ page }, testInfo) => {
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  await page.evaluate(openSyntheticVolumeInPage);
  await expect(page.getByTestId('viewport-grid')).toBeVisible();
  await expect(page.getByTestId('case-name')).toHaveText('Synthetic sphere');
  await expect(page.getByTestId('patient')).toContainText('SYNTHETIC, SPHERE');
  await expect(page.getByTestId('patient')).toContainText('2026-11-28');
  await expect(page.getByTestId('panel-series')).toContainText('64 x 64 x 64');
  for (const id of ['3d', 'axial', 'sagittal', 'coronal'])
    await expect(page.getByTestId(`viewport-${id}`)).toBeVisible();
  await expect(page.getByTestId('shared-canvas')).toBeVisible();
  await keepScreenshot(page, testInfo, 'grid');

  await page.getByTestId('maximize-axial').click();
  await expect(page.getByTestId('viewport-3d')).toHaveCount(0);
  await expect(page.getByTestId('viewport-axial')).toBeVisible();
  await keepScreenshot(page, testInfo, 'axial-maximised');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('viewport-3d')).toBeVisible();
  await page.keyboard.press('1');
  await expect(page.getByTestId('viewport-axial')).toHaveCount(0);
  await page.keyboard.press('1');
  await expect(page.getByTestId('viewport-axial')).toBeVisible();
  expect(errors).toEqual([]);
});
