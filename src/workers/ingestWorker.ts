/// <reference lib="webworker" />
/**
 * Opens dropped files off the main thread (dicom/openSources.ts): reading, unzipping, inflating, header
 * parsing, all within the size limits, then the chosen series' native frames assembled into its volume.
 * The page stays responsive while a bomb is being refused or a volume is assembled, and Cancel terminates
 * this worker (core/workerRpc.ts). Pictures for the loading screen go out as progress; the volume (and any file bytes
 * the page still needs) goes back transferred. Also reads a series' original files again (`read`).
 */

import { type RpcScope, serveRpc } from '../core/workerRpc';
import type { InputFile } from '../dicom/ingest';
import type { IngestLimits } from '../dicom/ingestLimits';
import {
  type OpenEvent,
  type OpenOutcome,
  type OpenRequest,
  openSources,
  openTransferables,
  readOriginals,
} from '../dicom/openSources';
import type { SourceFile } from '../dicom/readSources';

export type IngestRequest =
  | ({ kind: 'open' } & OpenRequest)
  | { kind: 'read'; files: SourceFile[]; limits: IngestLimits; paths: string[] };

export type IngestResult =
  | { kind: 'open'; outcome: OpenOutcome }
  | { kind: 'read'; inputs: InputFile[]; missing: string[] };

serveRpc<IngestRequest, IngestResult, OpenEvent>(
  self as unknown as RpcScope,
  'opening the files',
  async (request, context) =>
    request.kind === 'read'
      ? { kind: 'read', ...(await readOriginals(request.files, request.limits, request.paths)) }
      : { kind: 'open', outcome: await openSources(request, context.progress) },
  (result) =>
    result.kind === 'open'
      ? openTransferables(result.outcome)
      : [...new Set(result.inputs.map((i) => i.bytes.buffer as ArrayBuffer))],
);
