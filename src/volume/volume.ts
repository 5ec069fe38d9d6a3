import type { Mat4 } from '../core/mat4';
import { invert4, transformPoint } from '../core/mat4';
import type { Vec3 } from '../core/vec3';

/** Who the images belong to and what they are; shown as text only (never as HTML). */
export interface VolumeMetadata {
  patientName: string;
  patientId: string;
  studyDate: string;
  studyDescription: string;
  seriesDescription: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  frameOfReferenceUid: string;
  modality: string;
  /** True for the built-in phantom: the UI must mark it "Demo - not patient data". */
  isDemo: boolean;
  /** Suggested display window from the DICOM header, if any (HU for CT). */
  windowCenter?: number;
  windowWidth?: number;
  /**
   * The stored image behind each volume slice k (length dims[2]), for objects that reference the CT (a
   * Segmentation's derivation images, an SR's image references); null where slice k was interpolated
   * between acquired images. Absent for volumes not made from DICOM files.
   */
  sliceImages?: (SliceImageRef | null)[];
}

/** One stored image (or one frame of a multi-frame image) of the series (PS3.3 C.7.6.16.2.6 Source Image). */
export interface SliceImageRef {
  sopClassUid: string;
  sopInstanceUid: string;
  /** 1-based frame number in a multi-frame image; absent for single-frame images. */
  frameNumber?: number;
}

/**
 * A 3D scalar volume in patient space.
 * Voxel order: i = columns (fastest), j = rows, k = slices; index = i + nx * (j + ny * k).
 * `ijkToLps` maps voxel indices (voxel centres) to DICOM patient LPS millimetres (PS3.3 C.7.6.2.1.1),
 * row-major 4x4. Values are `value = data * rescaleSlope + rescaleIntercept`; for CT that is HU and
 * ingest stores HU directly (slope 1, intercept 0) whenever it fits Int16.
 */
export interface Volume {
  id: string;
  dims: readonly [number, number, number];
  spacingMm: readonly [number, number, number];
  ijkToLps: Mat4;
  data: Int16Array;
  rescaleSlope: number;
  rescaleIntercept: number;
  metadata: VolumeMetadata;
  /** Human-readable geometry/ingest warnings, e.g. "uneven spacing (1.0-3.0 mm), resampled". */
  warnings: string[];
}

export const ijkToLps = (v: Pick<Volume, 'ijkToLps'>, ijk: Vec3): Vec3 => transformPoint(v.ijkToLps, ijk);

export const lpsToIjk = (v: Pick<Volume, 'ijkToLps'>, lps: Vec3): Vec3 =>
  transformPoint(invert4(v.ijkToLps), lps);
