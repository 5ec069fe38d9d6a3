import { errorMessage } from '../core/errors';
import { decodeFrame } from '../dicom/decode/index';
import { buildVolume, type InputFile, type SeriesCandidate } from '../dicom/ingest';
import { type OpenEvent, type OpenOutcome, PREVIEW_SIDE, THUMBNAIL_SIDE } from '../dicom/openSources';
import { parseDicom } from '../dicom/parse';
import { type GreyImage, previewOfFrame } from '../dicom/previewImage';
import { keepingPaths } from '../dicom/readSources';
import { reasonText } from '../dicom/skipReason';
import { isEncapsulatedSyntax } from '../dicom/transferSyntaxes';
import type { DecodedFrame, ParsedDicom, SkipReason } from '../dicom/types';
import { type SeriesListItem, type SkippedFile, useStudyStore } from '../state/studyStore';
import { releaseVoxels } from '../volume/releaseVoxels';
import { openInputFiles, readOriginalFiles, type SourceFile } from './readInputFiles';

/** Decodes one compressed frame off the main thread (the worker pool); native pixels are decoded in place. */
export type WorkerDecode = (parsed: ParsedDicom, frameIndex: number) => Promise<DecodedFrame>;

/** The path is shown beside the reason in the lists: the reason does not repeat it. */
const toSkipped = (s: SkipReason): SkippedFile => ({ path: s.path, reason: reasonText(s.path, s.message) });

const EMPTY = new Uint8Array(0);

function listItem(c: SeriesCandidate, thumbnail: GreyImage | undefined): SeriesListItem {
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
    ...(thumbnail ? { thumbnail } : {}),
    ...(s.problem ? { unusable: s.problem } : {}),
  };
}

const pathsOf = (c: SeriesCandidate) => c.instances.map((p) => p.instance.path);

/**
 * Opens files as a study: read, parse, group, choose the best series and assemble its volume, all in the
 * ingest worker (app/readInputFiles.ts -> dicom/openSources.ts); only compressed frames are decoded in the
 * worker pool and assembled here. The page keeps the files as the browser handed them (File/Blob
 * references: a dropped file stays on disk) and the parsed headers, not their bytes: switching series, the
 * "Acquired images" view and exports read the files again, so the voxels are held once.
 */
export function createStudyLoader(workerDecode: WorkerDecode) {
  let sources: SourceFile[] = [];
  /**
   * The open case's files when they are written after it is shown (the generated demo, app/demoCase.ts):
   * asked for when first needed; `sources` once they are there.
   */
  let laterSources: (() => Promise<SourceFile[]>) | undefined;
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

  const onEvent = (signal: AbortSignal) => (event: OpenEvent) => {
    if (signal.aborted) return;
    if (event.kind === 'progress') store().setProgress(event.progress);
    else store().setPreview(event.preview);
  };

  /** A compressed series' middle frame (one frame's bytes): decoded in the pool for its thumbnail (and the loading picture). */
  async function pictureFromPool(key: string, frame: ParsedDicom, signal: AbortSignal, caption?: string) {
    try {
      const decoded = await decode(signal)(frame, 0);
      const thumbnail = previewOfFrame(frame, 0, THUMBNAIL_SIDE, decoded);
      if (thumbnail) store().setThumbnail(key, thumbnail);
      const image = caption ? previewOfFrame(frame, 0, PREVIEW_SIDE, decoded) : undefined;
      if (image && caption && !signal.aborted) store().setPreview({ image, caption });
    } catch {
      // A series whose middle image fails to decode still lists; its volume build will name the file.
    }
  }

  /** Shows the outcome's volume (assembling compressed frames here first) as the series `listKey`. */
  async function showVolume(outcome: OpenOutcome, listKey: string, signal: AbortSignal) {
    const chosen = outcome.scan.candidates.find((c) => c.key === outcome.chosenKey);
    if (!chosen) throw new Error('That series is no longer available: open the files again.');
    store().setActiveSeries(listKey);
    if (outcome.volumeError) throw new Error(outcome.volumeError);
    let volume = outcome.volume;
    if (!volume) {
      // Compressed frames: decoded in the worker pool, assembled here from this series' bytes (the only
      // file bytes the worker handed over), which are dropped once the volume exists.
      const frame = outcome.thumbnailFrames.find((t) => t.key === chosen.key);
      const caption = `Middle image of ${chosen.summary.description || chosen.summary.modality} (${chosen.slices.length} images)`;
      if (frame) await pictureFromPool(listKey, frame.parsed, signal, caption);
      volume = await buildVolume(chosen, decode(signal), (done, total) => {
        if (!signal.aborted) store().setProgress({ phase: 'Decoding images', done, total });
      });
      for (const parsed of chosen.instances) parsed.bytes = EMPTY;
    }
    signal.throwIfAborted();
    store().setVolume(volume, skipped);
  }

  /** The files opened, waiting for them when they are still being written. */
  async function openedSources(): Promise<SourceFile[]> {
    const later = laterSources;
    if (!later) return sources;
    const written = await later();
    if (laterSources !== later) throw new Error('That case is no longer open.');
    sources = [...written];
    laterSources = undefined;
    return sources;
  }

  /** The files among those opened that hold these paths (a file itself, or the archive it lies in). */
  const sourcesHolding = async (paths: readonly string[]) => {
    const keep = keepingPaths(paths);
    return (await openedSources()).filter((f) => keep(f.path));
  };

  /** Drops the files and parsed series kept for series switching. */
  function forgetFiles() {
    sources = [];
    laterSources = undefined;
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

  /**
   * The original bytes of these files, read again: a dropped file straight from its File (no worker), an
   * archive's entries through the ingest worker (the archive is read again and only these entries inflated).
   */
  async function readOriginals(paths: readonly string[]): Promise<InputFile[]> {
    const byPath = new Map((await openedSources()).map((f) => [f.path, f]));
    if (paths.every((p) => byPath.has(p))) {
      return Promise.all(
        paths.map(async (path) => ({
          path,
          bytes: new Uint8Array(await byPath.get(path)!.blob.arrayBuffer()),
        })),
      );
    }
    const { inputs, missing } = await readOriginalFiles(await sourcesHolding(paths), paths);
    if (missing.length > 0) {
      throw new Error(
        `${missing.length} of ${paths.length} file(s) can no longer be read (moved, changed or deleted since they were opened), e.g. ${missing[0]}: open them again.`,
      );
    }
    return inputs;
  }

  return {
    /**
     * Opens dropped/picked files (or the demo's generated files) and shows the best series. A source that
     * comes with its `outcome` (the generated demo: phantom/handOver.ts) is shown as opened, its files not
     * read; its files may then come later (a function, called when they are first needed).
     */
    open: (
      caseName: string,
      source:
        | readonly SourceFile[]
        | ((
            signal: AbortSignal,
          ) => Promise<
            SourceFile[] | { files: SourceFile[] | (() => Promise<SourceFile[]>); outcome?: OpenOutcome }
          >),
    ) =>
      run(
        () => {
          // The previous case's files go before the next case's are read (issue 24: both held at once).
          forgetFiles();
          store().beginLoading(caseName);
        },
        async (signal) => {
          const given = typeof source === 'function' ? await source(signal) : source;
          const { files, outcome: opened } = 'files' in given ? given : { files: given, outcome: undefined };
          let outcome: OpenOutcome;
          if (opened) {
            outcome = opened;
            if (typeof files === 'function') laterSources = files;
            else sources = [...files];
          } else {
            const list = typeof files === 'function' ? await files() : files;
            store().setProgress({ phase: 'Reading files', done: 0, total: list.length });
            // Read, unzip, inflate, parse headers and assemble the volume in a worker, within the size
            // limits; Cancel stops it. Pictures for the loading screen arrive on the way.
            outcome = await openInputFiles(list, onEvent(signal), signal);
            sources = [...list];
          }
          candidates = outcome.scan.candidates;
          skipped = [...outcome.refused, ...outcome.scan.skipped].map(toSkipped);
          const thumbnails = new Map(outcome.thumbnails.map((t) => [t.key, t.image]));
          store().setSeries(
            candidates.map((c) => listItem(c, thumbnails.get(c.key))),
            outcome.scan.nonImages.map(toSkipped),
          );
          const usable = candidates.filter((c) => !c.summary.problem);
          if (usable.length === 0 || !outcome.chosenKey) {
            const why = candidates.map((c) => `${c.summary.description || c.key}: ${c.summary.problem}`);
            throw new Error(
              candidates.length === 0
                ? `No DICOM images found in ${sources.length} file(s).`
                : `No series can form a volume:\n${why.join('\n')}`,
            );
          }
          await showVolume(outcome, outcome.chosenKey, signal);
          for (const t of outcome.thumbnailFrames)
            if (t.key !== outcome.chosenKey) void pictureFromPool(t.key, t.parsed, signal);
        },
      ),
    /**
     * The original files of the series on screen (path + bytes), read again from the files opened, so a
     * training package, a case bundle or Recent cases can carry them unchanged; undefined when no series
     * of an opened drop is active. Rejects, naming a file, when a file can no longer be read.
     */
    activeSeriesFiles: async (): Promise<{ path: string; bytes: Uint8Array }[] | undefined> => {
      const key = store().activeSeriesKey;
      const active = candidates.find((c) => c.key === key);
      if (!active) return undefined;
      return readOriginals(pathsOf(active));
    },
    /**
     * The same files as Blobs without reading them where each is a file of its own (the File/Blob the
     * browser handed over: storing it in IndexedDB copies it in the browser, not through the page's
     * memory, issue 20); an archive's entries are inflated and wrapped. Undefined as activeSeriesFiles.
     */
    activeSeriesBlobs: async (): Promise<SourceFile[] | undefined> => {
      const key = store().activeSeriesKey;
      const active = candidates.find((c) => c.key === key);
      if (!active) return undefined;
      const paths = pathsOf(active);
      const byPath = new Map((await openedSources()).map((f) => [f.path, f.blob]));
      if (paths.every((p) => byPath.has(p))) return paths.map((path) => ({ path, blob: byPath.get(path)! }));
      const inputs = await readOriginals(paths);
      return inputs.map((f) => ({ path: f.path, blob: new Blob([f.bytes as Uint8Array<ArrayBuffer>]) }));
    },
    /**
     * The open series' slices as stored (file headers, frame, geometry, in slice order); `decodeSlice`
     * reads one again and decodes it: the "Acquired images" view shows these, not the volume (issue 19).
     */
    activeSeriesSlices: () => {
      const key = store().activeSeriesKey;
      return candidates.find((c) => c.key === key)?.slices;
    },
    decodeSlice: async (parsed: ParsedDicom, frameIndex: number) => {
      let file = parsed;
      if (file.bytes.byteLength === 0) {
        const [input] = await readOriginals([parsed.instance.path]);
        const result = parseDicom(input!.bytes, input!.path);
        if (!result.ok) throw new Error(result.skip.message);
        file = result.parsed;
      }
      return decode(new AbortController().signal)(file, frameIndex);
    },
    /** Switches to another series of the files already open: its files are read again and assembled. */
    openSeries: (key: string) =>
      run(store().beginSeriesSwitch, async (signal) => {
        const candidate = candidates.find((c) => c.key === key);
        if (!candidate) throw new Error('That series is no longer available: open the files again.');
        store().setActiveSeries(key);
        const paths = pathsOf(candidate);
        const outcome = await openInputFiles(await sourcesHolding(paths), onEvent(signal), signal, {
          key,
          paths,
        });
        if (!outcome.chosenKey) {
          const why = [...outcome.refused, ...outcome.scan.skipped].map((s) => s.message);
          throw new Error(
            `The files of this series could not be read again (moved, changed or deleted since they were opened?)${why.length > 0 ? `:\n${why.slice(0, 5).join('\n')}` : ''}\nOpen them again.`,
          );
        }
        await showVolume(outcome, key, signal);
      }),
    cancel: () => close(),
    /**
     * Closes the case: stops any open in progress and drops every reference to its files, parsed headers
     * and volume, so nothing of the patient stays in memory once the user has closed it (issue 24).
     */
    close: () => close(),
  };
}
