import { expect, type Page, test } from '@playwright/test';
import { chooseTemplate, keepScreenshot, openDemo, pointsOfColour, watchPageErrors } from './helpers';
import { openSphereInViews } from './syntheticVolume';

/**
 * Issue 7 gaps: painted no-go regions feed the clearance readouts, a click on a trajectory's line selects
 * it, and a template's guided click sequence gives a proposal (on the sphere, then on the demo phantom).
 */

type Lps = [number, number, number];
// biome-ignore lint/suspicious/noExplicitAny: the stores are reached through the test hook on window
type Hooks = any;

/** Page point of an LPS point projected on a 2D view, from the view's published plane and px/mm. */
async function screenOfLps(page: Page, view: string, lps: Lps) {
  const box = page.getByTestId(`slice-${view}`);
  const bb = (await box.boundingBox())!;
  const m = await box.evaluate((el) => ({
    k: Number(el.dataset.pxPerMm),
    centre: el.dataset.centreMm!.split(',').map(Number),
    origin: el.dataset.originLps!.split(',').map(Number),
    u: el.dataset.uLps!.split(',').map(Number),
    v: el.dataset.vLps!.split(',').map(Number),
  }));
  const d = lps.map((x, i) => x - m.origin[i]!);
  const x = d[0]! * m.u[0]! + d[1]! * m.u[1]! + d[2]! * m.u[2]!;
  const y = d[0]! * m.v[0]! + d[1]! * m.v[1]! + d[2]! * m.v[2]!;
  return {
    x: Math.round(bb.x + bb.width / 2 + (x - m.centre[0]!) * m.k),
    y: Math.round(bb.y + bb.height / 2 - (y - m.centre[1]!) * m.k),
  };
}

const setCrosshair = (page: Page, lps: Lps) =>
  page.evaluate((p) => (window as Hooks).__spineplan.sliceStore.getState().setCrosshair(p), lps);

async function activePlan(page: Page) {
  return page.evaluate(() => {
    const s = (window as Hooks).__spineplan.planStore.getState();
    const plan = s.plans[s.activeCaseKey];
    return {
      trajectories: plan.trajectories as { id: string; targetLps: Lps; proposal?: { source: string } }[],
      masks: plan.noGoMasks as { id: string; name: string }[],
      selectedId: s.selectedTrajectoryId as string | null,
    };
  });
}

test('paint a no-go blob across a path: overlay in the views, clearance warning; select a trajectory by its line', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await openSphereInViews(page);
  const panel = page.getByTestId('plan-panel');
  const add = (entry: Lps, target: Lps) =>
    page.evaluate(
      ([e, t]) =>
        (window as Hooks).__spineplan.planStore.getState().addTrajectory({ entryLps: e, targetLps: t }),
      [entry, target] as const,
    );
  const first = await add([0, 60, 0], [0, 0, 0]);
  await setCrosshair(page, [0, 30, 0]);
  await expect(panel.getByTestId('readout-warnings')).not.toContainText('Painted no-go');

  // Paint across the path (x -8 -> 8 mm at 40 mm posterior) on the axial view.
  await panel.getByTestId('paint-toggle').click();
  await panel.getByTestId('paint-radius').fill('4');
  const from = await screenOfLps(page, 'axial', [-8, 40, 0]);
  const to = await screenOfLps(page, 'axial', [8, 40, 0]);
  await page.mouse.move(from.x, from.y);
  // The brush's disc follows the pointer: 4 mm radius at the view's scale.
  const brush = page.getByTestId('brush-cursor-axial').locator('circle');
  const pxPerMm = Number(await page.getByTestId('slice-axial').getAttribute('data-px-per-mm'));
  expect(Number(await brush.getAttribute('r'))).toBeCloseTo(4 * pxPerMm, 3);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await activePlan(page)).masks.length).toBe(1);
  await expect(panel.getByTestId('nogo-region')).toContainText('Painted no-go 1');
  await expect(panel.getByTestId('readout-warnings')).toContainText('Too close to Painted no-go 1');
  await expect(panel.getByTestId('clearance')).toContainText('Painted no-go 1');
  // Drawn where each view cuts it: the axial view (z = 0) and the sagittal view (x = 0).
  for (const v of ['axial', 'sagittal']) {
    const cells = Number(await page.getByTestId(`paint-overlay-${v}`).getAttribute('data-painted-cells'));
    expect(cells, v).toBeGreaterThan(10);
  }
  await keepScreenshot(page, testInfo, 'painted-no-go');

  // Shift+drag erases it: the warning goes.
  await page.keyboard.down('Shift');
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await expect(panel.getByTestId('readout-warnings')).not.toContainText('Painted no-go');
  await panel.getByTestId('paint-toggle').click();

  // Two trajectories: a click on the first one's line (not a handle) selects it in the 2D view.
  const second = await add([30, 60, 0], [30, 0, 0]);
  expect((await activePlan(page)).selectedId).toBe(second);
  const onLine = await screenOfLps(page, 'axial', [0, 15, 0]);
  await page.mouse.click(onLine.x + 2, onLine.y);
  await expect.poll(async () => (await activePlan(page)).selectedId).toBe(first);
  await expect(
    page.getByTestId('plan-trajectory-axial').and(page.locator('[data-selected="true"]')),
  ).toHaveAttribute('data-id', first);
  expect(errors).toEqual([]);
});

test('a click on a needle in the 3D view selects its trajectory', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openSphereInViews(page);
  const ids = await page.evaluate(() => {
    const s = (window as Hooks).__spineplan.planStore.getState();
    // Beside the sphere (radius 20 mm), so bone hides neither; the second is selected.
    return [
      s.addTrajectory({ entryLps: [-35, 50, 0], targetLps: [-35, -30, 0] }),
      s.addTrajectory({ entryLps: [35, 50, 0], targetLps: [35, -30, 0] }),
    ];
  });
  expect((await activePlan(page)).selectedId).toBe(ids[1]);
  const box = (await page.getByTestId('view3d').boundingBox())!;
  // The first trajectory's colour (TRAJECTORY_COLOURS[0], #e69f00) in the 3D view.
  let points: { x: number; y: number }[] = [];
  await expect
    .poll(async () => {
      points = (await pointsOfColour(page, [box], [0xe6, 0x9f, 0x00], 30))[0]!;
      return points.length;
    })
    .toBeGreaterThan(20);
  const mid = points[Math.floor(points.length / 2)]!;
  await page.mouse.click(mid.x, mid.y);
  await expect.poll(async () => (await activePlan(page)).selectedId).toBe(ids[0]);
  expect(errors).toEqual([]);
});

test('a template click sequence on patient-like data gives a proposal labelled to check', async ({
  page,
}) => {
  const errors = watchPageErrors(page);
  await openSphereInViews(page);
  const panel = page.getByTestId('plan-panel');
  await chooseTemplate(panel, 'vertebroplasty', 'L3', 'right');
  await panel.getByTestId('template-propose-clicks').click();
  const banner = page.getByTestId('placement-hint-axial');
  await expect(banner).toContainText('Click the right L3 pedicle centre (its narrowest part) (1/2)');
  // Esc cancels; start again.
  await page.keyboard.press('Escape');
  await expect(banner).toHaveCount(0);
  await panel.getByTestId('template-propose-clicks').click();
  await setCrosshair(page, [0, 0, 0]);
  const pedicle = await screenOfLps(page, 'axial', [-10, 10, 0]);
  await page.mouse.click(pedicle.x, pedicle.y);
  await expect(banner).toContainText('Click the L3 body target: its anterior third, near the midline (2/2)');
  await expect(panel.getByTestId('template-click-0')).toHaveAttribute('data-state', 'done');
  const target = await screenOfLps(page, 'axial', [0, -10, 0]);
  await page.mouse.click(target.x, target.y);
  await expect(banner).toHaveCount(0);
  const note = panel.getByTestId('proposal-note');
  await expect(note).toContainText('Proposal - check it');
  await expect(note).toHaveAttribute('data-source', 'clicks');
  const plan = await activePlan(page);
  expect(plan.trajectories).toHaveLength(1);
  expect(plan.trajectories[0]!.proposal?.source).toBe('clicks');
  expect(errors).toEqual([]);
});

test('on the demo: the TFESI click sequence (pedicle, then foramen) gives a proposal that keeps its note over a reload', async ({
  page,
}, testInfo) => {
  test.setTimeout(420_000);
  const errors = watchPageErrors(page);
  await openDemo(page);
  for (const v of ['axial', 'sagittal', 'coronal'])
    await expect(page.getByTestId(`slice-${v}`)).toBeVisible({ timeout: 60_000 });
  await page.evaluate(() => (window as Hooks).__spineplan.renderStore.getState().setQuality('low'));
  const marks = await page.evaluate(() => {
    const truth = (window as Hooks).__spineplan.studyStore.getState().demoTruth;
    const l4 = truth.vertebrae.find((v: { name: string }) => v.name === 'L4');
    const seg = truth.segments.find((s: { name: string }) => s.name === 'L4-L5');
    return { pedicle: l4.left.pedicleCentreLps as Lps, foramen: seg.left.safeTriangleCentreLps as Lps };
  });
  const panel = page.getByTestId('plan-panel');
  await chooseTemplate(panel, 'tfesi', 'L4-L5', 'left');
  await panel.getByTestId('template-propose-clicks').click();
  const banner = page.getByTestId('placement-hint-axial');
  await expect(banner).toContainText('Click the left L4 pedicle centre (1/2)');
  for (const [i, p] of [marks.pedicle, marks.foramen].entries()) {
    await setCrosshair(page, p);
    const at = await screenOfLps(page, 'axial', p);
    if (i === 1) await expect(banner).toContainText('foramen target (safe triangle)');
    await page.mouse.click(at.x, at.y);
  }
  const note = panel.getByTestId('proposal-note');
  await expect(note).toContainText('Proposal - check it');
  await expect(panel.getByTestId('trajectory-item')).toContainText('L4-L5 left');
  const plan = await activePlan(page);
  const t = plan.trajectories[0]!;
  for (let i = 0; i < 3; i++) expect(Math.abs(t.targetLps[i]! - marks.foramen[i]!)).toBeLessThan(1.5);
  await keepScreenshot(page, testInfo, 'demo-tfesi-from-clicks');
  // The note is part of the plan: it survives a reload.
  await page.evaluate(() => (window as Hooks).__spineplan.planStore.getState().flushAutosave());
  await page.reload();
  await expect(page.getByTestId('viewport-grid')).toBeVisible({ timeout: 360_000 });
  await expect(page.getByTestId('proposal-note')).toContainText('Proposal - check it', { timeout: 60_000 });
  expect(errors).toEqual([]);
});
