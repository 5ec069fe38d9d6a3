import type { Vec3 } from './vec3';

/** One stored image of the open series, as its header describes it (PS3.3 C.7.6.2 Image Plane Module). */
export interface AcquiredFrame {
  /** ImagePositionPatient: the centre of the first transmitted pixel, LPS mm. */
  positionLps: Vec3;
  /** ImageOrientationPatient: along a row (column index grows), then along a column (row index grows). */
  rowDirLps: Vec3;
  columnDirLps: Vec3;
  /** PixelSpacing: [between rows, between columns] mm (PS3.3 10.7.1.3). */
  pixelSpacing: readonly [number, number];
  rows: number;
  columns: number;
  rescaleSlope: number;
  rescaleIntercept: number;
  /** The header's window (WindowCenter / WindowWidth), when it has one. */
  windowCenter?: number;
  windowWidth?: number;
  instanceNumber?: number;
  path: string;
  /** Orientation letters at the image's edges (radiological: what lies that way in the patient). */
  letters: { top: string; bottom: string; left: string; right: string };
}

/** Stored pixel values of a frame, row-major, before rescale (masked to BitsStored, sign-extended). */
export type StoredPixels =
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint8Array
  | Int8Array
  | Uint32Array
  | Float32Array;

/** What the acquired-images view reads (src/app/acquiredImages.ts implements it; main.tsx passes it in). */
export interface AcquiredImagesSource {
  /** The open series' frames in slice order; empty for the generated demo or a volume without files. */
  frames: () => AcquiredFrame[];
  pixels: (index: number) => Promise<StoredPixels>;
}
