import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { CHROMIUM_ARGS } from '../browser/session';

/**
 * The real app, built for production (vite.config.ts, own out dir) and served by `vite preview` with its
 * real headers (cross-origin isolation, CSP) on a private port, driven in Chromium as a user would: files
 * through the folder input, or the demo. Used by the open and scale stages (issue 20).
 */

const CONFIG = path.resolve(import.meta.dirname, '../../../vite.config.ts');
export const APP_PORT = Number(process.env.SPINEPLAN_BENCH_APP_PORT ?? 4316);

/** Milestones in page time (performance.now(), ms), from the init script below. */
export interface OpenMarks {
  /** The folder input's change event (the drop); 0 for the demo (navigation start). */
  start: number;
  /** The loading screen's preview of the series (GreyThumbnail canvas): the first image on screen. */
  preview?: number;
  /** The viewport grid exists (volume assembled, slice views mounted). */
  grid?: number;
  /** The first WebGL frame drawn after the grid exists, finished: the slice views' first image. */
  views?: number;
  /** The first frame with the volume drawn in the 3D view, finished on the GPU (a fence after its draws). */
  frame3d?: number;
  /** When the volume texture's slab upload was seen complete (the app's gpu hook), if the app has one. */
  textureWhole?: number;
}

/** Chromium process kinds (the `--type=` switch of each process; none = the browser process). */
export type ProcessKind = 'browser' | 'renderer' | 'gpu' | 'utility' | 'other';
export const PROCESS_KINDS: readonly ProcessKind[] = ['browser', 'renderer', 'gpu', 'utility', 'other'];
export type PssByKind = Record<ProcessKind, number>;

/**
 * Bytes per realm: 'page' and each worker by its script's file name; what is not JavaScript heap and
 * ArrayBuffers (the page's canvases, DOM) under its own key, e.g. 'page Canvas'.
 */
export type JsMemory = Record<string, number>;

/** What ran in a long animation frame (LoAF `scripts`): who called it, the function, its file, ms. */
export interface LongTaskScript {
  invoker: string;
  functionName: string;
  source: string;
  durationMs: number;
}

export interface OpenMeasurement {
  marks: OpenMarks;
  /** Main-thread tasks over 200 ms between the start and the finished 3D frame (start ms, duration ms). */
  longTasks: {
    startMs: number;
    durationMs: number;
    /** Scripts of the long animation frame that holds the task (longest first), if one does. */
    scripts: LongTaskScript[];
    /** The long animation frame's rendering part (rAF callbacks, style, layout, paint) and style+layout, ms. */
    frameRenderMs: number;
    frameLayoutMs: number;
    /** The app's own performance.measure() spans that overlap the task (name, ms inside the task). */
    measures: { name: string; durationMs: number }[];
  }[];
  /** Sum of the proportional set size of every Chromium process (browser, GPU, renderer): before / peak / after. */
  memory: { baselineBytes: number; peakBytes: number; afterBytes: number };
  /**
   * The same PSS per process kind: before, each kind's own peak, at the moment the sum peaked, after GC.
   * The renderer holds the page and its workers (threads of the same process); SwiftShader keeps GPU
   * textures in the GPU process's CPU memory.
   */
  memoryByKind: { baseline: PssByKind; peak: PssByKind; atPeak: PssByKind; after: PssByKind };
  /**
   * Inside the renderer, after GC: bytes per JavaScript realm (performance.measureUserAgentSpecificMemory,
   * cross-origin isolated pages only; V8 heap and the ArrayBuffers each realm holds): the page and each worker.
   */
  jsMemoryAfter: JsMemory | null;
  /** When asked: once the spine analysis that starts by itself has ended, GC, then the same again. */
  afterAnalysis?: { waitedMs: number; byKind: PssByKind; jsMemory: JsMemory | null; workers: string[] };
  /** Bytes of the GPU volume texture (window.__spineplan.gpu). */
  volumeTextureBytes: number;
  /** The volume the app shows (dims) and the 3D view's notice (downsampled or not), if any. */
  dims: number[];
  notice: string | null;
  errors: string[];
}

/**
 * Installed before any page script: long-task and long-animation-frame observers, drop time, and a rAF poll
 * for the milestones. The 3D milestone is the raymarch's first draw (the app's gpu.volumeDraws; without it
 * the first frame counter value, FrameCounter.tsx), each milestone taken when a fence after its draws has
 * signalled, so the frame is really drawn without blocking the page.
 */
const INIT_SCRIPT = `(() => {
  const marks = { start: 0 };
  const longTasks = [];
  window.__openBench = { marks, longTasks };
  // Notes WebGL2 draw calls (the shared canvas), so the first frame after the grid mounts can be caught.
  let drew = false;
  let drawGl = null;
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
    const ctx = getContext.call(this, type, ...rest);
    if (ctx && type === 'webgl2' && !ctx.__benchWrapped) {
      ctx.__benchWrapped = true;
      for (const name of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced']) {
        const draw = ctx[name];
        ctx[name] = function (...args) { drew = true; drawGl = ctx; return draw.apply(this, args); };
      }
    }
    return ctx;
  };
  const frames = [];
  const measures = [];
  window.__openBench.frames = frames;
  window.__openBench.measures = measures;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.duration > 200) longTasks.push({ startMs: e.startTime, durationMs: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  // Long animation frames (LoAF) name the scripts that ran in them: what each long task was.
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.duration > 150) frames.push({ startMs: e.startTime, durationMs: e.duration,
        renderMs: e.renderStart ? Math.round(e.startTime + e.duration - e.renderStart) : 0,
        layoutMs: e.styleAndLayoutStart ? Math.round(e.startTime + e.duration - e.styleAndLayoutStart) : 0,
        scripts: (e.scripts || []).map((s) => ({ invoker: s.invoker || '', functionName: s.sourceFunctionName || '',
          source: (s.sourceURL || '').split('/').pop() + ':' + (s.sourceCharPosition ?? ''), durationMs: Math.round(s.duration) })) });
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) measures.push({ name: e.name, startMs: e.startTime, durationMs: e.duration });
    }).observe({ type: 'measure', buffered: true });
  } catch {}
  document.addEventListener('change', (e) => {
    const t = e.target;
    if (t && t.getAttribute && t.getAttribute('data-testid') === 'folder-input') marks.start = performance.now();
  }, true);
  // A mark is the moment the GPU has finished the frame that drew it: a fence after its draw calls, polled
  // each animation frame (gl.finish would block the page's main thread for the whole frame and add a long
  // task of the bench's own; a fence's status is read between tasks, so the mark is within one frame).
  const fences = {};
  const fence = (name, gl) => { fences[name] = { gl, sync: gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0) }; gl.flush(); };
  const largestGl = () => {
    let canvas = null;
    for (const c of document.querySelectorAll('canvas')) if (!canvas || c.width * c.height > canvas.width * canvas.height) canvas = c;
    return canvas && canvas.getContext('webgl2');
  };
  const poll = () => {
    const now = performance.now();
    for (const name of Object.keys(fences)) {
      const { gl, sync } = fences[name];
      if (gl.getSyncParameter(sync, gl.SYNC_STATUS) === gl.SIGNALED) { marks[name] = now; gl.deleteSync(sync); delete fences[name]; }
    }
    if (marks.preview === undefined && document.querySelector('[data-testid="loading-state"] canvas')) marks.preview = now;
    if (marks.grid === undefined && document.querySelector('[data-testid="viewport-grid"]')) { marks.grid = now; drew = false; }
    else if (marks.grid !== undefined && marks.views === undefined && !fences.views && drew) fence('views', drawGl);
    const toolbar = document.querySelector('[data-testid="view3d-toolbar"]');
    // With the slab upload (issue 20) the 3D view draws the volume once its texture is whole: the app counts
    // the raymarch's draws (gpu.volumeDraws); without that hook, the first frame of the 3D view counts.
    const gpu = window.__spineplan && window.__spineplan.gpu;
    const draws = gpu && typeof gpu.volumeDraws === 'function' ? gpu.volumeDraws() : null;
    if (marks.textureWhole === undefined && gpu && typeof gpu.volumeTextureComplete === 'function' && gpu.volumeTextureComplete()) marks.textureWhole = now;
    const drawn = draws === null ? toolbar && Number(toolbar.getAttribute('data-frames') || 0) >= 1 : draws >= 1;
    if (marks.frame3d === undefined && !fences.frame3d && toolbar && drawn) {
      const gl = largestGl();
      if (gl) fence('frame3d', gl);
      else marks.frame3d = now;
    }
    if (marks.frame3d === undefined || marks.views === undefined) requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})();`;

const emptyByKind = (): PssByKind => ({ browser: 0, renderer: 0, gpu: 0, utility: 0, other: 0 });
const sumOf = (m: PssByKind) => PROCESS_KINDS.reduce((n, k) => n + m[k], 0);

function processKind(pid: number): ProcessKind {
  try {
    // Chromium's children rewrite their title: the switches come joined by spaces, not NULs.
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
    const type = args.find((a) => a.startsWith('--type='))?.slice('--type='.length);
    if (type === undefined) return 'browser';
    if (type === 'renderer') return 'renderer';
    if (type === 'gpu-process') return 'gpu';
    if (type === 'utility') return 'utility';
    return 'other';
  } catch {
    return 'other';
  }
}

/** Proportional set size of every process below this Node process (Chromium and its children), bytes. */
export function chromiumPssBytes(): number {
  return sumOf(chromiumPssByKind());
}

/** PSS of each Chromium process this bench started (by pid), with its kind. */
export function chromiumPssByProcess(): { pid: number; kind: ProcessKind; bytes: number }[] {
  const parent = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      names.set(Number(entry), stat.slice(stat.indexOf('(') + 1, close));
      parent.set(Number(entry), Number(stat.slice(close + 2).split(' ')[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const out: { pid: number; kind: ProcessKind; bytes: number }[] = [];
  for (const pid of parent.keys()) {
    let p = parent.get(pid);
    let ours = false;
    while (p && p > 1) {
      if (p === process.pid) {
        ours = true;
        break;
      }
      p = parent.get(p);
    }
    if (!ours || !/chrom/i.test(names.get(pid) ?? '')) continue;
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      out.push({
        pid,
        kind: processKind(pid),
        bytes: Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024,
      });
    } catch {
      // Ended meanwhile.
    }
  }
  return out;
}

/** The same, per Chromium process kind (browser, renderer = page and its workers, GPU, utility, other). */
export function chromiumPssByKind(): PssByKind {
  return pssByKindOf(chromiumPssByProcess());
}

/** Per-process PSS summed per process kind. */
export function pssByKindOf(processes: readonly { kind: ProcessKind; bytes: number }[]): PssByKind {
  const total = emptyByKind();
  for (const p of processes) total[p.kind] += p.bytes;
  return total;
}

export interface AppSession {
  browser: Browser;
  baseUrl: string;
  /**
   * A fresh context for one run (empty cache and storage). By default its own Chromium on a new profile
   * on disk (launchPersistentContext): contexts made by browser.newContext() are off the record, and
   * Chromium keeps their IndexedDB in the browser process's memory (the Recent-cases copy of the files,
   * the demo's cache), which a user's profile writes to disk. SPINEPLAN_BENCH_OFF_THE_RECORD=1: the old
   * off-the-record contexts of one browser.
   */
  newContext(): Promise<BrowserContext>;
  close(): Promise<void>;
}

const LAUNCH_ARGS = [...CHROMIUM_ARGS, '--enable-blink-features=ForceEagerMeasureMemory'];
const VIEWPORT = { width: 1280, height: 800 };

export async function openAppSession(outDir: string): Promise<AppSession> {
  // SPINEPLAN_BENCH_UNMINIFIED=1 keeps function names, so the long tasks' scripts (LoAF) can be read.
  const minify = process.env.SPINEPLAN_BENCH_UNMINIFIED !== '1';
  await build({ configFile: CONFIG, logLevel: 'error', build: { outDir, emptyOutDir: true, minify } });
  const server: PreviewServer = await preview({
    configFile: CONFIG,
    logLevel: 'error',
    build: { outDir },
    preview: { port: APP_PORT, strictPort: true, host: '127.0.0.1', open: false },
  });
  let browser: Browser;
  try {
    // Eager measureUserAgentSpecificMemory (otherwise it answers at the next GC, up to 20 s later).
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: LAUNCH_ARGS });
  } catch (error) {
    await server.close();
    throw error;
  }
  const offTheRecord = process.env.SPINEPLAN_BENCH_OFF_THE_RECORD === '1';
  const profiles: string[] = [];
  return {
    browser,
    baseUrl: `http://127.0.0.1:${APP_PORT}`,
    newContext: async () => {
      if (offTheRecord) return browser.newContext({ viewport: VIEWPORT });
      const profile = mkdtempSync(path.join(os.tmpdir(), 'spineplan-bench-profile-'));
      profiles.push(profile);
      return chromium.launchPersistentContext(profile, {
        executablePath: '/usr/bin/chromium',
        args: LAUNCH_ARGS,
        viewport: VIEWPORT,
      });
    },
    close: async () => {
      await browser.close();
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
      for (const profile of profiles) rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The page's and each worker's bytes (see OpenMeasurement.jsMemoryAfter), or null where not available. */
async function jsMemory(page: Page): Promise<JsMemory | null> {
  // A string, not a function: tsx's name helper (__name) does not exist in the page.
  return page.evaluate(`(async () => {
    if (!self.crossOriginIsolated || !performance.measureUserAgentSpecificMemory) return null;
    const m = await Promise.race([performance.measureUserAgentSpecificMemory(),
      new Promise((r) => setTimeout(() => r(null), 30000))]);
    if (!m) return null;
    const out = {};
    for (const b of m.breakdown) {
      const a = b.attribution[0];
      const realm = !a ? 'unattributed' : a.scope === 'Window' ? 'page' : a.scope + ' ' + (a.url || '').split('/').pop().replace(/-[A-Za-z0-9_]{8}\\.js$/, '.js');
      const type = b.types.length === 1 && b.types[0] !== 'JavaScript' ? ' ' + b.types[0] : '';
      const key = realm + type;
      out[key] = (out[key] || 0) + b.bytes;
    }
    return out;
  })()`);
}

async function waitAndCollect(
  context: BrowserContext,
  page: Page,
  baseline: PssByKind,
  errors: string[],
  timeoutMs: number,
  waitForAnalysis = false,
): Promise<OpenMeasurement> {
  const baselineBytes = sumOf(baseline);
  let peakBytes = baselineBytes;
  let atPeak = { ...baseline };
  const peak = { ...baseline };
  const sample = () => {
    const now = chromiumPssByKind();
    for (const k of PROCESS_KINDS) peak[k] = Math.max(peak[k], now[k]);
    if (sumOf(now) > peakBytes) {
      peakBytes = sumOf(now);
      atPeak = now;
    }
  };
  const sampler = setInterval(sample, 200);
  try {
    await page.waitForFunction(
      () =>
        ((window as unknown as { __openBench: { marks: OpenMarks } }).__openBench.marks.frame3d !==
          undefined &&
          (window as unknown as { __openBench: { marks: OpenMarks } }).__openBench.marks.views !==
            undefined) ||
        document.querySelector('[data-testid="error-state"]') !== null,
      null,
      { timeout: timeoutMs, polling: 250 },
    );
  } finally {
    clearInterval(sampler);
  }
  sample();
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const after = chromiumPssByKind();
  const afterBytes = sumOf(after);
  const jsMemoryAfter = await jsMemory(page);
  let afterAnalysis: OpenMeasurement['afterAnalysis'];
  if (waitForAnalysis) {
    const waitStart = performance.now();
    await page
      .waitForFunction(
        () =>
          (
            window as unknown as {
              __spineplan: { analysisStore: { getState(): { status: string } } };
            }
          ).__spineplan.analysisStore.getState().status !== 'running',
        null,
        { timeout: 180_000, polling: 500 },
      )
      .catch(() => errors.push('the spine analysis did not end within 180 s'));
    const waitedMs = performance.now() - waitStart;
    await cdp.send('HeapProfiler.collectGarbage');
    afterAnalysis = {
      waitedMs,
      byKind: chromiumPssByKind(),
      jsMemory: await jsMemory(page),
      // Workers still running once the analysis ended (script file names, hash dropped).
      workers: page
        .workers()
        .map((w) => (w.url().split('/').pop() ?? '').replace(/-[A-Za-z0-9_]{8}\.js$/, '.js')),
    };
  }
  const state = await page.evaluate(() => {
    const hook = (
      window as unknown as {
        __spineplan: {
          gpu: { volumeTextureBytes: () => number };
          studyStore: { getState(): { volume: { dims: number[] } | null } };
        };
      }
    ).__spineplan;
    type Span = { startMs: number; durationMs: number };
    const bench = (
      window as unknown as {
        __openBench: {
          marks: OpenMarks;
          longTasks: Span[];
          frames: (Span & { scripts: LongTaskScript[]; renderMs: number; layoutMs: number })[];
          measures: (Span & { name: string })[];
        };
      }
    ).__openBench;
    const bytes = hook.gpu.volumeTextureBytes;
    return {
      marks: bench.marks,
      longTasks: bench.longTasks,
      frames: bench.frames,
      measures: bench.measures,
      volumeTextureBytes: typeof bytes === 'function' ? bytes() : Number(bytes),
      dims: [...(hook.studyStore.getState().volume?.dims ?? [])],
      notice: document.querySelector('[data-testid="view3d-notice"]')?.textContent ?? null,
      error: document.querySelector('[data-testid="error-state"]')?.textContent ?? null,
    };
  });
  if (state.error) errors.push(`app error state: ${state.error}`);
  const last = state.marks.frame3d ?? Number.POSITIVE_INFINITY;
  // What ran in each long task: the long animation frame holding it, the app's measures overlapping it.
  const longTasks = state.longTasks
    .filter((t) => t.startMs >= state.marks.start && t.startMs <= last)
    .map((t) => {
      const end = t.startMs + t.durationMs;
      const frame = state.frames.find(
        (f) => f.startMs <= t.startMs + 1 && f.startMs + f.durationMs >= end - 1,
      );
      return {
        ...t,
        frameRenderMs: frame?.renderMs ?? 0,
        frameLayoutMs: frame?.layoutMs ?? 0,
        scripts: [...(frame?.scripts ?? [])].sort((x, y) => y.durationMs - x.durationMs).slice(0, 4),
        measures: state.measures
          .filter((m) => m.startMs < end && m.startMs + m.durationMs > t.startMs)
          .map((m) => ({
            name: m.name,
            durationMs: Math.round(Math.min(end, m.startMs + m.durationMs) - Math.max(t.startMs, m.startMs)),
          })),
      };
    });
  return {
    marks: state.marks,
    longTasks,
    memory: { baselineBytes, peakBytes, afterBytes },
    memoryByKind: { baseline, peak, atPeak, after },
    jsMemoryAfter,
    afterAnalysis,
    volumeTextureBytes: state.volumeTextureBytes,
    dims: state.dims,
    notice: state.notice,
    errors,
  };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/**
 * SPINEPLAN_BENCH_PROFILE=1: a V8 CPU profile of the page's main thread from the drop to the 3D mark, as
 * self and inclusive time per function (top 30 each). Not part of the figures (the profiler costs time).
 */
async function startProfile(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return {
    stopAndSummarize: async (): Promise<string> => {
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
        profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
      };
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      const parent = new Map<number, number>();
      for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
      const name = (n: ProfileNode) =>
        `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
      const self = new Map<string, number>();
      const inclusive = new Map<string, number>();
      profile.samples.forEach((id, i) => {
        const ms = (profile.timeDeltas[i] ?? 0) / 1000;
        const leaf = byId.get(id)!;
        self.set(name(leaf), (self.get(name(leaf)) ?? 0) + ms);
        const seen = new Set<string>();
        for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
          const key = name(byId.get(n)!);
          if (seen.has(key)) continue;
          seen.add(key);
          inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
        }
      });
      const top = (m: Map<string, number>) =>
        [...m]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 30)
          .map(([k, v]) => `    ${v.toFixed(0).padStart(6)} ms  ${k}`)
          .join('\n');
      return `  CPU profile of the page's main thread, drop -> 3D mark:\n  self:\n${top(self)}\n  inclusive:\n${top(inclusive)}`;
    },
  };
}

/** A fresh browser context (empty cache and storage), the app opened, a folder given to its folder input. */
export async function openFolderInApp(
  session: AppSession,
  folder: string,
  timeoutMs: number,
  opts: { waitForAnalysis?: boolean } = {},
): Promise<{ measurement: OpenMeasurement; context: BrowserContext; page: Page }> {
  const context = await session.newContext();
  await context.addInitScript(INIT_SCRIPT);
  // A persistent context opens with a blank tab: use it (a second tab would be a renderer of its own).
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${session.baseUrl}/?demo=0`);
  const input = page.getByTestId('folder-input');
  await input.waitFor({ state: 'attached' });
  const profiler = process.env.SPINEPLAN_BENCH_PROFILE === '1' ? await startProfile(context, page) : null;
  const baseline = chromiumPssByKind();
  await input.setInputFiles(folder);
  const measurement = await waitAndCollect(context, page, baseline, errors, timeoutMs, opts.waitForAnalysis);
  if (profiler) console.log(await profiler.stopAndSummarize());
  return { measurement, context, page };
}

/** The demo's first visit: a fresh context (nothing cached), `/?demo=1`, timed from navigation start. */
export async function openDemoInApp(
  session: AppSession,
  timeoutMs: number,
): Promise<{ measurement: OpenMeasurement; context: BrowserContext; page: Page }> {
  const context = await session.newContext();
  await context.addInitScript(INIT_SCRIPT);
  // A persistent context opens with a blank tab: use it (a second tab would be a renderer of its own).
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const baseline = chromiumPssByKind();
  await page.goto(`${session.baseUrl}/?demo=1`);
  const measurement = await waitAndCollect(context, page, baseline, errors, timeoutMs);
  return { measurement, context, page };
}

/**
 * The app's own 3D frame once loaded: a wheel step on the 3D view asks for one frame (CameraRig); the time
 * from the event to that frame finished (frame counter moved, gl.finish + 1-pixel read). Whole shared
 * canvas (the slice views draw in the same frame), median of `count` steps alternating in and out.
 */
export async function timeAppFrames(page: Page, count: number): Promise<number[]> {
  // A string, not a function: tsx's name helper (__name) does not exist in the page.
  return page.evaluate(`(async (n) => {
    const view = document.querySelector('[data-testid="view3d"]');
    const toolbar = document.querySelector('[data-testid="view3d-toolbar"]');
    let canvas = null;
    for (const c of document.querySelectorAll('canvas')) if (!canvas || c.width * c.height > canvas.width * canvas.height) canvas = c;
    const gl = canvas.getContext('webgl2');
    const rect = view.getBoundingClientRect();
    const times = [];
    for (let i = 0; i < n; i++) {
      const before = toolbar.getAttribute('data-frames');
      const start = performance.now();
      view.dispatchEvent(new WheelEvent('wheel', { deltaY: i % 2 === 0 ? -40 : 40, clientX: rect.left + rect.width / 2,
        clientY: rect.top + rect.height / 2, bubbles: true, cancelable: true }));
      while (toolbar.getAttribute('data-frames') === before) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        if (performance.now() - start > 30000) throw new Error('no frame after a wheel step');
      }
      gl.finish();
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
      times.push(performance.now() - start);
    }
    return times;
  })(${count})`);
}
