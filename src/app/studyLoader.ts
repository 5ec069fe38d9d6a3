import { errorMessage } from '../core/errors';
import { decodeFrame } from '../dicom/decode/index';
import { buildVolume, type SeriesCandidate } from '../dicom/ingest';
import { pickBestSeries } from '../dicom/series/summary';
import { reasonText } from '../dicom/skipReason';
import { isEncapsulatedSyntax } from '../dicom/transferSyntaxes';
import type { DecodedFrame, ParsedDicom, SkipReason } from '../dicom/types';
import { type SeriesListItem, type SkippedFile, useStudyStore } from '../state/studyStore';
import { releaseVoxels } from '../volume/releaseVoxels';
import { readInputFiles, type SourceFile } from './readInputFiles';
import { thumbnailOf } from './thumbnail';

/** Decodes one compressed frame off the main thread (the worker pool); native pixels are decoded in place. */
export type WorkerDecode = (parsed: ParsedDicom, frameIndex: number) => Promise<DecodedFrame>;

/** The path is shown beside the reason in the lists: the reason does not repeat it. */
const toSkipped = (s: SkipReason): SkippedFile => ({ path: s.path, reason: reasonText(s.path, s.message) });

function listItem(c: SeriesCandidate): SeriesListItem {
  const s = c.summary;
  return {
    key: c.key,
    description: s.description,
    modality: s.modality,
    sliceCount: s.sliceCount,
    rows: s.rows,
    columns: s.columns,
    spacingMm: s.spacingMm,
    coverageMm: s.coverageMm,
    orientation: s.plane,
    warnings: c.warnings,
    ...(s.problem ? { unusable: s.problem } : {}),
  };
}

/**
 * Opens files as a study: read -> parse and group -> pick the best series -> decode into one volume.
 * Keeps the parsed series of the last open so the user can switch series without reading files again.
 */
export function createStudyLoader(workerDecode: WorkerDecode) {
  let candidates: SeriesCandidate[] = [];
  let skipped: SkippedFile[] = [];
  let abort: AbortController | null = null;
  const store = () => useStudyStore.getState();

  const decode = (signal: AbortSignal) => async (parsed: ParsedDicom, frame: number) => {
    signal.throwIfAborted();
    return isEncapsulatedSyntax(parsed.instance.transferSyntaxUid)
      ? workerDecode(parsed, frame)
      : decodeFrame(parsed, frame);
  };

  async function makeThumbnail(c: SeriesCandidate, signal: AbortSignal) {
    const middle = c.instances[Math.floor(c.instances.length / 2)];
    if (!middle || c.summary.problem) return;
    try {
      const frame = await decode(signal)(middle, 0);
      store().setThumbnail(c.key, thumbnailOf(frame, middle.instance, 128));
    } catch {
      // A series whose middle image fails to decode still lists; its volume build will name the file.
    }
  }

  async function loadSeries(key: string, signal: AbortSignal) {
    const candidate = candidates.find((c) => c.key === key);
    if (!candidate) throw new Error('That series is no longer available: open the files again.');
    store().setActiveSeries(key);
    await makeThumbnail(candidate, signal);
    const volume = await buildVolume(candidate, decode(signal), (done, total) => {
      if (!signal.aborted) store().setProgress({ phase: 'Decoding images', done, total });
    });
    signal.throwIfAborted();
    store().setVolume(volume, skipped);
  }

  /** Drops the files and parsed series kept for series switching (their bytes are most of a case). */
  function forgetFiles() {
    candidates = [];
    skipped = [];
  }

  function close() {
    abort?.abort();
    abort = null;
    forgetFiles();
    const closed = store().volume;
    store().close();
    if (closed) releaseVoxels(closed);
  }

  async function run(begin: () => void, task: (signal: AbortSignal) => Promise<void>) {
    abort?.abort();
    const controller = new AbortController();
    abort = controller;
    begin();
    try {
      await task(controller.signal);
    } catch (thrown) {
      if (controller.signal.aborted) return;
      store().setError(errorMessage(thrown), skipped);
    } finally {
      if (abort === controller) abort = null;
    }
  }

  return {
    /** Opens dropped/picked files (or the demo's generated files) and shows the best series. */
    open: (
      caseName: string,
      source: readonly SourceFile[] | ((signal: AbortSignal) => Promise<SourceFile[]>),
    ) =>
      run(
        () => {
          // The previous case's files go before the next case's are read (issue 24: both held at once).
          forgetFiles();
          store().beginLoading(caseName);
        },
        async (signal) => {
          const files = typeof source === 'function' ? await source(signal) : source;
          store().setProgress({ phase: 'Reading files', done: 0, total: files.length });
          // Read, unzip, inflate and parse headers in a worker, within the size limits; Cancel stops it.
          const { scan, refused } = await readInputFiles(
            files,
            (progress) => {
              if (!signal.aborted) store().setProgress(progress);
            },
            signal,
          );
          candidates = scan.candidates;
          skipped = [...refused, ...scan.skipped].map(toSkipped);
          store().setSeries(candidates.map(listItem), scan.nonImages.map(toSkipped));
          const usable = candidates.filter((c) => !c.summary.problem);
          if (usable.length === 0) {
            const why = candidates.map((c) => `${c.summary.description || c.key}: ${c.summary.problem}`);
            throw new Error(
              candidates.length === 0
                ? `No DICOM images found in ${files.length} file(s).`
                : `No series can form a volume:\n${why.join('\n')}`,
            );
          }
          const best = pickBestSeries(usable.map((c) => c.summary)) ?? usable[0]!.summary;
          await loadSeries(best.key, signal);
          for (const c of candidates) if (c.key !== best.key) void makeThumbnail(c, signal);
        },
      ),
    /**
     * The original files of the series on screen (path + bytes, already held for series switching), so a
     * training package can carry them unchanged; undefined when no series of an opened drop is active.
     */
    activeSeriesFiles: () => {
      const key = store().activeSeriesKey;
      const active = candidates.find((c) => c.key === key);
      return active?.instances.map((p) => ({ path: p.instance.path, bytes: p.bytes }));
    },
    /**
     * The open series' slices as stored (file, frame, geometry, in slice order) and a decoder for one of
     * them: the "Acquired images" view shows these, not the reformatted volume (issue 19).
     */
    activeSeriesSlices: () => {
      const key = store().activeSeriesKey;
      return candidates.find((c) => c.key === key)?.slices;
    },
    decodeSlice: (parsed: ParsedDicom, frameIndex: number) =>
      decode(new AbortController().signal)(parsed, frameIndex),
    /** Switches to another series of the files already open. */
    openSeries: (key: string) => run(store().beginSeriesSwitch, (signal) => loadSeries(key, signal)),
    cancel: () => close(),
    /**
     * Closes the case: stops any open in progress and drops every reference to its files, parsed headers
     * and volume, so nothing of the patient stays in memory once the user has closed it (issue 24).
     */
    close: () => close(),
  };
}
