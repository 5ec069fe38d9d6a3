/**
 * De-identification of one export's series (PS3.15 E.1.1) as a worker job: every file of the series in one
 * call, so one UID map serves the whole series (references between files hold); the map's pairs go back so
 * the page maps the plan's UIDs the same way. DOM-free: runs in deidWorker.ts and in Node tests.
 */
import type { Result } from '../core/errors';
import { ok } from '../core/errors';
import { createUidMap, deidentifyFiles, type NamedDicomFile, RemovalLog } from '../dicom/deid';

export interface DeidSeriesRequest {
  files: NamedDicomFile[];
  /** The folder the renamed files go into (deidentifyFiles: `<folder>/IM00001.dcm`...). */
  folder?: string;
}

export interface DeidSeriesResult {
  files: NamedDicomFile[];
  /** The removal log's lines ("Patient's Name: emptied (134)"). */
  removed: string[];
  /** The UID map's [original, replacement] pairs. */
  uids: [string, string][];
}

/** The worker's job; a file that cannot be de-identified fails the export, naming the file. */
export function deidentifySeriesJob(request: DeidSeriesRequest): Result<DeidSeriesResult> {
  const uidMap = createUidMap();
  const clean = deidentifyFiles(request.files, uidMap, new RemovalLog(), request.folder);
  if (!clean.ok) return clean;
  return ok({ files: clean.value.files, removed: clean.value.log.lines(), uids: uidMap.entries() });
}

/** The de-identified files' buffers are moved to the page, not copied. */
export const deidSeriesTransferables = (r: Result<DeidSeriesResult>): Transferable[] =>
  r.ok ? [...new Set(r.value.files.map((f) => f.bytes.buffer as ArrayBuffer))] : [];
