import { expect, type Page, test } from '@playwright/test';
import { keepScreenshot, watchPageErrors } from './helpers';
import { openSyntheticVolumeInPage } from './syntheticVolume';
import { type GrabbedPixels, grabViewPixels } from './volume3dPixels';

/**
 * The 3D view of the synthetic sphere (1000+ HU, radius 20 mm, centred at LPS 0,0,0 in -1000 HU air).
 * Pixels are read back from the shared canvas (preserveDrawingBuffer) inside the 3D view's box.
 */

type Rgb = [number, number, number];

/** Reads the pixels of the 3D view and reports samples and where the red marker pixels are. */
async function readView(page: Page, samples: [number, number][] = []) {
  await grabViewPixels(page);
  return page.evaluate((points) => {
    const { data, width: w, height: h } = (window as unknown as { __viewPixels: GrabbedPixels }).__viewPixels;
    const at = (fx: number, fy: number): [number, number, number] => {
      const p = (Math.min(h - 1, Math.round(fy * h)) * w + Math.min(w - 1, Math.round(fx * w))) * 4;
      return [data[p]!, data[p + 1]!, data[p + 2]!];
    };
    let redCount = 0;
    let redX = 0;
    let redY = 0;
    let litCount = 0;
    for (let y = 0; y < h; y += 2)
      for (let x = 0; x < w; x += 2) {
        const p = (y * w + x) * 4;
        const [r, g, b] = [data[p]!, data[p + 1]!, data[p + 2]!];
        if (r > 150 && g < 60 && b < 60) {
          redCount++;
          redX += x / w;
          redY += y / h;
        }
        if (r + g + b > 60) litCount++;
      }
    return {
      samples: points.map(([fx, fy]) => at(fx, fy)),
      red: redCount > 0 ? { count: redCount, x: redX / redCount, y: redY / redCount } : null,
      litCount,
    };
  }, samples);
}

const brightness = (c: Rgb): number => c[0] + c[1] + c[2];

// biome-ignore lint/suspicious/noExplicitAny: the store is reached through the test hook on window
type Hooks = any;

async function setMarker(page: Page, centreLps: [number, number, number] | null) {
  await page.evaluate((c) => {
    const store = (window as Hooks).__spineplan.renderStore;
    store.getState().setMarkers(c ? [{ id: 't', centreLps: c, radiusMm: 5, color: '#ff0000' }] : []);
  }, centreLps);
}

async function openSphere(page: Page) {
  await page.goto('/?demo=0');
  await page.evaluate(openSyntheticVolumeInPage);
  await expect(page.getByTestId('view3d')).toBeVisible();
  await expect.poll(() => page.evaluate(() => Boolean((window as Hooks).__spineplan.renderStore))).toBe(true);
}

test('the sphere renders lit where it is and black outside', async ({ page }, testInfo) => {
  const errors = watchPageErrors(page);
  await openSphere(page);
  await expect
    .poll(async () => {
      const { samples } = await readView(page, [[0.5, 0.5]]);
      return brightness(samples[0]!);
    })
    .toBeGreaterThan(150);
  const { samples } = await readView(page, [
    [0.5, 0.5],
    [0.05, 0.1],
    [0.95, 0.9],
    [0.05, 0.9],
    [0.5, 0.95],
  ]);
  for (const outside of samples.slice(1)) expect(brightness(outside)).toBeLessThan(20);
  await keepScreenshot(page, testInfo, 'sphere-composite');
  await expect(page.getByTestId('orientation-marker')).toBeVisible();
  expect(errors).toEqual([]);
});

test('view buttons put the patient left marker where each view should show it', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await openSphere(page);
  // A red marker 35 mm to the patient's left of the sphere centre (+x in LPS).
  await setMarker(page, [35, 0, 0]);
  const redAfter = async (view: string) => {
    await page.getByTestId(`view-${view}`).click();
    let red: Awaited<ReturnType<typeof readView>>['red'] = null;
    await expect
      .poll(async () => {
        red = (await readView(page)).red;
        return red !== null;
      })
      .toBe(true);
    return red!;
  };
  // Anterior view faces the patient: their left is on screen right.
  await expect.poll(async () => (await redAfter('anterior')).x).toBeGreaterThan(0.55);
  // Posterior view looks at the back, head up: patient left is on screen left.
  await expect.poll(async () => (await redAfter('posterior')).x).toBeLessThan(0.45);
  // Prone, as the operator stands at the patient's left: that side is the near one, at the bottom of the screen.
  await expect.poll(async () => (await redAfter('prone')).y).toBeGreaterThan(0.55);
  // From the left the marker sits in front of the sphere, in the middle.
  await expect.poll(async () => Math.abs((await redAfter('left')).x - 0.5)).toBeLessThan(0.03);
  await keepScreenshot(page, testInfo, 'view-left-marker-in-front');
  // From the right it is behind the sphere: hidden.
  await page.getByTestId('view-right').click();
  await expect.poll(async () => (await readView(page)).red).toBeNull();
  // Superior view, anterior up: a marker anterior (-y) of the centre is above the middle.
  await setMarker(page, [0, -35, 0]);
  await expect.poll(async () => (await redAfter('superior')).y).toBeLessThan(0.45);
  // Inferior view (from the feet, anterior up): patient left on screen right, as axial images are read.
  await setMarker(page, [35, 0, 0]);
  await expect.poll(async () => (await redAfter('inferior')).x).toBeGreaterThan(0.55);
  expect(errors).toEqual([]);
});

test('an opaque marker behind the sphere is hidden, in front it is visible (depth of the first hit)', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await openSphere(page);
  await page.getByTestId('view-anterior').click();
  // Anterior view: the camera is at -y. Behind the sphere is +y.
  await setMarker(page, [0, 40, 0]);
  await expect
    .poll(async () => brightness((await readView(page, [[0.5, 0.5]])).samples[0]!))
    .toBeGreaterThan(150);
  expect((await readView(page)).red).toBeNull();
  await keepScreenshot(page, testInfo, 'marker-behind');
  await setMarker(page, [0, -40, 0]);
  await expect.poll(async () => (await readView(page)).red?.count ?? 0).toBeGreaterThan(10);
  const centre = (await readView(page, [[0.5, 0.5]])).samples[0]!;
  expect(centre[0]).toBeGreaterThan(200);
  expect(centre[1]).toBeLessThan(40);
  await keepScreenshot(page, testInfo, 'marker-in-front');
  expect(errors).toEqual([]);
});

test('MIP and surface modes differ from the shaded composite; cropping removes half', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await openSphere(page);
  const probe: [number, number][] = [
    [0.5, 0.5],
    [0.49, 0.48],
    [0.51, 0.52],
  ];
  await expect.poll(async () => brightness((await readView(page, probe)).samples[0]!)).toBeGreaterThan(150);
  const composite = (await readView(page, probe)).samples;
  await page.getByTestId('render-mode').selectOption('mip');
  let mip: Rgb[] = composite;
  await expect
    .poll(async () => {
      mip = (await readView(page, probe)).samples;
      return Math.abs(mip[0]![2] - composite[0]![2]) + Math.abs(mip[0]![0] - composite[0]![0]);
    })
    .toBeGreaterThan(10);
  // MIP is grey: max HU ~1050 in a -200..1500 window.
  expect(Math.abs(mip[0]![0] - mip[0]![2])).toBeLessThan(3);
  expect(mip[0]![0]).toBeGreaterThan(150);
  await keepScreenshot(page, testInfo, 'sphere-mip');

  await page.getByTestId('render-mode').selectOption('iso');
  await expect.poll(async () => brightness((await readView(page, probe)).samples[0]!)).toBeGreaterThan(150);
  const iso = (await readView(page, probe)).samples;
  expect(iso).not.toEqual(mip);
  await keepScreenshot(page, testInfo, 'sphere-surface');

  // Crop away the patient-left half (i > 0.5): in the anterior view that is the right half of the screen.
  await page.getByTestId('render-mode').selectOption('composite');
  await page.evaluate(() => (window as Hooks).__spineplan.renderStore.getState().setCropAxis(0, 0, 0.5));
  await expect
    .poll(async () => brightness((await readView(page, [[0.52, 0.5]])).samples[0]!))
    .toBeLessThan(20);
  expect(brightness((await readView(page, [[0.48, 0.5]])).samples[0]!)).toBeGreaterThan(100);
  await keepScreenshot(page, testInfo, 'sphere-cropped');
  expect(errors).toEqual([]);
});

test('dragging in the 3D view rotates it (turntable) and it renders again when released', async ({
  page,
}) => {
  const errors = watchPageErrors(page);
  await openSphere(page);
  await setMarker(page, [35, 0, 0]);
  await page.getByTestId('view-anterior').click();
  await expect.poll(async () => (await readView(page)).red?.x ?? 0).toBeGreaterThan(0.55);
  const before = (await readView(page)).red!.x;
  const box = (await page.getByTestId('view3d').boundingBox())!;
  const y = box.y + box.height * 0.7;
  await page.mouse.move(box.x + box.width * 0.5, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, y, { steps: 4 });
  await page.mouse.up();
  // A horizontal drag turns the camera about the vertical axis: the marker leaves its anterior-view place
  // (it moves towards the middle, or behind the sphere).
  await expect.poll(async () => before - ((await readView(page)).red?.x ?? 0.5)).toBeGreaterThan(0.015);
  expect(brightness((await readView(page, [[0.5, 0.5]])).samples[0]!)).toBeGreaterThan(100);
  expect(errors).toEqual([]);
});

/**
 * A lost WebGL context (GPU reset, driver update, sleep) takes every texture's contents with it; the volume
 * texture is filled slab by slab by the app, not by three.js, so the app must fill it again on restore.
 * Chromium allows the restore only after the lost event's task, so it is asked for in a later evaluate.
 */
test('after a lost and restored WebGL context the 3D and slice views draw the volume again', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await openSphere(page);
  const centre = async (view: string) => {
    await grabViewPixels(page, view);
    return page.evaluate(() => {
      const {
        data,
        width: w,
        height: h,
      } = (window as unknown as { __viewPixels: GrabbedPixels }).__viewPixels;
      const p = (Math.round(h / 2) * w + Math.round(w / 2)) * 4;
      return data[p]! + data[p + 1]! + data[p + 2]!;
    });
  };
  await expect.poll(() => centre('view3d')).toBeGreaterThan(150);
  await expect.poll(() => centre('slice-axial')).toBeGreaterThan(150);
  await page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="shared-canvas"] canvas') as HTMLCanvasElement;
    const lose = canvas.getContext('webgl2')!.getExtension('WEBGL_lose_context')!;
    const state = { lose, lost: false, restored: false };
    Object.assign(window, { __contextTest: state });
    canvas.addEventListener('webglcontextlost', () => (state.lost = true), { once: true });
    canvas.addEventListener('webglcontextrestored', () => (state.restored = true), { once: true });
    lose.loseContext();
  });
  await expect.poll(() => page.evaluate(() => (window as Hooks).__contextTest.lost)).toBe(true);
  await page.evaluate(() => (window as Hooks).__contextTest.lose.restoreContext());
  await expect.poll(() => page.evaluate(() => (window as Hooks).__contextTest.restored)).toBe(true);
  await expect.poll(() => centre('view3d'), { timeout: 60_000 }).toBeGreaterThan(150);
  await expect.poll(() => centre('slice-axial'), { timeout: 60_000 }).toBeGreaterThan(150);
  await keepScreenshot(page, testInfo, 'after-context-restore');
  expect(errors).toEqual([]);
});
