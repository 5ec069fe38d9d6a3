import { describe, expect, it } from 'vitest';
import { assessCapabilities, type GpuCapabilities } from '../../src/core/capabilities';

const swiftshader: GpuCapabilities = {
  webgl2: true,
  max3dTextureSize: 2048,
  maxTextureSize: 8192,
  floatLinear: true,
  colorBufferFloat: true,
  renderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)',
};

describe('assessCapabilities', () => {
  it('runs on a full WebGL2 GPU', () => {
    const a = assessCapabilities(swiftshader);
    expect(a.canRun).toBe(true);
    expect(a.blockers).toEqual([]);
    expect(a.notices).toEqual([]);
    expect(a.maxVolumeEdge).toBe(2048);
  });

  it('refuses without WebGL2, saying what to do', () => {
    const a = assessCapabilities({ ...swiftshader, webgl2: false, max3dTextureSize: 0 });
    expect(a.canRun).toBe(false);
    expect(a.blockers[0]).toMatch(/WebGL2/);
    expect(a.maxVolumeEdge).toBe(0);
  });

  it('refuses a 3D texture limit below 256', () => {
    const a = assessCapabilities({ ...swiftshader, max3dTextureSize: 128 });
    expect(a.canRun).toBe(false);
    expect(a.blockers[0]).toMatch(/128/);
  });

  it('needs no float-linear filtering: volumes are half floats, which WebGL2 always filters', () => {
    const a = assessCapabilities({ ...swiftshader, floatLinear: false });
    expect(a.canRun).toBe(true);
    expect(a.notices).toEqual([]);
  });

  it('warns that long series are downsampled on small 3D texture limits', () => {
    const a = assessCapabilities({ ...swiftshader, max3dTextureSize: 512 });
    expect(a.canRun).toBe(true);
    expect(a.notices.join(' ')).toMatch(/512 voxels per side/);
  });
});
