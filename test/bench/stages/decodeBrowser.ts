/**
 * Decode in the browser: the app's decode worker pool (src/workers, one worker per core as main.tsx sizes
 * it) vs a pool of one worker, on the same encoded series, files fetched and parsed before timing. Each
 * run decodes the whole series the app's way (extractFrame, transfer, decode in the worker, transfer back).
 * Counts only if both decodes equal our Node decode (same FNV checksum over every stored value).
 */
import { decodeFrame } from '../../../src/dicom/decode/index';
import { parseDicom } from '../../../src/dicom/parse';
import type { BrowserSession } from '../browser/session';
import type { SeriesOnDisk } from '../ingest/readFiles';
import { readAll } from '../ingest/readFiles';
import { framesChecksum } from '../lib/framesChecksum';
import { loadNow } from '../lib/machine';
import { summarise, type Timing } from '../lib/stats';
import { formatTable, ms, ratio } from '../lib/table';

export interface BrowserDecodeResult {
  encoding: string;
  frames: number;
  decodedBytes: number;
  poolSize: number;
  checksums: { node: string; pool: string; single: string };
  agrees: boolean;
  timings: Record<string, Timing>;
  decodedMBps: Record<string, number>;
  loadAverage: string;
}

export async function nodeChecksum(
  series: SeriesOnDisk,
): Promise<{ checksum: string; decodedBytes: number }> {
  const frames = [];
  for (const file of readAll(series.paths)) {
    const parsed = parseDicom(file.bytes, file.path);
    if (!parsed.ok) throw new Error(parsed.skip.message);
    frames.push(await decodeFrame(parsed.parsed, 0));
  }
  return {
    checksum: framesChecksum(frames),
    decodedBytes: frames.reduce((n, f) => n + f.rows * f.columns * 2, 0),
  };
}

export async function benchDecodeBrowser(
  session: BrowserSession,
  key: string,
  series: SeriesOnDisk,
  warmup: number,
  runs: number,
): Promise<BrowserDecodeResult> {
  const reference = await nodeChecksum(series);
  const page = await session.call(
    'benchDecode',
    { key, encoding: series.encoding, files: series.paths.length },
    warmup,
    runs,
  );
  const timings = Object.fromEntries(Object.entries(page.samples).map(([name, s]) => [name, summarise(s)]));
  const agrees = page.checksums.pool === reference.checksum && page.checksums.single === reference.checksum;
  return {
    encoding: series.encoding,
    frames: series.paths.length,
    decodedBytes: reference.decodedBytes,
    poolSize: page.poolSize,
    checksums: { node: reference.checksum, ...page.checksums },
    agrees,
    timings,
    decodedMBps: Object.fromEntries(
      Object.entries(timings).map(([name, t]) => [name, reference.decodedBytes / 1e6 / (t.medianMs / 1000)]),
    ),
    loadAverage: loadNow(),
  };
}

export function formatDecodeBrowser(results: readonly BrowserDecodeResult[]): string {
  const rows = results.flatMap((r) => {
    const single = r.timings['one worker']!;
    return Object.entries(r.timings).map(([name, t]) => [
      `${r.encoding} (${r.frames} frames), ${name}`,
      ms(t.medianMs),
      ms(t.minMs),
      ms(t.maxMs),
      r.decodedMBps[name]!.toFixed(1),
      ratio(single.medianMs / t.medianMs),
      r.agrees ? 'same' : 'DIFFERS',
    ]);
  });
  return `Decode in Chromium: app worker pool vs one worker (load ${loadNow()})\n${formatTable(
    ['series, side', 'median ms', 'min', 'max', 'MB/s decoded', 'speed-up', 'vs Node decode'],
    rows,
  )}`;
}
