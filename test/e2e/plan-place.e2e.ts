import { expect, type Page, test } from '@playwright/test';
import { keepScreenshot, type PageRect, pointsOfColour, watchPageErrors } from './helpers';
import { openSphereInViews, openSyntheticVolumeInPage } from './syntheticVolume';

/**
 * Placing and editing needle trajectories (issue 7) on the synthetic sphere (1000 HU, radius 20 mm, centred
 * at LPS 0,0,0, 2 mm voxels, case key = its SeriesInstanceUID '2.25.1').
 */

type Lps = [number, number, number];
type Rgb = [number, number, number];
// biome-ignore lint/suspicious/noExplicitAny: the stores are reached through the test hook on window
type Hooks = any;

const AXES: Record<string, [Lps, Lps]> = {
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
const FIRST_COLOUR: Rgb = [0xe6, 0x9f, 0x00]; // TRAJECTORY_COLOURS[0]

/** A view's published px<->mm mapping (data attributes of the slice box) and its page box. */
async function viewMapping(page: Page, view: string) {
  const box = page.getByTestId(`slice-${view}`);
  const bb = (await box.boundingBox())!;
  const attrs = await box.evaluate((el) => ({
    k: Number(el.dataset.pxPerMm),
    centre: el.dataset.centreMm!.split(',').map(Number),
    origin: el.dataset.originLps!.split(',').map(Number),
  }));
  return { bb, ...attrs, axes: AXES[view]! };
}

async function screenOfLps(page: Page, view: string, lps: Lps) {
  const m = await viewMapping(page, view);
  const [u, v] = m.axes;
  const d = lps.map((x, i) => x - m.origin[i]!);
  const x = d[0]! * u[0] + d[1]! * u[1] + d[2]! * u[2];
  const y = d[0]! * v[0] + d[1]! * v[1] + d[2]! * v[2];
  return {
    x: m.bb.x + m.bb.width / 2 + (x - m.centre[0]!) * m.k,
    y: m.bb.y + m.bb.height / 2 - (y - m.centre[1]!) * m.k,
  };
}

/** LPS on the view's plane under a page point: the inverse of screenOfLps. */
async function lpsOfScreen(page: Page, view: string, px: { x: number; y: number }): Promise<Lps> {
  const m = await viewMapping(page, view);
  const [u, v] = m.axes;
  const a = m.centre[0]! + (px.x - m.bb.x - m.bb.width / 2) / m.k;
  const b = m.centre[1]! - (px.y - m.bb.y - m.bb.height / 2) / m.k;
  return [0, 1, 2].map((i) => m.origin[i]! + a * u[i]! + b * v[i]!) as Lps;
}

const rounded = (p: { x: number; y: number }) => ({ x: Math.round(p.x), y: Math.round(p.y) });

async function activePlan(page: Page) {
  return page.evaluate(() => {
    const sp = (window as Hooks).__spineplan;
    const s = sp.planStore.getState();
    return {
      caseKey: s.activeCaseKey as string,
      trajectories: s.plans[s.activeCaseKey].trajectories as {
        id: string;
        entryLps: Lps;
        targetLps: Lps;
        colour: string;
      }[],
      selectedId: s.selectedTrajectoryId as string | null,
      mode: sp.placementStore.getState().mode as string,
    };
  });
}

type Rect = PageRect;

/** Pixels of `rgb` (+-tol per channel) in each page rectangle, counted on one real screenshot of the page. */
const countColour = async (page: Page, rects: Rect[], rgb: Rgb, tol = 40): Promise<number[]> =>
  (await pointsOfColour(page, rects, rgb, tol)).map((points) => points.length);

const around = (p: { x: number; y: number }, half: number) => ({
  x: p.x - half,
  y: p.y - half,
  width: 2 * half,
  height: 2 * half,
});

async function view3dBox(page: Page) {
  return (await page.getByTestId('view3d').boundingBox())!;
}

function expectNear(actual: Lps, expected: Lps, tolMm: number) {
  for (let i = 0; i < 3; i++) expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(tolMm);
}

test('place a trajectory by clicks, see it in every view, drag and nudge it, keep it over a reload', async ({
  page,
}, testInfo) => {
  // Many steps, each drawing four views in software WebGL on a shared 2-core machine.
  test.setTimeout(240_000);
  const errors = watchPageErrors(page);
  await openSphereInViews(page);
  // Every slice through LPS (0,0,0): the axial view shows the plane z = 0.
  await page.evaluate(() => (window as Hooks).__spineplan.sliceStore.getState().setCrosshair([0, 0, 0]));
  expect((await activePlan(page)).caseKey).toBe('2.25.1');

  await page.getByTestId('new-trajectory-axial').click();
  await expect(page.getByTestId('placement-hint-axial')).toContainText('target');
  const targetClick = rounded(await screenOfLps(page, 'axial', [-10, 10, 0]));
  await page.mouse.click(targetClick.x, targetClick.y);
  await expect(page.getByTestId('placement-hint-axial')).toContainText('entry');
  const entryClick = rounded(await screenOfLps(page, 'axial', [-30, 55, 0]));
  await page.mouse.click(entryClick.x, entryClick.y);
  await expect(page.getByTestId('placement-hint-axial')).toBeHidden();

  const placed = await activePlan(page);
  expect(placed.trajectories).toHaveLength(1);
  const t = placed.trajectories[0]!;
  expect(placed.selectedId).toBe(t.id);
  expect(placed.mode).toBe('none');
  const k = (await viewMapping(page, 'axial')).k;
  const halfPixelMm = 0.5 / k;
  expectNear(t.targetLps, await lpsOfScreen(page, 'axial', targetClick), halfPixelMm);
  expectNear(t.entryLps, await lpsOfScreen(page, 'axial', entryClick), halfPixelMm);
  expect(t.targetLps[2]).toBeCloseTo(0, 6);
  expect(t.entryLps[2]).toBeCloseTo(0, 6);

  // The target click moved the other views through the target: it is a filled handle in all three. The path
  // between the ends shows in the axial view (solid: it lies in that slice) and the needle in 3D (its entry
  // end lies outside the sphere, so the anterior view shows it beside the bone).
  const rects: Rect[] = [];
  for (const view of ['axial', 'sagittal', 'coronal']) {
    rects.push(around(await screenOfLps(page, view, t.targetLps), 7));
    await expect(page.getByTestId(`plan-target-${view}`)).toHaveAttribute('data-in-slice', 'true');
  }
  rects.push(around(await screenOfLps(page, 'axial', [-20, 32.5, 0]), 4));
  rects.push(await view3dBox(page));
  await expect
    .poll(async () => (await countColour(page, rects, FIRST_COLOUR)).map((n) => n > 0))
    .toEqual([true, true, true, true, true]);
  const [axialTarget, sagittalTarget, coronalTarget, path, in3d] = await countColour(
    page,
    rects,
    FIRST_COLOUR,
  );
  expect(Math.min(axialTarget!, sagittalTarget!, coronalTarget!)).toBeGreaterThan(25);
  expect(path).toBeGreaterThan(5);
  expect(in3d).toBeGreaterThan(5);
  await expect(page.getByTestId('plan-entry-sagittal')).toHaveAttribute('data-in-slice', 'false');
  await keepScreenshot(page, testInfo, 'placed');

  // Drag the entry handle 30 px right and 20 px up in the axial view: live store update, still at z = 0.
  const entryAt = rounded(await screenOfLps(page, 'axial', t.entryLps));
  await page.mouse.move(entryAt.x, entryAt.y);
  await page.mouse.down();
  await page.mouse.move(entryAt.x + 15, entryAt.y - 10, { steps: 3 });
  const midDrag = (await activePlan(page)).trajectories[0]!.entryLps;
  expect(midDrag[0]).toBeGreaterThan(t.entryLps[0]);
  await page.mouse.move(entryAt.x + 30, entryAt.y - 20, { steps: 3 });
  await page.mouse.up();
  const dragged = (await activePlan(page)).trajectories[0]!;
  const grab = { x: entryAt.x - entryClick.x, y: entryAt.y - entryClick.y };
  const expectedEntry = await lpsOfScreen(page, 'axial', {
    x: entryAt.x + 30 - grab.x,
    y: entryAt.y - 20 - grab.y,
  });
  expectNear(dragged.entryLps, expectedEntry, halfPixelMm);
  expectNear(dragged.targetLps, t.targetLps, 1e-9);
  await keepScreenshot(page, testInfo, 'entry-dragged');

  // Alt+Right nudges the active (just dragged) entry 0.5 mm to screen right = patient left (+x); a plain
  // arrow still scrolls the slice.
  await page.keyboard.press('Alt+ArrowRight');
  const nudged = (await activePlan(page)).trajectories[0]!;
  expectNear(nudged.entryLps, [dragged.entryLps[0] + 0.5, dragged.entryLps[1], dragged.entryLps[2]], 1e-9);
  const slicePosition = await page.getByTestId('slice-position-axial').textContent();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByTestId('slice-position-axial')).not.toHaveText(slicePosition!);
  expectNear((await activePlan(page)).trajectories[0]!.entryLps, nudged.entryLps, 1e-9);

  // Autosave (IndexedDB, written at once here), then a reload and the same series again: still there.
  await page.evaluate(() => (window as Hooks).__spineplan.planStore.getState().flushAutosave());
  await page.reload();
  await page.evaluate(openSyntheticVolumeInPage);
  await expect.poll(() => page.evaluate(() => Boolean((window as Hooks).__spineplan.planStore))).toBe(true);
  // Stored plans load asynchronously and merge into the case opened meanwhile.
  await expect.poll(async () => (await activePlan(page)).trajectories.length).toBe(1);
  const reloaded = await activePlan(page);
  expect(reloaded.trajectories).toHaveLength(1);
  expectNear(reloaded.trajectories[0]!.entryLps, nudged.entryLps, 1e-9);
  expectNear(reloaded.trajectories[0]!.targetLps, t.targetLps, 1e-9);
  await expect(page.getByTestId('plan-trajectory-axial')).toBeVisible();
  await keepScreenshot(page, testInfo, 'after-reload');
  expect(errors).toEqual([]);
});

test('needles composite with depth against bone in 3D; Esc cancels a half-placed trajectory', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await openSphereInViews(page);
  await page.getByTestId('view-posterior').click();
  const MAGENTA: Rgb = [255, 0, 255];
  // Behind the patient (outside the sphere, towards the camera): visible.
  const id = await page.evaluate(() =>
    (window as Hooks).__spineplan.planStore.getState().addTrajectory({
      entryLps: [0, 35, -15],
      targetLps: [0, 35, 15],
      colour: '#ff00ff',
      needleId: 'bone-11g-100',
    }),
  );
  expect(id).not.toBe('');
  await expect
    .poll(async () => (await countColour(page, [await view3dBox(page)], MAGENTA))[0])
    .toBeGreaterThan(20);
  await keepScreenshot(page, testInfo, 'needle-behind-patient');
  // Wholly inside the bone sphere: hidden by the depth of the volume's first opaque hit.
  const moveTo = (entryLps: Lps, targetLps: Lps) =>
    page.evaluate(
      ({ tid, entryLps, targetLps }) =>
        (window as Hooks).__spineplan.planStore.getState().updateTrajectory(tid, { entryLps, targetLps }),
      { tid: id, entryLps, targetLps },
    );
  await moveTo([0, 8, -8], [0, 8, 8]);
  await expect.poll(async () => (await countColour(page, [await view3dBox(page)], MAGENTA))[0]).toBe(0);
  await keepScreenshot(page, testInfo, 'needle-inside-bone');
  await moveTo([0, 35, -15], [0, 35, 15]);
  await expect
    .poll(async () => (await countColour(page, [await view3dBox(page)], MAGENTA))[0])
    .toBeGreaterThan(20);
  // An RF cannula shows its active tip and the translucent lesion zone.
  await page.evaluate(
    (tid) =>
      (window as Hooks).__spineplan.planStore
        .getState()
        .updateTrajectory(tid, { needleId: 'rf-cannula-18g-100-10tip' }),
    id,
  );
  await keepScreenshot(page, testInfo, 'rf-cannula-3d');

  // Esc during entry placement removes the new trajectory instead of leaving it at zero length.
  const before = (await activePlan(page)).trajectories.length;
  await page.getByTestId('new-trajectory-axial').click();
  const p = rounded(await screenOfLps(page, 'axial', [5, 5, 0]));
  await page.mouse.click(p.x, p.y);
  expect((await activePlan(page)).trajectories).toHaveLength(before + 1);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('placement-hint-axial')).toBeHidden();
  expect((await activePlan(page)).trajectories).toHaveLength(before);

  // In the 3D view a placement click lands on the first bone under the pointer: seen from behind, the view
  // centre looks at the sphere's posterior surface (y = +20 mm).
  await page.getByTestId('new-trajectory-axial').click();
  const box = await view3dBox(page);
  await page.mouse.click(Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2));
  await expect(page.getByTestId('placement-hint-axial')).toContainText('entry');
  const picked = (await activePlan(page)).trajectories.at(-1)!.targetLps;
  expect(picked[1]).toBeGreaterThan(17);
  expect(picked[1]).toBeLessThan(22);
  expect(Math.hypot(picked[0], picked[2])).toBeLessThan(4);
  await page.keyboard.press('Escape');
  expect(errors).toEqual([]);
});
