import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { formatTable } from '../lib/table';

export interface MemoryRow {
  side: string;
  /** Peak RSS of the whole process minus its RSS before ingest, bytes. */
  peakRssGrowthBytes: number;
  /** Heap + ArrayBuffers still held after a full GC with the volume alive, bytes. */
  retainedBytes: number;
}

export interface MemoryResult {
  series: string;
  rawVolumeBytes: number;
  rows: MemoryRow[];
}

const CHILD = path.resolve(import.meta.dirname, '../memoryChild.ts');

/** Runs each side once in its own Node process (peak RSS is per process, and never goes down). */
export function benchMemory(series: string, dir: string, rawVolumeBytes: number): MemoryResult {
  const rows = ['ours', 'floor', 'dicom-parser', 'dcmjs', 'daikon'].map((side) => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', CHILD, side, dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const line = JSON.parse(out.trim().split('\n').pop()!) as {
      baselineRssBytes: number;
      peakRssBytes: number;
      retainedBytes: number;
    };
    return {
      side,
      peakRssGrowthBytes: line.peakRssBytes - line.baselineRssBytes,
      retainedBytes: line.retainedBytes,
    };
  });
  return { series, rawVolumeBytes, rows };
}

export function formatMemory(r: MemoryResult): string {
  const mb = (b: number) => (b / 1e6).toFixed(0);
  return `Memory, one ingest per fresh process: ${r.series} (raw volume ${mb(r.rawVolumeBytes)} MB)\n${formatTable(
    ['side', 'peak RSS growth MB', 'x raw', 'retained MB', 'x raw'],
    r.rows.map((row) => [
      row.side,
      mb(row.peakRssGrowthBytes),
      (row.peakRssGrowthBytes / r.rawVolumeBytes).toFixed(2),
      mb(row.retainedBytes),
      (row.retainedBytes / r.rawVolumeBytes).toFixed(2),
    ]),
  )}`;
}
