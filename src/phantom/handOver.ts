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
import { type PhantomDicomOptions, phantomToDicomFiles } from './toDicom';

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
 * chosen as openSources does, its volume assembled from the parts' voxels (one copy into the volume) instead
 * of the file bytes, its thumbnail drawn from its middle slice's voxels.
 */
export async function outcomeOfParts(
  parts: readonly Pick<PhantomPartOpened, 'headers' | 'voxels'>[],
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
  // The voxels are HU; they go in as they are when the volume stores HU (slope 1, intercept 0, as the
  // pixel policy chooses for this 12-bit CT); anything else takes the decode path, which has no bytes here.
  const writeHu: DirectFrameWriter<ParsedDicom> = (source, frameIndex, policy, target, offset) => {
    const hu = voxelsOf.get(source);
    const identity = policy.mode === 'modality' && policy.volumeSlope === 1 && policy.volumeIntercept === 0;
    if (!hu || frameIndex !== 0 || !identity || hu.length !== source.instance.rows * source.instance.columns)
      return undefined;
    target.set(hu, offset);
    return 0;
  };
  const noBytes = async (source: ParsedDicom) => {
    throw new Error(`demo phantom: no voxels handed over for ${source.instance.path}`);
  };
  let volume: OpenOutcome['volume'];
  let volumeError: string | undefined;
  if (chosen) {
    try {
      volume = await buildVolume(chosen, noBytes, undefined, writeHu);
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
