import { expect, test } from '@playwright/test';
import { keepScreenshot, watchPageErrors } from './helpers';
import { openSphere } from './syntheticVolume';
import { iwerRuntimeScript, stretchXrCanvasesInPage } from './xrRuntime';

/**
 * The C-arm monitor in the headset (issue 18): the desktop monitor's display pipeline on a panel across the
 * table, following the C-arm store (iwer's WebXR runtime, the synthetic sphere).
 */

// biome-ignore lint/suspicious/noExplicitAny: the stores and the hooks are reached through window
type Hooks = any;
const headset = (page: import('@playwright/test').Page) =>
  page.evaluate(
    () => (window as Hooks).__spineplanCarmHeadset as { images: number; centreGrey: number } | undefined,
  );

test('the headset shows the C-arm monitor and redraws it when the C-arm moves or the polarity flips', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await page.addInitScript({ content: iwerRuntimeScript() });
  await openSphere(page);
  // The spine analysis runs on any CT: let it finish so a couch it may find does not change the image mid-test.
  await expect
    .poll(() => page.evaluate(() => (window as Hooks).__spineplan.analysisStore.getState().status as string))
    .not.toBe('running');
  await page.getByTestId('xr-enter-vr').click();
  await expect
    .poll(() => page.evaluate(() => (window as Hooks).__spineplan.xrStore.getState().phase))
    .toBe('running');
  await expect.poll(async () => (await headset(page))?.images ?? 0).toBeGreaterThan(0);
  const first = (await headset(page))!;
  await page.evaluate(() => (window as Hooks).__spineplan.carmStore.getState().setAngles({ obliqueDeg: 30 }));
  await expect.poll(async () => (await headset(page))!.images).toBeGreaterThan(first.images);
  /** Sets black bone and returns the panel's centre grey once the monitor has drawn it. */
  const polarity = async (blackBone: boolean) => {
    const before = (await headset(page))!.images;
    await page.evaluate(
      (b) => (window as Hooks).__spineplan.carmStore.getState().set({ blackBone: b }),
      blackBone,
    );
    await expect.poll(async () => (await headset(page))!.images).toBeGreaterThan(before);
    return (await headset(page))!.centreGrey;
  };
  const white = await polarity(false);
  const black = await polarity(true);
  // The other polarity changes the panel (read back from the headset's own target; in this XR context the
  // target reads sRGB-encoded, so the two do not mirror about 127.5 as they do on the desktop).
  console.log(
    `headset C-arm panel centre grey: white bone ${white.toFixed(1)}, black bone ${black.toFixed(1)}`,
  );
  expect(Math.abs(white - black)).toBeGreaterThan(3);
  await page.evaluate(stretchXrCanvasesInPage);
  await keepScreenshot(page, testInfo, 'headset-carm-monitor');
  await page.getByTestId('xr-exit').dispatchEvent('click');
  expect(errors).toEqual([]);
});
