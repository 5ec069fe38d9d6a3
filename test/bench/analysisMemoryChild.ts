/**
 * One spine analysis in a fresh process, for the analysis stage: the volume is read from a raw file (so the
 * process's RSS peak before the analysis is about the volume itself), then the analysis runs; prints the RSS
 * with the volume loaded and the peak after the analysis.
 * Usage (by stages/analysis.ts): node --import tsx test/bench/analysisMemoryChild.ts <base path without .raw/.json>
 */
import { readFileSync } from 'node:fs';
import { analyzeSpine } from '../../src/analysis/index';
import type { Volume } from '../../src/volume/volume';
import { collectGarbage } from './lib/stats';

const base = process.argv[2]!;
const meta = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as Pick<
  Volume,
  'dims' | 'spacingMm' | 'ijkToLps' | 'rescaleSlope' | 'rescaleIntercept'
>;
const bytes = readFileSync(`${base}.raw`);
const volume: Volume = {
  ...meta,
  id: 'bench',
  data: new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2),
  metadata: { modality: 'CT' } as Volume['metadata'],
  warnings: [],
};
/**
 * This process's own resident peak: VmHWM (proc(5)). getrusage's ru_maxrss is not used: on Linux a child's
 * value starts at its parent's RSS across fork+exec, so it cannot fall below the bench process's own size.
 */
function ownPeakRssBytes(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // not Linux: fall back below
  }
  return process.resourceUsage().maxRSS * 1024;
}

for (let i = 0; i < 3; i++) {
  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const baselineRssBytes = process.memoryUsage().rss;
const a = analyzeSpine(volume);
const peakRssBytes = ownPeakRssBytes();
console.log(JSON.stringify({ baselineRssBytes, peakRssBytes, found: a.found }));
