import { expect, type Page, test } from '@playwright/test';
import { keepScreenshot, watchPageErrors } from './helpers';
import { openSphereInViews } from './syntheticVolume';

/**
 * "Pin on the 3D view" (issue 22): a reviewer writes a comment, arms the pin and clicks the bone in the 3D
 * view; the comment is pinned at the bone surface under the pointer and its marker drawn where they clicked.
 * On the synthetic sphere (1000 HU, radius 20 mm, centred at LPS 0,0,0) seen from behind. Esc cancels; a click
 * on air keeps the request armed and says so.
 */

// biome-ignore lint/suspicious/noExplicitAny: the stores are reached through the test hook on window
type Hooks = any;
type Lps = [number, number, number];

const comments = (page: Page) =>
  page.evaluate(() => {
    const s = (window as Hooks).__spineplan.planStore.getState();
    return (s.plans[s.activeCaseKey]?.review?.comments ?? []) as {
      id: string;
      text: string;
      anchor: { kind: string; pointLps: Lps };
    }[];
  });

test('a comment pinned by a click on the bone in the 3D view; Esc cancels; a click on air is refused', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await openSphereInViews(page);
  await page.getByTestId('view-posterior').click();
  const panel = page.getByTestId('review-panel');
  await panel.getByTestId('review-name').fill('Dr Reviewer');
  const view = (await page.getByTestId('view3d').boundingBox())!;
  const centre = { x: Math.round(view.x + view.width / 2), y: Math.round(view.y + view.height / 2) };

  // Esc cancels: the next 3D click pins nothing.
  await panel.getByTestId('review-comment-text').fill('Not this one');
  await panel.getByTestId('review-comment-pin-3d').click();
  await expect(panel.getByTestId('review-pin-hint')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel.getByTestId('review-pin-hint')).toBeHidden();
  await expect(panel.getByTestId('review-notice')).toContainText('Pinning cancelled.');
  await page.mouse.click(centre.x, centre.y);
  expect(await comments(page)).toEqual([]);

  // Armed again: a click on air beside the sphere (about 40 mm from its centre, inside the volume's box)
  // is refused and the request stays armed. The whole 64-voxel box fills about 190 px of the view here.
  await panel.getByTestId('review-comment-text').fill('Cortex thin here — check before the needle');
  await panel.getByTestId('review-comment-pin-3d').click();
  await expect(page.getByTestId('review-pin-hint-3d')).toBeVisible();
  await keepScreenshot(page, testInfo, 'armed');
  await page.mouse.click(centre.x + 60, centre.y);
  await expect(panel.getByTestId('review-notice')).toContainText('No bone under the pointer');
  await expect(panel.getByTestId('review-pin-hint')).toBeVisible();
  expect(await comments(page)).toEqual([]);

  // The click on the bone (a disc about 60 px across), off its centre: to the viewer's right and up.
  const click = { x: centre.x + 12, y: centre.y - 9 };
  await page.mouse.click(click.x, click.y);
  await expect(panel.getByTestId('review-pin-hint')).toBeHidden();
  await expect(page.getByTestId('review-pin-hint-3d')).toBeHidden();
  await expect(panel.getByTestId('review-notice')).toContainText('Comment pinned at');
  const [c] = await comments(page);
  expect(c?.text).toBe('Cortex thin here — check before the needle');
  expect(c?.anchor.kind).toBe('point');
  const p = c!.anchor.pointLps;
  // On the bone: at the sphere's surface (radius 20 mm, iso threshold within a voxel), on the side facing
  // the camera (posterior, +y), off the centre as clicked.
  expect(Math.hypot(...p)).toBeGreaterThan(17);
  expect(Math.hypot(...p)).toBeLessThan(22);
  expect(p[1]).toBeGreaterThan(5);
  expect(Math.hypot(p[0], p[2])).toBeGreaterThan(4);
  // The comment's marker is drawn where the reviewer clicked (the 3D overlay's SVG, page pixels).
  const pin = page.getByTestId('review-pins-3d').locator('g[data-id]');
  await expect(pin).toHaveAttribute('display', 'inline');
  const marker = (await pin.locator('circle').boundingBox())!;
  expect(Math.abs(marker.x + marker.width / 2 - click.x)).toBeLessThan(6);
  expect(Math.abs(marker.y + marker.height / 2 - click.y)).toBeLessThan(6);
  await expect(panel.getByTestId('review-comments').locator('li')).toHaveCount(1);
  await keepScreenshot(page, testInfo, 'pinned-in-3d');
  expect(errors).toEqual([]);
});
