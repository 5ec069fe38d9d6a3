import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import * as THREE from 'three';
import { panelMatrix } from '../../src/xr/panelMath';
import { LPS_TO_TABLE } from '../../src/xr/tabletopMath';
import { BUTTON_PANEL, BUTTONS, type XrButtonId } from '../../src/xr/XrButtonPanel';
import { keepScreenshot, watchPageErrors } from './helpers';
import { openSyntheticVolumeInPage, SPHERE_DIMS, SPHERE_IJK_TO_LPS } from './syntheticVolume';
import { iwerRuntimeScript, stretchXrCanvasesInPage } from './xrRuntime';

/**
 * Registration to a 3D print in AR (issue 23). A virtual "print" of the synthetic sphere on a base plate is
 * put into iwer's recorded room (its own scene: what passthrough would show) at a random pose on the room's
 * table; the test knows the pose, moves the right controller's tip to each pit's room position and pulls the
 * trigger. The overlay (needle, painted no-go) must then sit on the print within 2 mm / 1 deg, read from the
 * headset scene's own matrices (window.__spineplan.xrScene()).
 */

// biome-ignore lint/suspicious/noExplicitAny: the stores and the iwer device are reached through window
type Hooks = any;
type Lps = [number, number, number];

const REPO = path.resolve(import.meta.dirname, '../..');
const room = readFileSync(path.join(REPO, 'node_modules/@iwer/sem/captures/office_small.json'), 'utf8');
/** The capture's TABLE plane: top at y = 0.748 m, centred at x 0.06, z -0.65 (1.6 x 0.75 m). */
const TABLE_TOP_M = 0.748;
/** The print: the sphere (radius 20 mm at LPS 0) on a 80 x 120 x 5 mm base under it (LPS y -30..-25). */
const BASE_BOTTOM_Y_MM = -30;
const BASE_TOP_Y_MM = -25;
const PITS: { id: string; label: string; positionLps: Lps }[] = [
  { id: 'base-lh', label: 'Base, left head', positionLps: [32, BASE_TOP_Y_MM, 50] },
  { id: 'base-rh', label: 'Base, right head', positionLps: [-32, BASE_TOP_Y_MM, 50] },
  { id: 'base-rf', label: 'Base, right foot', positionLps: [-32, BASE_TOP_Y_MM, -50] },
  { id: 'base-lf', label: 'Base, left foot', positionLps: [32, BASE_TOP_Y_MM, -50] },
  { id: 'top', label: 'Sphere top', positionLps: [0, 20, 0] },
  { id: 'side', label: 'Sphere, left side', positionLps: [14.1, 14.1, 0] },
];
const ENTRY: Lps = [0, 60, 0];
const TARGET: Lps = [0, 0, 0];

/** Seeded so a failing pose can be replayed: SPINEPLAN_E2E_SEED, else the clock (printed). */
const seed = Number(process.env.SPINEPLAN_E2E_SEED ?? Date.now() % 100000);
function mulberry32(s: number) {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** LPS mm -> room metres for the print lying prone (posterior up) on the table, turned `yaw` about the vertical. */
function printPose(random: () => number): THREE.Matrix4 {
  const yaw = random() * 2 * Math.PI;
  const x = -0.2 + random() * 0.45;
  const z = -0.75 + random() * 0.2;
  return new THREE.Matrix4()
    .makeTranslation(x, TABLE_TOP_M - BASE_BOTTOM_Y_MM / 1000, z)
    .multiply(new THREE.Matrix4().makeRotationY(yaw))
    .multiply(LPS_TO_TABLE)
    .multiply(new THREE.Matrix4().makeScale(0.001, 0.001, 0.001));
}

const frames = (page: Page) =>
  page.evaluate(() => (window as Hooks).__spineplan.xrStore.getState().framesRendered as number);
async function waitFrames(page: Page, n = 2) {
  const f = await frames(page);
  await expect.poll(() => frames(page)).toBeGreaterThan(f + n);
}

/** Right controller at `p`, pointing along `q`, with the trigger value if given; waits for the loop to see it. */
async function setRight(page: Page, p: THREE.Vector3, q: THREE.Quaternion, trigger?: number, frameCount = 2) {
  await page.evaluate(
    ({ p, q, trigger }) => {
      const right = (window as Hooks).__iwerDevice.controllers.right;
      right.position.set(p[0], p[1], p[2]);
      right.quaternion.set(q[0], q[1], q[2], q[3]);
      if (trigger !== undefined) right.updateButtonValue('trigger', trigger);
    },
    { p: p.toArray(), q: q.toArray(), trigger },
  );
  if (frameCount > 0) await waitFrames(page, frameCount);
}

async function press(page: Page, id: XrButtonId) {
  const b = BUTTONS.find((x) => x.id === id)!;
  const p = new THREE.Vector3(
    ((b.u0 + b.u1) / 2 - 0.5) * BUTTON_PANEL.sizeM[0],
    ((b.v0 + b.v1) / 2 - 0.5) * BUTTON_PANEL.sizeM[1],
    0.3,
  ).applyMatrix4(panelMatrix(BUTTON_PANEL));
  const q = new THREE.Quaternion().setFromAxisAngle(new THREE.Vector3(0, 1, 0), BUTTON_PANEL.yawRad);
  await setRight(page, p, q);
  await setRight(page, p, q, 1);
  await setRight(page, p, q, 0);
}

test.use({ viewport: { width: 960, height: 600 } });

test('AR: touching the pits of a print on the table puts the overlay on it (2 mm / 1 deg), painted no-go shown', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  console.info(`xr-print-registration seed ${seed}`);
  const pose = printPose(mulberry32(seed));
  const errors = watchPageErrors(page);
  await page.addInitScript({ content: iwerRuntimeScript({ withRoom: true, withThree: true }) });
  await page.goto('/?demo=0');
  await page.evaluate((json) => (window as Hooks).__iwerDevice.sem.loadEnvironment(JSON.parse(json)), room);
  await page.evaluate(openSyntheticVolumeInPage);
  await expect
    .poll(() => page.evaluate(() => (window as Hooks).__spineplan.planStore.getState().activeCaseKey))
    .toBe('2.25.1');

  // An automatic analysis result for the sphere (the real one finds no spine here): one vertebra named L3 at
  // the centre and one structure, a 3 mm root corridor beside the sphere along z, on a 2 mm LPS grid.
  await expect
    .poll(() => page.evaluate(() => (window as Hooks).__spineplan.analysisStore.getState().status))
    .toMatch(/done|failed/);
  await page.evaluate(() => {
    const n = 64;
    const labels = new Uint8Array(n * n * n);
    for (let k = 0; k < n; k++)
      for (let j = 0; j < n; j++)
        for (let i = 0; i < n; i++) {
          const [x, y, z] = [(i - 32) * 2, (j - 32) * 2, (k - 32) * 2];
          if (Math.hypot(x + 26, y) <= 3 && Math.abs(z) <= 30) labels[i + n * (j + n * k)] = 1;
        }
    const grid = {
      dims: [n, n, n],
      spacingMm: 2,
      ijkToLps: [2, 0, 0, -64, 0, 2, 0, -64, 0, 0, 2, -64, 0, 0, 0, 1],
    };
    const side = {
      pedicleCentreLps: [10, 5, 0],
      pedicleAxis: [0, -1, 0],
      sapTpJunctionLps: [15, 10, 0],
      confidence: 1,
    };
    const analysis = {
      schemaVersion: 1,
      found: true,
      summary: 'Synthetic: one vertebra',
      lumbarCount: undefined,
      lastRibLevel: undefined,
      countedFrom: 'none',
      uncertain: false,
      warnings: [],
      vertebrae: [
        {
          name: 'L3',
          confidence: 1,
          bodyCentreLps: [0, 0, 0],
          superiorEndplateCentreLps: [0, 0, 15],
          superiorEndplateNormal: [0, 0, 1],
          inferiorEndplateCentreLps: [0, 0, -15],
          inferiorEndplateNormal: [0, 0, -1],
          spinousProcessTipLps: [0, 20, 0],
          ribs: { left: false, right: false },
          left: side,
          right: { ...side, pedicleCentreLps: [-10, 5, 0], sapTpJunctionLps: [-15, 10, 0] },
        },
      ],
      segments: [],
      sacrum: undefined,
      canal: { pointsLps: [], radiiMm: [] },
      // The labels' block is the whole grid here (types.ts StructureSet: any block holding every label).
      structures: {
        grid,
        box: { lo: [0, 0, 0], dims: [n, n, n] },
        boxLabels: labels,
        structures: [
          {
            id: 'test-root',
            name: 'Test root corridor',
            kind: 'nerve-root',
            label: 1,
            estimated: true,
            confidence: 1,
          },
        ],
      },
      // All inside: one run a row (volume/rowRunLabels.ts).
      body: {
        grid,
        runs: {
          dims: [n, n, n],
          rowFirst: Uint32Array.from({ length: n * n + 1 }, (_, r) => r),
          start: new Uint16Array(n * n),
          end: new Uint16Array(n * n).fill(n),
          label: new Uint8Array(n * n).fill(1),
        },
        couchFound: false,
      },
      timingsMs: {},
    };
    (window as Hooks).__spineplan.analysisStore.getState().finish('synthetic-sphere', analysis, 1);
  });

  // The plan: a needle into the sphere's centre and a painted no-go blob beside its path; the print's pits.
  const paintedId = await page.evaluate(
    ({ entryLps, targetLps, dims, ijkToLps, pits }) => {
      const sp = (window as Hooks).__spineplan;
      const plan = sp.planStore.getState();
      plan.addTrajectory({ entryLps, targetLps });
      let id: string | null = null;
      for (const z of [-4, -2, 0, 2, 4])
        id = plan.paintNoGo(
          id,
          { dims, ijkToLps },
          { centreLps: [12, 8, z], normalLps: [0, 0, 1], radiusMm: 6 },
          'xr-print-paint',
        );
      sp.xrStore.getState().setPrintFiducials(pits);
      return id as string;
    },
    { entryLps: ENTRY, targetLps: TARGET, dims: SPHERE_DIMS, ijkToLps: SPHERE_IJK_TO_LPS, pits: PITS },
  );

  // The "print" in the room's own scene (passthrough): orange sphere on a grey base, dark pits.
  await page.evaluate(
    ({ matrix, pits, baseBottom, baseTop }) => {
      const T = (window as Hooks).__iwerThree;
      const print = new T.Group();
      print.matrixAutoUpdate = false;
      print.matrix.fromArray(matrix);
      const plastic = new T.MeshLambertMaterial({ color: 0xe8a060 });
      print.add(new T.Mesh(new T.SphereGeometry(20, 48, 32), plastic));
      const base = new T.Mesh(
        new T.BoxGeometry(80, baseTop - baseBottom, 120),
        new T.MeshLambertMaterial({ color: 0xb0b4ba }),
      );
      base.position.set(0, (baseTop + baseBottom) / 2, 0);
      print.add(base);
      for (const p of pits) {
        const pit = new T.Mesh(
          new T.SphereGeometry(1.5, 12, 8),
          new T.MeshBasicMaterial({ color: 0x202020 }),
        );
        pit.position.set(...p.positionLps);
        print.add(pit);
      }
      const sem = (window as Hooks).__iwerDevice.sem;
      sem.scene.add(print);
      sem.scene.add(new T.AmbientLight(0xffffff, 1.5));
      sem.scene.add(new T.DirectionalLight(0xffffff, 1.5));
    },
    { matrix: pose.toArray(), pits: PITS, baseBottom: BASE_BOTTOM_Y_MM, baseTop: BASE_TOP_Y_MM },
  );

  await page.getByTestId('xr-enter-ar').click();
  await expect
    .poll(() => page.evaluate(() => (window as Hooks).__spineplan.xrStore.getState().phase))
    .toBe('running');
  // The headset 13 cm above the print and 9 cm towards the user, looking down at it.
  const printAt = new THREE.Vector3().setFromMatrixPosition(pose);
  const eye = printAt.clone().add(new THREE.Vector3(0, 0.13, 0.09));
  const look = new THREE.Quaternion().setFromRotationMatrix(
    new THREE.Matrix4().lookAt(eye, printAt, new THREE.Vector3(0, 1, 0)),
  );
  await page.evaluate(
    ({ p, q }) => {
      const d = (window as Hooks).__iwerDevice;
      // The emulator draws the room (the "passthrough") from the head's centre, the app from each eye: with
      // no eye separation the two pictures line up as they would in a headset.
      d.ipd = 0;
      d.position.set(p[0], p[1], p[2]);
      d.quaternion.set(q[0], q[1], q[2], q[3]);
    },
    { p: eye.toArray(), q: look.toArray() },
  );
  await page.evaluate(stretchXrCanvasesInPage);
  await waitFrames(page);

  await press(page, 'register');
  await expect
    .poll(() => page.evaluate(() => (window as Hooks).__spineplan.xrStore.getState().registering))
    .toBe(true);

  // Touch each pit with the controller tip (iwer's controller position is its target-ray origin), pointing down.
  const down = new THREE.Quaternion().setFromAxisAngle(new THREE.Vector3(1, 0, 0), -Math.PI / 2);
  const touches = () =>
    page.evaluate(() => (window as Hooks).__spineplan.xrStore.getState().touches.length as number);
  for (const [i, pit] of PITS.entries()) {
    const at = new THREE.Vector3(...pit.positionLps).applyMatrix4(pose);
    await setRight(page, at, down, 1, 0);
    await expect.poll(touches).toBe(i + 1);
    await setRight(page, at, down, 0, 1);
  }
  const reg = await page.evaluate(() => {
    const s = (window as Hooks).__spineplan.xrStore.getState();
    return {
      touches: s.touches.length as number,
      registration: s.registration,
      message: s.registrationMessage,
    };
  });
  expect(reg.touches).toBe(PITS.length);
  expect(reg.message).toBeNull();
  expect(reg.registration.freMm).toBeLessThan(0.5);
  expect(reg.registration.targets[0].expectedErrorMm).toBeLessThan(2);

  // The overlay as the headset scene holds it: LPS mm -> room metres, against the print's known pose.
  await waitFrames(page);
  const scene = await page.evaluate(() => (window as Hooks).__spineplan.xrScene());
  const drawn = new THREE.Matrix4().fromArray(scene.modelMatrixWorld);
  const worstMm = Math.max(
    ...[...PITS.map((p) => p.positionLps), ENTRY, TARGET, [40, 60, 60] as Lps, [-40, -30, -60] as Lps].map(
      (p) =>
        new THREE.Vector3(...p).applyMatrix4(drawn).distanceTo(new THREE.Vector3(...p).applyMatrix4(pose)) *
        1000,
    ),
  );
  const parts = (m: THREE.Matrix4) => {
    const out = { p: new THREE.Vector3(), q: new THREE.Quaternion(), s: new THREE.Vector3() };
    m.decompose(out.p, out.q, out.s);
    return out;
  };
  const turnDeg = THREE.MathUtils.radToDeg(parts(drawn).q.angleTo(parts(pose).q));
  const scale = parts(drawn).s;
  console.info(
    `overlay vs print: worst point ${worstMm.toFixed(3)} mm, rotation ${turnDeg.toFixed(4)} deg, scale ${scale.x.toFixed(6)} m/mm, FRE ${reg.registration.freMm.toFixed(3)} mm`,
  );
  expect(worstMm).toBeLessThan(2);
  expect(turnDeg).toBeLessThan(1);
  expect(scale.x).toBeCloseTo(0.001, 6);
  // Painted no-go, the needle and the plan's parts are drawn in the headset; the surface is left to the print.
  expect(scene.visibleParts).toContain(`painted-${paintedId}`);
  expect(scene.visibleParts.some((n: string) => n.startsWith('needle-'))).toBe(true);
  expect(scene.visibleParts).not.toContain('bone-surface');
  // The automatic structure (its surface built in a worker) and the level name.
  await expect
    .poll(async () => (await page.evaluate(() => (window as Hooks).__spineplan.xrScene())).visibleParts)
    .toContain('analysis-no-go-test-root');
  expect(scene.visibleParts).toContain('level-labels');
  // The frame-time readout has a figure.
  await expect
    .poll(() => page.evaluate(() => (window as Hooks).__spineplan.xrStore.getState().frameMs))
    .toBeGreaterThan(0);
  // The controller out of the view for the picture.
  await setRight(page, eye.clone().add(new THREE.Vector3(0.3, -0.2, 0.1)), down);
  await keepScreenshot(page, testInfo, 'overlay-on-print');
  // The registration panel: touched pits with residuals, FRE, the expected error at the target.
  const panelAt = new THREE.Vector3(-0.42, 1.05, -0.5);
  const panelEye = panelAt.clone().add(new THREE.Vector3(0.25, 0.05, 0.45));
  const panelLook = new THREE.Quaternion().setFromRotationMatrix(
    new THREE.Matrix4().lookAt(panelEye, panelAt, new THREE.Vector3(0, 1, 0)),
  );
  await page.evaluate(
    ({ p, q }) => {
      const d = (window as Hooks).__iwerDevice;
      d.position.set(p[0], p[1], p[2]);
      d.quaternion.set(q[0], q[1], q[2], q[3]);
    },
    { p: panelEye.toArray(), q: panelLook.toArray() },
  );
  await waitFrames(page);
  await keepScreenshot(page, testInfo, 'registration-panel');

  await page.getByTestId('xr-exit').dispatchEvent('click');
  await expect
    .poll(() => page.evaluate(() => (window as Hooks).__spineplan.xrStore.getState().phase))
    .toBe('ended');
  expect(errors).toEqual([]);
});
