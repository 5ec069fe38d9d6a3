import type { GpuCapabilities } from '../core/capabilities';

/** Asks a throwaway WebGL2 context what this GPU can do. */
export function probeGpu(canvas: HTMLCanvasElement = document.createElement('canvas')): GpuCapabilities {
  const gl = canvas.getContext('webgl2');
  if (!gl) {
    return {
      webgl2: false,
      max3dTextureSize: 0,
      maxTextureSize: 0,
      floatLinear: false,
      colorBufferFloat: false,
      renderer: 'none',
    };
  }
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
