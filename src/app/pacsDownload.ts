import type { DicomwebClient } from '../dicom/dicomweb/client';
import { DicomwebError } from '../dicom/dicomweb/errors';
import type { PacsSeries } from '../dicom/dicomweb/models';
import type { SourceFile } from './readInputFiles';

/** Parallel WADO-RS requests: enough to hide latency, few enough not to swamp a small PACS. */
const PARALLEL_REQUESTS = 4;

const message = (thrown: unknown) => (thrown instanceof Error ? thrown.message : String(thrown));

/**
 * Downloads every instance of a series as Part 10 files in their stored transfer syntax, for the same ingest
 * path as local files. Each failed instance is tried once more. If one still fails, the download stops and
 * what arrived is discarded (a series with holes would open with gaps that look like anatomy); the error
 * says so, and how far it got.
 */
export async function downloadSeries(
  client: DicomwebClient,
  series: PacsSeries,
  onProgress: (done: number, total: number) => void,
  signal: AbortSignal,
): Promise<SourceFile[]> {
  const instances = await client.searchInstances(series.studyInstanceUid, series.seriesInstanceUid, signal);
  if (instances.length === 0) {
    throw new Error(
      `The PACS lists no images in series "${series.seriesDescription || series.seriesInstanceUid}".`,
    );
  }
  const files: SourceFile[] = new Array(instances.length);
  let next = 0;
  let done = 0;
  let failure: { sopInstanceUid: string; reason: string } | null = null;
  onProgress(0, instances.length);

  const fetchOne = async (sopInstanceUid: string) => {
    try {
      return await client.retrieveInstance(
        series.studyInstanceUid,
        series.seriesInstanceUid,
        sopInstanceUid,
        signal,
      );
    } catch (thrown) {
      if (signal.aborted || (thrown instanceof DicomwebError && thrown.kind === 'credentials')) throw thrown;
      return client.retrieveInstance(
        series.studyInstanceUid,
        series.seriesInstanceUid,
        sopInstanceUid,
        signal,
      );
    }
  };

  const worker = async () => {
    while (next < instances.length && !failure) {
      signal.throwIfAborted();
      const index = next++;
      const instance = instances[index]!;
      try {
        const bytes = await fetchOne(instance.sopInstanceUid);
        const name = instance.instanceNumber ?? index + 1;
        files[index] = {
          path: `PACS/${series.seriesNumber ?? 'series'}/${name}.dcm`,
          blob: new Blob([bytes as BlobPart]),
        };
        done++;
        onProgress(done, instances.length);
      } catch (thrown) {
        if (signal.aborted) throw thrown;
        failure ??= { sopInstanceUid: instance.sopInstanceUid, reason: message(thrown) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_REQUESTS, instances.length) }, worker));
  signal.throwIfAborted();
  if (failure) {
    const f: { sopInstanceUid: string; reason: string } = failure;
    throw new Error(
      `The download stopped after ${done} of ${instances.length} images: image ${f.sopInstanceUid} failed twice (${f.reason}). ` +
        `The ${done} images that arrived were discarded, because a series with missing images would show gaps. Try again.`,
    );
  }
  return files;
}
