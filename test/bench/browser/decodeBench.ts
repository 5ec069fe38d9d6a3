import { extractFrame } from '../../../src/dicom/extractFrame';
import { parseDicom } from '../../../src/dicom/parse';
import type { DecodedFrame, ParsedDicom } from '../../../src/dicom/types';
import type { DecodeRequest } from '../../../src/workers/decodeWorker';
import { createWorkerPool, defaultPoolSize, type WorkerPool } from '../../../src/workers/workerPool';
import { framesChecksum } from '../lib/framesChecksum';
import type { DicomSeriesMeta } from './transport';

export { framesChecksum };

const createDecodeWorker = () =>
  new Worker(new URL('../../../src/workers/decodeWorker.ts', import.meta.url), { type: 'module' });

export async function fetchSeries(meta: DicomSeriesMeta): Promise<ParsedDicom[]> {
  const parsed: ParsedDicom[] = [];
  for (let i = 0; i < meta.files; i++) {
    const bytes = new Uint8Array(await (await fetch(`/dicom/${meta.key}/${i}`)).arrayBuffer());
    const result = parseDicom(bytes, `${meta.key}/${i}`);
    if (!result.ok) throw new Error(result.skip.message);
    parsed.push(result.parsed);
  }
  return parsed;
}

/** The app's decode path (main.tsx): copy the frame out of the file, transfer it to a pool worker. */
export const decodeAll = (pool: WorkerPool<DecodeRequest, DecodedFrame>, series: readonly ParsedDicom[]) =>
  Promise.all(
    series.map((parsed) => {
      const frame = extractFrame(parsed, 0);
      return pool.run({ parsed: frame }, [frame.bytes.buffer as ArrayBuffer]);
    }),
  );

/** The app's pool (one worker per core, as main.tsx sizes it) and a pool of one worker. */
export function createDecodePools() {
  const poolSize = defaultPoolSize(navigator.hardwareConcurrency);
  return {
    poolSize,
    pool: createWorkerPool<DecodeRequest, DecodedFrame>(createDecodeWorker, poolSize, 60_000),
    single: createWorkerPool<DecodeRequest, DecodedFrame>(createDecodeWorker, 1, 60_000),
  };
}
