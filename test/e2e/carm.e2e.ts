import { expect, type Page, test } from '@playwright/test';
import type { Vec3 } from '../../src/core/vec3';
import { generatePhantom } from '../../src/phantom/index';
import { carmGeometry } from '../../src/planning/carmViewsGeometry';
import { computeDrr, drrStepMm } from '../../src/volume/drr';
import { drrGrey } from '../../src/volume/drrDisplay';
import type { Volume } from '../../src/volume/volume';
import { keepScreenshot, watchPageErrors } from './helpers';
import { type GrabbedPixels, grabViewPixels } from './volume3dPixels';

/**
 * The virtual C-arm in Chromium (SwiftShader WebGL2): the GPU DRR against the CPU reference
 * (src/volume/drr.ts) on the small phantom, needles as a dot in the bull's-eye view, the exposure counters,
 * and screenshots of the demo case for a person to look at.
 */

const phantom = generatePhantom({ size: 'small', seed: 1 });
const [sx, sy, sz] = phantom.spacingMm;
const [ox, oy, oz] = phantom.originLps;
const IJK_TO_LPS = [sx, 0, 0, ox, 0, sy, 0, oy, 0, 0, sz, oz, 0, 0, 0, 1];

/** Opens the small phantom (generated here in Node) as the study, through the study store. */
async function openPhantom(page: Page): Promise<void> {
  const base64 = Buffer.from(phantom.hu.buffer, phantom.hu.byteOffset, phantom.hu.byteLength).toString(
    'base64',
  );
  await page.evaluate(
    ({ base64, dims, spacing, ijkToLps }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const volume = {
        id: 'phantom-small',
        dims,
        spacingMm: spacing,
        ijkToLps,
        data: new Int16Array(bytes.buffer),
        rescaleSlope: 1,
        rescaleIntercept: 0,
        metadata: {
          patientName: 'PHANTOM',
          patientId: 'P',
          studyDate: '',
          studyDescription: '',
          seriesDescription: 'small phantom',
          seriesInstanceUid: '2.25.77',
          studyInstanceUid: '2.25.78',
          frameOfReferenceUid: '2.25.79',
          modality: 'CT',
          isDemo: false,
        },
        warnings: [],
      };
      // biome-ignore lint/suspicious/noExplicitAny: test hook exposed by main.tsx on window
      const sp = (window as any).__spineplan;
      sp.studyStore.getState().beginLoading('phantom');
      sp.studyStore.getState().setVolume(volume);
      sp.viewStore.getState().toggleMaximized('3d');
    },
    { base64, dims: phantom.dims, spacing: phantom.spacingMm, ijkToLps: IJK_TO_LPS },
  );
}

/** Sets C-arm store fields (data only) and waits two frames for the on-demand canvas. */
async function setCarm(page: Page, patch: Record<string, unknown>): Promise<void> {
  await page.evaluate(async (p) => {
    // biome-ignore lint/suspicious/noExplicitAny: test hook
    (window as any).__spineplan.carmStore.getState().set(p);
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }, patch);
  await page.waitForTimeout(300);
}

/** Grey levels (0-255, red channel) of the C-arm view at image fractions (fx, fy) of the square field. */
async function readGrey(page: Page, points: [number, number][]): Promise<number[]> {
  await grabViewPixels(page, 'carm-view-box');
  return page.evaluate((pts) => {
    const {
      data,
      width,
      x0,
      y0,
      scale,
      view: v,
    } = (window as unknown as { __viewPixels: GrabbedPixels }).__viewPixels;
    const short = Math.min(v.width, v.height);
    return pts.map(([fx, fy]) => {
      const x = Math.floor((v.left + v.width / 2 + (fx - 0.5) * short) * scale) - x0;
      const y = Math.floor((v.top + v.height / 2 + (fy - 0.5) * short) * scale) - y0;
      return data[(y * width + x) * 4]!;
    });
  }, points);
}

/** SwiftShader casts ~10^7-10^8 samples/s: a 256^2 DRR keeps a frame to a few seconds. */
test.use({ viewport: { width: 1000, height: 700 } });

async function openCarm(page: Page): Promise<string[]> {
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  await page.waitForFunction(() => Boolean((window as { __spineplan?: unknown }).__spineplan));
  await openPhantom(page);
  await page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: test hook
    (window as any).__spineplan.carmStore?.getState().set({ resolutionPx: 256 });
  });
  await page.getByTestId('viewport-mode-carm').click();
  await expect(page.getByTestId('carm-view')).toBeVisible();
  await setCarm(page, { resolutionPx: 256 });
  return errors;
}

test('GPU DRR matches the CPU reference ray sum on the phantom', async ({ page }, testInfo) => {
  const errors = await openCarm(page);
  const window = { centre: 6, width: 6 };
  const pose = { obliqueDeg: 20, tiltDeg: -10 };
  await page.evaluate((a) => {
    // biome-ignore lint/suspicious/noExplicitAny: test hook
    (window as any).__spineplan.carmStore.getState().setAngles(a);
  }, pose);
  await setCarm(page, { fixedWindow: window, blackBone: false, fieldMm: 300, collimation: 1 });
  await keepScreenshot(page, testInfo, 'carm-phantom-oblique');

  const volume = {
    dims: phantom.dims,
    spacingMm: phantom.spacingMm,
    ijkToLps: IJK_TO_LPS,
    data: phantom.hu,
    rescaleSlope: 1,
    rescaleIntercept: 0,
  } as unknown as Volume;
  const [nx, ny, nz] = phantom.dims;
  const iso: Vec3 = [ox + ((nx - 1) / 2) * sx, oy + ((ny - 1) / 2) * sy, oz + ((nz - 1) / 2) * sz];
  const geometry = carmGeometry({ ...pose, isocentreLps: iso, fieldMm: 300 });
  const n = 48;
  const cpu = computeDrr(volume, geometry, { sizePx: n, stepMm: drrStepMm(volume) });
  const points: [number, number][] = [];
  const expected: number[] = [];
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      const fx = (c + 0.5) / n;
      const fy = (r + 0.5) / n;
      if (Math.hypot(fx - 0.5, fy - 0.5) > 0.47) continue;
      points.push([fx, fy]);
      expected.push(drrGrey(cpu[r * n + c]!, window, false) * 255);
    }
  const gpu = await readGrey(page, points);
  const diffs = gpu.map((g, i) => Math.abs(g - expected[i]!)).sort((a, b) => a - b);
  const mean = diffs.reduce((s, d) => s + d, 0) / diffs.length;
  const p95 = diffs[Math.floor(diffs.length * 0.95)]!;
  testInfo.annotations.push({
    type: 'gpu-vs-cpu',
    description: `n=${diffs.length} mean ${mean.toFixed(2)} p95 ${p95} max ${diffs.at(-1)}`,
  });
  console.log(
    `GPU vs CPU grey (0-255): n=${diffs.length} mean ${mean.toFixed(2)} p95 ${p95} max ${diffs.at(-1)}`,
  );
  // Stated tolerance: mean |diff| <= 2 grey levels, 95% of pixels within 6 (sub-pixel position at bone edges).
  expect(mean).toBeLessThanOrEqual(2);
  expect(p95).toBeLessThanOrEqual(6);
  // There is an image: the spine makes contrast.
  expect(Math.max(...gpu) - Math.min(...gpu)).toBeGreaterThan(60);

  // Reported, not asserted (shared machine): time between animation frames around a 512 x 512 recompute.
  await setCarm(page, { resolutionPx: 512 });
  const frameMs = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: test hook
    const carm = (window as any).__spineplan.carmStore.getState();
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => requestAnimationFrame(r));
      const t0 = performance.now();
      carm.setAngles({ obliqueDeg: 21 + i });
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      times.push(performance.now() - t0);
    }
    return times;
  });
  console.log(
    `DRR 512x512 recompute, SwiftShader, ms per frame pair: ${frameMs.map((t) => t.toFixed(0)).join(', ')}`,
  );
  expect(errors).toEqual([]);
});

test("a planned needle is a dot in 'Match needle' and a line in 'Progression'; shots are counted", async ({
  page,
}, testInfo) => {
  const errors = await openCarm(page);
  const target = phantom.truth.segments.find((s) => s.name === 'L4-L5')!.right.safeTriangleCentreLps;
  const entry: Vec3 = [target[0] - 35, target[1] + 70, target[2] + 15];
  await page.evaluate(
    ({ entry, target }) => {
      // biome-ignore lint/suspicious/noExplicitAny: test hook
      const plan = (window as any).__spineplan.planStore.getState();
      plan.openCase('2.25.77');
      plan.addTrajectory({
        entryLps: entry,
        targetLps: target,
        side: 'right',
        procedure: 'tfesi',
        level: 'L4-L5',
      });
    },
    { entry, target },
  );
  await setCarm(page, { fieldMm: 150, fixedWindow: null });
  const grid: [number, number][] = [];
  for (let r = 0; r < 81; r++)
    for (let c = 0; c < 81; c++) grid.push([0.3 + (c * 0.4) / 80, 0.3 + (r * 0.4) / 80]);
  /** Points darker with the needle than without (black bone: steel is dark). */
  const needlePixels = async () => {
    await setCarm(page, { showNeedles: true });
    const withNeedle = await readGrey(page, grid);
    await setCarm(page, { showNeedles: false });
    const without = await readGrey(page, grid);
    await setCarm(page, { showNeedles: true });
    return grid.filter((_, i) => without[i]! - withNeedle[i]! > 40);
  };
  const extent = (pts: [number, number][]) =>
    Math.max(
      Math.max(...pts.map((p) => p[0])) - Math.min(...pts.map((p) => p[0])),
      Math.max(...pts.map((p) => p[1])) - Math.min(...pts.map((p) => p[1])),
    );

  await page.getByTestId('carm-btn-match-needle').click();
  await page.waitForTimeout(300);
  const dot = await needlePixels();
  await keepScreenshot(page, testInfo, 'carm-bulls-eye');
  expect(dot.length).toBeGreaterThan(0);
  // A dot: within 0.02 of the field (3 mm at the detector, 2 mm at the isocentre), at the image centre.
  expect(extent(dot)).toBeLessThanOrEqual(0.02);
  expect(Math.abs(dot[0]![0] - 0.5)).toBeLessThan(0.02);

  await page.getByTestId('carm-btn-progression').click();
  await page.waitForTimeout(300);
  const line = await needlePixels();
  await keepScreenshot(page, testInfo, 'carm-progression');
  // ~80 mm of needle at ~1.5x on a 150 mm field runs from the centre out of the sampled window (0.3-0.7).
  expect(extent(line)).toBeGreaterThan(0.15);
  expect(line.length).toBeGreaterThan(5 * dot.length);

  await page.getByTestId('carm-live').uncheck();
  await page.getByTestId('carm-shot').click();
  await page.getByTestId('carm-shot').click();
  await expect(page.getByTestId('carm-counters')).toHaveText(/Shots 2 · fluoro 1\.0 s/);
  expect(errors).toEqual([]);
});

test('demo case: AP and lateral look like fluoroscopy', async ({ page }, testInfo) => {
  // The demo is generated in the page (~1 min under SwiftShader) before the C-arm can show it.
  test.setTimeout(240_000);
  const errors = watchPageErrors(page);
  await page.goto('/?demo=1');
  await page.waitForFunction(
    // biome-ignore lint/suspicious/noExplicitAny: test hook
    () => (window as any).__spineplan?.studyStore.getState().status === 'ready',
    undefined,
    { timeout: 100_000 },
  );
  await page.getByTestId('viewport-mode-carm').click();
  await page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: test hook
    const sp = (window as any).__spineplan;
    sp.carmStore.getState().set({ resolutionPx: 256 });
    sp.viewStore.getState().toggleMaximized('3d');
  });
  await page.waitForTimeout(1500);
  await keepScreenshot(page, testInfo, 'carm-demo-ap');
  await page.getByTestId('carm-btn-lateral').click();
  await page.waitForTimeout(1500);
  await keepScreenshot(page, testInfo, 'carm-demo-lateral');
  await expect(page.getByTestId('carm-letter-right')).toHaveText('P');
  // Square the endplate at the isocentre (volume centre) from the image: a tilt within the searched range.
  await page.getByTestId('carm-btn-ap').click();
  await page.getByTestId('carm-btn-square').click();
  const tilt = await page.evaluate(
    // biome-ignore lint/suspicious/noExplicitAny: test hook
    () => (window as any).__spineplan.carmStore.getState().tiltDeg as number,
  );
  expect(Math.abs(tilt)).toBeLessThanOrEqual(32.5);
  await page.waitForTimeout(1500);
  await keepScreenshot(page, testInfo, 'carm-demo-ap-squared');
  expect(errors).toEqual([]);
});

test('pedal: live fluoroscopy while held counts pulsed time and one run; prone/supine renames the angles', async ({
  page,
}, testInfo) => {
  const errors = await openCarm(page);
  const carm = () =>
    page.evaluate(() => {
      // biome-ignore lint/suspicious/noExplicitAny: test hook
      const sp = (window as any).__spineplan;
      const s = sp.carmStore.getState();
      return {
        counters: s.counters[sp.planStore.getState().activeCaseKey ?? ''] ?? { shots: 0, fluoroSeconds: 0 },
        exposed: s.exposed,
        pedal: s.pedal,
        obliqueDeg: s.obliqueDeg as number,
      };
    });
  await page.getByTestId('carm-live').uncheck();
  await page.getByTestId('carm-shot').click();
  // Hold L: the monitor follows the C-arm while held, time counts per 1/15 s pulse, one run, no shot.
  await page.keyboard.down('l');
  await expect(page.getByTestId('carm-pedal')).toHaveText('LIVE');
  await page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: test hook
    (window as any).__spineplan.carmStore.getState().setAngles({ obliqueDeg: 15, tiltDeg: -5 });
  });
  expect((await carm()).exposed).toEqual({ obliqueDeg: 15, tiltDeg: -5 });
  await page.waitForTimeout(400);
  await page.keyboard.up('l');
  await expect(page.getByTestId('carm-pedal')).toHaveText('Fluoro (hold)');
  const afterKey = await carm();
  expect(afterKey.pedal).toBeNull();
  expect(afterKey.counters.shots).toBe(1);
  expect(afterKey.counters.runs).toBe(1);
  const livePulses = (afterKey.counters.fluoroSeconds - 0.5) * 15;
  expect(livePulses).toBeGreaterThanOrEqual(1);
  expect(Math.abs(livePulses - Math.round(livePulses))).toBeLessThan(1e-6);
  // Moving after release keeps the last image.
  await page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: test hook
    (window as any).__spineplan.carmStore.getState().setAngles({ obliqueDeg: 30 });
  });
  expect((await carm()).exposed).toEqual({ obliqueDeg: 15, tiltDeg: -5 });
  // The on-screen pedal: held with the mouse.
  await page.getByTestId('carm-pedal').hover();
  await page.mouse.down();
  await expect(page.getByTestId('carm-pedal')).toHaveText('LIVE');
  await page.mouse.up();
  await expect(page.getByTestId('carm-pedal')).toHaveText('Fluoro (hold)');
  const afterButton = await carm();
  expect(afterButton.counters.runs).toBe(2);
  expect(afterButton.counters.shots).toBe(1);
  expect(afterButton.counters.fluoroSeconds).toBeGreaterThan(afterKey.counters.fluoroSeconds);
  await expect(page.getByTestId('carm-counters')).toContainText('runs 2');

  // Live preview again; prone AP (tube under the table: the beam enters the front) shows the patient's right
  // on screen right, the supine vertical beam (PA) the left.
  await page.getByTestId('carm-live').check();
  await page.getByTestId('carm-btn-ap').click();
  await expect(page.getByTestId('carm-angles')).toContainText('AP 0° / tilt 0° (prone)');
  await expect(page.getByTestId('carm-letter-right')).toHaveText('R');
  await page.getByTestId('carm-position-supine').click();
  await page.getByTestId('carm-btn-ap').click();
  await expect(page.getByTestId('carm-angles')).toContainText('PA 0° / tilt 0° (supine)');
  expect((await carm()).obliqueDeg).toBeCloseTo(180, 6);
  await expect(page.getByTestId('carm-letter-right')).toHaveText('L');
  await page.waitForTimeout(300);
  await keepScreenshot(page, testInfo, 'carm-supine-ap');
  // LAO 20 supine: the detector swings toward the patient's left, above the table (anterior).
  await page.getByTestId('carm-oblique').focus();
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('carm-angles')).toContainText('LAO 20°');
  expect((await carm()).obliqueDeg).toBeCloseTo(160, 6);
  expect(errors).toEqual([]);
});
