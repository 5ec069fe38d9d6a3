import { expect, type Page, test } from '@playwright/test';
import { keepScreenshot, watchPageErrors } from './helpers';
import { addTrajectoryInPage, openSphereInViews } from './syntheticVolume';

/**
 * Needle-locked views (issue 6) on the synthetic sphere (1000 HU, radius 20 mm, centred at LPS 0,0,0): with a
 * trajectory selected, the "Needle" layout turns the three 2D views into two planes along the needle and one
 * across it.
 */

type Lps = [number, number, number];
// biome-ignore lint/suspicious/noExplicitAny: the stores are reached through the test hook on window
type Hooks = any;

const ENTRY: Lps = [30, 40, 12];
const TARGET: Lps = [0, 0, 0];

async function openSphereWithNeedle(page: Page) {
  await openSphereInViews(page);
  await addTrajectoryInPage(page, { entryLps: ENTRY, targetLps: TARGET });
}

/** Page position of a handle drawn by the trajectory overlay, and whether it is drawn as lying in the slice. */
async function handle(page: Page, view: string, end: 'entry' | 'target') {
  const g = page.getByTestId(`plan-${end}-${view}`);
  const box = (await page.getByTestId(`slice-${view}`).boundingBox())!;
  const a = await g.evaluate((el) => ({
    x: Number(el.getAttribute('data-x')),
    y: Number(el.getAttribute('data-y')),
    inSlice: el.getAttribute('data-in-slice') === 'true',
  }));
  return { ...a, pageX: box.x + a.x, pageY: box.y + a.y, box };
}

const inside = (h: { x: number; y: number; box: { width: number; height: number } }) =>
  h.x > 0 && h.y > 0 && h.x < h.box.width && h.y < h.box.height;

test('needle views show entry and target, turn about the needle, scroll down it', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await openSphereWithNeedle(page);
  await page.getByTestId('needle-layout-axial').click();
  await expect(page.getByTestId('needle-view-axial')).toHaveAttribute('data-kind', 'inPlaneA');
  await expect(page.getByTestId('needle-view-sagittal')).toHaveAttribute('data-kind', 'inPlaneB');
  await expect(page.getByTestId('needle-view-coronal')).toHaveAttribute('data-kind', 'down');
  await expect(page.getByTestId('viewport-title-axial')).toHaveText('Needle in-plane A');
  await expect(page.getByTestId('viewport-title-coronal')).toHaveText('Down the needle');

  // Both in-plane views contain the whole needle: both handles are in the slice and on screen.
  for (const view of ['axial', 'sagittal']) {
    const entry = await handle(page, view, 'entry');
    const target = await handle(page, view, 'target');
    expect(entry.inSlice && target.inSlice).toBe(true);
    expect(inside(entry) && inside(target)).toBe(true);
    // The needle runs across the screen (target left of entry), at the same height.
    expect(Math.abs(entry.y - target.y)).toBeLessThan(1);
    expect(target.x).toBeLessThan(entry.x);
    const lengthMm = Math.hypot(ENTRY[0] - TARGET[0], ENTRY[1] - TARGET[1], ENTRY[2] - TARGET[2]);
    const k = Number(await page.getByTestId(`slice-${view}`).getAttribute('data-px-per-mm'));
    expect(Math.abs(entry.x - target.x) / k).toBeCloseTo(lengthMm, 0);
  }

  // The down view starts at the entry: depth 0 and the whole needle to go.
  const down = page.getByTestId('needle-view-coronal');
  const lengthMm = Math.hypot(...ENTRY);
  await expect(down).toHaveAttribute('data-depth-mm', '0.00');
  expect(Number(await down.getAttribute('data-remaining-mm'))).toBeCloseTo(lengthMm, 1);
  // Wheel down moves deeper, 1 mm a notch.
  const downBox = (await page.getByTestId('slice-coronal').boundingBox())!;
  await page.mouse.move(downBox.x + downBox.width / 2, downBox.y + downBox.height / 2);
  for (let i = 0; i < 5; i++) await page.mouse.wheel(0, 100);
  await expect(down).toHaveAttribute('data-depth-mm', '5.00');
  await expect(down).toContainText(`${(lengthMm - 5).toFixed(1)} mm to target`);
  // The slider goes to the target; the sphere (1000 HU) fills the view centre there.
  await page.getByTestId('needle-depth-coronal').fill(String(lengthMm));
  expect(Number(await down.getAttribute('data-remaining-mm'))).toBeCloseTo(0, 1);

  // Turning: view B is always A + 90 deg.
  await page.getByTestId('needle-rotate-plus-axial').click();
  await expect(page.getByTestId('needle-view-axial')).toContainText('15° about the needle');
  await expect(page.getByTestId('needle-view-sagittal')).toContainText('105° about the needle');
  const target = await handle(page, 'axial', 'target');
  expect(target.inSlice).toBe(true);
  await keepScreenshot(page, testInfo, 'needle-views');

  // Dragging the entry in view A: the views follow live and still contain both ends.
  const entry = await handle(page, 'axial', 'entry');
  await page.mouse.move(entry.pageX, entry.pageY);
  await page.mouse.down();
  await page.mouse.move(entry.pageX + 10, entry.pageY - 20, { steps: 5 });
  await page.mouse.up();
  for (const view of ['axial', 'sagittal']) {
    const e = await handle(page, view, 'entry');
    const t = await handle(page, view, 'target');
    expect(e.inSlice && t.inSlice).toBe(true);
  }
  const moved = await page.evaluate(
    () => (window as Hooks).__spineplan.planStore.getState().plans['2.25.1'].trajectories[0].entryLps,
  );
  expect(Math.hypot(moved[0] - ENTRY[0], moved[1] - ENTRY[1], moved[2] - ENTRY[2])).toBeGreaterThan(3);

  // Back to the standard layout.
  await page.getByTestId('needle-layout-axial').click();
  await expect(page.getByTestId('slice-position-axial')).toBeVisible();
  expect(errors).toEqual([]);
});
