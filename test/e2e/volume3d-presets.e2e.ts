import { expect, type Page, type TestInfo, test } from '@playwright/test';
import { testDataPath } from '../testData';
import { keepScreenshot, watchPageErrors } from './helpers';
import { framesRendered, type Region, readView3d, setRenderState, settled } from './volume3dPixels';

/**
 * Every 3D preset on real CT (pancreas-ct-cb001, 512x512x134) and on the demo phantom, in the anterior
 * view: screenshots kept for a person to look at, pixel checks (bone bright, background empty, a needle
 * in front of the spine visible with bone-only presets and hidden behind the skin), empty-space skipping
 * leaving the image unchanged, and frame times with/without skipping (reported, never asserted).
 */

const PANCREAS = testDataPath('ct-series/pancreas-ct-cb001');
const PRESETS = ['bone', 'boneSoftTissue', 'skin', 'muscle', 'vessels'] as const;

// biome-ignore lint/suspicious/noExplicitAny: the stores are reached through the test hook on window
type Hooks = any;

const CORNERS: Record<string, Region> = {
  topLeft: [0.0, 0.12, 0.08, 0.22],
  bottomLeft: [0.0, 0.9, 0.08, 1.0],
  bottomRight: [0.92, 0.9, 1.0, 1.0],
  topRight: [0.92, 0.12, 1.0, 0.22],
};

/** Centre of the volume box in LPS and an LPS offset from it, read from the open volume. */
async function volumeCentre(page: Page): Promise<[number, number, number]> {
  return page.evaluate(() => {
    const v = (window as Hooks).__spineplan.studyStore.getState().volume;
    const m = v.ijkToLps as number[];
    const c = (v.dims as number[]).map((n) => (n - 1) / 2);
    return [0, 1, 2].map(
      (r) => m[r * 4]! * c[0]! + m[r * 4 + 1]! * c[1]! + m[r * 4 + 2]! * c[2]! + m[r * 4 + 3]!,
    ) as [number, number, number];
  });
}

/** Re-renders and waits for the picture to settle after `change`. */
async function afterChange(page: Page, change: () => Promise<unknown>): Promise<void> {
  const f = await framesRendered(page);
  await change();
  await settled(page, f);
}

/** Median ms per frame over `n` re-renders (jitter seed toggles force a frame; a pixel read waits for the GPU). */
async function frameTimeMs(page: Page, n: number): Promise<number> {
  return page.evaluate(async (count) => {
    const store = (window as Hooks).__spineplan.renderStore;
    const toolbar = document.querySelector('[data-testid="view3d-toolbar"]')!;
    const canvas = document.querySelector('[data-testid="shared-canvas"] canvas') as HTMLCanvasElement;
    const gl = canvas.getContext('webgl2')!;
    const pixel = new Uint8Array(4);
    const frames = () => Number(toolbar.getAttribute('data-frames'));
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const f0 = frames();
      const t0 = performance.now();
      store.setState({ jitterSeed: store.getState().jitterSeed === 0 ? 1 : 0 });
      while (frames() === f0) await new Promise((r) => requestAnimationFrame(r));
      await new Promise((r) => requestAnimationFrame(r));
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    store.setState({ jitterSeed: 0 });
    return times[Math.floor(times.length / 2)]!;
  }, n);
}

async function checkPresets(page: Page, testInfo: TestInfo, label: string) {
  // The couch leaves the 3D view when the spine analysis has found it: compare pictures only after that, or
  // the two renders of a pair straddle the change.
  await expect(page.getByTestId('analysis-status')).toHaveAttribute('data-status', 'done', {
    timeout: 300_000,
  });
  await page.getByTestId('view-anterior').click();
  const c = await volumeCentre(page);
  const results: Record<string, unknown> = {};
  for (const preset of PRESETS) {
    await afterChange(page, () => page.getByTestId('render-preset').selectOption(preset));
    const shot = await readView3d(page, { regions: CORNERS, keepAs: `${label}-${preset}` });
    await keepScreenshot(page, testInfo, `${label}-${preset}`);
    for (const [name, mean] of Object.entries(shot.regions))
      expect(mean, `${label} ${preset} ${name}`).toBeLessThan(6);
    expect(shot.litFraction, `${label} ${preset} lit`).toBeGreaterThan(0.05);
    // Skipping off: the same picture (skipped bricks would have added nothing).
    await afterChange(page, () => setRenderState(page, { emptySpaceSkipping: false }));
    const off = await readView3d(page, { diffWith: `${label}-${preset}` });
    expect(off.maxDiff, `${label} ${preset} skipping on vs off`).toBeLessThanOrEqual(6);
    await afterChange(page, () => setRenderState(page, { emptySpaceSkipping: true }));
    results[preset] = { lit: shot.litFraction.toFixed(3), maxDiffSkipping: off.maxDiff };
  }
  console.log(label, JSON.stringify(results));

  // Bone: the spine is the brightest thing in the middle column; soft tissue around it stays transparent.
  await afterChange(page, () => page.getByTestId('render-preset').selectOption('bone'));
  const spine = await readView3d(page, {
    regions: { middle: [0.46, 0.35, 0.54, 0.75], flank: [0.15, 0.4, 0.22, 0.6] },
  });
  expect(spine.regions.middle, `${label} bone middle`).toBeGreaterThan(60);
  expect(spine.regions.middle).toBeGreaterThan(spine.regions.flank! + 30);

  // A needle 40 mm in front of the volume centre, 150 mm across the body (R-L), in soft tissue in front of the
  // spine: visible through transparent soft tissue (bone preset), hidden behind the skin (skin preset).
  await readView3d(page, { keepAs: `${label}-no-needle` });
  await afterChange(page, () =>
    page.evaluate((centre) => {
      const plans = (window as Hooks).__spineplan.planStore.getState();
      plans.addTrajectory({
        targetLps: [centre[0] - 75, centre[1] - 40, centre[2]],
        entryLps: [centre[0] + 75, centre[1] - 40, centre[2]],
      });
    }, c),
  );
  const withNeedle = await readView3d(page, { diffWith: `${label}-no-needle` });
  await keepScreenshot(page, testInfo, `${label}-bone-needle-visible`);
  // The view shows the 150 mm needle about 70 px long (2x2 layout): well over 40 changed pixels.
  expect(withNeedle.diffPixels, `${label} needle visible with bone preset`).toBeGreaterThan(40);
  await afterChange(page, () => page.getByTestId('render-preset').selectOption('skin'));
  const skinNeedle = await readView3d(page, { diffWith: `${label}-skin` });
  await keepScreenshot(page, testInfo, `${label}-skin-needle-hidden`);
  expect(skinNeedle.diffPixels, `${label} needle hidden behind skin`).toBeLessThan(5);
  await page.evaluate(() => {
    const plans = (window as Hooks).__spineplan.planStore.getState();
    for (const t of plans.plans[plans.activeCaseKey].trajectories) plans.removeTrajectory(t.id);
  });
}

/** Frame times at an 800x600 3D view (maximised), composite bone and skin, skipping off and on; the cost view's mean samples. */
async function measureSpeed(page: Page, label: string) {
  await page.getByTestId('maximize-3d').click();
  // Size the window so the maximised 3D view is 800x600 CSS px (device pixel ratio 1 here).
  let view = (await page.getByTestId('view3d').boundingBox())!;
  const size = page.viewportSize()!;
  await page.setViewportSize({
    width: Math.round(size.width + 800 - view.width),
    height: Math.round(size.height + 600 - view.height),
  });
  await expect
    .poll(async () => Math.round((await page.getByTestId('view3d').boundingBox())!.width))
    .toBe(800);
  view = (await page.getByTestId('view3d').boundingBox())!;
  const lines: string[] = [`${label}: 3D view ${Math.round(view.width)}x${Math.round(view.height)} css px`];
  for (const preset of ['bone', 'skin'] as const) {
    await afterChange(page, () => page.getByTestId('render-preset').selectOption(preset));
    for (const skipping of [false, true]) {
      await afterChange(page, () => setRenderState(page, { emptySpaceSkipping: skipping }));
      const ms = await frameTimeMs(page, 3);
      await afterChange(page, () => setRenderState(page, { debugCost: true }));
      const samples = ((await readView3d(page)).meanGreen * 1024) / 255;
      await afterChange(page, () => setRenderState(page, { debugCost: false }));
      lines.push(
        `  ${preset} skipping ${skipping ? 'on ' : 'off'}: ${ms.toFixed(0)} ms/frame, ${samples.toFixed(1)} samples/pixel`,
      );
    }
  }
  console.log(lines.join('\n'));
  await page.getByTestId('maximize-3d').click();
}

test('pancreas CT: every preset has empty background and unchanged pixels with skipping; bone shows the spine; needle visible/hidden', async ({
  page,
}, testInfo) => {
  test.setTimeout(480_000);
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  await page.getByTestId('folder-input').setInputFiles(PANCREAS);
  await expect(page.getByTestId('viewport-grid')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('panel-series')).toContainText('512 x 512 x 134');
  await expect
    .poll(async () => (await readView3d(page)).litFraction, { timeout: 60_000 })
    .toBeGreaterThan(0.05);
  await checkPresets(page, testInfo, 'pancreas');
  expect(errors).toEqual([]);
});

test('demo phantom: every preset has empty background and unchanged pixels with skipping; bone shows the spine; needle visible/hidden', async ({
  page,
}, testInfo) => {
  test.setTimeout(480_000);
  const errors = watchPageErrors(page);
  await page.goto('/?demo=1');
  await expect(page.getByTestId('demo-banner')).toBeVisible({ timeout: 120_000 });
  await expect
    .poll(async () => (await readView3d(page)).litFraction, { timeout: 120_000 })
    .toBeGreaterThan(0.05);
  await checkPresets(page, testInfo, 'demo');
  expect(errors).toEqual([]);
});

// Frame times take minutes on SwiftShader: measured on request only (SPINEPLAN_MEASURE_3D=1), never asserted.
test('frame time at 800x600 with and without empty-space skipping (pancreas, demo; report only)', async ({
  page,
}) => {
  test.skip(!process.env.SPINEPLAN_MEASURE_3D, 'set SPINEPLAN_MEASURE_3D=1 to measure');
  test.setTimeout(1_500_000);
  await page.goto('/?demo=0');
  await page.getByTestId('folder-input').setInputFiles(PANCREAS);
  await expect(page.getByTestId('panel-series')).toContainText('512 x 512 x 134', { timeout: 90_000 });
  await expect
    .poll(async () => (await readView3d(page)).litFraction, { timeout: 60_000 })
    .toBeGreaterThan(0.05);
  await page.getByTestId('view-anterior').click();
  await measureSpeed(page, 'pancreas');
  await page.goto('/?demo=1');
  await expect(page.getByTestId('demo-banner')).toBeVisible({ timeout: 120_000 });
  await expect
    .poll(async () => (await readView3d(page)).litFraction, { timeout: 120_000 })
    .toBeGreaterThan(0.05);
  await page.getByTestId('view-anterior').click();
  await measureSpeed(page, 'demo');
});
