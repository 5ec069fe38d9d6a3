import type { GpuCapabilities } from '../core/capabilities';

const NO_WEBGL2: GpuCapabilities = {
  webgl2: false,
  max3dTextureSize: 0,
  maxTextureSize: 0,
  floatLinear: false,
  colorBufferFloat: false,
  renderer: 'none',
};

/** What a WebGL2 context (a canvas's or an OffscreenCanvas's) says this GPU can do; loses the context after. */
export function readGpuCapabilities(gl: WebGL2RenderingContext | null): GpuCapabilities {
  if (!gl) return NO_WEBGL2;
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const caps: GpuCapabilities = {
    webgl2: true,
    max3dTextureSize: gl.getParameter(gl.MAX_3D_TEXTURE_SIZE) as number,
    maxTextureSize: gl.getParameter(gl.MAX_TEXTURE_SIZE) as number,
    floatLinear: gl.getExtension('OES_texture_float_linear') !== null,
    colorBufferFloat: gl.getExtension('EXT_color_buffer_float') !== null,
    renderer: debug
      ? String(gl.getParameter(debug.UNMASKED_RENDERER_WEBGL))
      : String(gl.getParameter(gl.RENDERER)),
  };
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return caps;
}

/** Asks a throwaway WebGL2 context on the main thread what this GPU can do. */
export function probeGpu(canvas: HTMLCanvasElement = document.createElement('canvas')): GpuCapabilities {
  return readGpuCapabilities(canvas.getContext('webgl2'));
}

/** The probe worker's answer: null when the worker has no WebGL2 of its own (no OffscreenCanvas WebGL). */
export type GpuProbeAnswer = GpuCapabilities | null;

/** A worker that fails to answer in this time is given up on: the main thread asks instead. */
const WORKER_PROBE_TIMEOUT_MS = 10_000;

/**
 * The probe, asked in a worker. The first WebGL context a page makes starts the GPU process's
 * rasteriser: 130-320 ms on SwiftShader, all of it one main-thread task when asked on the page. Made on
 * an OffscreenCanvas in a worker it blocks only the worker, and the page's own context after it is made
 * in 6-15 ms (headless Chromium on SwiftShader). Where a worker cannot make a WebGL2 context (no
 * OffscreenCanvas, or no WebGL on it), the page asks on the main thread as before, so a browser without
 * WebGL2 still gets its explanation.
 */
export function probeGpuOffMainThread(createWorker: () => Worker): Promise<GpuCapabilities> {
  if (typeof OffscreenCanvas === 'undefined' || typeof Worker === 'undefined')
    return Promise.resolve(probeGpu());
  return new Promise((resolve) => {
    let worker: Worker | null = null;
    let settled = false;
    const finish = (answer: GpuProbeAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker?.terminate();
      resolve(answer?.webgl2 ? answer : probeGpu());
    };
    const timer = setTimeout(() => finish(null), WORKER_PROBE_TIMEOUT_MS);
    try {
      worker = createWorker();
      worker.onmessage = (event: MessageEvent<GpuProbeAnswer>) => finish(event.data);
      worker.onerror = () => finish(null);
    } catch {
      finish(null);
    }
  });
}
