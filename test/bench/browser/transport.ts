import type { Mat4 } from '../../../src/core/mat4';
import type { Volume } from '../../../src/volume/volume';

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

/** A volume the bench server serves (`/volume/<name>.json` + `.bin`), as the app's Volume (no metadata). */
export async function fetchBenchVolume(name: string): Promise<Volume> {
  const meta = (await (await fetch(`/volume/${name}.json`)).json()) as VolumeMeta;
  const data = new Int16Array(await (await fetch(`/volume/${name}.bin`)).arrayBuffer());
  return {
    id: meta.name,
    dims: meta.dims,
    spacingMm: meta.spacingMm,
    ijkToLps: meta.ijkToLps,
    data,
    rescaleSlope: meta.rescaleSlope,
    rescaleIntercept: meta.rescaleIntercept,
    metadata: {} as Volume['metadata'],
    warnings: [],
  };
}
