/**
 * The ingest pipeline shared by the browser (worker pool decodes) and the `inspect` CLI:
 * files -> parseDicom -> groupSlices (UIDs, then geometry) -> orderGroup (sort by dot(IPP, normal),
 * duplicates) -> layoutStack (even grid, tilt shear, gaps) -> assembleVolume (decode, HU, one buffer).
 * Every step is pure and input-order independent; every change to the data carries a warning.
 */
import type { Volume } from '../volume/volume';
import { allocateVoxels } from '../volume/voxelStorage';
import { ByteBudget, ingestLimits } from './ingestLimits';
import { parseDicom } from './parse';
import { fileFrames } from './readFileFrame';
import { assembleVolume, type DirectFrameWriter } from './series/assemble';
import { sliceNormal } from './series/geometry';
import { groupSlices, type SliceRef } from './series/group';
import { layoutStack } from './series/layout';
import { writeNativeFrame } from './series/nativeFrame';
import { orderGroup } from './series/stack';
import { type SeriesSummary, summarize } from './series/summary';
import type { DecodedFrame, ParsedDicom, SkipReason } from './types';

export type { SeriesSummary } from './series/summary';
export { pickBestSeries } from './series/summary';

export interface InputFile {
  path: string;
  bytes: Uint8Array;
  /**
   * The whole file when `bytes` holds only its header, up to its native Pixel Data (readSources.ts reads
   * plain files header first): its frames are read from here when the volume is built.
   */
  file?: Blob;
}

/** One volume the user may open: its images sorted along the slice normal, not yet decoded. */
export interface SeriesCandidate {
  key: string;
  summary: SeriesSummary;
  /** Files in slice order (a multi-frame file appears once). */
  instances: ParsedDicom[];
  /** Slices in order: file + frame + geometry (one per file for classic images). */
  slices: SliceRef<ParsedDicom>[];
  warnings: string[];
}

export interface ScanResult {
  candidates: SeriesCandidate[];
  /** DICOM objects that are not slices: DICOMDIR, reports, localizers, colour images. */
  nonImages: SkipReason[];
  /** Files that could not be used at all (not DICOM, truncated, unsupported, inconsistent). */
  skipped: SkipReason[];
}

/**
 * Decodes in this thread. Loaded on first use, so a caller that decodes in a worker pool (the browser)
 * does not pull the codecs into its own bundle.
 */
export const decodeHere = async (parsed: ParsedDicom, frameIndex: number): Promise<DecodedFrame> =>
  (await import('./decode/index')).decodeFrame(parsed, frameIndex);

const NON_IMAGE_KINDS = new Set<SkipReason['kind']>(['not-an-image', 'no-pixel-data']);

/**
 * Parses, groups and sorts files into series candidates; decodes no pixels. Input order does not matter.
 * @param budget the open's memory budget (deflated datasets reserve their inflated size in it)
 * @param onProgress told after each file's header is read
 */
export function scanFiles(
  files: readonly InputFile[],
  budget: ByteBudget = new ByteBudget(ingestLimits()),
  onProgress?: (done: number, total: number) => void,
): ScanResult {
  const parsed: ParsedDicom[] = [];
  const refused: SkipReason[] = [];
  for (const [index, file] of files.entries()) {
    const result = parseDicom(file.bytes, file.path, budget, file.file);
    if (result.ok) parsed.push(result.parsed);
    else refused.push(result.skip);
    onProgress?.(index + 1, files.length);
  }
  return scanParsed(parsed, refused);
}

/**
 * Groups and sorts files already parsed (scanFiles after parsing; the demo phantom's workers parse the
 * files they write) into series candidates. `refused`: files that did not parse, listed as scanFiles lists them.
 */
export function scanParsed(parsed: readonly ParsedDicom[], refused: readonly SkipReason[] = []): ScanResult {
  const nonImages: SkipReason[] = [];
  const skipped: SkipReason[] = [];
  const put = (reason: SkipReason) => (NON_IMAGE_KINDS.has(reason.kind) ? nonImages : skipped).push(reason);
  for (const reason of refused) put(reason);
  const { groups, apart } = groupSlices(parsed);
  for (const reason of apart) put(reason);

  const candidates: SeriesCandidate[] = [];
  for (const group of groups) {
    for (const stack of orderGroup(group)) {
      const layout = layoutStack(
        stack.slices.map((s) => s.geometry.imagePositionPatient),
        stack.normal,
        stack.slices[0]!.geometry.sliceThicknessMm,
      );
      candidates.push({
        key: stack.key,
        summary: summarize(stack, layout),
        instances: [...new Set(stack.slices.map((s) => s.source))],
        slices: stack.slices,
        warnings: [...stack.warnings, ...(layout.ok ? layout.value.warnings : [layout.error])],
      });
    }
  }
  const byPath = (a: SkipReason, b: SkipReason) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return { candidates, nonImages: nonImages.sort(byPath), skipped: skipped.sort(byPath) };
}

/**
 * Decodes a candidate's slices into a Volume (HU for CT). `decode` lets the browser decode in a worker
 * pool; the default decodes in this thread. Native frames are read from the file bytes straight into the
 * volume here (writeNativeFrame, or `writeDirect` when the caller holds the voxels already: the demo phantom),
 * without `decode`: a worker would only add copies. A file parsed header first gives each frame's bytes as
 * the frame is written (readFileFrame), so the files are never held whole beside the volume.
 * `acquiredInto`: an array of the stack's length to assemble into (the demo's shared voxels, which lie there
 * already), used when the stack needs no resampling. Throws an Error saying why when no volume can be formed.
 */
export async function buildVolume(
  candidate: SeriesCandidate,
  decode: (parsed: ParsedDicom, frameIndex: number) => Promise<DecodedFrame> = decodeHere,
  onProgress?: (done: number, total: number) => void,
  writeDirect: DirectFrameWriter<ParsedDicom> = writeNativeFrame,
  acquiredInto?: Int16Array,
): Promise<Volume> {
  const { slices } = candidate;
  if (slices.length === 0) throw new Error(`${candidate.summary.description || candidate.key}: no images`);
  const normal = sliceNormal(slices[0]!.geometry.imageOrientationPatient);
  const layout = layoutStack(
    slices.map((s) => s.geometry.imagePositionPatient),
    normal,
    slices[0]!.geometry.sliceThicknessMm,
  );
  if (!layout.ok) {
    throw new Error(`series "${candidate.summary.description || candidate.key}": ${layout.error}`);
  }
  // The stack's own warnings (split, duplicates) live on the candidate; layout warnings are added again below.
  const stackWarnings = candidate.warnings.filter((w) => !layout.value.warnings.includes(w));
  return assembleVolume(
    { key: candidate.key, normal, slices, warnings: stackWarnings },
    layout.value,
    decode,
    onProgress,
    writeDirect,
    slices.some((s) => s.source.file !== undefined) ? fileFrames : undefined,
    allocateVoxels,
    acquiredInto,
  );
}
