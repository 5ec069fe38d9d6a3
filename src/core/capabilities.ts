/** What the WebGL2 context reports; gathered by `probeGpu` in the browser, plain data so it can be tested. */
export interface GpuCapabilities {
  webgl2: boolean;
  max3dTextureSize: number;
  maxTextureSize: number;
  floatLinear: boolean;
  colorBufferFloat: boolean;
  renderer: string;
}

export interface CapabilityAssessment {
  canRun: boolean;
  /** Reasons the app cannot run, in words for the user. */
  blockers: string[];
  /** Limits that degrade something but still allow planning. */
  notices: string[];
  /** Largest volume edge (voxels) the 3D texture can hold; larger series are downsampled for display. */
  maxVolumeEdge: number;
}

/** A 3D texture must hold at least a modest CT (256^3) for the 3D view to be of any use. */
export const MIN_3D_TEXTURE_SIZE = 256;

/** Decides whether the app can run and what it must degrade, from a GPU probe. */
export function assessCapabilities(caps: GpuCapabilities): CapabilityAssessment {
  const blockers: string[] = [];
  const notices: string[] = [];
  if (!caps.webgl2) {
    blockers.push(
      'This browser has no WebGL2. Spineplan needs WebGL2 for 3D volumes: use a current Chrome, Edge, Firefox or Safari, and check that hardware acceleration is not disabled.',
    );
  } else if (caps.max3dTextureSize < MIN_3D_TEXTURE_SIZE) {
    blockers.push(
      `The graphics driver allows 3D textures of only ${caps.max3dTextureSize} voxels per side; at least ${MIN_3D_TEXTURE_SIZE} are needed.`,
    );
  }
  if (caps.webgl2 && caps.max3dTextureSize >= MIN_3D_TEXTURE_SIZE && caps.max3dTextureSize < 1024) {
    notices.push(
      `3D textures are limited to ${caps.max3dTextureSize} voxels per side: long series are downsampled for display (measurements keep full resolution).`,
    );
  }
  return {
    canRun: blockers.length === 0,
    blockers,
    notices,
    maxVolumeEdge: caps.webgl2 ? caps.max3dTextureSize : 0,
  };
}
