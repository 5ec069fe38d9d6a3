import { expect, test } from '@playwright/test';
import { keepScreenshot, watchPageErrors } from './helpers';
import { openSyntheticVolumeInPage } from './syntheticVolume';

test('a volume over the 3D texture limit is shown downsampled in 3D, with a notice', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  // The app is drawn once the GPU probe has answered (it would overwrite the pretended limit); then pretend
  // this GPU allows 32 voxels per side: the synthetic volume has 64.
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: test hook exposed by main.tsx on window
    const store = (window as any).__spineplan.capabilityStore;
    const { gpu, assessment } = store.getState();
    store.getState().setCapabilities(gpu, { ...assessment, maxVolumeEdge: 32 });
  });
  await page.evaluate(openSyntheticVolumeInPage);
  await expect(page.getByTestId('view3d-notice')).toContainText('shown downsampled to 32 x 32 x 32');
  await expect(page.getByTestId('view3d')).toBeVisible();
  // The full-resolution volume stays the one measurements read.
  const dims = await page.evaluate(
    // biome-ignore lint/suspicious/noExplicitAny: test hook exposed by main.tsx on window
    () => (window as any).__spineplan.studyStore.getState().volume.dims,
  );
  expect(dims).toEqual([64, 64, 64]);
  await keepScreenshot(page, testInfo, 'downsampled-3d');
  expect(errors).toEqual([]);
});
