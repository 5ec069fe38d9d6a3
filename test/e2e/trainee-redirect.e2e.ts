import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { keepScreenshot, watchPageErrors } from './helpers';
import { openSyntheticVolumeInPage } from './syntheticVolume';

/**
 * Trainee mode (issue 11) counters in Chromium, on the synthetic sphere volume (no demo generation): a
 * steer of 3 deg while the needle is in tissue counts as one redirection in the debrief, a held pedal as
 * one run apart from the shots, and "Try again" starts a fresh attempt with every counter at 0.
 */

// biome-ignore lint/suspicious/noExplicitAny: test hook exposed by main.tsx on window
type Hook = any;

test('a redirection and a pedal run count once in the debrief; Try again starts at 0', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  await page.evaluate(openSyntheticVolumeInPage);
  // Expert: a needle into the 1000 HU sphere (radius 20 mm at the origin) from behind, as a package.
  await page.evaluate(() =>
    (window as Hook).__spineplan.planStore.getState().addTrajectory({
      name: 'Sphere',
      entryLps: [0, 40, 0],
      targetLps: [0, 10, 0],
      level: 'L4',
      side: 'left',
    }),
  );
  const training = page.getByTestId('panel-training');
  await training.getByTestId('trainee-expert-toggle').click();
  const downloading = page.waitForEvent('download');
  await training.getByTestId('trainee-create-export').click();
  const download = await downloading;
  await training.getByTestId('trainee-package-input').setInputFiles({
    name: download.suggestedFilename(),
    mimeType: 'application/zip',
    buffer: readFileSync(await download.path()),
  });
  await expect(training.getByTestId('trainee-start')).toBeVisible({ timeout: 60_000 });
  await training.getByTestId('trainee-mode-ct').check();
  await training.getByTestId('trainee-start-attempt').click();

  await page.getByTestId('viewport-mode-carm').click();
  await expect(page.getByTestId('carm-view-box')).toBeVisible();
  await page.keyboard.press('f');
  await expect(page.getByTestId('trainee-hud-shots')).toHaveText('Shots 1');
  const box = (await page.getByTestId('carm-view-box').boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByTestId('trainee-hud-depth')).toHaveText('Depth 0 mm');
  await page.keyboard.press('Shift+W');
  await expect(page.getByTestId('trainee-hud-depth')).toHaveText('Depth 5 mm');
  // In tissue: three 1-degree steers are one manoeuvre of 3 deg (> 2 deg), one redirection.
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+W');
  await expect(page.getByTestId('trainee-hud-depth')).toHaveText('Depth 10 mm');

  // The pedal (L held): one live run, recorded when it comes up; shots stay at 1.
  await page.keyboard.down('l');
  await expect(page.getByTestId('carm-counters')).toContainText('runs 1');
  await page.keyboard.up('l');
  await expect(page.getByTestId('trainee-hud-runs')).toHaveText('Runs 1');
  await expect(page.getByTestId('trainee-hud-shots')).toHaveText('Shots 1');

  await page.getByTestId('trainee-done').click();
  const debrief = page.getByTestId('trainee-debrief');
  await expect(debrief).toBeVisible();
  await expect(debrief.getByTestId('trainee-metric-redirections').locator('td').nth(1)).toHaveText('1');
  await expect(debrief.getByTestId('trainee-metric-shots').locator('td').nth(1)).toHaveText('1');
  await expect(debrief.getByTestId('trainee-metric-runs').locator('td').nth(1)).toHaveText('1');
  const score = await page.evaluate(
    () => (window as Hook).__spineplan.traineeStore.getState().lastAttempt.score,
  );
  expect({ redirections: score.redirections, shots: score.shots, runs: score.runs }).toEqual({
    redirections: 1,
    shots: 1,
    runs: 1,
  });
  // One shot (0.5 s) plus the run's pulses (at least one, 1/15 s).
  expect(score.fluoroSeconds).toBeGreaterThan(0.5);
  await keepScreenshot(page, testInfo, 'trainee-redirect-debrief');

  // Try again: a new attempt, nothing carried over from the last one.
  await page.getByTestId('trainee-try-again').click();
  await expect(page.getByTestId('trainee-debrief')).toHaveCount(0);
  await page.getByTestId('viewport-mode-carm').click();
  await expect(page.getByTestId('trainee-hud-shots')).toHaveText('Shots 0');
  await expect(page.getByTestId('trainee-hud-runs')).toHaveText('Runs 0');
  await expect(page.getByTestId('trainee-hud-fluoro')).toHaveText('Fluoro 0.0 s');
  await expect(page.getByTestId('trainee-hud-depth')).toHaveText('Depth not placed');
  await expect(page.getByTestId('carm-counters')).toContainText('Shots 0 · fluoro 0.0 s · runs 0');
  const fresh = await page.evaluate(() => {
    const t = (window as Hook).__spineplan.traineeStore.getState();
    return { events: t.attempt.events.length, revealed: t.revealed, attempts: t.attempts[t.trainee].length };
  });
  expect(fresh).toEqual({ events: 0, revealed: false, attempts: 1 });
  expect(errors).toEqual([]);
});
