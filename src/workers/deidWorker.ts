/// <reference lib="webworker" />
/**
 * De-identification of a series for a case bundle or training package off the main thread (issue 20:
 * ~300 files a second on the page): the files arrive (moved when the page has no further use for them),
 * the de-identified files go back transferred with the removal log and the UID map's pairs.
 */
import type { Result } from '../core/errors';
import { type RpcScope, serveRpc } from '../core/workerRpc';
import {
  type DeidSeriesRequest,
  type DeidSeriesResult,
  deidentifySeriesJob,
  deidSeriesTransferables,
} from './deidSeries';

serveRpc<DeidSeriesRequest, Result<DeidSeriesResult>, never>(
  self as unknown as RpcScope,
  'de-identification',
  deidentifySeriesJob,
  deidSeriesTransferables,
);
