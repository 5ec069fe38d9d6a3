import { expect, type Page, type TestInfo, test } from '@playwright/test';
import type { Vec3 } from '../../src/core/vec3';
import { generatePhantom } from '../../src/phantom/index';
import { detectorDirection } from '../../src/planning/carm';
import { endplateNormalFor } from '../../src/planning/endplates';
import { computeDrrRays, type DrrClip, type DrrGeometry, drrStepMm } from '../../src/volume/drr';
import {
  type DoseLevel,
  type DrrDisplaySettings,
  drrPicture,
  drrSizeFor,
  MONITOR_LOOK,
  NO_DATA_GREY,
} from '../../src/volume/drrDisplay';
import type { Volume } from '../../src/volume/volume';
import { testDataPath } from '../testData';
import { watchPageErrors } from './helpers';

/**
 * The virtual C-arm in Chromium (SwiftShader WebGL2): the GPU display pipeline against its CPU twin
 * (src/volume/drr.ts + drrDisplay.ts) pixel for pixel on the small phantom, a mirror-symmetric phantom's AP,
 * the CT's end faded and named, resolution following the view, needles as a dot in the bull's-eye view at
 * every zoom, the shot and pedal keys whatever has focus, and screenshots for a person to look at (the demo
 * and the pancreas CT: AP, AP squared, ipsilateral oblique, bull's-eye, lateral).
 */

const PANCREAS = testDataPath('ct-series/pancreas-ct-cb001');
const phantom = generatePhantom({ size: 'small', seed: 1 });
const [sx, sy, sz] = phantom.spacingMm;
const [ox, oy, oz] = phantom.originLps;
const IJK_TO_LPS = [sx, 0, 0, ox, 0, sy, 0, oy, 0, 0, sz, oz, 0, 0, 0, 1];

/** The small phantom mirror-symmetric about x = 0 (its left half copied onto its right). */
function mirroredHu(): Int16Array {
  const [nx, ny, nz] = phantom.dims;
  const hu = phantom.hu.slice();
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = nx / 2; i < nx; i++) hu[i + nx * (j + ny * k)] = hu[nx - 1 - i + nx * (j + ny * k)]!;
  return hu;
}

/** Opens the small phantom (generated here in Node) as the study, through the study store. */
async function openPhantom(page: Page, hu: Int16Array = phantom.hu): Promise<void> {
  const base64 = Buffer.from(hu.buffer, hu.byteOffset, hu.byteLength).toString('base64');
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
  }, patch);
  await frames(page);
}

/** Waits three animation frames: the on-demand canvas recomputes the image in the first after a change. */
async function frames(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r)))),
  );
}

interface HookReadout {
  n: number;
  smoothSigmaMm: number;
  geometry: DrrGeometry;
  clip: DrrClip | undefined;
  settings: DrrDisplaySettings;
  grey: number[];
  lineIntegrals: number[];
}

/** The monitor's own pipeline read back through window.__spineplanDrr (scene/carm/DrrImage.tsx). */
async function readHook(page: Page): Promise<HookReadout> {
  await frames(page);
  return page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: test hook
    const h = (window as any).__spineplanDrr;
    const grey = Array.from(h.readDisplayGrey() as Uint8Array);
    const rays = h.readRays();
    return {
      n: h.sizePx,
      smoothSigmaMm: h.smoothSigmaMm,
      geometry: h.geometry,
      clip: h.clip,
      settings: h.settings,
      grey,
      lineIntegrals: Array.from(rays.lineIntegrals as Float32Array),
    };
  });
}

/** The C-arm view as the user sees it, kept for a person to look at. */
async function keepCarmShot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await frames(page);
  const path = testInfo.outputPath(`${name}.png`);
  await page.getByTestId('carm-view-box').screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

const volumeOf = (hu: Int16Array) =>
  ({
    dims: phantom.dims,
    spacingMm: phantom.spacingMm,
    ijkToLps: IJK_TO_LPS,
    data: hu,
    rescaleSlope: 1,
    rescaleIntercept: 0,
  }) as unknown as Volume;

/** The CPU twin of what the hook shows: same geometry, clip, size, smoothing; window from its own rays. */
function cpuPipeline(hu: Int16Array, r: HookReadout, dose: DoseLevel) {
  const volume = volumeOf(hu);
  const rays = computeDrrRays(volume, r.geometry, { sizePx: r.n, stepMm: drrStepMm(volume), clip: r.clip });
  const { grey, settings } = drrPicture(rays, r.n, {
    look: MONITOR_LOOK,
    fieldMm: r.geometry.fieldMm,
    collimation: r.settings.collimation,
    blackBone: r.settings.blackBone,
    dose,
    noiseSeed: r.settings.noiseSeed,
    smoothSigmaMm: r.smoothSigmaMm,
  });
  return { rays, settings, grey };
}

test.use({ viewport: { width: 1000, height: 700 } });

async function openCarm(page: Page, hu: Int16Array = phantom.hu): Promise<string[]> {
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  await page.waitForFunction(() => Boolean((window as { __spineplan?: unknown }).__spineplan));
  await openPhantom(page, hu);
  await page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: test hook
    (window as any).__spineplan.carmStore?.getState().set({ resolutionPx: 256 });
  });
  await page.getByTestId('viewport-mode-carm').click();
  await expect(page.getByTestId('carm-view')).toBeVisible();
  await setCarm(page, { resolutionPx: 256 });
  await page.waitForFunction(() =>
    Boolean((window as { __spineplanDrr?: { settings: unknown } }).__spineplanDrr?.settings),
  );
  // The volume texture fills slab by slab across tasks: an image read while slabs still arrive differs from
  // the next read where they landed (a with/without-needle difference then shows slabs, not the needle).
  await page.waitForFunction(() =>
    // biome-ignore lint/suspicious/noExplicitAny: test hook
    (window as any).__spineplan.gpu.volumeTextureComplete(),
  );
  return errors;
}

/** |GPU - CPU| grey levels over the pixels inside the field: mean, 99th percentile, max. */
function greyDiffs(gpu: number[], cpu: Uint8ClampedArray) {
  const d = gpu.map((g, i) => Math.abs(g - cpu[i]!)).sort((a, b) => a - b);
  return {
    mean: d.reduce((s, x) => s + x, 0) / d.length,
    p99: d[Math.floor(0.99 * d.length)]!,
    max: d.at(-1)!,
  };
}

test('GPU display pipeline = CPU pipeline, pixel for pixel (with automatic window, edges and noise)', async ({
  page,
}, testInfo) => {
  const errors = await openCarm(page);
  await page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: test hook
    (window as any).__spineplan.carmStore.getState().setAngles({ obliqueDeg: 20, tiltDeg: -10 });
  });
  for (const dose of ['off', 'standard'] as const) {
    await setCarm(page, { dose, collimation: 0.9, fieldMm: 300 });
    const r = await readHook(page);
    expect(r.n).toBe(256);
    const cpu = cpuPipeline(phantom.hu, r, dose);
    // Line integrals: float32 on both sides, same steps (<= 0.1% apart).
    let worstRel = 0;
    for (let i = 0; i < r.lineIntegrals.length; i++)
      worstRel = Math.max(
        worstRel,
        Math.abs(r.lineIntegrals[i]! - cpu.rays.lineIntegrals[i]!) /
          Math.max(0.5, cpu.rays.lineIntegrals[i]!),
      );
    // Automatic window from the GPU's low-pass readback vs the CPU's own.
    const dCentre = Math.abs(r.settings.window.centre - cpu.settings.window.centre);
    const dWidth = Math.abs(r.settings.window.width - cpu.settings.window.width) / cpu.settings.window.width;
    const g = greyDiffs(r.grey, cpu.grey);
    const line = `dose ${dose}, couch clip ${r.clip ? 'on' : 'off'}: line integrals max rel ${(100 * worstRel).toFixed(3)}%, window centre ${dCentre.toExponential(1)}, width ${(100 * dWidth).toFixed(3)}%, grey |GPU-CPU| mean ${g.mean.toFixed(3)} p99 ${g.p99} max ${g.max}`;
    console.log(line);
    testInfo.annotations.push({ type: 'gpu-vs-cpu', description: line });
    // Stated tolerance: line integrals within 0.1%, the window within 0.1%, grey levels within 1 for 99% of
    // the pixels (rounding at a level's edge; float32 texture filtering) and the mean under 0.25.
    expect(worstRel).toBeLessThan(1e-3);
    expect(dWidth).toBeLessThan(1e-3);
    expect(g.mean).toBeLessThan(0.25);
    expect(g.p99).toBeLessThanOrEqual(1);
    expect(Math.max(...r.grey) - Math.min(...r.grey)).toBeGreaterThan(100);
  }
  await keepCarmShot(page, testInfo, 'carm-phantom-oblique-noise');
  expect(errors).toEqual([]);
});

test('a mirror-symmetric phantom gives a mirror-symmetric AP image on the GPU (no centre seam)', async ({
  page,
}, testInfo) => {
  const hu = mirroredHu();
  const errors = await openCarm(page, hu);
  await setCarm(page, { fieldMm: 300, collimation: 1, dose: 'off' });
  const r = await readHook(page);
  const n = r.n;
  let worst = 0;
  let worstGrey = 0;
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n / 2; x++) {
      const a = r.lineIntegrals[y * n + x]!;
      const b = r.lineIntegrals[y * n + n - 1 - x]!;
      worst = Math.max(worst, Math.abs(a - b) / Math.max(0.5, a));
      worstGrey = Math.max(worstGrey, Math.abs(r.grey[y * n + x]! - r.grey[y * n + n - 1 - x]!));
    }
  console.log(
    `symmetric AP on the GPU: line integrals max rel asymmetry ${worst.toExponential(2)}, grey ${worstGrey}`,
  );
  expect(worst).toBeLessThan(1e-3);
  expect(worstGrey).toBeLessThanOrEqual(1);
  await keepCarmShot(page, testInfo, 'carm-symmetric-phantom-ap');
  expect(errors).toEqual([]);
});

test('resolution follows the view (half while an angle is dragged); the CT end fades to grey, named in the corner', async ({
  page,
}, testInfo) => {
  const errors = await openCarm(page);
  await setCarm(page, { resolutionPx: 1024 });
  const size = await page.evaluate(() => {
    const box = document.querySelector('[data-testid="carm-view-box"]')!.getBoundingClientRect();
    return Math.min(box.width, box.height) * window.devicePixelRatio;
  });
  // biome-ignore lint/suspicious/noExplicitAny: test hook
  const sizePx = () => page.evaluate(() => (window as any).__spineplanDrr.sizePx as number);
  await frames(page);
  expect(await sizePx()).toBe(drrSizeFor(size));
  const slider = page.getByTestId('carm-oblique');
  const box = (await slider.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  await frames(page);
  expect(await sizePx()).toBe(drrSizeFor(drrSizeFor(size) / 2));
  await page.mouse.up();
  await frames(page);
  expect(await sizePx()).toBe(drrSizeFor(size));

  // Isocentre 20 mm below the top slice: the upper part of a 30 cm field is beyond the scan.
  const topZ = oz + (phantom.dims[2] - 1) * sz;
  await page.evaluate((z) => {
    // biome-ignore lint/suspicious/noExplicitAny: test hook
    const sp = (window as any).__spineplan;
    sp.planStore.getState().openCase('2.25.77');
    sp.planStore.getState().addTrajectory({
      entryLps: [0, 90, z],
      targetLps: [0, 10, z],
      side: 'right',
      procedure: 'other',
      level: 'L1',
    });
    sp.carmStore.getState().set({ resolutionPx: 256, showNeedles: false });
    sp.carmStore.getState().setAngles({ obliqueDeg: 0, tiltDeg: 0 });
  }, topZ - 20);
  const r = await readHook(page);
  await expect(page.getByTestId('carm-scan-range-note')).toContainText('toward the head');
  const n = r.n;
  // The rows near the top inside the field: the flat no-data grey, never white.
  const top = r.grey.slice(
    Math.round(0.08 * n) * n + Math.round(0.45 * n),
    Math.round(0.08 * n) * n + Math.round(0.55 * n),
  );
  for (const g of top) expect(Math.abs(g - Math.round(NO_DATA_GREY * 255))).toBeLessThanOrEqual(2);
  await keepCarmShot(page, testInfo, 'carm-scan-end');
  expect(errors).toEqual([]);
});

test("a planned needle is a dot in 'Match needle' at every zoom and a line in 'Progression'; F and the pedal work from any C-arm control", async ({
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
  /** DRR pixels darker with the needle than without (black bone: steel is dark), as image fractions. */
  const needlePixels = async () => {
    await setCarm(page, { showNeedles: true });
    const a = await readHook(page);
    await setCarm(page, { showNeedles: false });
    const b = await readHook(page);
    await setCarm(page, { showNeedles: true });
    const pts: [number, number][] = [];
    for (let i = 0; i < a.grey.length; i++)
      if (b.grey[i]! - a.grey[i]! > 40)
        pts.push([((i % a.n) + 0.5) / a.n, (Math.floor(i / a.n) + 0.5) / a.n]);
    return pts;
  };
  const extent = (pts: [number, number][]) =>
    Math.max(
      Math.max(...pts.map((p) => p[0])) - Math.min(...pts.map((p) => p[0])),
      Math.max(...pts.map((p) => p[1])) - Math.min(...pts.map((p) => p[1])),
    );

  await page.getByTestId('carm-btn-match-needle').click();
  for (const field of [300, 220, 150]) {
    await setCarm(page, { fieldMm: field });
    const dot = await needlePixels();
    // A dot at the image centre, whatever the zoom: within 0.02 of the field.
    expect(dot.length, `${field} mm`).toBeGreaterThan(0);
    expect(extent(dot), `${field} mm`).toBeLessThanOrEqual(0.02);
    expect(Math.abs(dot[0]![0] - 0.5)).toBeLessThan(0.02);
  }
  await keepCarmShot(page, testInfo, 'carm-bulls-eye-15cm');

  await page.getByTestId('carm-btn-progression').click();
  const line = await needlePixels();
  await keepCarmShot(page, testInfo, 'carm-progression');
  expect(extent(line)).toBeGreaterThan(0.15);

  // Shots: F with a button, a slider or a checkbox of the panel focused; each shot lights the indicator.
  await page.getByTestId('carm-live').uncheck();
  const shots = () =>
    // biome-ignore lint/suspicious/noExplicitAny: test hook
    page.evaluate(() => (window as any).__spineplan.carmStore.getState().counters['2.25.77']?.shots ?? 0);
  // The indicator shows for 600 ms: what it showed is recorded as it appears, so a slow test machine
  // cannot miss it between the key press and the check.
  await page.evaluate(() => {
    const seen: string[] = [];
    Object.assign(window, { __indicatorTexts: seen });
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="carm-exposure-indicator"]')?.textContent;
      if (text && seen[seen.length - 1] !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const indicatorTexts = () =>
    // biome-ignore lint/suspicious/noExplicitAny: test hook
    page.evaluate(() => (window as any).__indicatorTexts as string[]);
  for (const control of ['carm-btn-ap', 'carm-oblique', 'carm-black-bone', 'carm-shot'] as const) {
    const before = await shots();
    await page.getByTestId(control).focus();
    await page.keyboard.press('f');
    expect(await shots(), control).toBe(before + 1);
    await expect.poll(indicatorTexts).toContainEqual(expect.stringContaining(`shot ${before + 1}`));
  }
  await keepCarmShot(page, testInfo, 'carm-shot-indicator');
  // Space on a focused checkbox of the panel is the pedal, not a toggle.
  const blackBone = page.getByTestId('carm-black-bone');
  const checked = await blackBone.isChecked();
  await blackBone.focus();
  await page.keyboard.down(' ');
  await expect(page.getByTestId('carm-pedal')).toHaveText('LIVE');
  await expect(page.getByTestId('carm-exposure-indicator')).toHaveText('LIVE');
  await page.keyboard.up(' ');
  await expect(page.getByTestId('carm-pedal')).toHaveText('Fluoro (hold)');
  expect(await blackBone.isChecked()).toBe(checked);
  expect(errors).toEqual([]);
});

/** The five views a TFESI starts with, from the procedure's own view sequence (presets of the selected needle). */
const SEQUENCE = [
  ['carm-preset-ap', 'ap'],
  ['carm-preset-ap-squared', 'ap-squared'],
  ['carm-preset-oblique', 'oblique'],
  ['carm-preset-bulls-eye', 'bulls-eye'],
  ['carm-preset-lateral', 'lateral'],
] as const;

async function shootSequence(
  page: Page,
  testInfo: TestInfo,
  prefix: string,
): Promise<{ obliqueDeg: number; tiltDeg: number }[]> {
  const angles: { obliqueDeg: number; tiltDeg: number }[] = [];
  for (const [button, name] of SEQUENCE) {
    await page.getByTestId(button).click();
    await frames(page);
    angles.push(
      await page.evaluate(() => {
        // biome-ignore lint/suspicious/noExplicitAny: test hook
        const c = (window as any).__spineplan.carmStore.getState();
        return { obliqueDeg: c.obliqueDeg as number, tiltDeg: c.tiltDeg as number };
      }),
    );
    await keepCarmShot(page, testInfo, `${prefix}-${name}`);
  }
  return angles;
}

test("demo case: the TFESI view sequence (AP, AP squared, oblique, bull's-eye, lateral) looks like fluoroscopy", async ({
  page,
}, testInfo) => {
  // The demo is generated in the page (~1 min under SwiftShader) before the C-arm can show it.
  test.setTimeout(240_000);
  const errors = watchPageErrors(page);
  await page.goto('/?demo=1');
  await page.waitForFunction(
    // biome-ignore lint/suspicious/noExplicitAny: test hook
    () => (window as any).__spineplan?.studyStore.getState().status === 'ready',
    undefined,
    { timeout: 150_000 },
  );
  await page.getByTestId('viewport-mode-carm').click();
  await page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: test hook
    const sp = (window as any).__spineplan;
    sp.carmStore.getState().set({ resolutionPx: 512, fieldMm: 220 });
    sp.viewStore.getState().toggleMaximized('3d');
    const truth = sp.studyStore.getState().demoTruth;
    const target = truth.segments.find((s: { name: string }) => s.name === 'L4-L5').right
      .safeTriangleCentreLps;
    sp.planStore.getState().addTrajectory({
      entryLps: [target[0] - 35, target[1] + 70, target[2] + 15],
      targetLps: target,
      side: 'right',
      procedure: 'tfesi',
      level: 'L4-L5',
    });
  });
  const angles = await shootSequence(page, testInfo, 'carm-demo');
  // The plain AP has no tilt; the squared AP and the oblique after it keep the L4 endplate squared (the
  // central ray in its plane: the tilt the oblique needs for that differs a little from the AP's).
  // biome-ignore lint/suspicious/noExplicitAny: test hook
  const truth = await page.evaluate(() => (window as any).__spineplan.studyStore.getState().demoTruth);
  const normal = endplateNormalFor(truth, 'L4-L5')!;
  expect(angles[0]!.tiltDeg).toBe(0);
  expect(angles[1]!.tiltDeg).not.toBe(0);
  for (const a of [angles[1]!, angles[2]!]) {
    const u = detectorDirection(a.obliqueDeg, a.tiltDeg);
    expect(Math.abs(u[0] * normal[0] + u[1] * normal[1] + u[2] * normal[2])).toBeLessThan(0.01);
  }
  expect(Math.abs(angles[2]!.obliqueDeg)).toBeGreaterThan(15);
  expect(errors).toEqual([]);
});

test('pancreas CT: the same sequence on patient data, the CT couch left out', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  await page.waitForFunction(() => Boolean((window as { __spineplan?: unknown }).__spineplan));
  await page.getByTestId('folder-input').setInputFiles(PANCREAS);
  await page.waitForFunction(
    // biome-ignore lint/suspicious/noExplicitAny: test hook
    () => (window as any).__spineplan?.analysisStore.getState().analysis !== null,
    undefined,
    { timeout: 150_000 },
  );
  await page.getByTestId('viewport-mode-carm').click();
  await page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: test hook
    const sp = (window as any).__spineplan;
    sp.carmStore.getState().set({ resolutionPx: 512, fieldMm: 220 });
    sp.viewStore.getState().toggleMaximized('3d');
    const a = sp.analysisStore.getState().analysis;
    const l4 = a.vertebrae.find((v: { name: string }) => v.name === 'L4');
    const l5 = a.vertebrae.find((v: { name: string }) => v.name === 'L5');
    // Below the left L4 pedicle, half-way to L5 (the safe triangle's neighbourhood), approached from the left.
    const ped = l4.left.pedicleCentreLps;
    const target = [ped[0], ped[1] - 4, (ped[2] + l5.bodyCentreLps[2]) / 2 + 2];
    sp.planStore.getState().addTrajectory({
      entryLps: [target[0] + 40, target[1] + 70, target[2] + 12],
      targetLps: target,
      side: 'left',
      procedure: 'tfesi',
      level: 'L4-L5',
    });
  });
  // biome-ignore lint/suspicious/noExplicitAny: test hook
  expect(await page.evaluate(() => Boolean((window as any).__spineplanDrr?.clip))).toBe(true);
  await shootSequence(page, testInfo, 'carm-pancreas');
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
  await keepCarmShot(page, testInfo, 'carm-supine-ap');
  // LAO 20 supine: the detector swings toward the patient's left, above the table (anterior).
  await page.getByTestId('carm-oblique').focus();
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('carm-angles')).toContainText('LAO 20°');
  expect((await carm()).obliqueDeg).toBeCloseTo(160, 6);
  expect(errors).toEqual([]);
});
