import { errorMessage } from '../core/errors';
import type { Volume } from '../volume/volume';
import { isSharedVoxels } from '../volume/voxelStorage';
import { decodeFrame } from './decode/index';
import { extractFrame } from './extractFrame';
import { buildVolume, type InputFile, pickBestSeries, type SeriesCandidate } from './ingest';
import { ByteBudget, type IngestLimits } from './ingestLimits';
import { parseDicom } from './parse';
import { type GreyImage, previewOfFrame } from './previewImage';
import { readFileFrame } from './readFileFrame';
import {
  type IngestOutcome,
  type IngestProgress,
  ingestSources,
  keepingPaths,
  readSources,
  type SourceFile,
} from './readSources';
import { isEncapsulatedSyntax } from './transferSyntaxes';
import type { ParsedDicom } from './types';

/** Longest side of the loading screen's picture (a 512 x 512 CT slice is shown at full resolution). */
export const PREVIEW_SIDE = 512;
/** Longest side of a series picker thumbnail. */
export const THUMBNAIL_SIDE = 128;
/** Files tried for the first picture (a drop of compressed or non-image files gives up after these). */
const FIRST_IMAGE_TRIES = 8;

export interface OpenRequest {
  files: SourceFile[];
  limits: IngestLimits;
  /**
   * Re-open one series of files opened before (series switching): its key and its images' paths. Only
   * those files (and, in archives, only those entries) are read again.
   */
  series?: { key: string; paths: string[] };
}

/** A picture for the loading screen while the rest loads, with what it is. */
export interface LoadPreview {
  image: GreyImage;
  caption: string;
}

export type OpenEvent =
  | { kind: 'progress'; progress: IngestProgress }
  | { kind: 'preview'; preview: LoadPreview };

/**
 * What one open gives back. File bytes are dropped from every candidate's ParsedDicom (`bytes` empty): the
 * page keeps headers only and reads files again when it needs them, so it never holds the voxels twice.
 * The one exception is the chosen series when its volume could not be assembled here (compressed frames
 * go to the page's decode pool): its bytes come along for that.
 */
export interface OpenOutcome extends IngestOutcome {
  /** The series opened (the best, or the one asked for); undefined when none can form a volume. */
  chosenKey: string | undefined;
  /** Its volume when assembled here (no frame needs the decode pool). */
  volume: Volume | undefined;
  /** Why the chosen series' volume could not be assembled (names the file), if it could not. */
  volumeError: string | undefined;
  /** Series picker thumbnails made here (native frames). */
  thumbnails: { key: string; image: GreyImage }[];
  /** Middle frames (one frame's bytes each) of series whose thumbnail needs the decode pool. */
  thumbnailFrames: { key: string; parsed: ParsedDicom }[];
}

const EMPTY = new Uint8Array(0);

const needsPool = (c: SeriesCandidate) =>
  c.slices.some((s) => isEncapsulatedSyntax(s.source.instance.transferSyntaxUid));

const middleOf = (c: SeriesCandidate) => c.slices[Math.floor(c.slices.length / 2)];

const seriesName = (c: SeriesCandidate) => c.summary.description || c.summary.modality || 'series';

/**
 * A picture of one frame (native frames only: compressed ones need the decode pool), its bytes read from
 * the file when it was parsed header first; undefined when it cannot be drawn or read (a picture is a
 * courtesy: the volume build names any error).
 */
async function pictureOf(parsed: ParsedDicom, frameIndex: number, maxSide: number) {
  try {
    return previewOfFrame(await readFileFrame(parsed, frameIndex), frameIndex, maxSide);
  } catch {
    return undefined;
  }
}

/** The series asked for: by key, else (a subset of files groups under another key) the one with most of its images. */
function findSeries(candidates: readonly SeriesCandidate[], wanted: NonNullable<OpenRequest['series']>) {
  const byKey = candidates.find((c) => c.key === wanted.key);
  if (byKey) return byKey;
  const paths = new Set(wanted.paths);
  const score = (c: SeriesCandidate) => c.instances.filter((p) => paths.has(p.instance.path)).length;
  const best = [...candidates].sort((a, b) => score(b) - score(a))[0];
  return best && score(best) > 0 ? best : undefined;
}

/**
 * One open, start to volume (the browser runs it in the ingest worker; Node and the fallback in-thread):
 * read and expand the files within the limits, parse and group (ingestSources), choose the series, then
 * assemble its native frames into the volume here. Pictures go out on the way: the first image as soon as
 * its file is read, then the chosen series' middle image once the files are sorted.
 */
export async function openSources(
  request: OpenRequest,
  onEvent: (event: OpenEvent) => void,
  signal?: AbortSignal,
): Promise<OpenOutcome> {
  const { files, limits, series } = request;
  let tries = 0;
  let shown = false;
  const onInputs = async (inputs: readonly InputFile[]) => {
    for (const input of inputs) {
      if (shown || tries >= FIRST_IMAGE_TRIES) return;
      tries++;
      // A throwaway budget: this header is parsed again, within the open's budget, with the rest.
      const result = parseDicom(input.bytes, input.path, new ByteBudget(limits), input.file);
      if (!result.ok) continue;
      const { numberOfFrames } = result.parsed.instance;
      const image = await pictureOf(result.parsed, Math.floor(numberOfFrames / 2), PREVIEW_SIDE);
      if (!image) continue;
      shown = true;
      onEvent({ kind: 'preview', preview: { image, caption: `First image read: ${input.path}` } });
    }
  };
  const progress = (p: IngestProgress) => onEvent({ kind: 'progress', progress: p });
  const ingest = await ingestSources(files, limits, progress, signal, {
    onInputs,
    ...(series ? { keep: keepingPaths(series.paths) } : {}),
  });
  const { candidates } = ingest.scan;
  const usable = candidates.filter((c) => !c.summary.problem);
  const chosen = series
    ? findSeries(usable, series)
    : usable.find((c) => c.key === pickBestSeries(usable.map((u) => u.summary))?.key);

  let volume: Volume | undefined;
  let volumeError: string | undefined;
  const assembleHere = chosen !== undefined && !needsPool(chosen);
  if (chosen) {
    const middle = middleOf(chosen);
    const image = middle && (await pictureOf(middle.source, middle.frameIndex, PREVIEW_SIDE));
    if (image) {
      const caption = `Middle image of ${seriesName(chosen)} (${chosen.slices.length} images)`;
      onEvent({ kind: 'preview', preview: { image, caption } });
    }
  }
  if (chosen && assembleHere) {
    let last = -1;
    try {
      volume = await buildVolume(
        chosen,
        async (parsed, frame) => decodeFrame(parsed, frame),
        (done, total) => {
          const percent = Math.floor((100 * done) / Math.max(1, total));
          if (percent === last && done !== total) return;
          last = percent;
          progress({ phase: 'Loading images', done, total });
        },
      );
    } catch (thrown) {
      volumeError = errorMessage(thrown);
    }
  }

  const thumbnails: OpenOutcome['thumbnails'] = [];
  const thumbnailFrames: OpenOutcome['thumbnailFrames'] = [];
  for (const c of usable) {
    const middle = middleOf(c);
    if (!middle) continue;
    if (isEncapsulatedSyntax(middle.source.instance.transferSyntaxUid)) {
      try {
        thumbnailFrames.push({ key: c.key, parsed: extractFrame(middle.source, middle.frameIndex) });
      } catch {
        // A missing frame: the series still lists; its volume build names the file.
      }
      continue;
    }
    const image = await pictureOf(middle.source, middle.frameIndex, THUMBNAIL_SIDE);
    if (image) thumbnails.push({ key: c.key, image });
  }

  // The page keeps headers only: the files are read again when another series or the originals are asked
  // for. A series left to the decode pool keeps its bytes, and its header-first files (native frames of a
  // mixed series) the file to read their frames from.
  for (const c of candidates) {
    if (c === chosen && !assembleHere) continue;
    for (const parsed of c.instances) {
      parsed.bytes = EMPTY;
      delete parsed.file;
    }
  }
  return { ...ingest, chosenKey: chosen?.key, volume, volumeError, thumbnails, thumbnailFrames };
}

/** Buffers moved (not copied) when a worker hands the outcome back: the volume and any bytes still held. */
export function openTransferables(outcome: OpenOutcome): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  // Shared voxels go to the page shared (volume/voxelStorage.ts): a SharedArrayBuffer cannot be transferred.
  if (outcome.volume && !isSharedVoxels(outcome.volume.data))
    buffers.add(outcome.volume.data.buffer as ArrayBuffer);
  for (const c of outcome.scan.candidates) {
    for (const p of c.instances) if (p.bytes.byteLength > 0) buffers.add(p.bytes.buffer as ArrayBuffer);
  }
  for (const t of outcome.thumbnailFrames) buffers.add(t.parsed.bytes.buffer as ArrayBuffer);
  return [...buffers];
}

/**
 * The original bytes of these files (paths as listed: files, or "<zip path>/<entry>"), read again from the
 * files opened before (archives expanded for the wanted entries only), within the limits.
 */
export async function readOriginals(
  files: readonly SourceFile[],
  limits: IngestLimits,
  paths: readonly string[],
  signal?: AbortSignal,
): Promise<{ inputs: InputFile[]; missing: string[] }> {
  const read = await readSources(files, new ByteBudget(limits), () => undefined, signal, {
    keep: keepingPaths(paths),
  });
  const byPath = new Map(read.inputs.map((i) => [i.path, i]));
  const inputs: InputFile[] = [];
  const missing: string[] = [];
  for (const path of paths) {
    const input = byPath.get(path);
    if (input) inputs.push(input);
    else missing.push(path);
  }
  return { inputs, missing };
}
