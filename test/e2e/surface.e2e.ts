import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { keepScreenshot, watchPageErrors } from './helpers';
import { openSyntheticVolumeInPage } from './syntheticVolume';
import { closeView3dMenu, view3dControl } from './view3dToolbar';

/**
 * The bone surface in the 3D view, on the synthetic sphere (1000+ HU, radius 20 mm at LPS 0,0,0):
 * extracted in a worker, drawn as an opaque mesh, exported as STL and GLB through Blob downloads.
 */

// biome-ignore lint/suspicious/noExplicitAny: the stores are reached through the test hook on window
type Hooks = any;

/**
 * Lit pixels (r+g+b > 60, every second row and column) in a screenshot of the 3D view: what the user
 * sees. (Reading the WebGL canvas back with toDataURL returned stale frames here under SwiftShader.)
 * The PNG is decoded by the page itself, so the test needs no image package.
 */
async function litPixels(page: Page): Promise<number> {
  const png = await page.getByTestId('view3d').screenshot();
  return page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const off = document.createElement('canvas');
    off.width = image.width;
    off.height = image.height;
    const ctx = off.getContext('2d')!;
    ctx.drawImage(image, 0, 0);
    const data = ctx.getImageData(0, 0, image.width, image.height).data;
    let lit = 0;
    // skip the top 80 px: the toolbar overlays (buttons, status text) are part of the screenshot
    for (let y = 80; y < image.height; y += 2)
      for (let x = 0; x < image.width; x += 2) {
        const p = (y * image.width + x) * 4;
        if (data[p]! + data[p + 1]! + data[p + 2]! > 60) lit++;
      }
    return lit;
  }, png.toString('base64'));
}

test('the bone surface shows in the 3D view and exports STL and GLB', async ({ page }, testInfo) => {
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  await page.evaluate(openSyntheticVolumeInPage);
  await expect(page.getByTestId('view3d')).toBeVisible();
  await expect.poll(() => page.evaluate(() => Boolean((window as Hooks).__spineplan.renderStore))).toBe(true);

  // Crop the raymarched volume to one half: what lights the other half afterwards is the mesh.
  await page.evaluate(() => (window as Hooks).__spineplan.renderStore.getState().setCropAxis(0, 0.5, 1));
  await page.waitForTimeout(500);
  const cropped = await litPixels(page);
  expect(cropped).toBeGreaterThan(50);
  await keepScreenshot(page, testInfo, 'surface-off-cropped');

  await (await view3dControl(page, 'surface-toggle')).check();
  await closeView3dMenu(page);
  await expect(page.getByTestId('surface-status')).toContainText('triangles', { timeout: 60_000 });
  const stats = await page.evaluate(() => (window as Hooks).__spineplan.surfaceStore.getState().stats);
  expect(stats.triangles).toBeGreaterThan(1000);
  expect(stats.triangles).toBeLessThanOrEqual(300_000);
  // the whole disc instead of half of it (measured ~1.5: the cut face of the half is lit too)
  await expect.poll(async () => (await litPixels(page)) / cropped).toBeGreaterThan(1.3);
  await keepScreenshot(page, testInfo, 'surface-on');

  const stlDownload = page.waitForEvent('download');
  await (await view3dControl(page, 'surface-export-stl')).click();
  const stl = readFileSync(await (await stlDownload).path());
  expect(stl.length).toBe(84 + 50 * stats.triangles);
  expect(stl.readUInt32LE(80)).toBe(stats.triangles);

  const glbDownload = page.waitForEvent('download');
  await (await view3dControl(page, 'surface-export-glb')).click();
  const glbFile = await glbDownload;
  expect(glbFile.suggestedFilename()).toMatch(/\.glb$/);
  const glb = readFileSync(await glbFile.path());
  expect(glb.readUInt32LE(0)).toBe(0x46546c67);
  expect(glb.readUInt32LE(8)).toBe(glb.length);

  // Off again: only the cropped half of the volume is left.
  await (await view3dControl(page, 'surface-toggle')).uncheck();
  await closeView3dMenu(page);
  await expect.poll(async () => (await litPixels(page)) / cropped).toBeLessThan(1.2);
  expect(errors).toEqual([]);
});
