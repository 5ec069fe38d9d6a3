/**
 * The bench page (built by stages/render.ts with Vite, driven by Playwright): our renderers and NiiVue on
 * the same volume, side by side in one browser. Everything is reached through `window.__bench`.
 */
import { computeDrr } from '../../../src/volume/drr';
import { reslice } from '../../../src/volume/reslice';
import type { Volume } from '../../../src/volume/volume';
import { obliqueGrid, plainTrilinear } from '../lib/plainReslice';
import { createDecodePools, decodeAll, fetchSeries, framesChecksum } from './decodeBench';
import { DrrFrameBench } from './drrFrame';
import { GpuDrr } from './gpuDrr';
import { GpuReslice, windowToGrey } from './gpuReslice';
import { compareRenderings, pixelsToPngDataUrl } from './imageCompare';
import { openNiivueTimed } from './niivueOpen';
import { NiivueRenderer } from './niivueRenderer';
import { BEFORE_RENDERER_ITEM, BEFORE_THIS_ROUND, OurRenderer, type RenderOptions } from './ourRenderer';
import { type PageSide, timePageSides } from './pageTiming';
import { type DicomSeriesMeta, fetchBenchVolume } from './transport';
import { openVtkTimed } from './vtkOpen';

const WIDTH = 800;
const HEIGHT = 600;
const RESLICE_SIZE = 512;
const DRR_SIZE = 512;
/** The DRR check against the CPU reference runs at this size (the CPU pass costs seconds at 512). */
const DRR_CHECK_SIZE = 128;
/** NiiVue's gradient (matcap) amount for its lit rendering, the closest to our shaded composite. */
const NIIVUE_LIT_ILLUMINATION = 0.5;

const canvas = (id: string) => document.getElementById(id) as HTMLCanvasElement;
const ours = new OurRenderer(canvas('ours'), WIDTH, HEIGHT);
// One NiiVue (each instance loading a CT costs minutes on SwiftShader): matte first, then switched to lit.
const niivue = await NiivueRenderer.create(canvas('niivue'));

let volume: Volume | null = null;

/** Logs how long each step took (the Node side prints the page's console when SPINEPLAN_BENCH_VERBOSE is set). */
function stepLogger(label: string) {
  let last = performance.now();
  return (what: string) => {
    const now = performance.now();
    console.log(`${label}: ${what} in ${Math.round(now - last)} ms`);
    last = now;
  };
}
let gpuReslice: GpuReslice | null = null;
let drr: GpuDrr | null = null;

async function loadVolume(name: string) {
  volume = await fetchBenchVolume(name);
  const step = stepLogger(`load ${name}`);
  ours.setVolume(volume);
  step('ours: texture uploaded');
  await niivue.setVolume(volume, 0);
  step('NiiVue: volume loaded');
  const view = niivue.view();
  ours.setView(view);
  gpuReslice?.dispose();
  drr?.dispose();
  gpuReslice = new GpuReslice(ours.renderer, volume, ours.texture!, obliqueGrid(volume, RESLICE_SIZE));
  drr = new GpuDrr(ours.renderer, volume, ours.texture!, DRR_SIZE);
  return {
    view,
    renderer: ours.gl.getParameter(ours.gl.RENDERER) as string,
    textureBytes: ours.textureBytes(),
    classVolumeMs: ours.classVolumeMs,
    voxels: volume.data.length,
  };
}

const renderSides: PageSide[] = [
  { name: 'ours, app default (1.5 samples/voxel)', run: () => ours.renderVolume(1.5) },
  {
    name: 'ours before this round (8^3 bricks one at a time, whole box)',
    run: () => ours.renderVolume(1.5, BEFORE_THIS_ROUND),
  },
  {
    name: 'ours before the renderer item (R16F HU)',
    run: () => ours.renderVolume(1.5, BEFORE_RENDERER_ITEM),
  },
  { name: 'ours, 1 sample/voxel (NiiVue step)', run: () => ours.renderVolume(1) },
  { name: 'NiiVue 0.69 matte (its default)', run: () => niivue.render() },
  { name: 'floor: 1 fetch per pixel', run: () => ours.renderFloor() },
];

/** One frame of each renderer, compared and returned as PNGs (the floor is not an image of the volume). */
function checkRenderFrames() {
  const images: Record<string, string> = {};
  const frames: Record<string, Uint8Array> = {};
  const step = stepLogger('check render');
  const grab = (key: string, draw: () => void, read: () => Uint8Array) => {
    draw();
    frames[key] = read();
    images[key] = pixelsToPngDataUrl(frames[key], WIDTH, HEIGHT);
    step(key);
  };
  grab(
    'ours-default',
    () => ours.renderVolume(1.5),
    () => ours.readCanvas(),
  );
  grab(
    'ours-before',
    () => ours.renderVolume(1.5, BEFORE_RENDERER_ITEM),
    () => ours.readCanvas(),
  );
  grab(
    'ours-before-round',
    () => ours.renderVolume(1.5, BEFORE_THIS_ROUND),
    () => ours.readCanvas(),
  );
  grab(
    'ours-1spv',
    () => ours.renderVolume(1),
    () => ours.readCanvas(),
  );
  grab(
    'niivue-matte',
    () => niivue.render(),
    () => niivue.readCanvas(),
  );
  return {
    images,
    agreement: {
      'ours default vs NiiVue matte': compareRenderings(frames['ours-default']!, frames['niivue-matte']!),
      'ours 1 spv vs NiiVue matte': compareRenderings(frames['ours-1spv']!, frames['niivue-matte']!),
      'ours default vs ours 1 spv': compareRenderings(frames['ours-default']!, frames['ours-1spv']!),
      'ours before vs NiiVue matte': compareRenderings(frames['ours-before']!, frames['niivue-matte']!),
      'ours default vs ours before': compareRenderings(frames['ours-default']!, frames['ours-before']!),
      'ours default vs before this round': compareRenderings(
        frames['ours-default']!,
        frames['ours-before-round']!,
      ),
    },
    frames,
  };
}

/**
 * NiiVue lit (its gradient texture, the closest to our shaded composite), after the matte timing: the
 * instance is switched, checked against our default frame and timed interleaved with the floor only
 * (another round of our frames would double the stage's time), so compare it with ours through the floor.
 */
async function checkAndTimeNiivueLit(warmup: number, runs: number) {
  ours.renderVolume(1.5);
  const oursFrame = ours.readCanvas();
  await niivue.setIllumination(NIIVUE_LIT_ILLUMINATION);
  niivue.render();
  const lit = niivue.readCanvas();
  const samples = await timePageSides(
    [
      { name: 'NiiVue 0.69 lit (gradient 0.5)', run: () => niivue.render() },
      { name: 'floor: 1 fetch per pixel', run: () => ours.renderFloor() },
    ],
    warmup,
    runs,
  );
  await niivue.setIllumination(0);
  return {
    image: pixelsToPngDataUrl(lit, WIDTH, HEIGHT),
    agreement: compareRenderings(oursFrame, lit),
    samples,
  };
}

function checkReslice() {
  if (!volume || !gpuReslice) throw new Error('no volume');
  const grid = gpuReslice.grid;
  const cpu = reslice(volume, grid);
  const plain = plainTrilinear(volume, grid);
  let plainMaxAbsDiffHu = 0;
  for (let i = 0; i < cpu.length; i++)
    if (!Number.isNaN(cpu[i]!))
      plainMaxAbsDiffHu = Math.max(plainMaxAbsDiffHu, Math.abs(cpu[i]! - plain[i]!));
  gpuReslice.render();
  const gpu = gpuReslice.readGrey();
  const cpuGrey = windowToGrey(cpu);
  let maxGreyDiff = 0;
  let pixelsOverOne = 0;
  for (let i = 0; i < gpu.length; i++) {
    const d = Math.abs(gpu[i]! - cpuGrey[i]!);
    maxGreyDiff = Math.max(maxGreyDiff, d);
    if (d > 1) pixelsOverOne++;
  }
  return {
    size: grid.width,
    plainMaxAbsDiffHu,
    gpuVsCpuMaxGreyDiff: maxGreyDiff,
    gpuVsCpuPixelsOverOneGrey: pixelsOverOne,
  };
}

const resliceSides = (): PageSide[] => [
  { name: 'ours GPU (slice material)', run: () => gpuReslice!.render() },
  { name: 'ours CPU (volume/reslice.ts)', run: () => void reslice(volume!, gpuReslice!.grid) },
  { name: 'plain JS trilinear loop', run: () => void plainTrilinear(volume!, gpuReslice!.grid) },
];

function checkDrr() {
  if (!volume || !drr) throw new Error('no volume');
  const small = new GpuDrr(ours.renderer, volume, ours.texture!, DRR_CHECK_SIZE);
  small.render();
  const gpu = small.readLineIntegrals();
  small.dispose();
  const cpu = computeDrr(volume, small.geometry, { sizePx: DRR_CHECK_SIZE, stepMm: small.stepMm });
  let maxAbs = 0;
  let peak = 0;
  for (let i = 0; i < cpu.length; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(gpu[i]! - cpu[i]!));
    peak = Math.max(peak, cpu[i]!);
  }
  // The 512 image, windowed 0..peak for looking at.
  drr.render();
  const full = drr.readLineIntegrals();
  const rgba = new Uint8Array(DRR_SIZE * DRR_SIZE * 4);
  for (let r = 0; r < DRR_SIZE; r++)
    for (let c = 0; c < DRR_SIZE; c++) {
      const g = Math.round(255 * Math.min(1, full[(DRR_SIZE - 1 - r) * DRR_SIZE + c]! / peak));
      rgba.set([g, g, g, 255], 4 * (r * DRR_SIZE + c));
    }
  return {
    checkSize: DRR_CHECK_SIZE,
    stepMm: small.stepMm,
    peakLineIntegral: peak,
    maxAbsDiff: maxAbs,
    maxRelDiff: maxAbs / peak,
    image: pixelsToPngDataUrl(rgba, DRR_SIZE, DRR_SIZE),
  };
}

const drrSides = (): PageSide[] => [
  { name: `ours DRR ${DRR_SIZE}x${DRR_SIZE}`, run: () => drr!.render() },
  { name: `floor: 1 fetch per pixel, ${DRR_SIZE}x${DRR_SIZE}`, run: () => ours.renderFloor(drr!.target) },
];

async function benchDecode(meta: DicomSeriesMeta, warmup: number, runs: number) {
  const series = await fetchSeries(meta);
  const { pool, single, poolSize } = createDecodePools();
  try {
    const checksums = {
      pool: framesChecksum(await decodeAll(pool, series)),
      single: framesChecksum(await decodeAll(single, series)),
    };
    const samples = await timePageSides(
      [
        { name: `pool of ${poolSize} workers`, run: async () => void (await decodeAll(pool, series)) },
        { name: 'one worker', run: async () => void (await decodeAll(single, series)) },
      ],
      warmup,
      runs,
    );
    return { poolSize, checksums, samples };
  } finally {
    pool.dispose();
    single.dispose();
  }
}

let drrFrames: DrrFrameBench | null = null;

/** The DRR stage's volume: ours only (NiiVue's load is the render stage's cost, not this one's). */
async function loadVolumeDrr(name: string) {
  volume = await fetchBenchVolume(name);
  ours.setVolume(volume);
  drrFrames?.dispose();
  drrFrames = new DrrFrameBench(ours.renderer, volume, ours.texture!);
  return { renderer: ours.gl.getParameter(ours.gl.RENDERER) as string };
}

const drrFrameSides = (n: number): PageSide[] => [
  { name: `before issue 18, ${n}x${n}`, run: () => drrFrames!.frameBefore(n) },
  { name: `now (display pipeline), ${n}x${n}`, run: () => drrFrames!.frameAfter(n) },
  { name: `floor: 1 fetch per pixel, ${n}x${n}`, run: () => drrFrames!.frameFloor(n) },
];

/**
 * Our renderer alone (for trying renderer changes quickly, without NiiVue's slow load): the volume and a
 * view (NiiVue's framing from an earlier `loadVolume`), frames of option sets kept by key, compared pixel
 * by pixel, saved, and timed interleaved.
 */
const variantFrames = new Map<string, Uint8Array>();
type Variant = { name: string; samplesPerVoxel: number; options: RenderOptions };
const variantApi = {
  loadVolumeOurs: async (
    name: string,
    view: ReturnType<NiivueRenderer['view']>,
    preset: Parameters<OurRenderer['setPreset']>[0] = 'bone',
  ) => {
    ours.setPreset(preset);
    volume = await fetchBenchVolume(name);
    ours.setVolume(volume);
    ours.setView(view);
    variantFrames.clear();
  },
  viewOf: () => niivue.view(),
  captureVariant: (v: Variant, debugCost = false) => {
    ours.renderVolume(v.samplesPerVoxel, { ...v.options, debugCost });
    const frame = ours.readCanvas();
    variantFrames.set(v.name, frame);
    let samples = 0;
    if (debugCost) for (let i = 0; i < frame.length; i += 4) samples += (frame[i + 1]! / 255) * 1024;
    return { png: pixelsToPngDataUrl(frame, WIDTH, HEIGHT), samples };
  },
  compareVariants: (a: string, b: string) => {
    const fa = variantFrames.get(a)!;
    const fb = variantFrames.get(b)!;
    let maxGreyDiff = 0;
    let pixelsOver2 = 0;
    let pixelsDiffer = 0;
    for (let i = 0; i < fa.length; i++) {
      const d = Math.abs(fa[i]! - fb[i]!);
      if (d > maxGreyDiff) maxGreyDiff = d;
      if (i % 4 === 3) continue;
      if (d > 0) pixelsDiffer++;
      if (d > 2) pixelsOver2++;
    }
    // The difference, 4x brighter, for looking at.
    const diff = new Uint8Array(fa.length);
    for (let i = 0; i < fa.length; i++)
      diff[i] = i % 4 === 3 ? 255 : Math.min(255, 4 * Math.abs(fa[i]! - fb[i]!));
    const diffPng = pixelsToPngDataUrl(diff, WIDTH, HEIGHT);
    return { ...compareRenderings(fa, fb), maxGreyDiff, pixelsDiffer, pixelsOver2, diffPng };
  },
  renderVariantOnce: (v: Variant) => ours.renderVolume(v.samplesPerVoxel, v.options),
  timeVariants: (variants: Variant[], warmup: number, runs: number) =>
    timePageSides(
      variants.map((v) => ({ name: v.name, run: () => ours.renderVolume(v.samplesPerVoxel, v.options) })),
      warmup,
      runs,
    ),
};

const api = {
  ...variantApi,
  loadVolume,
  loadVolumeDrr,
  checkDrrFrames: (n: number) => ({ maxRelDiff: drrFrames!.checkLineIntegrals(n) }),
  timeDrrFrames: (n: number, warmup: number, runs: number) => timePageSides(drrFrameSides(n), warmup, runs),
  checkRender: () => {
    const { frames: _frames, ...rest } = checkRenderFrames();
    return rest;
  },
  checkAndTimeNiivueLit,
  timeRender: (warmup: number, runs: number) => timePageSides(renderSides, warmup, runs),
  /** The render sides' names, and one frame of one side (the Node side reads the browser's CPU time around it). */
  renderSideNames: () => renderSides.map((s) => s.name),
  renderSideOnce: async (name: string) => {
    await renderSides.find((s) => s.name === name)!.run();
  },
  checkReslice,
  timeReslice: (warmup: number, runs: number) => timePageSides(resliceSides(), warmup, runs),
  checkDrr,
  timeDrr: (warmup: number, runs: number) => timePageSides(drrSides(), warmup, runs),
  benchDecode,
  openNiivueTimed,
  openVtkTimed,
};
export type BenchPageApi = typeof api;
(window as unknown as { __bench: BenchPageApi }).__bench = api;
document.title = 'bench ready';
