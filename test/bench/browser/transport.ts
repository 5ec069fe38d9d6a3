import type { Mat4 } from '../../../src/core/mat4';

/**
 * What the bench server hands the page next to a volume's raw Int16 voxels (`/volume/<name>.bin`):
 * the geometry our Volume needs. Shared by the Node side (stages/render.ts) and the page (main.ts).
 */
export interface VolumeMeta {
  name: string;
  dims: [number, number, number];
  spacingMm: [number, number, number];
  ijkToLps: Mat4;
  rescaleSlope: number;
  rescaleIntercept: number;
}

/** One encoded series for the decode comparison: `/dicom/<key>/<index>` serves file `index`. */
export interface DicomSeriesMeta {
  key: string;
  encoding: string;
  files: number;
}

/** Frame times of every side of one comparison, ms, in run order (warm-up rounds left out). */
export type PageSamples = Record<string, number[]>;
