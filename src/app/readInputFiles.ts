import { runRpc } from '../core/workerRpc';
import type { InputFile } from '../dicom/ingest';
import { ingestLimits } from '../dicom/ingestLimits';
import { type OpenEvent, type OpenOutcome, openSources, readOriginals } from '../dicom/openSources';
import type { SourceFile } from '../dicom/readSources';
import type { IngestRequest, IngestResult } from '../workers/ingestWorker';

export type { SourceFile } from '../dicom/readSources';

const GIB = 1024 ** 3;

/** The limits for this device: navigator.deviceMemory (GB, Chromium only) where the browser tells it. */
export function deviceIngestLimits() {
  const gb = (globalThis.navigator as (Navigator & { deviceMemory?: number }) | undefined)?.deviceMemory;
  return ingestLimits(gb === undefined ? undefined : gb * GIB);
}

/** The same job in this thread (Node tests, or when the worker's script cannot be loaded). */
function runHere(request: IngestRequest, onEvent: (e: OpenEvent) => void, signal: AbortSignal) {
  return request.kind === 'read'
    ? readOriginals(request.files, request.limits, request.paths, signal).then(
        (read): IngestResult => ({ kind: 'read', ...read }),
      )
    : openSources(request, onEvent, signal).then((outcome): IngestResult => ({ kind: 'open', outcome }));
}

/**
 * Runs one ingest job (dicom/openSources.ts) in a worker where the platform has workers, so reading,
 * unzipping, parsing and frame assembly never block the page and aborting `signal` (Cancel) stops the work
 * at once; in this thread otherwise (Node tests).
 */
function runIngestJob(
  request: IngestRequest,
  onEvent: (event: OpenEvent) => void,
  signal: AbortSignal,
): Promise<IngestResult> {
  if (typeof Worker === 'undefined') return runHere(request, onEvent, signal);
  let started = false;
  return runRpc<IngestRequest, IngestResult, OpenEvent>(
    () => new Worker(new URL('../workers/ingestWorker.ts', import.meta.url), { type: 'module' }),
    request,
    {
      onProgress: (e) => {
        started = true;
        onEvent(e);
      },
      signal,
    },
  ).catch((thrown: unknown) => {
    if (signal.aborted || !(thrown instanceof Error) || !thrown.message.startsWith('worker failed'))
      throw thrown;
    // The worker never reported: its script could not be loaded (offline, e.g. a Recent case reopened
    // without network, before the worker was ever fetched). Work in this thread instead: the same limits
    // apply, only the page is busy meanwhile.
    if (!started) return runHere(request, onEvent, signal);
    // The worker died or never started, without a message: out of memory, or its script is gone (the app
    // was updated since this page loaded).
    throw new Error(
      `The background reader stopped while opening these ${request.files.length} file(s): most likely the browser ran out of memory, or the app was updated since this page was loaded. Reload the page, then open fewer files at once.`,
    );
  });
}

/**
 * Opens files (or re-opens one series of them, `series`) within this device's size limits: read, expand,
 * parse, group, choose, and assemble native frames into the volume off the page (dicom/openSources.ts).
 * Progress and the loading screen's pictures arrive through `onEvent`.
 */
export async function openInputFiles(
  files: readonly SourceFile[],
  onEvent: (event: OpenEvent) => void,
  signal: AbortSignal,
  series?: { key: string; paths: string[] },
): Promise<OpenOutcome> {
  const request: IngestRequest = {
    kind: 'open',
    files: [...files],
    limits: deviceIngestLimits(),
    ...(series ? { series } : {}),
  };
  const result = await runIngestJob(request, onEvent, signal);
  if (result.kind !== 'open') throw new Error('the background reader answered another request');
  return result.outcome;
}

/**
 * Reads the original bytes of these paths again from the files opened before (only the wanted entries of
 * an archive are inflated); `missing` names the paths that could not be read (moved, changed, deleted).
 */
export async function readOriginalFiles(
  files: readonly SourceFile[],
  paths: readonly string[],
  signal: AbortSignal = new AbortController().signal,
): Promise<{ inputs: InputFile[]; missing: string[] }> {
  const request: IngestRequest = {
    kind: 'read',
    files: [...files],
    limits: deviceIngestLimits(),
    paths: [...paths],
  };
  const result = await runIngestJob(request, () => undefined, signal);
  if (result.kind !== 'read') throw new Error('the background reader answered another request');
  return { inputs: result.inputs, missing: result.missing };
}
