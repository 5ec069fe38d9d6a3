import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generatePhantom, phantomToDicomFiles } from '../../../src/phantom/index';
import { testDataPath } from '../../testData';
import { type SeriesOnDisk, seriesOnDisk, totalBytes } from '../ingest/readFiles';
import {
  daikonPeer,
  dcmjsPeer,
  dicomParserPlain,
  floorPlan,
  floorSide,
  type IngestSide,
  ours,
} from '../ingest/sides';
import { transcodeSeries } from '../ingest/transcode';
import { loadNow } from '../lib/machine';
import { type Side, type Timing, timeInterleaved } from '../lib/stats';
import { formatTable, ms, ratio } from '../lib/table';
import { checkHu, type HuCheck } from '../lib/volumeCheck';

export const PANCREAS_DIR = testDataPath('ct-series/pancreas-ct-cb001');

export interface IngestRow {
  side: string;
  timing?: Timing;
  check?: HuCheck;
  /** Why the side took no part (cannot read it, or its volume differed from ours). */
  skipped?: string;
}

export interface IngestResult {
  series: string;
  encoding: SeriesOnDisk['encoding'];
  files: number;
  fileBytes: number;
  voxels: number;
  rawVolumeBytes: number;
  rows: IngestRow[];
  /** ours / floor and ours / each peer (median over median; below 1 = ours faster). */
  ratios: Record<string, number>;
  loadAverage: string;
  note?: string;
}

export interface IngestOptions {
  warmup: number;
  runs: number;
  workDir: string;
  /** Sides left out of a variant to keep the bench inside its time budget (each with the reason). */
  leaveOut?: Record<string, string>;
}

/** Checks every side against ours (max |HU difference| = 0), then times the ones that match. */
export async function benchIngestSeries(series: SeriesOnDisk, opts: IngestOptions): Promise<IngestResult> {
  const allSides: IngestSide[] = [
    ours,
    floorSide(floorPlan(series)),
    dicomParserPlain,
    dcmjsPeer,
    daikonPeer,
  ];
  const reference = ours.hu(await ours.run(series));
  const rows: IngestRow[] = [];
  const timed: IngestSide[] = [];
  for (const side of allSides) {
    const reason = side.cannot(series) ?? opts.leaveOut?.[side.name];
    if (reason) {
      rows.push({ side: side.name, skipped: reason });
      continue;
    }
    let check: HuCheck;
    try {
      check = checkHu(reference, side.hu(await side.run(series)));
    } catch (thrown) {
      rows.push({
        side: side.name,
        skipped: `failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
      });
      continue;
    }
    if (check.maxAbsDiffHu !== 0) {
      rows.push({
        side: side.name,
        check,
        skipped: `volume differs from ours (max |dHU| ${check.maxAbsDiffHu})`,
      });
      continue;
    }
    rows.push({ side: side.name, check });
    timed.push(side);
  }
  const sides: Side[] = timed.map((s) => ({ name: s.name, run: () => s.run(series) }));
  const timings = await timeInterleaved(sides, opts);
  for (const row of rows) {
    const timing = timings.get(row.side);
    if (timing) row.timing = timing;
  }
  const oursMs = timings.get('ours')!.medianMs;
  const ratios: Record<string, number> = {};
  for (const [name, t] of timings) if (name !== 'ours') ratios[`ours/${name}`] = oursMs / t.medianMs;
  return {
    series: series.name,
    encoding: series.encoding,
    files: series.paths.length,
    fileBytes: totalBytes(series.paths),
    voxels: reference.length,
    rawVolumeBytes: reference.length * 2,
    rows,
    ratios,
    loadAverage: loadNow(),
  };
}

export function formatIngest(result: IngestResult): string {
  const mb = result.fileBytes / 1e6;
  const title = `Ingest ${result.series} (${result.encoding}, ${result.files} files, ${mb.toFixed(1)} MB, load ${result.loadAverage})`;
  const oursMs = result.rows.find((r) => r.side === 'ours')?.timing?.medianMs;
  const table = formatTable(
    ['side', 'median ms', 'min', 'max', 'MB/s', 'ours/side', 'check'],
    result.rows.map((r) =>
      r.timing
        ? [
            r.side,
            ms(r.timing.medianMs),
            ms(r.timing.minMs),
            ms(r.timing.maxMs),
            (mb / (r.timing.medianMs / 1000)).toFixed(0),
            r.side === 'ours' || oursMs === undefined ? '' : ratio(oursMs / r.timing.medianMs),
            r.check ? `${r.check.checksum} dHU ${r.check.maxAbsDiffHu}` : '',
          ]
        : [r.side, '-', '-', '-', '-', '-', r.skipped ?? ''],
    ),
  );
  return `${title}\n${table}${result.note ? `\n${result.note}` : ''}`;
}

/** Writes JPEG-LS and JPEG 2000 copies of a series into the work dir (once per bench run). */
export async function transcodedVariants(
  source: SeriesOnDisk,
  workDir: string,
): Promise<{ series: SeriesOnDisk; encodeMs: number; encodedBytes: number }[]> {
  const out = [];
  for (const encoding of ['jpeg-ls', 'jpeg2000'] as const) {
    const dir = path.join(workDir, `${source.name}-${encoding}`);
    const report = await transcodeSeries(source.paths, encoding, dir);
    out.push({ series: seriesOnDisk(source.name, dir, encoding), ...report });
  }
  return out;
}

/**
 * The phantom as a DICOM series on disk. The phantom generator has two sizes; 'default' (512 x 512 x 284
 * at 0.75 x 0.75 x 1 mm) is the largest, short of the 400 slices the issue asks for.
 */
export function phantomSeries(workDir: string): SeriesOnDisk {
  const phantom = generatePhantom({ size: 'default', seed: 1 });
  const dir = path.join(workDir, 'phantom-512');
  mkdirSync(dir, { recursive: true });
  for (const file of phantomToDicomFiles(phantom)) {
    writeFileSync(path.join(dir, path.basename(file.path)), file.bytes);
  }
  return seriesOnDisk(`phantom ${phantom.dims.join('x')}`, dir, 'native');
}
