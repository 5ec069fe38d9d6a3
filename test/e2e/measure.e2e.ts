import { expect, type Page, test } from '@playwright/test';
import { keepScreenshot, watchPageErrors } from './helpers';
import { openSyntheticVolumeInPage } from './syntheticVolume';

/**
 * Measurement tools (issue 6): distance and angle by clicks in the 2D views, stored in the plan in LPS, drawn in
 * the views they lie in, listed in the side panel and deletable. Fast cases on the synthetic sphere; one on
 * the demo phantom against its ground-truth landmarks.
 */

type Lps = [number, number, number];
// biome-ignore lint/suspicious/noExplicitAny: the stores are reached through the test hook on window
type Hooks = any;

/** Page position of an LPS point projected onto a view, from the view's published plane and mapping. */
async function screenOfLps(page: Page, view: string, lps: Lps) {
  const box = page.getByTestId(`slice-${view}`);
  const bb = (await box.boundingBox())!;
  const m = await box.evaluate((el) => {
    const nums = (s: string | undefined) => (s ?? '').split(',').map(Number);
    return {
      k: Number(el.dataset.pxPerMm),
      centre: nums(el.dataset.centreMm),
      origin: nums(el.dataset.originLps),
      u: nums(el.dataset.uLps),
      v: nums(el.dataset.vLps),
    };
  });
  const d = lps.map((x, i) => x - m.origin[i]!);
  const x = d[0]! * m.u[0]! + d[1]! * m.u[1]! + d[2]! * m.u[2]!;
  const y = d[0]! * m.v[0]! + d[1]! * m.v[1]! + d[2]! * m.v[2]!;
  return {
    x: bb.x + bb.width / 2 + (x - m.centre[0]!) * m.k,
    y: bb.y + bb.height / 2 - (y - m.centre[1]!) * m.k,
    inPlaneMm: [x, y] as [number, number],
  };
}

/** Puts the axial view through `lps`, zoomed in and centred on it, so a click lands within a fraction of a mm. */
async function centreAxialOn(page: Page, lps: Lps, zoom: number) {
  await page.evaluate((p) => (window as Hooks).__spineplan.sliceStore.getState().setCrosshair(p), lps);
  const { inPlaneMm } = await screenOfLps(page, 'axial', lps);
  await page.evaluate(
    ({ pan, zoom }) => {
      const s = (window as Hooks).__spineplan.sliceStore.getState();
      s.setZoom('axial', zoom);
      s.setPan('axial', pan);
    },
    { pan: inPlaneMm, zoom },
  );
}

async function measurements(page: Page) {
  return page.evaluate(() => {
    const s = (window as Hooks).__spineplan.planStore.getState();
    return s.plans[s.activeCaseKey].measurements as {
      id: string;
      kind: string;
      name: string;
      aLps: Lps;
      bLps: Lps;
      vertexLps?: Lps;
    }[];
  });
}

const dist = (a: Lps, b: Lps) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

test('distance and angle on the sphere: drawn where they lie, listed, deleted', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  await page.evaluate(openSyntheticVolumeInPage);
  await expect(page.getByTestId('slice-axial')).toBeVisible();
  await page.evaluate(() => (window as Hooks).__spineplan.renderStore.getState().setQuality('low'));
  const panel = page.getByTestId('measurements-panel');
  await expect(panel.getByTestId('measure-tool-distance')).toBeEnabled();

  // A distance across the sphere's equator in the axial view through its centre (crosshair at 0,0,0 +- 1 voxel).
  await page.evaluate(() => (window as Hooks).__spineplan.sliceStore.getState().setCrosshair([0, 0, 0]));
  await panel.getByTestId('measure-tool-distance').click();
  await expect(panel.getByTestId('measure-hint')).toContainText('point 1 of 2');
  const a = await screenOfLps(page, 'axial', [-20, 0, 0]);
  const b = await screenOfLps(page, 'axial', [20, 0, 0]);
  await page.mouse.click(a.x, a.y);
  await expect(page.getByTestId('measure-pending-axial')).toHaveCount(1);
  await page.mouse.click(b.x, b.y);
  await expect(panel.getByTestId('measurement-row')).toHaveCount(1);
  const [d] = await measurements(page);
  expect(d!.kind).toBe('distance');
  // Clicks land on whole pixels: within a pixel (in mm) of the true 40 mm at each end.
  const k = Number(await page.getByTestId('slice-axial').getAttribute('data-px-per-mm'));
  expect(Math.abs(dist(d!.aLps, d!.bLps) - 40)).toBeLessThan(2 / k);
  await expect(panel.getByTestId('measurement-value')).toContainText(
    `${dist(d!.aLps, d!.bLps).toFixed(1)} mm`,
  );
  // Drawn in the axial view (both ends in its slice) and in the coronal view through z = 0, y = 0; not in a
  // coronal slice 10 mm away.
  await expect(page.getByTestId('measurement-axial')).toHaveCount(1);
  await expect(page.getByTestId('measurement-coronal')).toHaveCount(1);
  await page.evaluate(() => (window as Hooks).__spineplan.sliceStore.getState().setCrosshair([0, 10, 0]));
  await expect(page.getByTestId('measurement-coronal')).toHaveCount(0);
  await expect(page.getByTestId('measurement-axial')).toHaveCount(1);

  // Editing: with the tool off, dragging D1's right end 10 mm posterior in the axial view.
  await panel.getByTestId('measure-tool-done').click();
  const end = await screenOfLps(page, 'axial', d!.bLps);
  const moved = await screenOfLps(page, 'axial', [d!.bLps[0], d!.bLps[1] + 10, d!.bLps[2]]);
  await page.mouse.move(end.x, end.y);
  await page.mouse.down();
  await page.mouse.move(moved.x, moved.y, { steps: 4 });
  await page.mouse.up();
  const [edited] = await measurements(page);
  expect(edited!.name).toBe('D1');
  expect(dist(edited!.aLps, edited!.bLps)).toBeCloseTo(Math.hypot(dist(d!.aLps, d!.bLps), 10), 0);
  await expect(panel.getByTestId('measurement-value')).toContainText(
    `${dist(edited!.aLps, edited!.bLps).toFixed(1)} mm`,
  );

  // A right angle in the axial view.
  await panel.getByTestId('measure-tool-angle').click();
  for (const p of [
    [15, 0, 0],
    [0, 0, 0],
    [0, -15, 0],
  ] as Lps[]) {
    const s = await screenOfLps(page, 'axial', p);
    await page.mouse.click(s.x, s.y);
  }
  await expect(panel.getByTestId('measurement-row')).toHaveCount(2);
  const angle = (await measurements(page))[1]!;
  expect(angle.kind).toBe('angle');
  await expect(panel.getByTestId('measurement-value').nth(1)).toContainText(/^(89|90|91)\.\d°$/);
  // An HU region inside the sphere (1000 + i HU, i = x / 2 mm + 32): centre x = -6 mm, radius 6 mm.
  await panel.getByTestId('measure-tool-region').click();
  for (const p of [
    [-6, 4, 0],
    [-6, 10, 0],
  ] as Lps[]) {
    const s = await screenOfLps(page, 'axial', p);
    await page.mouse.click(s.x, s.y);
  }
  await expect(panel.getByTestId('measurement-row')).toHaveCount(3);
  await expect(page.getByTestId('measure-region-axial')).toHaveCount(1);
  // Not drawn in the sagittal or coronal views (a disc on an axial plane).
  await expect(page.getByTestId('measure-region-coronal')).toHaveCount(0);
  const regionText = (await panel.getByTestId('measurement-value').nth(2).textContent()) ?? '';
  const mean = Number(/mean (-?\d+) HU/.exec(regionText)?.[1]);
  const area = Number(/area ([\d.]+) mm²/.exec(regionText)?.[1]);
  const radius = await page.evaluate(() => {
    const s = (window as Hooks).__spineplan.planStore.getState();
    const m = s.plans[s.activeCaseKey].measurements[2];
    return Math.hypot(
      m.rimLps[0] - m.centreLps[0],
      m.rimLps[1] - m.centreLps[1],
      m.rimLps[2] - m.centreLps[2],
    );
  });
  expect(Math.abs(mean - (1000 + 32 - 3))).toBeLessThan(2);
  expect(area).toBeCloseTo(Math.PI * radius * radius, 0);
  expect(regionText).toMatch(/min 10\d\d, max 10\d\d/);
  await panel.getByTestId('measure-tool-done').click();
  await keepScreenshot(page, testInfo, 'measure-sphere');

  // Saved with the plan: the exported plan file holds both.
  const file = await page.evaluate(() => (window as Hooks).__spineplan.planStore.getState().exportPlanText());
  expect(JSON.parse(file).measurements).toHaveLength(3);

  // Deleting from the panel removes it from the plan and the views.
  await panel.getByTestId('measurement-delete').first().click();
  await expect(panel.getByTestId('measurement-row')).toHaveCount(2);
  expect((await measurements(page)).map((m) => m.kind)).toEqual(['angle', 'region']);
  expect(errors).toEqual([]);
});

test('demo: a distance between two ground-truth landmarks is within 0.5 mm of the truth', async ({
  page,
}, testInfo) => {
  test.setTimeout(420_000);
  const errors = watchPageErrors(page);
  await page.goto('/?demo=1');
  await expect(page.getByTestId('slice-axial')).toBeVisible({ timeout: 300_000 });
  const truth = await page.evaluate(async () => {
    const sp = (window as Hooks).__spineplan;
    for (let i = 0; i < 600 && !sp.studyStore.getState().demoTruth; i++)
      await new Promise((r) => setTimeout(r, 500));
    return sp.studyStore.getState().demoTruth;
  });
  expect(truth).toBeTruthy();
  await page.evaluate(() => (window as Hooks).__spineplan.renderStore.getState().setQuality('low'));
  // L3's left and right pedicle centres: the interpedicular distance (both from the truth, never the image).
  const l3 = truth.vertebrae.find((v: { name: string }) => v.name === 'L3');
  const left: Lps = l3.left.pedicleCentreLps;
  const right: Lps = l3.right.pedicleCentreLps;
  const panel = page.getByTestId('measurements-panel');
  await panel.getByTestId('measure-tool-distance').click();
  for (const p of [left, right]) {
    await centreAxialOn(page, p, 6);
    const s = await screenOfLps(page, 'axial', p);
    await page.mouse.click(s.x, s.y);
  }
  await expect(panel.getByTestId('measurement-row')).toHaveCount(1);
  const [m] = await measurements(page);
  const measured = dist(m!.aLps, m!.bLps);
  const truthMm = dist(left, right);
  testInfo.annotations.push({
    type: 'measured',
    description: `${measured.toFixed(3)} mm vs truth ${truthMm.toFixed(3)} mm`,
  });
  expect(Math.abs(measured - truthMm)).toBeLessThan(0.5);
  // Show the whole measurement for the screenshot: the axial view through the first landmark, fitted.
  await page.evaluate((p) => {
    const s = (window as Hooks).__spineplan.sliceStore.getState();
    s.setCrosshair(p);
    s.resetView('axial');
  }, left);
  await keepScreenshot(page, testInfo, 'measure-demo');
  expect(errors).toEqual([]);
});
