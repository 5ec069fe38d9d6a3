import { expect, type Page } from '@playwright/test';

/**
 * Pixel readback of a view for e2e specs: the shared canvas (preserveDrawingBuffer) cropped to the view's
 * box, reduced in the page to the numbers a test needs (copying whole images out is slow).
 */

/** A region of the view as fractions: [x0, y0, x1, y1], origin top left. */
export type Region = [number, number, number, number];

export interface ViewReadout<K extends string = string> {
  width: number;
  height: number;
  /** Mean of (r + g + b) / 3 per region. */
  regions: Record<K, number>;
  /** Share of pixels with r + g + b > 60. */
  litFraction: number;
  /** Mean green channel over the view (the cost view's samples / 1024 * 255). */
  meanGreen: number;
  /** Against the image kept as `diffWith`: largest channel difference and share and count of pixels differing > 8. */
  maxDiff?: number;
  diffFraction?: number;
  diffPixels?: number;
}

/** The pixels grabbed by grabViewPixels, kept on window.__viewPixels in the page. */
export interface GrabbedPixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
  /** The crop's top left in canvas pixels. */
  x0: number;
  y0: number;
  /** Canvas pixels per CSS pixel, and the view's box relative to the canvas in CSS pixels. */
  scale: number;
  view: { left: number; top: number; width: number; height: number };
}

/**
 * Copies the shared canvas (preserveDrawingBuffer) inside the box of the element with `viewTestId` to
 * window.__viewPixels, for a following page.evaluate to reduce; returns the crop's size in pixels.
 */
export async function grabViewPixels(
  page: Page,
  viewTestId = 'view3d',
): Promise<{ width: number; height: number }> {
  return page.evaluate(async (testId) => {
    const canvas = document.querySelector('[data-testid="shared-canvas"] canvas') as HTMLCanvasElement;
    const element = document.querySelector(`[data-testid="${testId}"]`) as HTMLElement;
    const c = canvas.getBoundingClientRect();
    const v = element.getBoundingClientRect();
    const scale = canvas.width / c.width;
    const image = new Image();
    image.src = canvas.toDataURL('image/png');
    await image.decode();
    const x0 = Math.round((v.left - c.left) * scale);
    const y0 = Math.round((v.top - c.top) * scale);
    const w = Math.round(v.width * scale);
    const h = Math.round(v.height * scale);
    const off = document.createElement('canvas');
    off.width = w;
    off.height = h;
    const ctx = off.getContext('2d')!;
    ctx.drawImage(image, x0, y0, w, h, 0, 0, w, h);
    const grabbed: GrabbedPixels = {
      data: ctx.getImageData(0, 0, w, h).data,
      width: w,
      height: h,
      x0,
      y0,
      scale,
      view: { left: v.left - c.left, top: v.top - c.top, width: v.width, height: v.height },
    };
    (window as unknown as { __viewPixels: GrabbedPixels }).__viewPixels = grabbed;
    return { width: w, height: h };
  }, viewTestId);
}

export async function readView3d<K extends string = never>(
  page: Page,
  options: { regions?: Record<K, Region>; keepAs?: string; diffWith?: string } = {},
): Promise<ViewReadout<K>> {
  await grabViewPixels(page);
  const readout = await page.evaluate(
    ({ regions, keepAs, diffWith }) => {
      const {
        data,
        width: w,
        height: h,
      } = (window as unknown as { __viewPixels: GrabbedPixels }).__viewPixels;
      const store = window as unknown as { __v3dImages?: Record<string, Uint8ClampedArray> };
      store.__v3dImages ??= {};
      const kept = store.__v3dImages;
      if (keepAs) kept[keepAs] = data;
      const out: {
        width: number;
        height: number;
        regions: Record<string, number>;
        litFraction: number;
        meanGreen: number;
        maxDiff?: number;
        diffFraction?: number;
        diffPixels?: number;
      } = { width: w, height: h, regions: {}, litFraction: 0, meanGreen: 0 };
      for (const [name, [x0, y0, x1, y1]] of Object.entries(regions ?? {})) {
        let sum = 0;
        let n = 0;
        for (let y = Math.floor(y0 * h); y < Math.ceil(y1 * h); y++)
          for (let x = Math.floor(x0 * w); x < Math.ceil(x1 * w); x++) {
            const p = (y * w + x) * 4;
            sum += (data[p]! + data[p + 1]! + data[p + 2]!) / 3;
            n++;
          }
        out.regions[name] = n ? sum / n : 0;
      }
      let lit = 0;
      let green = 0;
      for (let p = 0; p < data.length; p += 4) {
        if (data[p]! + data[p + 1]! + data[p + 2]! > 60) lit++;
        green += data[p + 1]!;
      }
      out.litFraction = lit / (w * h);
      out.meanGreen = green / (w * h);
      const other = diffWith ? kept[diffWith] : undefined;
      if (other && other.length === data.length) {
        let max = 0;
        let differing = 0;
        for (let p = 0; p < data.length; p += 4) {
          const d = Math.max(
            Math.abs(data[p]! - other[p]!),
            Math.abs(data[p + 1]! - other[p + 1]!),
            Math.abs(data[p + 2]! - other[p + 2]!),
          );
          if (d > max) max = d;
          if (d > 8) differing++;
        }
        out.maxDiff = max;
        out.diffFraction = differing / (w * h);
        out.diffPixels = differing;
      }
      return out;
    },
    options as { regions?: Record<string, Region>; keepAs?: string; diffWith?: string },
  );
  return readout as ViewReadout<K>;
}

// biome-ignore lint/suspicious/noExplicitAny: the stores are reached through the test hook on window
type Hooks = any;

/** Sets render-store fields through the test hook (window.__spineplan, see src/main.tsx). */
export async function setRenderState(page: Page, patch: Record<string, unknown>): Promise<void> {
  await page.evaluate((p) => (window as Hooks).__spineplan.renderStore.setState(p), patch);
}

/** Frames rendered so far (FrameCounter writes them on the 3D toolbar). */
export async function framesRendered(page: Page): Promise<number> {
  return Number((await page.getByTestId('view3d-toolbar').getAttribute('data-frames')) ?? 0);
}

/**
 * Waits until the canvas has rendered a frame after `before` and then stays still. A change that left the
 * state as it was renders nothing (on demand): after 10 s without a frame the picture is taken as current.
 * The 3D view's brick map for a new transfer function comes from a worker (drawn without skipping until
 * then, the same picture): settled also waits until no view waits for one, so cost readings are of the
 * skipping the view settles on.
 */
export async function settled(page: Page, before: number): Promise<void> {
  await expect
    .poll(() => framesRendered(page), { timeout: 10_000 })
    .toBeGreaterThan(before)
    .catch(() => undefined);
  await expect
    .poll(() => page.evaluate(() => (window as Hooks).__spineplan.gpu.brickMapsAwaited?.() ?? 0))
    .toBe(0);
  let last = -1;
  await expect
    .poll(async () => {
      const now = await framesRendered(page);
      const still = now === last;
      last = now;
      return still;
    })
    .toBe(true);
}
