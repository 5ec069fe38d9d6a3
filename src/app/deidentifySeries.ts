import type { Result } from '../core/errors';
import { errorMessage, fail, ok } from '../core/errors';
import { type RpcWorker, runRpc } from '../core/workerRpc';
import { createUidMap, type NamedDicomFile, type UidMap } from '../dicom/deid';
import { type DeidSeriesRequest, type DeidSeriesResult, deidentifySeriesJob } from '../workers/deidSeries';

/**
 * De-identifying the series of a case bundle or training package (PS3.15 E.1.1), in the de-identification
 * worker when main.tsx gives one (issue 20: no long task on the page), else in this thread. Either way the
 * whole series goes in one call with one UID map, and the caller goes on with that map for the plan's UIDs.
 */
export interface DeidentifiedSeries {
  files: NamedDicomFile[];
  /** What was removed or replaced, one line per attribute. */
  removed: string[];
  /** The export's UID map, holding every replacement made in the files. */
  uidMap: UidMap;
}

export interface SeriesDeidentifyOptions {
  /**
   * The files' bytes are the caller's to give away (written for this export): they are moved to the
   * worker. Otherwise (the loader's kept originals) they are copied.
   */
  handOver?: boolean;
}

export type SeriesDeidentifier = (
  files: readonly NamedDicomFile[],
  options?: SeriesDeidentifyOptions,
) => Promise<Result<DeidentifiedSeries>>;

const withMap = (r: Result<DeidSeriesResult>): Result<DeidentifiedSeries> =>
  r.ok
    ? ok({ files: r.value.files, removed: r.value.removed, uidMap: createUidMap(undefined, r.value.uids) })
    : r;

/** In this thread (what the worker runs). */
export const deidentifySeriesHere: SeriesDeidentifier = async (files) =>
  withMap(deidentifySeriesJob({ files: [...files] }));

/** In a fresh de-identification worker (deidWorker.ts); the de-identified files come back transferred. */
export const deidentifySeriesInWorker =
  (createWorker: () => RpcWorker): SeriesDeidentifier =>
  async (files, options = {}) => {
    // Files the caller keeps are copied here with slice() and the copies moved: a plain memory copy, much
    // cheaper on the page than postMessage's structured clone of every file (measured: ~300 ms for 134 CT
    // files in Chromium).
    const sent = options.handOver ? [...files] : files.map((f) => ({ path: f.path, bytes: f.bytes.slice() }));
    const transfer = [...new Set(sent.map((f) => f.bytes.buffer as ArrayBuffer))];
    try {
      const result = await runRpc<DeidSeriesRequest, Result<DeidSeriesResult>, never>(
        createWorker,
        { files: sent },
        { transfer },
      );
      return withMap(result);
    } catch (e) {
      // A worker that cannot start (its script not loadable offline) or dies: the copied files are still
      // here, so this thread does the work; handed-over files are gone, so the export says what failed.
      if (!options.handOver) return deidentifySeriesHere(files);
      return fail(`de-identification stopped: ${errorMessage(e)}`);
    }
  };
