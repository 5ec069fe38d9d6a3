import { errorMessage } from '../core/errors';
import { type InputFile, type ScanResult, scanFiles } from './ingest';
import { ByteBudget, formatBytes, type IngestLimits } from './ingestLimits';
import { HEADER_WINDOW_BYTES, HEADER_WINDOW_GROWTH, headerWindowVerdict } from './parse/headerWindow';
import type { SkipReason } from './types';
import { expandInput } from './zip';

/** A file handed over by the browser (drop, picker) or made by the app (demo), with its display path. */
export interface SourceFile {
  path: string;
  blob: Blob;
}

export interface ReadSourcesResult {
  inputs: InputFile[];
  /** Files not read (over a limit, unreadable) and archive entries refused, each with its reason. */
  refused: SkipReason[];
}

/**
 * Chromium's NotReadableError says "typically due to permission problems" for any failed read, including
 * a file too large to read at once: say what is known instead.
 */
function readFailure(path: string, size: number, thrown: unknown): SkipReason {
  const name = thrown instanceof Error || thrown instanceof DOMException ? thrown.name : '';
  const detail =
    name === 'NotReadableError'
      ? `the browser could not read it (${formatBytes(size)}): it was moved, changed or deleted after it was chosen, or it is too large to read at once`
      : errorMessage(thrown);
  return { path, kind: 'not-dicom', message: `${path}: could not be read (${detail})` };
}

export interface ReadOptions {
  /**
   * Only files and archive entries it keeps are read (re-reading one series of files opened before); it
   * keeps an archive's own path when an entry inside is wanted (keepingPaths).
   */
  keep?: (path: string) => boolean;
  /**
   * Told each file's inputs as soon as that file is read (a first image can show before the rest is
   * read); the next file is read once it has finished.
   */
  onInputs?: (inputs: readonly InputFile[]) => void | Promise<void>;
  /**
   * Read plain DICOM files header first (an open): only the header, up to the native Pixel Data, is read
   * now and the file kept to read its frames from (InputFile.file); archives, compressed and anything
   * unusual are read whole. Off (the default here): every file whole (the originals, for exports).
   */
  headerFirst?: boolean;
  /** The first header window in bytes (HEADER_WINDOW_BYTES; tests make it small). */
  headerWindowBytes?: number;
}

/**
 * A file's bytes for an open: its header alone when parse/headerWindow.ts says the rest is native pixel
 * data (windows of `first` bytes, grown until the Pixel Data element is reached), else the whole file.
 */
async function readHeaderFirst(blob: Blob, first: number): Promise<{ bytes: Uint8Array; header: boolean }> {
  const whole = async () => ({ bytes: new Uint8Array(await blob.arrayBuffer()), header: false });
  for (let size = Math.max(132, first); size < blob.size; size *= HEADER_WINDOW_GROWTH) {
    const head = new Uint8Array(await blob.slice(0, size).arrayBuffer());
    const verdict = headerWindowVerdict(head, blob.size);
    // A copy of the header alone: the window's buffer (mostly pixels) is dropped.
    if (verdict.kind === 'header') return { bytes: head.slice(0, verdict.headerBytes), header: true };
    if (verdict.kind === 'whole') break;
  }
  return whole();
}

/**
 * Keeps these paths (files, or entries "<zip path>/<entry>") and every archive they lie in: the filter
 * that re-reads one series from the files (or archives) first opened, without expanding anything else.
 */
export function keepingPaths(paths: Iterable<string>): (path: string) => boolean {
  const kept = new Set<string>();
  for (const path of paths) {
    kept.add(path);
    for (let at = path.indexOf('/'); at > 0; at = path.indexOf('/', at + 1)) kept.add(path.slice(0, at));
  }
  return (path) => kept.has(path);
}

/**
 * Reads each file into memory, one at a time, after checking its real size against the open's memory
 * budget (a file over it is refused without reading a byte); .zip archives are expanded with their own
 * checks (zip.ts). With `headerFirst`, a plain DICOM file's header alone is read (its size still counts
 * against the budget: its pixels will be in the volume). Reports bytes read; stops at the next file when
 * the signal aborts.
 */
export async function readSources(
  allFiles: readonly SourceFile[],
  budget: ByteBudget,
  onProgress: (doneBytes: number, totalBytes: number) => void,
  signal?: AbortSignal,
  options: ReadOptions = {},
): Promise<ReadSourcesResult> {
  const { keep, onInputs, headerFirst = false, headerWindowBytes = HEADER_WINDOW_BYTES } = options;
  const files = keep ? allFiles.filter((f) => keep(f.path)) : allFiles;
  const totalBytes = files.reduce((sum, f) => sum + f.blob.size, 0);
  const result: ReadSourcesResult = { inputs: [], refused: [] };
  let doneBytes = 0;
  for (const f of files) {
    signal?.throwIfAborted();
    const overBudget = budget.reserve(f.blob.size, 'refused: the file');
    if (overBudget) {
      result.refused.push({ path: f.path, kind: 'too-large', message: `${f.path}: ${overBudget}` });
    } else {
      try {
        const read = headerFirst
          ? await readHeaderFirst(f.blob, headerWindowBytes)
          : { bytes: new Uint8Array(await f.blob.arrayBuffer()), header: false };
        const expanded = read.header
          ? { files: [{ path: f.path, bytes: read.bytes, file: f.blob }], refused: [] }
          : expandInput({ path: f.path, bytes: read.bytes }, budget, keep);
        // Loops, not push(...spread): an archive may hold 100,000 entries.
        for (const input of expanded.files) if (!keep || keep(input.path)) result.inputs.push(input);
        await onInputs?.(expanded.files);
        for (const refused of expanded.refused) result.refused.push(refused);
      } catch (thrown) {
        if (signal?.aborted) throw thrown;
        budget.release(f.blob.size);
        result.refused.push(readFailure(f.path, f.blob.size, thrown));
      }
    }
    doneBytes += f.blob.size;
    onProgress(doneBytes, totalBytes);
  }
  return result;
}

/** Progress of an open: which phase, how far (MB while reading, files while reading headers). */
export interface IngestProgress {
  phase: string;
  done: number;
  total: number;
}

export interface IngestOutcome {
  scan: ScanResult;
  /** Files, archive entries or datasets refused before parsing (limits, unreadable), path order. */
  refused: SkipReason[];
  /** The most bytes held at once against the budget, and the bytes inflated (for tests and the bench). */
  peakBytes: number;
  inflatedBytes: number;
}

/**
 * The whole header side of an open, as one job (the browser runs it in a worker): read and expand the
 * files within the limits (plain DICOM files header first unless `headerFirst: false`), then parse and
 * group them (scanFiles). Progress is reported at most once per percent.
 */
export async function ingestSources(
  files: readonly SourceFile[],
  limits: IngestLimits,
  onProgress: (progress: IngestProgress) => void,
  signal?: AbortSignal,
  options: ReadOptions = {},
): Promise<IngestOutcome> {
  const budget = new ByteBudget(limits);
  let last = '';
  const report = (phase: string, done: number, total: number) => {
    const key = `${phase}:${Math.floor((100 * done) / Math.max(1, total))}`;
    if (key === last && done !== total) return;
    last = key;
    onProgress({ phase, done, total });
  };
  // MB of 2^20 bytes, as in the messages (formatBytes).
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  budget.onInflating = (path, done, total) => report(`Unzipping ${path} (MB)`, mb(done), mb(total));
  const read = await readSources(
    files,
    budget,
    (done, total) => report('Reading files (MB)', mb(done), mb(total)),
    signal,
    { ...options, headerFirst: options.headerFirst ?? true },
  );
  const scan = scanFiles(read.inputs, budget, (done, total) => report('Reading DICOM headers', done, total));
  const byPath = (a: SkipReason, b: SkipReason) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return {
    scan,
    refused: read.refused.sort(byPath),
    peakBytes: budget.peakBytes,
    inflatedBytes: budget.inflatedBytes,
  };
}
