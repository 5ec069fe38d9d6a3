import type { Vec3 } from '../core/vec3';

/**
 * The contract between parsing (parse.ts), decoding (decode/) and series assembly (series/).
 * Everything here is plain data: structured-cloneable across workers.
 */

/** Geometry of one frame (PS3.3 C.7.6.2): a classic single-frame image, or one frame of an enhanced multi-frame. */
export interface FrameGeometry {
  /** ImagePositionPatient: LPS mm of the centre of the first transmitted pixel. */
  imagePositionPatient: Vec3;
  /** ImageOrientationPatient: row direction (i grows), then column direction (j grows). */
  imageOrientationPatient: readonly [number, number, number, number, number, number];
  /** PixelSpacing: [spacing between rows (along column dir), spacing between columns (along row dir)] mm. */
  pixelSpacing: readonly [number, number];
  sliceThicknessMm?: number;
}

/** Header fields of one DICOM file that ingest needs. Text is exactly as in the file (trimmed). */
export interface DicomInstance {
  /** Where it came from (relative path in a drop, or a file path in Node): used in every message. */
  path: string;
  transferSyntaxUid: string;
  sopClassUid: string;
  sopInstanceUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  frameOfReferenceUid: string;
  modality: string;
  seriesDescription: string;
  studyDescription: string;
  seriesNumber: number | undefined;
  instanceNumber: number | undefined;
  acquisitionNumber: number | undefined;
  /** ImageType values, e.g. ['ORIGINAL','PRIMARY','AXIAL'] or [..,'LOCALIZER']. */
  imageType: readonly string[];
  patientName: string;
  patientId: string;
  studyDate: string;
  patientPosition: string;
  /** ImageComments (0020,4000); the demo phantom marks itself there (demoMarker.ts). */
  imageComments?: string;
  rows: number;
  columns: number;
  numberOfFrames: number;
  samplesPerPixel: number;
  photometricInterpretation: string;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  /** 0 unsigned, 1 two's complement signed. */
  pixelRepresentation: number;
  planarConfiguration: number;
  rescaleSlope: number;
  rescaleIntercept: number;
  pixelPaddingValue: number | undefined;
  windowCenter: number | undefined;
  windowWidth: number | undefined;
  /** GantryDetectorTilt (0018,1120) degrees, if present. */
  gantryTiltDeg: number | undefined;
  /** Geometry per frame: one entry for a classic image, numberOfFrames entries for enhanced multi-frame. Empty if absent. */
  frames: readonly FrameGeometry[];
  hasPixelData: boolean;
}

/** A parsed file: header plus where its pixel data lies in the original bytes (no copy yet). */
export interface ParsedDicom {
  instance: DicomInstance;
  /** The file's bytes; pixel data is read from here when decoding (unless `file` is set). */
  bytes: Uint8Array;
  /** Byte ranges of each frame's encoded data (native: raw frame; encapsulated: the frame's fragments). */
  frameFragments: ReadonlyArray<ReadonlyArray<{ offset: number; length: number }>>;
  /**
   * The file itself when `bytes` holds only its header (read up to its native Pixel Data): frames are
   * read from it one at a time (readFileFrame.ts), `frameFragments` are offsets in it.
   */
  file?: Blob;
}

/** Stored pixel values of one frame, masked to BitsStored and sign-extended, before rescale. */
export interface DecodedFrame {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  /** Grayscale: one value per pixel, row-major (i fastest). */
  pixels: Int16Array | Uint16Array | Int32Array | Uint8Array | Int8Array | Uint32Array | Float32Array;
}

/** Why a file was not used, for the user. `kind` lets code group reasons; `message` names the problem. */
export type SkipKind =
  | 'not-dicom'
  | 'truncated'
  | 'unsupported-transfer-syntax'
  | 'no-pixel-data'
  | 'decode-failed'
  | 'not-an-image'
  | 'inconsistent'
  /** Refused by a size limit (ingestLimits.ts): declared sizes against real ones, memory budget, ratio caps. */
  | 'too-large';

export interface SkipReason {
  path: string;
  kind: SkipKind;
  message: string;
}
