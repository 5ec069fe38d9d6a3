import { SPINEPLAN_DEMO_MARKER } from '../dicom/demoMarker';
import { type DicomElement, writePart10 } from '../dicom/write/part10';
import { uidFromSeed } from '../dicom/write/uid';
import { CT_IMAGE_STORAGE, decimalString as ds } from '../dicom/write/values';
import type { Phantom } from './generate';

export { CT_IMAGE_STORAGE } from '../dicom/write/values';
/** ImageComments (0020,4000) of every demo slice: how the app recognises the demo without private tags. */
export const DEMO_IMAGE_COMMENT = SPINEPLAN_DEMO_MARKER;
export const DEMO_SERIES_DESCRIPTION = 'Spineplan demo phantom - not patient data';
/**
 * Stored values are unsigned 12-bit (BitsAllocated 16, BitsStored 12, PixelRepresentation 0) with
 * RescaleIntercept -1024, the classic CT encoding: HU = stored - 1024, covering -1024..3071 HU.
 */
export const RESCALE_INTERCEPT = -1024;
/** Largest stored value: 12 bits (BitsStored). */
const MAX_STORED = 4095;

export interface PhantomDicomOptions {
  /** Seeds the UIDs (default: the phantom's seed). */
  seed?: number;
  /** Folder prefix of the returned paths (default 'spineplan-demo'). */
  folder?: string;
  /** StudyDate, DA (default 20240101: fixed, so the files are deterministic). */
  studyDate?: string;
  /** Called after each slice is written. */
  onProgress?: (done: number, total: number) => void;
  /** The phantom is a slab (generatePhantom's `slices`) starting at this slice of the series; default: its own. */
  firstSlice?: number;
  /**
   * Leave the phantom's `hu` as the files hold them (clamped to the stored range, in place) while writing:
   * the demo's workers hand those voxels over with the files. Default false: `hu` is only read.
   */
  clampHuInPlace?: boolean;
}

/** Stored values of one slice: HU - RESCALE_INTERCEPT clamped to 0..MAX_STORED (a small loop the JIT optimises at once). */
function storedValues(hu: Int16Array, start: number, out: Uint16Array): Uint16Array {
  for (let i = 0; i < out.length; i++) {
    const v = hu[start + i]! - RESCALE_INTERCEPT;
    out[i] = v < 0 ? 0 : Math.min(v, MAX_STORED);
  }
  return out;
}

/** Slice k's stored values (what its file holds) from a slab's HU, `perSlice` voxels a slice. */
export function storedSlice(hu: Int16Array, k: number, perSlice: number): Uint16Array {
  return storedValues(hu, k * perSlice, new Uint16Array(perSlice));
}

/**
 * `hu` as the files hold it (clamped to the stored range, stored + RESCALE_INTERCEPT) written into `out`
 * (same length): the demo's workers put their slabs into the page's volume this way before the files are
 * written (issue 20). One pass, its own simple loop.
 */
export function clampHuToStoredInto(hu: Int16Array, out: Int16Array): void {
  if (out.length !== hu.length)
    throw new Error(`clampHuToStoredInto: ${hu.length} voxels into ${out.length}`);
  const low = RESCALE_INTERCEPT;
  const high = MAX_STORED + RESCALE_INTERCEPT;
  for (let i = 0; i < hu.length; i++) {
    const v = hu[i]!;
    out[i] = v < low ? low : Math.min(v, high);
  }
}

/**
 * storedValues that also leaves the slice's HU as the file holds them (stored + RESCALE_INTERCEPT, i.e.
 * clamped to the stored range), in the same pass: the demo's workers hand these voxels to the loader with
 * the files (issue 20); a separate clamping pass cost ~0.1 s a worker. Its own function, so each loop stays simple.
 */
function storedValuesClampingHu(hu: Int16Array, start: number, out: Uint16Array): Uint16Array {
  for (let i = 0; i < out.length; i++) {
    const v = hu[start + i]! - RESCALE_INTERCEPT;
    const stored = v < 0 ? 0 : Math.min(v, MAX_STORED);
    out[i] = stored;
    hu[start + i] = stored + RESCALE_INTERCEPT;
  }
  return out;
}

/** What writing a slab's files reads of a phantom: its HU and grid (the truth's seed names the UIDs by default). */
export type PhantomSlabImage = Pick<Phantom, 'hu' | 'dims' | 'spacingMm' | 'originLps' | 'firstSlice'> & {
  truth: Pick<Phantom['truth'], 'seed'>;
};

/**
 * The phantom as a real DICOM CT series: one Part 10 file per axial slice (explicit VR little endian),
 * HFS, ImageOrientationPatient 1\0\0\0\1\0, slice k at z = origin + k * spacing.
 */
export function phantomToDicomFiles(
  phantom: PhantomSlabImage,
  opts: PhantomDicomOptions = {},
): { path: string; bytes: Uint8Array }[] {
  const writeSlice = sliceWriter(phantom, opts);
  const [nx, ny, nz] = phantom.dims;
  const perSlice = nx * ny;
  const files: { path: string; bytes: Uint8Array }[] = [];
  for (let k = 0; k < nz; k++) {
    const stored = (opts.clampHuInPlace ? storedValuesClampingHu : storedValues)(
      phantom.hu,
      k * perSlice,
      new Uint16Array(perSlice),
    );
    files.push(writeSlice(k, new Uint8Array(stored.buffer)));
    opts.onProgress?.(k + 1, nz);
  }
  return files;
}

/**
 * The files phantomToDicomFiles writes, with every pixel value 0: the same bytes before and after the Pixel
 * Data value (same elements, lengths and offsets), so their parsed headers are those of the real files. The
 * demo's workers hand these headers over before the real files are written (issue 20). One zeroed value
 * serves every slice; each file is made when asked for, so a caller that keeps only its header holds one
 * file at a time (a slab's files at once were ~80 MB in each worker).
 */
export function* phantomDicomHeaderFiles(
  phantom: Omit<PhantomSlabImage, 'hu'>,
  opts: Omit<PhantomDicomOptions, 'clampHuInPlace' | 'onProgress'> = {},
): Generator<{ path: string; bytes: Uint8Array }> {
  const writeSlice = sliceWriter(phantom, opts);
  const [nx, ny, nz] = phantom.dims;
  const zeros = new Uint8Array(nx * ny * 2);
  for (let k = 0; k < nz; k++) yield writeSlice(k, zeros);
}

/** Writes slice k of the phantom's grid as a Part 10 file with `pixelBytes` (its stored values, little endian) as its Pixel Data. */
function sliceWriter(
  phantom: Omit<PhantomSlabImage, 'hu'>,
  opts: Omit<PhantomDicomOptions, 'clampHuInPlace' | 'onProgress'>,
): (k: number, pixelBytes: Uint8Array) => { path: string; bytes: Uint8Array } {
  const seed = opts.seed ?? phantom.truth.seed;
  const folder = opts.folder ?? 'spineplan-demo';
  const studyDate = opts.studyDate ?? '20240101';
  const [nx, ny] = phantom.dims;
  const [dx, dy, dz] = phantom.spacingMm;
  const [ox, oy, oz] = phantom.originLps;
  const study = uidFromSeed(seed, 'study');
  const series = uidFromSeed(seed, 'series');
  const frameOfReference = uidFromSeed(seed, 'frame-of-reference');
  const first = opts.firstSlice ?? phantom.firstSlice;
  return (k, pixelBytes) => {
    const n = first + k;
    const z = oz + k * dz;
    const elements: DicomElement[] = [
      { tag: 0x00080005, vr: 'CS', value: 'ISO_IR 100' },
      { tag: 0x00080008, vr: 'CS', value: 'DERIVED\\PRIMARY\\AXIAL' },
      { tag: 0x00080016, vr: 'UI', value: CT_IMAGE_STORAGE },
      { tag: 0x00080018, vr: 'UI', value: uidFromSeed(seed, `instance-${n}`) },
      { tag: 0x00080020, vr: 'DA', value: studyDate },
      { tag: 0x00080023, vr: 'DA', value: studyDate },
      { tag: 0x00080030, vr: 'TM', value: '120000' },
      { tag: 0x00080033, vr: 'TM', value: '120000' },
      { tag: 0x00080050, vr: 'SH', value: '' },
      { tag: 0x00080060, vr: 'CS', value: 'CT' },
      { tag: 0x00080070, vr: 'LO', value: 'Spineplan' },
      { tag: 0x00080090, vr: 'PN', value: '' },
      { tag: 0x00081030, vr: 'LO', value: 'Spineplan demo - lumbar spine phantom' },
      { tag: 0x0008103e, vr: 'LO', value: DEMO_SERIES_DESCRIPTION },
      { tag: 0x00081090, vr: 'LO', value: 'Spineplan procedural phantom' },
      { tag: 0x00100010, vr: 'PN', value: 'DEMO^PHANTOM' },
      { tag: 0x00100020, vr: 'LO', value: 'DEMO' },
      { tag: 0x00100030, vr: 'DA', value: '' },
      { tag: 0x00100040, vr: 'CS', value: 'O' },
      // PS3.3 C.7.1.1: Patient Identity Removed YES needs the method (1C); here there never was a patient.
      { tag: 0x00120062, vr: 'CS', value: 'YES' },
      { tag: 0x00120063, vr: 'LO', value: 'Synthetic phantom: never patient data' },
      { tag: 0x00180015, vr: 'CS', value: 'LSPINE' },
      { tag: 0x00180050, vr: 'DS', value: ds(dz) },
      { tag: 0x00180060, vr: 'DS', value: '120' },
      { tag: 0x00180088, vr: 'DS', value: ds(dz) },
      { tag: 0x00185100, vr: 'CS', value: 'HFS' },
      { tag: 0x0020000d, vr: 'UI', value: study },
      { tag: 0x0020000e, vr: 'UI', value: series },
      { tag: 0x00200010, vr: 'SH', value: '1' },
      { tag: 0x00200011, vr: 'IS', value: '1' },
      { tag: 0x00200012, vr: 'IS', value: '1' },
      { tag: 0x00200013, vr: 'IS', value: String(n + 1) },
      { tag: 0x00200032, vr: 'DS', value: [ox, oy, z].map(ds).join('\\') },
      { tag: 0x00200037, vr: 'DS', value: '1\\0\\0\\0\\1\\0' },
      { tag: 0x00200052, vr: 'UI', value: frameOfReference },
      { tag: 0x00201040, vr: 'LO', value: '' },
      { tag: 0x00201041, vr: 'DS', value: ds(z) },
      { tag: 0x00204000, vr: 'LT', value: DEMO_IMAGE_COMMENT },
      { tag: 0x00280002, vr: 'US', value: [1] },
      { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
      { tag: 0x00280010, vr: 'US', value: [ny] },
      { tag: 0x00280011, vr: 'US', value: [nx] },
      // PixelSpacing: row spacing (along y) first, then column spacing (PS3.3 C.7.6.2.1.1).
      { tag: 0x00280030, vr: 'DS', value: `${ds(dy)}\\${ds(dx)}` },
      { tag: 0x00280100, vr: 'US', value: [16] },
      { tag: 0x00280101, vr: 'US', value: [12] },
      { tag: 0x00280102, vr: 'US', value: [11] },
      { tag: 0x00280103, vr: 'US', value: [0] },
      { tag: 0x00281050, vr: 'DS', value: '500\\40' },
      { tag: 0x00281051, vr: 'DS', value: '2000\\400' },
      { tag: 0x00281052, vr: 'DS', value: String(RESCALE_INTERCEPT) },
      { tag: 0x00281053, vr: 'DS', value: '1' },
      { tag: 0x00281054, vr: 'LO', value: 'HU' },
      // Typed arrays use the platform byte order: little endian on every engine this app runs on.
      { tag: 0x7fe00010, vr: 'OW', value: pixelBytes },
    ];
    return { path: `${folder}/CT${String(n + 1).padStart(4, '0')}.dcm`, bytes: writePart10(elements) };
  };
}
