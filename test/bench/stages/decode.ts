import { decodeFrame } from '../../../src/dicom/decode/index';
import { parseDicom } from '../../../src/dicom/parse';
import type { ParsedDicom } from '../../../src/dicom/types';
import type { SeriesOnDisk } from '../ingest/readFiles';
import { readAll } from '../ingest/readFiles';
import { loadNow } from '../lib/machine';
import { type Timing, timeInterleaved } from '../lib/stats';
import { formatTable, ms } from '../lib/table';

export interface DecodeResult {
  encoding: SeriesOnDisk['encoding'];
  frames: number;
  encodedBytes: number;
  decodedBytes: number;
  timing: Timing;
  /** Decoded (raw 16-bit) megabytes per second, single thread. */
  decodedMBps: number;
  encodedMBps: number;
  loadAverage: string;
}

/**
 * Decode speed of our decodeFrame (codec + mask/sign-extend to stored values) on one thread, files
 * already in memory and parsed: the figure a single worker of the pool reaches.
 */
export async function benchDecode(series: SeriesOnDisk, warmup: number, runs: number): Promise<DecodeResult> {
  const parsed: ParsedDicom[] = readAll(series.paths).map((f) => {
    const r = parseDicom(f.bytes, f.path);
    if (!r.ok) throw new Error(r.skip.message);
    return r.parsed;
  });
  const encodedBytes = parsed.reduce((n, p) => n + p.frameFragments[0]!.reduce((m, f) => m + f.length, 0), 0);
  const decodedBytes = parsed.reduce((n, p) => n + p.instance.rows * p.instance.columns * 2, 0);
  const timings = await timeInterleaved(
    [
      {
        name: 'decode',
        run: async () => {
          for (const p of parsed) await decodeFrame(p, 0);
        },
      },
    ],
    { warmup, runs },
  );
  const timing = timings.get('decode')!;
  const seconds = timing.medianMs / 1000;
  return {
    encoding: series.encoding,
    frames: parsed.length,
    encodedBytes,
    decodedBytes,
    timing,
    decodedMBps: decodedBytes / 1e6 / seconds,
    encodedMBps: encodedBytes / 1e6 / seconds,
    loadAverage: loadNow(),
  };
}

export function formatDecode(results: readonly DecodeResult[]): string {
  return `Decode, single thread in Node (ours: codec + stored values), load ${loadNow()}\n${formatTable(
    ['codec', 'frames', 'ms/frame', 'min', 'max', 'MB/s decoded', 'MB/s encoded'],
    results.map((r) => [
      r.encoding,
      String(r.frames),
      ms(r.timing.medianMs / r.frames),
      ms(r.timing.minMs / r.frames),
      ms(r.timing.maxMs / r.frames),
      r.decodedMBps.toFixed(1),
      r.encodedMBps.toFixed(1),
    ]),
  )}`;
}
