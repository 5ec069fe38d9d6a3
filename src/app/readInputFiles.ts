import { ingestLimits } from '../dicom/ingestLimits';
import {
  type IngestOutcome,
  type IngestProgress,
  ingestSources,
  type SourceFile,
} from '../dicom/readSources';
import type { IngestRequest } from '../workers/ingestWorker';
import { runRpc } from '../workers/rpc';

export type { SourceFile } from '../dicom/readSources';

const GIB = 1024 ** 3;

/** The limits for this device: navigator.deviceMemory (GB, Chromium only) where the browser tells it. */
export function deviceIngestLimits() {
  const gb = (globalThis.navigator as (Navigator & { deviceMemory?: number }) | undefined)?.deviceMemory;
  return ingestLimits(gb === undefined ? undefined : gb * GIB);
}

/**
 * Reads, expands and parses the files of one open within the size limits (dicom/readSources.ts): in a
 * worker where the platform has workers, so unzipping and inflating never block the page and aborting
 * `signal` (Cancel) stops the work at once; in this thread otherwise (Node tests).
 */
export function readInputFiles(
  files: readonly SourceFile[],
  onProgress: (progress: IngestProgress) => void,
  signal: AbortSignal,
): Promise<IngestOutcome> {
  const limits = deviceIngestLimits();
  if (typeof Worker === 'undefined') return ingestSources(files, limits, onProgress, signal);
  let started = false;
  return runRpc<IngestRequest, IngestOutcome, IngestProgress>(
    () => new Worker(new URL('../workers/ingestWorker.ts', import.meta.url), { type: 'module' }),
    { files: [...files], limits },
    {
      onProgress: (p) => {
        started = true;
        onProgress(p);
      },
      signal,
    },
  ).catch((thrown: unknown) => {
    if (signal.aborted || !(thrown instanceof Error) || !thrown.message.startsWith('worker failed'))
      throw thrown;
    // The worker never reported: its script could not be loaded (offline, e.g. a Recent case reopened
    // without network, before the worker was ever fetched). Read in this thread instead: the same limits
    // apply, only the page is busy meanwhile.
    if (!started) return ingestSources(files, limits, onProgress, signal);
    // The worker died or never started, without a message: out of memory, or its script is gone (the app
    // was updated since this page loaded).
    throw new Error(
      `The background reader stopped while opening these ${files.length} file(s): most likely the browser ran out of memory, or the app was updated since this page was loaded. Reload the page, then open fewer files at once.`,
    );
  });
}
