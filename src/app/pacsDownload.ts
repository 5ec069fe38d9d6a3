import type { DicomwebClient } from '../dicom/dicomweb/client';
import { DicomwebError } from '../dicom/dicomweb/errors';
import type { PacsSeries } from '../dicom/dicomweb/models';
import { ByteBudget, formatBytes, type IngestLimits } from '../dicom/ingestLimits';
import { deviceIngestLimits, type SourceFile } from './readInputFiles';

/** Parallel WADO-RS requests: enough to hide latency, few enough not to swamp a small PACS. */
const PARALLEL_REQUESTS = 4;

const message = (thrown: unknown) => (thrown instanceof Error ? thrown.message : String(thrown));

/**
 * Downloads every instance of a series as Part 10 files in their stored transfer syntax, for the same ingest
 * path as local files. Each failed instance is tried once more. If one still fails, the download stops and
 * what arrived is discarded (a series with holes would open with gaps that look like anatomy); the error
 * says so, and how far it got. The images together stay within the memory budget of one open (`limits`,
 * issue 24): each answer is read only up to what is left of it, so a server sending more than it should is
 * stopped by name, not followed until the tab runs out of memory.
 */
export async function downloadSeries(
  client: DicomwebClient,
  series: PacsSeries,
  onProgress: (done: number, total: number) => void,
  signal: AbortSignal,
  limits: IngestLimits = deviceIngestLimits(),
): Promise<SourceFile[]> {
  const budget = new ByteBudget(limits);
  const budgetReason = `the memory budget of ${formatBytes(limits.budgetBytes)} for one open, ${limits.budgetSource}`;
  const instances = await client.searchInstances(series.studyInstanceUid, series.seriesInstanceUid, signal);
  if (instances.length === 0) {
    throw new Error(
      `The PACS lists no images in series "${series.seriesDescription || series.seriesInstanceUid}".`,
    );
  }
  const files: SourceFile[] = new Array(instances.length);
  let next = 0;
  let done = 0;
  let failure: { sopInstanceUid: string; reason: string; tooLarge: boolean } | null = null;
  onProgress(0, instances.length);

  const retrieve = (sopInstanceUid: string) =>
    client.retrieveInstance(
      series.studyInstanceUid,
      series.seriesInstanceUid,
      sopInstanceUid,
      signal,
      Math.max(0, limits.budgetBytes - budget.usedBytes),
      budgetReason,
    );
  const fetchOne = async (sopInstanceUid: string) => {
    try {
      return await retrieve(sopInstanceUid);
    } catch (thrown) {
      const final =
        thrown instanceof DicomwebError && (thrown.kind === 'credentials' || thrown.kind === 'too-large');
      if (signal.aborted || final) throw thrown;
      return retrieve(sopInstanceUid);
    }
  };

  const worker = async () => {
    while (next < instances.length && !failure) {
      signal.throwIfAborted();
      const index = next++;
      const instance = instances[index]!;
      try {
        const bytes = await fetchOne(instance.sopInstanceUid);
        const over = budget.reserve(
          bytes.length,
          `image ${instance.sopInstanceUid} (${done + 1} of ${instances.length})`,
        );
        if (over) throw new DicomwebError('too-large', `${over}.`);
        const name = instance.instanceNumber ?? index + 1;
        files[index] = {
          path: `PACS/${series.seriesNumber ?? 'series'}/${name}.dcm`,
          blob: new Blob([bytes as BlobPart]),
        };
        done++;
        onProgress(done, instances.length);
      } catch (thrown) {
        if (signal.aborted) throw thrown;
        failure ??= {
          sopInstanceUid: instance.sopInstanceUid,
          reason: message(thrown),
          tooLarge: thrown instanceof DicomwebError && thrown.kind === 'too-large',
        };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_REQUESTS, instances.length) }, worker));
  signal.throwIfAborted();
  if (failure) {
    const f: { sopInstanceUid: string; reason: string; tooLarge: boolean } = failure;
    const discarded = `The ${done} images that arrived were discarded, because a series with missing images would show gaps.`;
    throw new Error(
      f.tooLarge
        ? `The download stopped after ${done} of ${instances.length} images: ${f.reason} ${discarded}`
        : `The download stopped after ${done} of ${instances.length} images: image ${f.sopInstanceUid} failed twice (${f.reason}). ${discarded} Try again.`,
    );
  }
  return files;
}
