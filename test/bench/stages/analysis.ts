import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeSpine } from '../../../src/analysis/index';
import type { Volume } from '../../../src/volume/volume';
import type { SeriesOnDisk } from '../ingest/readFiles';
import { ours } from '../ingest/sides';
import { type Timing, timeInterleaved } from '../lib/stats';
import { formatTable, ms, ratio } from '../lib/table';

/**
 * Spine analysis (issue 16): its time against the ingest of the same series (targets: <= 1.5x), and its
 * peak memory growth against the volume's bytes (target <= 1.5x), measured in a fresh process that holds
 * only the volume (peak RSS never goes down, so ingest's own peak must not be in that process).
 */
export interface AnalysisBenchResult {
  series: string;
  dims: readonly [number, number, number];
  volumeBytes: number;
  ingest: Timing;
  analysis: Timing;
  /** analysis median / ingest median. */
  timeRatio: number;
  peakRssGrowthBytes: number;
  /** Peak RSS growth during the analysis / volume bytes. */
  memoryRatio: number;
  found: boolean;
  levels: string[];
  stageMs: Record<string, number>;
}

const CHILD = path.resolve(import.meta.dirname, '../analysisMemoryChild.ts');

/** Peak RSS growth of one analysis in a fresh process given the raw voxels on disk. */
function analysisPeakRss(volume: Volume, workDir: string): number {
  const base = path.join(workDir, `analysis-${volume.dims.join('x')}`);
  writeFileSync(`${base}.raw`, volume.data);
  writeFileSync(
    `${base}.json`,
    JSON.stringify({
      dims: volume.dims,
      spacingMm: volume.spacingMm,
      ijkToLps: volume.ijkToLps,
      rescaleSlope: volume.rescaleSlope,
      rescaleIntercept: volume.rescaleIntercept,
    }),
  );
  const out = execFileSync(process.execPath, ['--import', 'tsx', CHILD, base], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const line = JSON.parse(out.trim().split('\n').pop()!) as {
    baselineRssBytes: number;
    peakRssBytes: number;
  };
  return Math.max(0, line.peakRssBytes - line.baselineRssBytes);
}

export async function benchAnalysis(
  series: SeriesOnDisk,
  options: { runs: number; warmup: number; workDir: string },
): Promise<AnalysisBenchResult> {
  const volume = (await ours.run(series)) as Volume;
  let last = analyzeSpine(volume);
  const timings = await timeInterleaved(
    [
      { name: 'ingest', run: () => ours.run(series) },
      {
        name: 'analysis',
        run: () => {
          last = analyzeSpine(volume);
        },
      },
    ],
    options,
  );
  const ingest = timings.get('ingest')!;
  const analysis = timings.get('analysis')!;
  const peak = analysisPeakRss(volume, options.workDir);
  return {
    series: series.name,
    dims: volume.dims,
    volumeBytes: volume.data.byteLength,
    ingest,
    analysis,
    timeRatio: analysis.medianMs / ingest.medianMs,
    peakRssGrowthBytes: peak,
    memoryRatio: peak / volume.data.byteLength,
    found: last.found,
    levels: last.vertebrae.map((v) => v.name),
    stageMs: Object.fromEntries(Object.entries(last.timingsMs).map(([k, v]) => [k, Math.round(v)])),
  };
}

export function formatAnalysis(results: readonly AnalysisBenchResult[]): string {
  const mb = (b: number) => (b / 1e6).toFixed(0);
  const table = formatTable(
    ['series', 'ingest ms', 'analysis ms (min-max)', 'x ingest', 'peak RSS growth MB', 'x volume', 'levels'],
    results.map((r) => [
      `${r.series} (${mb(r.volumeBytes)} MB)`,
      ms(r.ingest.medianMs),
      `${ms(r.analysis.medianMs)} (${ms(r.analysis.minMs)}-${ms(r.analysis.maxMs)})`,
      ratio(r.timeRatio),
      mb(r.peakRssGrowthBytes),
      ratio(r.memoryRatio),
      r.found ? `${r.levels[0]}-${r.levels.at(-1)}` : 'not found',
    ]),
  );
  const stages = results.map(
    (r) =>
      `  ${r.series}: ${Object.entries(r.stageMs)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')} ms`,
  );
  return `Spine analysis (Node) vs ingest of the same series; targets <= 1.5x time and memory\n${table}\nper stage (last run):\n${stages.join('\n')}`;
}
