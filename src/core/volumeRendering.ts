import type { Vec3 } from './vec3';

/**
 * Plain data describing how the 3D view renders a volume: shared by the render store (state/), the
 * shader setup (render/) and the panels (scene/), which may not import one another.
 */

/** Shaded composite through a transfer function, maximum intensity projection, or a first-hit surface. */
export type VolumeRenderMode = 'composite' | 'mip' | 'iso';

export const VOLUME_PRESET_IDS = ['bone', 'boneSoftTissue', 'skin', 'muscle', 'vessels'] as const;
export type VolumePresetId = (typeof VOLUME_PRESET_IDS)[number];

/** Rays per pixel stay one; this sets samples per voxel (idle) and how far they drop while dragging. */
export type RenderQuality = 'low' | 'medium' | 'high';

/**
 * Crop box as fractions of the volume's voxel-index extent (0 = first voxel face, 1 = last) per axis i, j, k.
 * Index space, not LPS, so it stays a box on tilted and sheared series.
 */
export interface CropBox {
  min: Vec3;
  max: Vec3;
}

export const FULL_CROP_BOX: CropBox = { min: [0, 0, 0], max: [1, 1, 1] };

/**
 * One clip plane in LPS mm: removes everything on the side the normal points to, beyond
 * `offsetMm` from the volume centre along the (unit) normal.
 */
export interface ClipPlane {
  enabled: boolean;
  normalLps: Vec3;
  offsetMm: number;
}

/** A standard camera direction for the 3D view (see render/volumeViews.ts for the geometry). */
export type StandardView =
  | 'anterior'
  | 'posterior'
  | 'left'
  | 'right'
  | 'superior'
  | 'inferior'
  | 'prone'
  | 'proneRight';

/** How a left drag turns the 3D view: about the patient's axis kept up (default), or freely. */
export type RotationMode = 'turntable' | 'trackball';
