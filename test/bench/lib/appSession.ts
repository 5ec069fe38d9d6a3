import { readdirSync, readFileSync, rmSync } from 'node:fs';
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
  /** The first frame of the shared canvas with the 3D view in it, finished (gl.finish + 1-pixel read). */
  frame3d?: number;
}

export interface OpenMeasurement {
  marks: OpenMarks;
  /** Main-thread tasks over 200 ms between the start and the finished 3D frame (start ms, duration ms). */
  longTasks: { startMs: number; durationMs: number }[];
  /** Sum of the proportional set size of every Chromium process (browser, GPU, renderer): before / peak / after. */
  memory: { baselineBytes: number; peakBytes: number; afterBytes: number };
  /** Bytes of the GPU volume texture (window.__spineplan.gpu). */
  volumeTextureBytes: number;
  /** The volume the app shows (dims) and the 3D view's notice (downsampled or not), if any. */
  dims: number[];
  notice: string | null;
  errors: string[];
}

/**
 * Installed before any page script: long-task observer, drop time, and a rAF poll for the milestones.
 * The 3D milestone is the first frame counter value (FrameCounter.tsx, data-frames on the 3D toolbar),
 * then gl.finish() and a one-pixel read on the shared canvas so the frame is really drawn.
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
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.duration > 200) longTasks.push({ startMs: e.startTime, durationMs: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  document.addEventListener('change', (e) => {
    const t = e.target;
    if (t && t.getAttribute && t.getAttribute('data-testid') === 'folder-input') marks.start = performance.now();
  }, true);
  const poll = () => {
    const now = performance.now();
    if (marks.preview === undefined && document.querySelector('[data-testid="loading-state"] canvas')) marks.preview = now;
    if (marks.grid === undefined && document.querySelector('[data-testid="viewport-grid"]')) { marks.grid = now; drew = false; }
    else if (marks.grid !== undefined && marks.views === undefined && drew) {
      drawGl.finish();
      drawGl.readPixels(0, 0, 1, 1, drawGl.RGBA, drawGl.UNSIGNED_BYTE, new Uint8Array(4));
      marks.views = performance.now();
    }
    const toolbar = document.querySelector('[data-testid="view3d-toolbar"]');
    if (marks.frame3d === undefined && toolbar && Number(toolbar.getAttribute('data-frames') || 0) >= 1) {
      let canvas = null;
      for (const c of document.querySelectorAll('canvas')) if (!canvas || c.width * c.height > canvas.width * canvas.height) canvas = c;
      const gl = canvas && canvas.getContext('webgl2');
      if (gl) { gl.finish(); gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4)); }
      marks.frame3d = performance.now();
    }
    if (marks.frame3d === undefined || marks.views === undefined) requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})();`;

/** Proportional set size of every process below this Node process (Chromium and its children), bytes. */
export function chromiumPssBytes(): number {
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
  let total = 0;
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
      total += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
    } catch {
      // Ended meanwhile.
    }
  }
  return total;
}

export interface AppSession {
  browser: Browser;
  baseUrl: string;
  close(): Promise<void>;
}

export async function openAppSession(outDir: string): Promise<AppSession> {
  await build({ configFile: CONFIG, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  const server: PreviewServer = await preview({
    configFile: CONFIG,
    logLevel: 'error',
    build: { outDir },
    preview: { port: APP_PORT, strictPort: true, host: '127.0.0.1', open: false },
  });
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    browser,
    baseUrl: `http://127.0.0.1:${APP_PORT}`,
    close: async () => {
      await browser.close();
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

async function waitAndCollect(
  context: BrowserContext,
  page: Page,
  baselineBytes: number,
  errors: string[],
  timeoutMs: number,
): Promise<OpenMeasurement> {
  let peakBytes = baselineBytes;
  const sampler = setInterval(() => {
    peakBytes = Math.max(peakBytes, chromiumPssBytes());
  }, 200);
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
  peakBytes = Math.max(peakBytes, chromiumPssBytes());
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const afterBytes = chromiumPssBytes();
  const state = await page.evaluate(() => {
    const hook = (
      window as unknown as {
        __spineplan: {
          gpu: { volumeTextureBytes: () => number };
          studyStore: { getState(): { volume: { dims: number[] } | null } };
        };
        __openBench: { marks: OpenMarks; longTasks: { startMs: number; durationMs: number }[] };
      }
    ).__spineplan;
    const bench = (
      window as unknown as { __openBench: { marks: OpenMarks; longTasks: OpenMeasurement['longTasks'] } }
    ).__openBench;
    const bytes = hook.gpu.volumeTextureBytes;
    return {
      marks: bench.marks,
      longTasks: bench.longTasks,
      volumeTextureBytes: typeof bytes === 'function' ? bytes() : Number(bytes),
      dims: [...(hook.studyStore.getState().volume?.dims ?? [])],
      notice: document.querySelector('[data-testid="view3d-notice"]')?.textContent ?? null,
      error: document.querySelector('[data-testid="error-state"]')?.textContent ?? null,
    };
  });
  if (state.error) errors.push(`app error state: ${state.error}`);
  const end = state.marks.frame3d ?? Number.POSITIVE_INFINITY;
  return {
    marks: state.marks,
    longTasks: state.longTasks.filter((t) => t.startMs >= state.marks.start && t.startMs <= end),
    memory: { baselineBytes, peakBytes, afterBytes },
    volumeTextureBytes: state.volumeTextureBytes,
    dims: state.dims,
    notice: state.notice,
    errors,
  };
}

/** A fresh browser context (empty cache and storage), the app opened, a folder given to its folder input. */
export async function openFolderInApp(
  session: AppSession,
  folder: string,
  timeoutMs: number,
): Promise<{ measurement: OpenMeasurement; context: BrowserContext; page: Page }> {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(INIT_SCRIPT);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${session.baseUrl}/?demo=0`);
  const input = page.getByTestId('folder-input');
  await input.waitFor({ state: 'attached' });
  const baselineBytes = chromiumPssBytes();
  await input.setInputFiles(folder);
  const measurement = await waitAndCollect(context, page, baselineBytes, errors, timeoutMs);
  return { measurement, context, page };
}

/** The demo's first visit: a fresh context (nothing cached), `/?demo=1`, timed from navigation start. */
export async function openDemoInApp(
  session: AppSession,
  timeoutMs: number,
): Promise<{ measurement: OpenMeasurement; context: BrowserContext; page: Page }> {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(INIT_SCRIPT);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const baselineBytes = chromiumPssBytes();
  await page.goto(`${session.baseUrl}/?demo=1`);
  const measurement = await waitAndCollect(context, page, baselineBytes, errors, timeoutMs);
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
