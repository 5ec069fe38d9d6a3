/// <reference lib="webworker" />
/**
 * Opens dropped files off the main thread: reading, unzipping, inflating and header parsing
 * (dicom/readSources.ts), all within the size limits. The page stays responsive while a bomb is being
 * refused, and Cancel terminates this worker (rpc.ts). The series' file bytes go back transferred.
 */

import type { IngestLimits } from '../dicom/ingestLimits';
import {
  type IngestOutcome,
  type IngestProgress,
  ingestSources,
  outcomeTransferables,
  type SourceFile,
} from '../dicom/readSources';
import { type RpcScope, serveRpc } from './rpc';

export interface IngestRequest {
  files: SourceFile[];
  limits: IngestLimits;
}

serveRpc<IngestRequest, IngestOutcome, IngestProgress>(
  self as unknown as RpcScope,
  'opening the files',
  (request, context) => ingestSources(request.files, request.limits, context.progress),
  outcomeTransferables,
);
