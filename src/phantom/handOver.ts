/**
 * The demo phantom handed to the loader as an opened study (issue 20, the demo's first visit): each worker
 * generates its slab, writes its slices as DICOM files, parses their headers and hands over the headers and
 * its voxels with the files; the page groups the headers and assembles the volume from the voxels with the
 * loader's own code (dicom/ingest scanParsed, buildVolume), so no file is read or parsed again on the way to
 * the first frame. The volume equals the one the loader builds from the same files (test/unit/phantom-handover.test.ts).
 */
import { errorMessage } from '../core/errors';
import { buildVolume, pickBestSeries, scanParsed } from '../dicom/ingest';
import { type OpenOutcome, THUMBNAIL_SIDE } from '../dicom/openSources';
import { parseDicom } from '../dicom/parse';
import { type GreyImage, previewOfFrame } from '../dicom/previewImage';
import type { DirectFrameWriter } from '../dicom/series/assemble';
import type { ParsedDicom } from '../dicom/types';
import type { Phantom, PhantomOptions } from './generate';
import {
  clampHuToStoredInto,
  type PhantomDicomOptions,
  type PhantomSlabImage,
  phantomDicomHeaderFiles,
  phantomToDicomFiles,
  storedSlice,
} from './toDicom';

/** What one part (a worker's run of slices) hands over. */
export interface PhantomPartOpened {
  /** Its DICOM files, in slice order (what Recent cases, exports and "Acquired images" read). */
  files: { path: string; bytes: Uint8Array }[];
  /** Each file's parsed header, same order, its bytes dropped (empty): the page keeps headers only. */
  headers: ParsedDicom[];
  /** HU of its slices as the files hold them, slice after slice in file order. */
  voxels: Int16Array;
}

const EMPTY = new Uint8Array(0);

/**
 * A generated slab as the loader needs it: files written, headers parsed from those very files, and the
 * slab's HU clamped in place to what the files store (while they are written). Throws if a file of its own does not parse (a bug).
 */
export function handOverPart(
  phantom: Phantom,
  options: PhantomOptions & PhantomDicomOptions,
): PhantomPartOpened {
  const files = phantomToDicomFiles(phantom, { ...options, clampHuInPlace: true });
  const headers = files.map((file) => {
    const result = parseDicom(file.bytes, file.path);
    if (!result.ok) throw new Error(`demo phantom: ${file.path}: ${result.skip.message}`);
    return result.parsed;
  });
  return { files, headers, voxels: phantom.hu };
}

/** A slab's grid and place in the series: with its voxels, all that writing its files needs (toDicom.ts). */
export type PhantomSlabGrid = Omit<PhantomSlabImage, 'hu'>;

/** What one part hands over when its voxels go into the page's shared volume: no files yet. */
export interface PhantomPartShared {
  /** Each slice's parsed header (bytes dropped), in slice order: the headers of the files written later. */
  headers: ParsedDicom[];
  /** Its slices' HU as the files will hold them: its run of the series' shared voxels. */
  voxels: Int16Array;
  grid: PhantomSlabGrid;
}

/** Headers parsed from files (throws if one of its own does not parse: a bug), their bytes dropped. */
function parsedHeaders(files: Iterable<{ path: string; bytes: Uint8Array }>): ParsedDicom[] {
  return Array.from(files, (file) => {
    const result = parseDicom(file.bytes, file.path);
    if (!result.ok) throw new Error(`demo phantom: ${file.path}: ${result.skip.message}`);
    result.parsed.bytes = EMPTY;
    return result.parsed;
  });
}

/** Where a slab's slices lie in the whole series' voxels. */
export function slabOfSeries(
  series: Int16Array,
  grid: Pick<PhantomSlabGrid, 'dims' | 'firstSlice'>,
): Int16Array {
  const [nx, ny, nz] = grid.dims;
  const perSlice = nx * ny;
  return series.subarray(grid.firstSlice * perSlice, (grid.firstSlice + nz) * perSlice);
}

/** The headers of the files a slab will be written as (phantomDicomHeaderFiles: same headers, zero pixels). */
export function headersOfSlab(
  grid: PhantomSlabGrid,
  options: PhantomOptions & PhantomDicomOptions,
): ParsedDicom[] {
  return parsedHeaders(phantomDicomHeaderFiles(grid, options));
}

/**
 * A generated slab handed over before its files exist (issue 20, the demo's first visit): its HU, clamped to
 * what the files store, written into its place in `series` (the page's volume, shared memory), with the
 * headers its files will have. The files are written later from those very voxels (writeSlabFiles): the
 * same bytes as handOverPart's (test/unit/phantom-handover.test.ts).
 */
export function handOverPartShared(
  phantom: Phantom,
  headers: ParsedDicom[],
  series: Int16Array,
): PhantomPartShared {
  const grid = gridOf(phantom);
  const voxels = slabOfSeries(series, grid);
  clampHuToStoredInto(phantom.hu, voxels);
  return { headers, voxels, grid };
}

/** The grid of a generated slab, without its voxels and labels. */
export function gridOf(phantom: Phantom): PhantomSlabGrid {
  const { dims, spacingMm, originLps, firstSlice, truth } = phantom;
  return { dims, spacingMm, originLps, firstSlice, truth: { seed: truth.seed } };
}

/** A slab's DICOM files written from its handed-over voxels (already clamped: the same bytes as handOverPart writes). */
export function writeSlabFiles(
  grid: PhantomSlabGrid,
  voxels: Int16Array,
  options: PhantomOptions & PhantomDicomOptions,
): { path: string; bytes: Uint8Array }[] {
  return phantomToDicomFiles({ ...grid, hu: voxels }, options);
}

/**
 * The loading screen's picture of a slab before its files exist: its middle slice's stored values (what
 * its file will hold) through previewOfFrame with that file's header, as the ingest would draw it.
 */
export function slabPicture(
  phantom: Pick<Phantom, 'hu' | 'dims'>,
  headers: readonly ParsedDicom[],
  maxSide: number,
): GreyImage | undefined {
  const k = Math.floor(headers.length / 2);
  const header = headers[k];
  if (!header) return undefined;
  const [nx, ny] = phantom.dims;
  const pixels = storedSlice(phantom.hu, k, nx * ny);
  return previewOfFrame(header, 0, maxSide, { rows: ny, columns: nx, samplesPerPixel: 1, pixels });
}

/** The loading screen's picture of a part: its middle slice, read from its file as the ingest would (before its bytes are dropped). */
export function partPicture(part: PhantomPartOpened, maxSide: number): GreyImage | undefined {
  const middle = part.headers[Math.floor(part.headers.length / 2)];
  return middle && middle.bytes.byteLength > 0 ? previewOfFrame(middle, 0, maxSide) : undefined;
}

/** Drops the parsed headers' file bytes (the page keeps headers only; the files travel as Blobs). */
export function dropHeaderBytes(part: PhantomPartOpened): void {
  for (const header of part.headers) header.bytes = EMPTY;
}

/**
 * The series picker's picture of a slice from its handed HU: back to stored values (the inverse of the
 * file's rescale, exact for this integer CT) and through previewOfFrame as the ingest draws it from the file.
 */
function thumbnailOf(header: ParsedDicom, hu: Int16Array): GreyImage | undefined {
  const { rows, columns, rescaleSlope, rescaleIntercept } = header.instance;
  const pixels = new Int32Array(hu.length);
  for (let i = 0; i < hu.length; i++) pixels[i] = Math.round((hu[i]! - rescaleIntercept) / rescaleSlope);
  return previewOfFrame(header, 0, THUMBNAIL_SIDE, { rows, columns, samplesPerPixel: 1, pixels });
}

/**
 * The parts (in any order) as the ingest worker's OpenOutcome for the same files: the series grouped and
 * chosen as openSources does, its volume assembled from the parts' voxels instead of the file bytes, its
 * thumbnail drawn from its middle slice's voxels. The voxels are copied into the volume (one copy), except
 * when they already lie in `series` (the page's shared volume the workers wrote into) exactly where the
 * volume keeps each slice: then `series` is the volume's data and nothing is copied (issue 20: ~160 MB on
 * the page's thread for the demo).
 */
export async function outcomeOfParts(
  parts: readonly Pick<PhantomPartOpened, 'headers' | 'voxels'>[],
  series?: Int16Array,
): Promise<OpenOutcome> {
  const voxelsOf = new Map<ParsedDicom, Int16Array>();
  for (const part of parts) {
    const perSlice = part.headers.length > 0 ? part.voxels.length / part.headers.length : 0;
    part.headers.forEach((header, i) => {
      voxelsOf.set(header, part.voxels.subarray(i * perSlice, (i + 1) * perSlice));
    });
  }
  const scan = scanParsed(parts.flatMap((p) => p.headers));
  const usable = scan.candidates.filter((c) => !c.summary.problem);
  const chosen = usable.find((c) => c.key === pickBestSeries(usable.map((u) => u.summary))?.key);
  const inPlace =
    chosen !== undefined && series !== undefined && liesInPlace(chosen.slices, voxelsOf, series);
  // The voxels are HU; they go in as they are when the volume stores HU (slope 1, intercept 0, as the
  // pixel policy chooses for this 12-bit CT); anything else takes the decode path, which has no bytes here.
  let target: Int16Array | undefined;
  const writeHu =
    (copy: boolean): DirectFrameWriter<ParsedDicom> =>
    (source, frameIndex, policy, into, offset) => {
      const hu = voxelsOf.get(source);
      const identity = policy.mode === 'modality' && policy.volumeSlope === 1 && policy.volumeIntercept === 0;
      if (
        !hu ||
        frameIndex !== 0 ||
        !identity ||
        hu.length !== source.instance.rows * source.instance.columns
      )
        return undefined;
      target = into;
      if (copy) into.set(hu, offset);
      return 0;
    };
  const noBytes = async (source: ParsedDicom) => {
    throw new Error(`demo phantom: no voxels handed over for ${source.instance.path}`);
  };
  let volume: OpenOutcome['volume'];
  let volumeError: string | undefined;
  if (chosen) {
    try {
      // In place, assembled into `series` itself: no volume-sized array is made for nothing.
      volume = await buildVolume(chosen, noBytes, undefined, writeHu(!inPlace), inPlace ? series : undefined);
      // In place: every frame was accepted (else buildVolume threw) and the volume is the acquired stack
      // itself (not resampled), so `series` holds exactly its voxels. Resampled (never for the phantom's
      // even slices): built again with the copies the interpolation reads.
      if (inPlace && volume.data === target && volume.data.length === series.length) volume.data = series;
      else if (inPlace) volume = await buildVolume(chosen, noBytes, undefined, writeHu(true));
    } catch (thrown) {
      volumeError = errorMessage(thrown);
    }
  }
  const middle = chosen?.slices[Math.floor(chosen.slices.length / 2)];
  const middleHu = middle && voxelsOf.get(middle.source);
  const thumbnail = middle && middleHu ? thumbnailOf(middle.source, middleHu) : undefined;
  return {
    scan,
    refused: [],
    peakBytes: 0,
    inflatedBytes: 0,
    chosenKey: chosen?.key,
    volume,
    volumeError,
    thumbnails: chosen && thumbnail ? [{ key: chosen.key, image: thumbnail }] : [],
    thumbnailFrames: [],
  };
}

/** True when each slice's voxels are the run of `series` the volume keeps it at (slice k at k slices in). */
function liesInPlace(
  slices: readonly { source: ParsedDicom; frameIndex: number }[],
  voxelsOf: ReadonlyMap<ParsedDicom, Int16Array>,
  series: Int16Array,
): boolean {
  return slices.every((slice, k) => {
    const hu = voxelsOf.get(slice.source);
    return (
      hu !== undefined &&
      slice.frameIndex === 0 &&
      hu.buffer === series.buffer &&
      hu.byteOffset === series.byteOffset + k * hu.byteLength &&
      series.length === slices.length * hu.length
    );
  });
}
