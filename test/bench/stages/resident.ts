/**
 * Resident memory (issue 20: resident after the open <= 1.2x the raw volume), measured at rest on both ends.
 * The open stage reads PSS right after its GCs, while the browser's allocators still hold memory that was
 * freed moments ago: PartitionAlloc's reclaimer, its thread caches and V8's memory reducer give it back on
 * their own timers (seen here as steps about 4, 25 and 34 s into an idle page, on the start screen as well
 * as after an open). So this stage lets the start screen rest before it takes the baseline, opens the
 * pancreas, waits for the spine analysis, and reads the growth at once and again after the same rest.
 * Run it alone: PSS splits the browser's code pages among every Chromium process on the machine, so another
 * browser starting or quitting during a rest moves the figure (seen: 1.35x became 1.63x beside an e2e run).
 */
import path from 'node:path';
import { seriesOnDisk } from '../ingest/readFiles';
import {
  type AppSession,
  chromiumPssByProcess,
  openAppSession,
  PROCESS_KINDS,
  type PssByKind,
  pssByKindOf,
} from '../lib/appSession';
import { writeStackedSeries } from '../lib/stackSeries';
import { median } from '../lib/stats';
import { formatTable } from '../lib/table';
import { PANCREAS_DIR } from './ingest';
import { STACK_COPIES } from './scale';

/** Idle time before each reading at rest: past the last reclaim step seen (~34 s), with a margin. */
const REST_MS = 45_000;
const OPEN_TIMEOUT_MS = 900_000;

export interface ResidentRun {
  /**
   * PSS growth of the page's own renderer process (the page and its workers; the renderer that grew most
   * during the open): when the analysis ended, after the rest. Other renderers (a spare one Chromium keeps,
   * one that quits meanwhile) are left out: they come and go on their own.
   */
  pageRenderer: { atAnalysisEnd: number; atRest: number };
  /** PSS growth per process kind over the rested start screen: when the analysis ended (after GC). */
  atAnalysisEnd: PssByKind;
  /** The same after REST_MS idle and a GC. */
  atRest: PssByKind;
  /** What the start screen's own rest gave back, in the page's renderer (at load minus the baseline). */
  startScreenSettledBytes: number;
}

export interface ResidentSeries {
  name: string;
  rawVolumeBytes: number;
  runs: ResidentRun[];
}

export interface ResidentResult {
  restMs: number;
  series: ResidentSeries[];
}

type Snapshot = ReturnType<typeof chromiumPssByProcess>;
const bytesOf = (snapshot: Snapshot, pid: number): number => snapshot.find((p) => p.pid === pid)?.bytes ?? 0;

function minus(a: PssByKind, b: PssByKind): PssByKind {
  const out = { ...a };
  for (const k of PROCESS_KINDS) out[k] = a[k] - b[k];
  return out;
}

/**
 * The pancreas (`runs` times) and the pancreas stacked to 1,206 slices (once): the same fixed cost of the
 * page is a smaller share of a larger volume.
 */
export async function benchResident(opts: { workDir: string; runs: number }): Promise<ResidentResult> {
  const pancreas = seriesOnDisk('pancreas-ct-cb001', PANCREAS_DIR, 'native');
  const stackedDir = path.join(opts.workDir, 'stacked');
  writeStackedSeries(pancreas.paths, STACK_COPIES, stackedDir);
  const session = await openAppSession(path.join(opts.workDir, 'app'));
  try {
    const series: ResidentSeries[] = [];
    for (const [name, dir, runs] of [
      [pancreas.name, PANCREAS_DIR, opts.runs],
      [`pancreas stacked ${STACK_COPIES}x`, stackedDir, 1],
    ] as const)
      series.push({ name, ...(await residentRuns(session, dir, runs)) });
    return { restMs: REST_MS, series };
  } finally {
    await session.close();
  }
}

async function residentRuns(
  session: AppSession,
  dir: string,
  count: number,
): Promise<{ rawVolumeBytes: number; runs: ResidentRun[] }> {
  const runs: ResidentRun[] = [];
  let rawVolumeBytes = 0;
  for (let i = 0; i < count; i++) {
    const context = await session.newContext();
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const gc = async () => {
        const cdp = await context.newCDPSession(page);
        await cdp.send('HeapProfiler.collectGarbage');
        await cdp.detach();
      };
      await page.goto(`${session.baseUrl}/?demo=0`);
      const input = page.getByTestId('folder-input');
      await input.waitFor({ state: 'attached' });
      await gc();
      const loaded = chromiumPssByProcess();
      await page.waitForTimeout(REST_MS);
      await gc();
      const before = chromiumPssByProcess();
      await input.setInputFiles(dir);
      // 'done', not merely 'not running': the analysis has not started yet when the files are given.
      await page.waitForFunction(
        () =>
          (
            window as unknown as {
              __spineplan: { analysisStore: { getState(): { status: string } } };
            }
          ).__spineplan.analysisStore.getState().status === 'done',
        null,
        { timeout: OPEN_TIMEOUT_MS, polling: 500 },
      );
      await gc();
      const end = chromiumPssByProcess();
      // The page's renderer: the one that grew most during the open.
      const pagePid = end
        .filter((p) => p.kind === 'renderer')
        .map((p) => ({ pid: p.pid, growth: p.bytes - bytesOf(before, p.pid) }))
        .sort((a, b) => b.growth - a.growth)[0]?.pid;
      if (pagePid === undefined || !before.some((p) => p.pid === pagePid))
        throw new Error('resident: no renderer process found before and after the open');
      await page.waitForTimeout(REST_MS);
      await gc();
      const rest = chromiumPssByProcess();
      if (!rest.some((p) => p.pid === pagePid))
        throw new Error("resident: the page's renderer process ended during the rest");
      const growth = (after: Snapshot) => bytesOf(after, pagePid) - bytesOf(before, pagePid);
      const pageRenderer = { atAnalysisEnd: growth(end), atRest: growth(rest) };
      const baseline = pssByKindOf(before);
      const atAnalysisEnd = minus(pssByKindOf(end), baseline);
      const atRest = minus(pssByKindOf(rest), baseline);
      rawVolumeBytes = await page.evaluate(() => {
        const v = (
          window as unknown as {
            __spineplan: {
              studyStore: { getState(): { volume: { data: { byteLength: number } } | null } };
            };
          }
        ).__spineplan.studyStore.getState().volume;
        return v?.data.byteLength ?? 0;
      });
      runs.push({
        pageRenderer,
        atAnalysisEnd,
        atRest,
        startScreenSettledBytes: bytesOf(loaded, pagePid) - bytesOf(before, pagePid),
      });
      console.log(
        `  resident: run ${i + 1}: page's renderer ${(pageRenderer.atAnalysisEnd / rawVolumeBytes).toFixed(2)}x at the ` +
          `analysis' end, ${(pageRenderer.atRest / rawVolumeBytes).toFixed(2)}x at rest (all renderers ` +
          `${(atAnalysisEnd.renderer / rawVolumeBytes).toFixed(2)}x, ${(atRest.renderer / rawVolumeBytes).toFixed(2)}x)`,
      );
    } finally {
      await context.close();
    }
  }
  return { rawVolumeBytes, runs };
}

export function formatResident(r: ResidentResult): string {
  const MiB = 2 ** 20;
  const sum = (k: PssByKind) => PROCESS_KINDS.reduce((n, kind) => n + k[kind], 0);
  const blocks = r.series.map((x) => {
    if (x.runs.length === 0 || x.rawVolumeBytes === 0) return `${x.name}: no run finished`;
    const cell = (pick: (run: ResidentRun) => number) => {
      const values = x.runs.map(pick);
      const m = median(values);
      return `${(m / MiB).toFixed(1)} MiB = ${(m / x.rawVolumeBytes).toFixed(2)}x (${values.map((v) => (v / x.rawVolumeBytes).toFixed(2)).join(', ')})`;
    };
    return [
      `${x.name}, ${(x.rawVolumeBytes / MiB).toFixed(0)} MiB raw, ${x.runs.length} run(s): median (each run); the start ` +
        `screen gave back ${(median(x.runs.map((y) => y.startScreenSettledBytes)) / MiB).toFixed(1)} MiB of renderer ` +
        `PSS in its own rest`,
      formatTable(
        ['PSS growth', "at the analysis' end (GC)", `after ${r.restMs / 1000} s at rest (GC)`],
        [
          [
            "page + workers (the page's renderer)",
            cell((y) => y.pageRenderer.atAnalysisEnd),
            cell((y) => y.pageRenderer.atRest),
          ],
          ['all renderers', cell((y) => y.atAnalysisEnd.renderer), cell((y) => y.atRest.renderer)],
          ['GPU process', cell((y) => y.atAnalysisEnd.gpu), cell((y) => y.atRest.gpu)],
          ['all processes', cell((y) => sum(y.atAnalysisEnd)), cell((y) => sum(y.atRest))],
        ],
      ),
    ].join('\n');
  });
  return [
    `Resident (baseline: the start screen after ${r.restMs / 1000} s at rest; then the open, the spine analysis, the same rest)`,
    ...blocks,
  ].join('\n');
}
