import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import type { Vec3 } from '../../src/core/vec3';
import { distance, sub } from '../../src/core/vec3';
import { carmRecipe } from '../../src/planning/carm';
import { carmGeometry } from '../../src/planning/carmViewsGeometry';
import { projectToDetector } from '../../src/volume/drr';
import { keepScreenshot, watchPageErrors } from './helpers';
import { openSyntheticVolumeInPage } from './syntheticVolume';

/**
 * Trainee mode (issue 11) in Chromium: on the demo the expert makes a package of a TFESI L4-L5 left
 * proposal and downloads it; the trainee opens it, runs a fluoroscopy-only attempt (CT slices, 3D and the
 * expert's needle hidden; shots counted; the needle put on the skin by a click on the image and advanced),
 * declares Done and gets the debrief with every metric. A corrupt package and a plan file are refused with a
 * clear error and change nothing.
 */

// biome-ignore lint/suspicious/noExplicitAny: test hook exposed by main.tsx on window
type Hook = any;

const METRIC_IDS = [
  'tip-to-target',
  'tip-in-zone',
  'entry-error',
  'entry-in-region',
  'angle',
  'shots',
  'runs',
  'fluoro-time',
  'redirections',
  'path-length',
  'no-go-clearance',
  'no-go-contacts',
  'time',
];

/** Sets the C-arm angles (data only: the trainee would drag the sliders) and takes a shot with F. */
async function shootAt(page: Page, obliqueDeg: number, tiltDeg: number): Promise<void> {
  await page.evaluate((a) => (window as Hook).__spineplan.carmStore.getState().setAngles(a), {
    obliqueDeg,
    tiltDeg,
  });
  await page.keyboard.press('f');
}

test('an attempt on the demo case: package, fluoroscopy-only attempt, debrief', async ({
  page,
}, testInfo) => {
  test.setTimeout(420_000);
  const errors = watchPageErrors(page);
  await page.goto('/?demo=1');
  await expect(page.getByTestId('viewport-grid')).toBeVisible({ timeout: 360_000 });

  // Expert: a TFESI L4-L5 left proposal from the template proposer, made into a package and downloaded.
  const plan = page.getByTestId('plan-panel');
  await plan.getByTestId('new-from-template').click();
  await plan.getByTestId('template-procedure').selectOption('tfesi');
  await plan.getByTestId('template-level').selectOption('L4-L5');
  await plan.getByTestId('template-side').selectOption('left');
  await plan.getByTestId('template-propose').click();
  await expect(plan.getByTestId('trajectory-item')).toHaveCount(1);

  const training = page.getByTestId('panel-training');
  await training.getByTestId('trainee-expert-toggle').click();
  await training.getByTestId('trainee-create-title').fill('TFESI L4-L5 left (e2e)');
  const downloading = page.waitForEvent('download');
  await training.getByTestId('trainee-create-export').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.spineplan-training\.zip$/);
  const packagePath = await download.path();
  expect(readFileSync(packagePath).subarray(0, 2).toString('latin1')).toBe('PK');

  // Trainee: opens the package (the demo is already open), names themself, fluoroscopy only, starts.
  await training.getByTestId('trainee-package-input').setInputFiles({
    name: download.suggestedFilename(),
    mimeType: 'application/zip',
    buffer: readFileSync(packagePath),
  });
  await expect(training.getByTestId('trainee-package-title')).toHaveText('TFESI L4-L5 left (e2e)');
  await training.getByTestId('trainee-name').fill('Dr Test, "PGY-4"');
  await training.getByTestId('trainee-mode-fluoro-only').check();
  await training.getByTestId('trainee-start-attempt').click();

  // Fluoroscopy only: the C-arm fills the workspace; no slices, no 3D, no plan panel, no plan drawn.
  await expect(page.getByTestId('carm-view-box')).toBeVisible();
  for (const id of ['axial', 'sagittal', 'coronal'])
    await expect(page.getByTestId(`viewport-${id}`)).toHaveCount(0);
  await expect(page.getByTestId('view3d')).toHaveCount(0);
  await expect(page.getByTestId('panel-plan')).toHaveCount(0);
  await expect(page.getByTestId('trainee-instructions')).toBeVisible();
  const hidden = await page.evaluate(() => {
    const sp = (window as Hook).__spineplan;
    const s = sp.planStore.getState();
    return {
      trajectories: s.plans[s.activeCaseKey].trajectories.length,
      live: sp.carmStore.getState().livePreview,
    };
  });
  expect(hidden).toEqual({ trajectories: 0, live: false });
  // The monitor is dark until the first shot; the expert's target ring is never drawn.
  await expect(page.getByTestId('trainee-hud-shots')).toHaveText('Shots 0');

  // The view the trainee would find: the bull's-eye of the (hidden) expert path, then a shot.
  const setup = await page.evaluate(() => {
    const sp = (window as Hook).__spineplan;
    const t = sp.traineeStore.getState().pkg.expertPlan.trajectories[0];
    const v = sp.studyStore.getState().volume;
    return {
      entry: t.entryLps,
      target: t.targetLps,
      dims: v.dims,
      ijkToLps: v.ijkToLps,
      field: sp.carmStore.getState().fieldMm,
    };
  });
  const entry = setup.entry as Vec3;
  const target = setup.target as Vec3;
  const recipe = carmRecipe(sub(target, entry), 'left');
  await shootAt(page, recipe.bullsEye.obliqueDeg, recipe.bullsEye.tiltDeg);
  await expect(page.getByTestId('trainee-hud-shots')).toHaveText('Shots 1');
  await expect(page.getByTestId('trainee-hud-fluoro')).toHaveText('Fluoro 0.5 s');

  // Click where the target projects: the isocentre is the volume centre at the exercise's level (useIsocentre).
  const m = setup.ijkToLps as number[];
  const [nx, ny, nz] = setup.dims as number[];
  const c = [(nx! - 1) / 2, (ny! - 1) / 2, (nz! - 1) / 2];
  const centre = [0, 1, 2].map(
    (r) => m[4 * r]! * c[0]! + m[4 * r + 1]! * c[1]! + m[4 * r + 2]! * c[2]! + m[4 * r + 3]!,
  );
  const geometry = carmGeometry({
    ...recipe.bullsEye,
    isocentreLps: [centre[0]!, centre[1]!, target[2]],
    fieldMm: setup.field,
  });
  const p = projectToDetector(geometry, target)!;
  const box = (await page.getByTestId('carm-view-box').boundingBox())!;
  const short = Math.min(box.width, box.height);
  await page.mouse.click(
    box.x + box.width / 2 + (p.fx - 0.5) * short,
    box.y + box.height / 2 + (p.fy - 0.5) * short,
  );
  await expect(page.getByTestId('trainee-hud-depth')).toHaveText('Depth 0 mm');
  // Aiming on the skin with the arrow keys (1 degree about the image's vertical axis), and back.
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  const steers = await page.evaluate(
    () =>
      (window as Hook).__spineplan.traineeStore
        .getState()
        .attempt.events.filter((e: { kind: string }) => e.kind === 'steer').length,
  );
  expect(steers).toBe(2);

  // Advance to the target's depth along that ray (Shift+W: 5 mm, W: 1 mm), then a lateral shot for depth.
  const skin = await page.evaluate(() => {
    const events = (window as Hook).__spineplan.traineeStore.getState().attempt.events;
    return events.findLast((e: { kind: string }) => e.kind === 'skin').entryLps;
  });
  const depthMm = Math.round(distance(skin as Vec3, target));
  for (let i = 0; i < Math.floor(depthMm / 5); i++) await page.keyboard.press('Shift+W');
  for (let i = 0; i < depthMm % 5; i++) await page.keyboard.press('w');
  await expect(page.getByTestId('trainee-hud-depth')).toHaveText(`Depth ${depthMm} mm`);
  // The monitor still shows the last exposure: the needle appears at the next shot (a dot, coaxial).
  await shootAt(page, recipe.bullsEye.obliqueDeg, recipe.bullsEye.tiltDeg);
  await expect(page.getByTestId('trainee-hud-shots')).toHaveText('Shots 2');
  await page.waitForTimeout(1500);
  await keepScreenshot(page, testInfo, 'trainee-attempt-fluoro-bullseye');
  await shootAt(page, 90, 0);
  await expect(page.getByTestId('trainee-hud-shots')).toHaveText('Shots 3');
  await page.waitForTimeout(1500);
  await keepScreenshot(page, testInfo, 'trainee-attempt-fluoro-lateral');

  // Done: the debrief with every metric, the expert plan revealed with the path, the 2D views back.
  await page.getByTestId('trainee-done').click();
  const debrief = page.getByTestId('trainee-debrief');
  await expect(debrief).toBeVisible();
  for (const id of METRIC_IDS) await expect(debrief.getByTestId(`trainee-metric-${id}`)).toHaveCount(1);
  await expect(debrief.getByTestId('trainee-metric-shots')).toContainText('3');
  const score = await page.evaluate(
    () => (window as Hook).__spineplan.traineeStore.getState().lastAttempt.score,
  );
  expect(score.tipToTargetMm).toBeLessThan(3);
  expect(score.shots).toBe(3);
  // The path through the skin to the target: the trainee's entry is on the body, not on the CT couch behind it.
  expect(score.pathLengthInTissueMm).toBe(depthMm);
  expect(score.entryErrorMm).toBeLessThan(15);
  await expect(page.getByTestId('viewport-axial')).toBeVisible();
  const shown = await page.evaluate(() => {
    const sp = (window as Hook).__spineplan;
    const s = sp.planStore.getState();
    return {
      names: s.plans[s.activeCaseKey].trajectories.map((t: { name: string }) => t.name),
      layout: sp.sliceStore.getState().layout,
    };
  });
  expect(shown.names[0]).toMatch(/^Expert: /);
  expect(shown.names).toContain('Your needle');
  expect(shown.layout).toBe('needle');
  await expect(page.getByTestId('view3d')).toBeVisible();
  await page.waitForTimeout(3000);
  await keepScreenshot(page, testInfo, 'trainee-debrief');

  // The attempts list keeps it; CSV export for the program director round-trips the quoted name.
  await expect(page.getByTestId('trainee-attempt-row')).toHaveCount(1);
  const csvDownload = page.waitForEvent('download');
  await page.getByTestId('trainee-export-csv').click();
  const csv = readFileSync(await (await csvDownload).path(), 'utf8');
  expect(csv).toContain('"Dr Test, ""PGY-4"""');
  expect(errors).toEqual([]);
});

test('a corrupt package or a plan file is refused with a clear error and changes nothing', async ({
  page,
}) => {
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  const training = page.getByTestId('panel-training');
  const input = training.getByTestId('trainee-package-input');
  const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251));
  await input.setInputFiles({
    name: 'random.spineplan-training.zip',
    mimeType: 'application/zip',
    buffer: random,
  });
  await expect(training.getByTestId('trainee-open-error')).toContainText(
    'Could not open random.spineplan-training.zip: ',
  );

  // A plan file (planning/planFile.ts format), written out here: importing that module needs the needle JSON.
  const planText = JSON.stringify({
    format: 'spineplan-plan',
    schemaVersion: 3,
    caseKey: 'demo',
    trajectories: [],
    measurements: [],
    noGoStructures: [],
    clearanceWarningMm: 3,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  });
  await input.setInputFiles({
    name: 'my-plan.json',
    mimeType: 'application/json',
    buffer: Buffer.from(planText),
  });
  const error = training.getByTestId('trainee-open-error');
  await expect(error).toContainText('Could not open my-plan.json: ');
  await expect(error).toContainText(/plan/i);
  const state = await page.evaluate(() => {
    const sp = (window as Hook).__spineplan;
    return { pkg: sp.traineeStore.getState().pkg, status: sp.studyStore.getState().status };
  });
  expect(state).toEqual({ pkg: null, status: 'empty' });
  await expect(training.getByTestId('trainee-start')).toHaveCount(0);
  expect(errors).toEqual([]);
});

/** Pixels of the shared canvas inside a viewport's box that look like the trainee's magenta needle. */
async function magentaPixels(page: Page, testId: string): Promise<number> {
  return page.evaluate(async (id) => {
    const canvas = document.querySelector('[data-testid="shared-canvas"] canvas') as HTMLCanvasElement;
    const box = document.querySelector(`[data-testid="${id}"]`) as HTMLElement;
    const c = canvas.getBoundingClientRect();
    const v = box.getBoundingClientRect();
    const scale = canvas.width / c.width;
    const image = new Image();
    image.src = canvas.toDataURL('image/png');
    await image.decode();
    const off = document.createElement('canvas');
    off.width = canvas.width;
    off.height = canvas.height;
    const ctx = off.getContext('2d')!;
    ctx.drawImage(image, 0, 0);
    const x0 = Math.floor((v.left - c.left) * scale);
    const y0 = Math.floor((v.top - c.top) * scale);
    const data = ctx.getImageData(x0, y0, Math.floor(v.width * scale), Math.floor(v.height * scale)).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4)
      if (data[i]! > 200 && data[i + 1]! < 130 && data[i + 2]! > 170) n++;
    return n;
  }, testId);
}

/**
 * The synthetic sphere volume (no demo generation) with an expert needle into the 1000 HU sphere (radius
 * 20 mm at the origin) from behind, made into a DICOM package, opened as the trainee and a CT-mode attempt
 * started.
 */
async function startSphereAttempt(page: Page): Promise<void> {
  await page.goto('/?demo=0');
  await page.evaluate(openSyntheticVolumeInPage);
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
  // Trainee: the package's images (the volume written as DICOM) open through the loader.
  await training.getByTestId('trainee-package-input').setInputFiles({
    name: download.suggestedFilename(),
    mimeType: 'application/zip',
    buffer: readFileSync(await download.path()),
  });
  await expect(training.getByTestId('trainee-start')).toBeVisible({ timeout: 60_000 });
  await training.getByTestId('trainee-mode-ct').check();
  await training.getByTestId('trainee-start-attempt').click();
}

test('a CT-mode attempt on a DICOM package: slices shown, the needle drawn in them, no plan drawn', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await startSphereAttempt(page);

  // CT mode: the slices stay, but no plan is drawn on them.
  await expect(page.getByTestId('viewport-axial')).toBeVisible();
  await expect(page.getByTestId('plan-trajectory-axial')).toHaveCount(0);
  await page.getByTestId('viewport-mode-carm').click();
  await expect(page.getByTestId('carm-view-box')).toBeVisible();
  await page.keyboard.press('f');
  await expect(page.getByTestId('trainee-hud-shots')).toHaveText('Shots 1');
  // AP view, isocentre at the origin: the image centre looks straight down -y onto the sphere's back (y = 20).
  const box = (await page.getByTestId('carm-view-box').boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByTestId('trainee-hud-depth')).toHaveText('Depth 0 mm');
  for (let i = 0; i < 2; i++) await page.keyboard.press('Shift+W');
  await expect(page.getByTestId('trainee-hud-depth')).toHaveText('Depth 10 mm');
  // The axial slice through the needle shows it in the trainee's colour.
  await page.evaluate(() => (window as Hook).__spineplan.sliceStore.getState().setCrosshair([0, 0, 0]));
  await expect.poll(() => magentaPixels(page, 'slice-axial'), { timeout: 20_000 }).toBeGreaterThan(20);
  await keepScreenshot(page, testInfo, 'trainee-attempt-ct');

  await page.getByTestId('trainee-done').click();
  await expect(page.getByTestId('trainee-debrief')).toBeVisible();
  const score = await page.evaluate(
    () => (window as Hook).__spineplan.traineeStore.getState().lastAttempt.score,
  );
  // Skin at y = 20 (first sample above the -500 HU body-to-air threshold), 10 mm in: the tip near y = 10, the target.
  expect(score.tipToTargetMm).toBeLessThan(2);
  expect(score.angleToExpertDeg).toBeLessThan(0.5);
  expect(errors).toEqual([]);
});

/** Counters: a 3 deg steer in tissue is one redirection, a held pedal one run; "Try again" starts at 0. */
test('a redirection and a pedal run count once in the debrief; Try again starts at 0', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await startSphereAttempt(page);

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
