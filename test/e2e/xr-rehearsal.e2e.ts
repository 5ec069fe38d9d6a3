import { expect, type Page, test } from '@playwright/test';
import * as THREE from 'three';
import { DEFAULT_THRESHOLDS } from '../../src/training/defaults';
import { panelMatrix } from '../../src/xr/panelMath';
import { modelScale, volumeBoxLps } from '../../src/xr/tabletopMath';
import { BUTTON_PANEL, BUTTONS, type XrButtonId } from '../../src/xr/XrButtonPanel';
import { keepScreenshot, watchPageErrors } from './helpers';
import { addTrajectoryInPage, openSphere, SPHERE_DIMS, SPHERE_IJK_TO_LPS } from './syntheticVolume';
import { iwerRuntimeScript, stretchXrCanvasesInPage } from './xrRuntime';

/**
 * Headset rehearsal (issue 8) with iwer's WebXR runtime forced in before the app loads (xrRuntime.ts): the
 * in-headset buttons turn Rehearse on, the emulated right controller holds the needle and pushes it into the
 * synthetic sphere, a no-go contact is flagged, and the in-headset Exit leaves the plan as it was.
 */

// biome-ignore lint/suspicious/noExplicitAny: the stores and the iwer device are reached through window
type Hooks = any;
type Lps = [number, number, number];

/** The synthetic sphere (syntheticVolume.ts): radius 20 mm at LPS 0 in a 128 mm box of 2 mm voxels. */
const ENTRY: Lps = [0, 60, 0];
const TARGET: Lps = [0, 0, 0];
/** A no-go ball on the path, 8 mm below the sphere's top (skin at y = 20 mm). */
const NO_GO_CENTRE: Lps = [0, 10, 0];
const NO_GO_RADIUS_MM = 2;
const metresPerMm = modelScale('scaled', volumeBoxLps(SPHERE_DIMS, SPHERE_IJK_TO_LPS));

interface Pose {
  p: THREE.Vector3;
  q: THREE.Quaternion;
}

const rehearsal = (page: Page) =>
  page.evaluate(() => {
    const s = (window as Hooks).__spineplan.xrStore.getState();
    return { rehearsing: s.rehearsing as boolean, r: s.rehearsal, phase: s.phase as string };
  });
const frames = (page: Page) =>
  page.evaluate(() => (window as Hooks).__spineplan.xrStore.getState().framesRendered as number);

async function setRight(page: Page, pose: Pose, trigger?: number, waitForFrames = trigger !== undefined) {
  await page.evaluate(
    ({ p, q, trigger }) => {
      const right = (window as Hooks).__iwerDevice.controllers.right;
      right.position.set(p[0], p[1], p[2]);
      right.quaternion.set(q[0], q[1], q[2], q[3]);
      if (trigger !== undefined) right.updateButtonValue('trigger', trigger);
    },
    { p: pose.p.toArray(), q: pose.q.toArray(), trigger },
  );
  if (!waitForFrames) return;
  // Let the XR loop see the button edge (and the pose with it) before the next change.
  const f = await frames(page);
  await expect.poll(() => frames(page)).toBeGreaterThan(f + 2);
}

/** A controller 30 cm in front of an in-headset button, pointing straight at it. */
function poseAtButton(id: XrButtonId): Pose {
  const b = BUTTONS.find((x) => x.id === id)!;
  const local = new THREE.Vector3(
    ((b.u0 + b.u1) / 2 - 0.5) * BUTTON_PANEL.sizeM[0],
    ((b.v0 + b.v1) / 2 - 0.5) * BUTTON_PANEL.sizeM[1],
    0.3,
  );
  return {
    p: local.applyMatrix4(panelMatrix(BUTTON_PANEL)),
    q: new THREE.Quaternion().setFromAxisAngle(new THREE.Vector3(0, 1, 0), BUTTON_PANEL.yawRad),
  };
}

async function press(page: Page, id: XrButtonId) {
  const pose = poseAtButton(id);
  await setRight(page, pose, undefined, true);
  // Exit ends the session: no frames follow to wait for.
  await setRight(page, pose, 1, id !== 'exit');
  if (id !== 'exit') await setRight(page, pose, 0);
}

// iwer draws the XR framebuffer at the window's size: a smaller window keeps SwiftShader's stereo frames quick.
test.use({ viewport: { width: 960, height: 600 } });

/** Headset above the table's near edge looking down at the model (iwer poses read back exactly). */
async function lookAtTable(page: Page) {
  await page.evaluate(() => {
    const d = (window as Hooks).__iwerDevice;
    d.position.set(0.05, 1.5, -0.05);
    const a = -0.55; // pitch down about +x
    d.quaternion.set(Math.sin(a / 2), 0, 0, Math.cos(a / 2));
  });
  await page.evaluate(stretchXrCanvasesInPage);
}

test('rehearsal in the headset: hold the needle, insert it, depth and distances, no-go contact, size buttons, exit keeps the plan', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000); // many XR frames at SwiftShader speed on a shared 2-core machine
  const errors = watchPageErrors(page);
  await page.addInitScript({ content: iwerRuntimeScript() });
  await openSphere(page);
  await page.evaluate(
    ({ entryLps, targetLps, centreLps, radiusMm }) => {
      const plan = (window as Hooks).__spineplan.planStore.getState();
      plan.addTrajectory({ entryLps, targetLps });
      plan.addNoGoStructure({ name: 'test nerve', geometry: { kind: 'sphere', centreLps, radiusMm } });
    },
    { entryLps: ENTRY, targetLps: TARGET, centreLps: NO_GO_CENTRE, radiusMm: NO_GO_RADIUS_MM },
  );
  const planBefore = await page.evaluate(() => {
    const s = (window as Hooks).__spineplan.planStore.getState();
    return JSON.stringify(s.plans[s.activeCaseKey].trajectories);
  });

  await page.getByTestId('xr-enter-vr').click();
  await expect.poll(async () => (await rehearsal(page)).phase).toBe('running');
  await expect.poll(() => frames(page)).toBeGreaterThan(10);
  await lookAtTable(page);

  // The in-headset Rehearse button: the needle appears 15 mm above the planned entry, aimed along the plan.
  await press(page, 'rehearse');
  await expect.poll(async () => (await rehearsal(page)).rehearsing).toBe(true);
  await expect.poll(async () => (await rehearsal(page)).r?.phase).toBe('outside');
  const start = (await rehearsal(page)).r!;
  expect(start.tipLps[1]).toBeCloseTo(75, 6);
  expect(start.needleLabel).toContain('22G');
  // Above the skin the nearest point of the planned path is its entry.
  expect(start.tipToPathMm).toBeCloseTo(15, 6);

  // Hold it (trigger) anywhere and push down: room -y is LPS -y (posterior up, prone). 60 mm of CT = skin + 5 mm.
  const hand: Pose = { p: new THREE.Vector3(0.1, 1.2, -0.3), q: new THREE.Quaternion() };
  await setRight(page, hand);
  await setRight(page, hand, 1);
  const down = (mm: number): Pose => ({
    p: hand.p.clone().add(new THREE.Vector3(0, -mm * metresPerMm, 0)),
    q: hand.q,
  });
  await setRight(page, down(30));
  let r = (await rehearsal(page)).r!;
  expect(r.phase).toBe('outside');
  expect(r.tipLps[1]).toBeCloseTo(45, 1);
  await setRight(page, down(60));
  await expect.poll(async () => (await rehearsal(page)).r?.phase).toBe('inserted');
  r = (await rehearsal(page)).r!;
  // The sphere's surface (1000 HU) is at y = 20 mm; trilinear sampling against -1000 HU air puts the -500 HU
  // skin threshold within a voxel (2 mm) of it.
  expect(Math.abs(r.entryLps[1] - 20)).toBeLessThan(2);
  expect(r.depthMm).toBeCloseTo(r.entryLps[1] - 15, 1);
  expect(r.tipToPathMm).toBeCloseTo(0, 3);
  expect(r.tipToTargetMm).toBeCloseTo(15, 1);
  expect(r.contact).toBe(false);
  expect(r.nearestNoGo.name).toBe('test nerve');
  await keepScreenshot(page, testInfo, 'inserted');

  // Deeper: the depth grows with the hand, until the shaft (22G, 0.72 mm) touches the no-go ball (top at y = 12).
  await setRight(page, down(62));
  await expect.poll(async () => (await rehearsal(page)).r?.depthMm).toBeGreaterThan(r.depthMm + 1.5);
  expect((await rehearsal(page)).r!.contact).toBe(false);
  await setRight(page, down(64));
  await expect.poll(async () => (await rehearsal(page)).r?.contact).toBe(true);
  r = (await rehearsal(page)).r!;
  expect(r.tipLps[1]).toBeLessThan(NO_GO_CENTRE[1] + NO_GO_RADIUS_MM + 0.4);
  await keepScreenshot(page, testInfo, 'no-go-contact');

  // A sideways hand motion well beyond the tremor tolerance (5 mm in the room) redirects about the entry.
  // Hub 4 cm to the user's right (patient's right, -L): the shaft pivots at the skin, so the tip goes left (+L).
  const entryBefore = r.entryLps;
  await setRight(page, { p: down(62).p.add(new THREE.Vector3(0.04, 0, 0)), q: hand.q });
  await expect.poll(async () => (await rehearsal(page)).r?.redirections).toBe(1);
  r = (await rehearsal(page)).r!;
  expect(r.entryLps).toEqual(entryBefore);
  expect(r.tipToPathMm).toBeGreaterThan(0.5);
  expect(r.tipLps[0]).toBeGreaterThan(0.5);
  await keepScreenshot(page, testInfo, 'redirected');
  await setRight(page, { p: down(62).p.add(new THREE.Vector3(0.04, 0, 0)), q: hand.q }, 0);

  // The in-headset size button: 1:1 and back; the needle stays where it is in the patient.
  const scale = () => page.evaluate(() => (window as Hooks).__spineplan.xrStore.getState().scaleMode);
  expect(await scale()).toBe('scaled');
  await press(page, 'scale');
  await expect.poll(scale).toBe('life');
  await keepScreenshot(page, testInfo, 'life-size');
  expect((await rehearsal(page)).r!.tipLps).toEqual(r.tipLps);
  await press(page, 'scale');
  await expect.poll(scale).toBe('scaled');

  // The in-headset Exit: the session ends, Rehearse is off, the plan is untouched.
  await press(page, 'exit');
  await expect.poll(async () => (await rehearsal(page)).phase).toBe('ended');
  expect((await rehearsal(page)).rehearsing).toBe(false);
  await expect(page.getByTestId('xr-overlay')).toHaveCount(0);
  const planAfter = await page.evaluate(() => {
    const s = (window as Hooks).__spineplan.planStore.getState();
    return JSON.stringify(s.plans[s.activeCaseKey].trajectories);
  });
  expect(planAfter).toBe(planBefore);
  expect(errors).toEqual([]);
});

test('trainee attempt in the headset: the held needle feeds the attempt, no expert data on the HUD', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await page.addInitScript({ content: iwerRuntimeScript() });
  await openSphere(page);
  // An exercise on this volume whose expert plan is the sphere's centre from above; the attempt starts now.
  await page.evaluate(
    ({ entryLps, targetLps, thresholds }) => {
      const sp = (window as Hooks).__spineplan;
      const planStore = sp.planStore.getState();
      const id = planStore.addTrajectory({ entryLps, targetLps });
      const s = sp.planStore.getState();
      const trainee = sp.traineeStore.getState();
      trainee.setPackage({
        format: 'spineplan-training',
        schemaVersion: 1,
        title: 'sphere',
        instructions: 'Reach the centre',
        study: { kind: 'dicom', seriesInstanceUid: '2.25.1' },
        expertPlan: s.plans[s.activeCaseKey],
        needles: [{ trajectoryId: id, targetZoneRadiusMm: 4, entryRegionRadiusMm: 10 }],
        expectedViews: [],
        thresholds,
        defaultMode: 'ct',
        createdAt: '2026-11-28T00:00:00Z',
      });
      trainee.enter();
      trainee.startAttempt('ct');
    },
    { entryLps: ENTRY, targetLps: TARGET, thresholds: DEFAULT_THRESHOLDS },
  );

  await page.getByTestId('xr-enter-vr').click();
  await expect.poll(async () => (await rehearsal(page)).phase).toBe('running');
  await lookAtTable(page);
  await press(page, 'rehearse');
  await expect.poll(async () => (await rehearsal(page)).r?.feedsAttempt).toBe(true);
  // Not at the planned entry: 15 mm above the middle of the volume's top face (voxel edges -65..63 mm).
  const start = (await rehearsal(page)).r!;
  expect(start.tipLps).toEqual([-1, 78, -1]);
  expect(start.tipToPathMm).toBeNull();
  expect(start.tipToTargetMm).toBeNull();

  const hand: Pose = { p: new THREE.Vector3(0.1, 1.2, -0.3), q: new THREE.Quaternion() };
  await setRight(page, hand, undefined, true);
  await setRight(page, hand, 1);
  await setRight(page, { p: hand.p.clone().add(new THREE.Vector3(0, -65 * metresPerMm, 0)), q: hand.q });
  await expect.poll(async () => (await rehearsal(page)).r?.depthMm).toBeGreaterThan(4);
  const r = (await rehearsal(page)).r!;
  expect(r.tipToPathMm).toBeNull();
  expect(r.tipToTargetMm).toBeNull();
  await keepScreenshot(page, testInfo, 'trainee-inserted');
  const events = await page.evaluate(() =>
    (window as Hooks).__spineplan.traineeStore.getState().attempt.events.map((e: { kind: string }) => e.kind),
  );
  expect(events[0]).toBe('skin');
  expect(events).toContain('advance');
  await setRight(page, { p: hand.p.clone().add(new THREE.Vector3(0, -65 * metresPerMm, 0)), q: hand.q }, 0);
  await page.getByTestId('xr-exit').dispatchEvent('click');
  await expect.poll(async () => (await rehearsal(page)).phase).toBe('ended');
  expect(errors).toEqual([]);
});

test('CT box around the plan in the headset (raymarched at low quality, own small texture)', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000); // SwiftShader raymarches both the desktop and the headset frames on the CPU
  const errors = watchPageErrors(page);
  await page.addInitScript({ content: iwerRuntimeScript() });
  await openSphere(page);
  await addTrajectoryInPage(page, { entryLps: ENTRY, targetLps: TARGET });
  await page.getByTestId('xr-enter-vr').click();
  await expect.poll(async () => (await rehearsal(page)).phase).toBe('running');
  await lookAtTable(page);
  await press(page, 'volume');
  await expect
    .poll(() => page.evaluate(() => (window as Hooks).__spineplan.xrStore.getState().showVolume))
    .toBe(true);
  const f = await frames(page);
  await expect.poll(() => frames(page), { timeout: 90_000 }).toBeGreaterThan(f + 2);
  await keepScreenshot(page, testInfo, 'ct-box');
  await page.getByTestId('xr-exit').dispatchEvent('click');
  await expect.poll(async () => (await rehearsal(page)).phase).toBe('ended');
  expect(errors).toEqual([]);
});
