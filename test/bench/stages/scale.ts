/**
 * Scale (issue 20): the same measurements at 134 slices (pancreas CT), 284 (the demo phantom's default
 * size, written as DICOM) and 1,206 (the pancreas stacked 9 times, lib/stackSeries.ts), as time per voxel:
 * Node ingest (ours, files on disk -> Volume), and in the production app in Chromium drop -> slices drawn,
 * drop -> first 3D frame, an in-app 3D frame, browser memory growth; and whether the app opens, renders
 * 2D and 3D the largest one (or what it says instead). The app opens each series once, after one warm-up open.
 */
import path from 'node:path';
import { seriesOnDisk } from '../ingest/readFiles';
import { ours } from '../ingest/sides';
import { openAppSession, openFolderInApp, timeAppFrames } from '../lib/appSession';
import { loadNow } from '../lib/machine';
import { type PlanProbe, probePlanning } from '../lib/planProbe';
import { writeStackedSeries } from '../lib/stackSeries';
import { median } from '../lib/stats';
import { formatTable } from '../lib/table';
import { PANCREAS_DIR, phantomSeries } from './ingest';
import { type OpenRun, toRun } from './open';

export interface ScaleRow {
  series: string;
  slices: number;
  voxels: number;
  nodeIngestMs: number[];
  app: OpenRun | null;
  appFrameMs: number[];
  /** Planning on the open case (analysis, one trajectory, its readouts and needle views). */
  plan?: PlanProbe;
  failure?: string;
}

export interface ScaleResult {
  rows: ScaleRow[];
  loadAverage: string;
}

/** Copies of the 134-slice pancreas in the largest series: 1,206 slices (issue 20: ~1,200). */
export const STACK_COPIES = 9;
const APP_TIMEOUT_MS = 900_000;

export async function benchScale(opts: { workDir: string; runs: number }): Promise<ScaleResult> {
  const pancreas = seriesOnDisk('pancreas-ct-cb001', PANCREAS_DIR, 'native');
  const stackedDir = path.join(opts.workDir, 'stacked');
  writeStackedSeries(pancreas.paths, STACK_COPIES, stackedDir);
  const all = [
    pancreas,
    phantomSeries(opts.workDir),
    seriesOnDisk(`pancreas stacked ${STACK_COPIES}x`, stackedDir, 'native'),
  ];
  const rows: ScaleRow[] = [];
  for (const series of all) {
    const nodeIngestMs: number[] = [];
    let voxels = 0;
    for (let i = 0; i < opts.runs; i++) {
      const start = performance.now();
      const volume = (await ours.run(series)) as { dims: readonly number[] };
      nodeIngestMs.push(performance.now() - start);
      voxels = volume.dims[0]! * volume.dims[1]! * volume.dims[2]!;
    }
    rows.push({
      series: series.name,
      slices: series.paths.length,
      voxels,
      nodeIngestMs,
      app: null,
      appFrameMs: [],
    });
    console.log(`  scale: ${series.name} ingested in Node, median ${Math.round(median(nodeIngestMs))} ms`);
  }
  const session = await openAppSession(path.join(opts.workDir, 'app'));
  try {
    // One unmeasured open first, so the smallest series does not pay the browser's cold start alone.
    await (await openFolderInApp(session, pancreas.dir, APP_TIMEOUT_MS)).context.close();
    for (const [index, series] of all.entries()) {
      const row = rows[index]!;
      try {
        const opened = await openFolderInApp(session, series.dir, APP_TIMEOUT_MS);
        row.app = toRun(opened.measurement);
        if (opened.measurement.marks.frame3d !== undefined)
          row.appFrameMs = await timeAppFrames(opened.page, 4);
        row.plan = await probePlanning(opened.page);
        await opened.page.screenshot({
          path: path.resolve(import.meta.dirname, `../../../bench-results/scale-${row.slices}.png`),
        });
        await opened.context.close();
      } catch (error) {
        row.failure = error instanceof Error ? error.message.split('\n')[0] : String(error);
      }
      console.log(`  scale: ${series.name} opened in the app${row.failure ? `: FAILED ${row.failure}` : ''}`);
    }
  } finally {
    await session.close();
  }
  return { rows, loadAverage: loadNow() };
}

const perVoxelNs = (ms: number | null | undefined, voxels: number) =>
  ms === null || ms === undefined ? Number.NaN : (ms * 1e6) / voxels;

export function formatScale(r: ScaleResult): string {
  const metrics = r.rows.map((row) => ({
    row,
    ingest: perVoxelNs(median(row.nodeIngestMs), row.voxels),
    slices2d: perVoxelNs(row.app?.viewsMs, row.voxels),
    first3d: perVoxelNs(row.app?.frame3dMs, row.voxels),
    frame: row.appFrameMs.length > 0 ? median(row.appFrameMs) : Number.NaN,
    memory: (row.app?.peakGrowthBytes ?? Number.NaN) / (2 * row.voxels),
  }));
  const first = metrics[0]!;
  const last = metrics[metrics.length - 1]!;
  const f = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
  return [
    `Scale: ns per voxel (Node ingest; app drop -> slices drawn, -> first 3D frame), app 3D frame ms, memory growth / raw; load ${r.loadAverage}`,
    formatTable(
      ['series', 'slices', 'ingest ns/vox', 'slices ns/vox', '3D ns/vox', '3D frame ms', 'mem / raw', 'app'],
      metrics.map((m) => [
        m.row.series,
        String(m.row.slices),
        f(m.ingest),
        f(m.slices2d),
        f(m.first3d),
        f(m.frame, 0),
        f(m.memory, 2),
        m.row.failure
          ? `FAILED: ${m.row.failure}`
          : `${m.row.app?.dims.join('x')}${m.row.app?.notice ? ` (${m.row.app.notice})` : ''}${m.row.app?.errors.length ? ` errors: ${m.row.app.errors.join('; ')}` : ''}`,
      ]),
    ),
    ...r.rows.map((row) => {
      const p = row.plan;
      if (!p) return `plan on ${row.series}: not probed`;
      return `plan on ${row.series}: analysis ${p.analysisStatus} after ${f(p.analysisWaitS)} s more (${p.vertebrae} vertebrae: "${p.analysisSummary}"); trajectory length readout "${p.lengthReadout || 'MISSING'}", needle-locked views "${p.needleViewTitle || 'MISSING'}"`;
    }),
    `largest / smallest per voxel (target <= 1.5x): ingest ${f(last.ingest / first.ingest, 2)}x, slices ${f(last.slices2d / first.slices2d, 2)}x, 3D ${f(last.first3d / first.first3d, 2)}x, memory ${f(last.memory / first.memory, 2)}x; 3D frame (per pixel, not voxel) ${f(last.frame / first.frame, 2)}x`,
  ].join('\n');
}
