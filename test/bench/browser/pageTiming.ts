import type { PageSamples } from './transport';

/** One contender in the page: `run` draws one frame (or does one job) and returns when the result exists. */
export interface PageSide {
  name: string;
  run: () => void | Promise<void>;
}

/**
 * Waits until the GPU has finished everything queued on `gl`: gl.finish() alone may return early on some
 * drivers, so one pixel is read back as well (readPixels cannot return before the frame is drawn).
 * The pixel is read from whatever framebuffer is bound, so float targets read as FLOAT.
 */
export function gpuSync(gl: WebGL2RenderingContext, floatTarget = false): void {
  gl.finish();
  if (floatTarget) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.FLOAT, new Float32Array(4));
  else gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
}

/**
 * The page-side twin of lib/stats.ts timeInterleaved (which needs node:v8): each round runs every side
 * once, starting one further along each round, so bursts of load from other processes on the shared
 * machine land on all sides alike.
 */
export async function timePageSides(
  sides: readonly PageSide[],
  warmup: number,
  runs: number,
): Promise<PageSamples> {
  const samples: PageSamples = Object.fromEntries(sides.map((s) => [s.name, []]));
  for (let round = 0; round < warmup + runs; round++) {
    for (let n = 0; n < sides.length; n++) {
      const side = sides[(round + n) % sides.length]!;
      const start = performance.now();
      await side.run();
      const elapsed = performance.now() - start;
      if (round >= warmup) samples[side.name]!.push(elapsed);
    }
  }
  return samples;
}
