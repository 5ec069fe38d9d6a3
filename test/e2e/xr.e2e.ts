import { expect, type Page, test } from '@playwright/test';
import {
  baseModelMatrix,
  initialPlacement,
  lpsToWorld,
  modelScale,
  volumeBoxLps,
} from '../../src/xr/tabletopMath';
import { keepScreenshot, watchPageErrors } from './helpers';
import { addTrajectoryInPage, openSphere, SPHERE_DIMS, SPHERE_IJK_TO_LPS } from './syntheticVolume';
import { iwerRuntimeScript } from './xrRuntime';

/** Headset preview (issue 8) with iwer's WebXR runtime installed by the test (xrRuntime.ts). */

// biome-ignore lint/suspicious/noExplicitAny: the stores and the iwer device are reached through window
type Hooks = any;
type Lps = [number, number, number];

/** On the synthetic sphere (syntheticVolume.ts): 64^3 voxels of 2 mm, voxel 32 at LPS 0. */
const ENTRY: Lps = [0, 60, 0];
const TARGET: Lps = [0, 0, 0];

const activePlan = (page: Page) =>
  page.evaluate(() => {
    const s = (window as Hooks).__spineplan.planStore.getState();
    return s.plans[s.activeCaseKey];
  });
const xrState = (page: Page) =>
  page.evaluate(() => {
    const { phase, framesRendered, draggingEnd, requestedMode } = (
      window as Hooks
    ).__spineplan.xrStore.getState();
    return { phase, framesRendered, draggingEnd, requestedMode };
  });
const setRightController = (page: Page, p: { x: number; y: number; z: number }, trigger?: number) =>
  page.evaluate(
    ({ p, trigger }) => {
      const right = (window as Hooks).__iwerDevice.controllers.right;
      right.position.set(p.x, p.y, p.z);
      right.quaternion.set(0, 0, 0, 1); // pointing down -z, away from the user
      if (trigger !== undefined) right.updateButtonValue('trigger', trigger);
    },
    { p, trigger },
  );

test('headset session: starts, renders frames, a controller drags the target, the plan keeps it after exit', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.addInitScript({ content: iwerRuntimeScript() });
  await openSphere(page);
  const id = await addTrajectoryInPage(page, { entryLps: ENTRY, targetLps: TARGET });
  expect(id).not.toBe('');
  await page.evaluate(() => (window as Hooks).__spineplan.planStore.getState().select(null));

  // iwer's Quest 3 offers both modes: one button each.
  await expect(page.getByTestId('xr-enter-ar')).toBeEnabled();
  await page.getByTestId('xr-enter-vr').click();
  await expect.poll(async () => (await xrState(page)).phase).toBe('running');
  await expect.poll(async () => (await xrState(page)).framesRendered).toBeGreaterThan(10);
  await keepScreenshot(page, testInfo, 'session-running');

  // Where the target handle stands in the room (same math as the app: scaled mode, first placement).
  const box = volumeBoxLps(SPHERE_DIMS, SPHERE_IJK_TO_LPS);
  const metresPerMm = modelScale('scaled', box);
  const model = initialPlacement(box, metresPerMm).multiply(baseModelMatrix(box, metresPerMm));
  const handle = lpsToWorld(model, TARGET);
  const start = { x: handle.x, y: handle.y, z: handle.z + 0.15 };
  await setRightController(page, start);
  const frames = (await xrState(page)).framesRendered;
  await expect.poll(async () => (await xrState(page)).framesRendered).toBeGreaterThan(frames + 2);
  await setRightController(page, start, 1);
  await expect.poll(async () => (await xrState(page)).draggingEnd).toBe('target');
  expect(
    await page.evaluate(() => (window as Hooks).__spineplan.planStore.getState().selectedTrajectoryId),
  ).toBe(id);

  // Move the controller 5 cm to the user's right: the patient's right (-L) by 5 cm / scale.
  const moveM = 0.05;
  await setRightController(page, { ...start, x: start.x + moveM });
  const expectedL = -moveM / metresPerMm;
  await expect
    .poll(async () => (await activePlan(page)).trajectories[0].targetLps[0], { timeout: 10_000 })
    .toBeCloseTo(expectedL, 1);
  await setRightController(page, { ...start, x: start.x + moveM }, 0);
  await expect.poll(async () => (await xrState(page)).draggingEnd).toBeNull();
  await keepScreenshot(page, testInfo, 'after-drag');

  // Leave the headset: the canvas goes, the desktop's plan is the moved one.
  // iwer lays its own canvas over the page (as a headset hides the desktop): dispatch the click to the button.
  await page.getByTestId('xr-exit').dispatchEvent('click');
  await expect.poll(async () => (await xrState(page)).phase).toBe('ended');
  await expect(page.getByTestId('xr-overlay')).toHaveCount(0);
  const after = (await activePlan(page)).trajectories[0];
  expect(after.targetLps[0]).toBeCloseTo(expectedL, 1);
  expect(after.targetLps[1]).toBeCloseTo(0, 1);
  expect(after.targetLps[2]).toBeCloseTo(0, 1);
  expect(after.entryLps).toEqual(ENTRY);
  await expect(page.getByTestId('xr-enter-vr')).toBeEnabled();

  // Controller profiles came from the app itself; iwer's code was never fetched by the app.
  expect(requested.some((u) => u.includes('/xr-profiles/'))).toBe(true);
  const local = ['http://127.0.0.1:', 'blob:', 'data:'];
  expect(requested.filter((u) => !local.some((prefix) => u.startsWith(prefix)))).toEqual([]);
  expect(requested.filter((u) => /emulate-/.test(u))).toEqual([]);
  expect(errors).toEqual([]);
});

test('without a WebXR runtime the button is replaced by an explanation', async ({ page }) => {
  await openSphere(page);
  await expect(page.getByTestId('xr-unavailable')).toBeVisible();
  await expect(page.getByTestId('xr-enter-vr')).toHaveCount(0);
  await page.getByTestId('xr-unavailable').click();
  await expect(page.getByTestId('xr-why')).toContainText('headset');
});
