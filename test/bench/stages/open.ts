/**
 * End to end in Chromium (issue 20): the production app opening the pancreas CT folder through its folder
 * input as a user would, and the demo's first visit, each in its own Chromium on a fresh profile on disk
 * (empty cache; IndexedDB on disk as for a user, see AppSession.newContext): drop -> first image (the
 * loading screen's preview), -> slice views mounted, -> first finished 3D frame;
 * main-thread long tasks over 200 ms during that time; browser memory (PSS of all Chromium processes).
 * Peer: NiiVue 0.69 from a NIfTI of the same voxels in memory to its first finished 3D frame (it cannot
 * read a DICOM folder without its dcm2niix plugin, not installed); vtk.js 37 likewise from the same voxels
 * in the page to its first finished shaded frame (browser/vtkOpen.ts).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Volume } from '../../../src/volume/volume';
import { openBrowserSession, savePng } from '../browser/session';
import {
  type JsMemory,
  type LongTaskScript,
  type OpenMeasurement,
  openAppSession,
  openDemoInApp,
  openFolderInApp,
  PROCESS_KINDS,
  type PssByKind,
  timeAppFrames,
} from '../lib/appSession';
import { loadNow } from '../lib/machine';
import { median } from '../lib/stats';
import { formatTable, ms, ratio } from '../lib/table';

export interface OpenRun {
  previewMs: number | null;
  gridMs: number | null;
  viewsMs: number | null;
  frame3dMs: number | null;
  longTasksOver200Ms: number;
  longestTaskMs: number;
  /** Every long task: start after the drop and duration, ms; what ran in it (LoAF scripts, app measures). */
  longTasks: {
    atMs: number;
    durationMs: number;
    scripts: LongTaskScript[];
    measures: { name: string; durationMs: number }[];
    frameRenderMs: number;
    frameLayoutMs: number;
  }[];
  peakGrowthBytes: number;
  afterGrowthBytes: number;
  /** PSS growth per Chromium process kind over the page before the drop: own peak, at the sum's peak, after GC. */
  growthByKind: { peak: PssByKind; atPeak: PssByKind; after: PssByKind };
  /** Bytes per JavaScript realm in the renderer after GC (page, each worker), when the browser tells. */
  jsMemoryAfter: JsMemory | null;
  /** Once the spine analysis ended (pancreas opens): PSS growth per kind and JS realms, after GC. */
  afterAnalysis: {
    waitedMs: number;
    growthByKind: PssByKind;
    jsMemory: JsMemory | null;
    /** Workers still running once the analysis ended (script names). */
    workers: string[];
  } | null;
  volumeTextureBytes: number;
  dims: number[];
  notice: string | null;
  errors: string[];
}

export interface OpenResult {
  pancreas: OpenRun[];
  demo: OpenRun[];
  /** The app's 3D frame after a wheel step, ms (whole shared canvas), on the last pancreas and demo runs. */
  appFrameMs: { pancreas: number[]; demo: number[] };
  niivue: { attachMs: number; loadToFrameMs: number; totalMs: number; litFraction: number }[];
  vtk: { totalMs: number; litFraction: number }[];
  rawVolumeBytes: { pancreas: number; demo: number };
  screenshots: string[];
  loadAverage: string;
}

const growth = (now: PssByKind, baseline: PssByKind): PssByKind =>
  Object.fromEntries(PROCESS_KINDS.map((k) => [k, now[k] - baseline[k]])) as PssByKind;

export function toRun(m: OpenMeasurement): OpenRun {
  const since = (t: number | undefined) => (t === undefined ? null : t - m.marks.start);
  return {
    previewMs: since(m.marks.preview),
    gridMs: since(m.marks.grid),
    viewsMs: since(m.marks.views),
    frame3dMs: since(m.marks.frame3d),
    longTasksOver200Ms: m.longTasks.length,
    longestTaskMs: Math.max(0, ...m.longTasks.map((t) => t.durationMs)),
    longTasks: m.longTasks.map((t) => ({
      atMs: Math.round(t.startMs - m.marks.start),
      durationMs: Math.round(t.durationMs),
      scripts: t.scripts,
      measures: t.measures,
      frameRenderMs: t.frameRenderMs,
      frameLayoutMs: t.frameLayoutMs,
    })),
    peakGrowthBytes: m.memory.peakBytes - m.memory.baselineBytes,
    afterGrowthBytes: m.memory.afterBytes - m.memory.baselineBytes,
    growthByKind: {
      peak: growth(m.memoryByKind.peak, m.memoryByKind.baseline),
      atPeak: growth(m.memoryByKind.atPeak, m.memoryByKind.baseline),
      after: growth(m.memoryByKind.after, m.memoryByKind.baseline),
    },
    jsMemoryAfter: m.jsMemoryAfter,
    afterAnalysis: m.afterAnalysis
      ? {
          waitedMs: Math.round(m.afterAnalysis.waitedMs),
          growthByKind: growth(m.afterAnalysis.byKind, m.memoryByKind.baseline),
          jsMemory: m.afterAnalysis.jsMemory,
          workers: m.afterAnalysis.workers,
        }
      : null,
    volumeTextureBytes: m.volumeTextureBytes,
    dims: m.dims,
    notice: m.notice,
    errors: m.errors,
  };
}

const RESULTS_DIR = path.resolve(import.meta.dirname, '../../../bench-results');
/** Long enough for the slowest first visit seen here (~30 s) several times over. */
const OPEN_TIMEOUT_MS = 300_000;

export async function benchOpen(opts: {
  pancreasDir: string;
  pancreasVolume: Volume;
  workDir: string;
  warmup: number;
  runs: number;
  niivueRuns: number;
}): Promise<OpenResult> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const session = await openAppSession(path.join(opts.workDir, 'app'));
  const pancreas: OpenRun[] = [];
  const demo: OpenRun[] = [];
  const appFrameMs = { pancreas: [] as number[], demo: [] as number[] };
  const screenshots: string[] = [];
  try {
    for (let round = 0; round < opts.warmup + opts.runs; round++) {
      const last = round === opts.warmup + opts.runs - 1;
      const opened = await openFolderInApp(session, opts.pancreasDir, OPEN_TIMEOUT_MS, {
        waitForAnalysis: true,
      });
      if (round >= opts.warmup) pancreas.push(toRun(opened.measurement));
      if (last) {
        appFrameMs.pancreas = await timeAppFrames(opened.page, 6);
        const file = path.join(RESULTS_DIR, 'open-pancreas.png');
        await opened.page.screenshot({ path: file });
        screenshots.push(file);
      }
      await opened.context.close();
      const visit = await openDemoInApp(session, OPEN_TIMEOUT_MS);
      if (round >= opts.warmup) demo.push(toRun(visit.measurement));
      if (last) {
        appFrameMs.demo = await timeAppFrames(visit.page, 6);
        const file = path.join(RESULTS_DIR, 'open-demo.png');
        await visit.page.screenshot({ path: file });
        screenshots.push(file);
      }
      await visit.context.close();
    }
  } finally {
    await session.close();
  }
  const niivue: OpenResult['niivue'] = [];
  const vtk: OpenResult['vtk'] = [];
  const bench = await openBrowserSession({
    volumes: new Map([['pancreas-ct-cb001', opts.pancreasVolume]]),
    dicom: new Map(),
  });
  try {
    for (let i = 0; i < opts.niivueRuns; i++) {
      niivue.push(await bench.call('openNiivueTimed', 'pancreas-ct-cb001'));
      const { image, ...timing } = await bench.call('openVtkTimed', 'pancreas-ct-cb001');
      vtk.push(timing);
      if (i === 0) screenshots.push(savePng(image, 'open-vtk.png'));
    }
  } finally {
    await bench.close();
  }
  const demoDims = demo[0]?.dims ?? [];
  return {
    pancreas,
    demo,
    appFrameMs,
    niivue,
    vtk,
    rawVolumeBytes: {
      pancreas: opts.pancreasVolume.data.byteLength,
      demo: 2 * demoDims.reduce((a, b) => a * b, 1),
    },
    screenshots,
    loadAverage: loadNow(),
  };
}

const med = (values: readonly (number | null)[]): number => {
  const present = values.filter((v): v is number => v !== null);
  return present.length > 0 ? median(present) : Number.NaN;
};
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** The issue's targets from one open result (medians): value, target and whether it is met. */
export function openTargets(r: OpenResult) {
  const p3d = med(r.pancreas.map((x) => x.frame3dMs));
  const peer = (runs: { totalMs: number }[]) =>
    runs.length > 0 ? median(runs.map((n) => n.totalMs)) : Number.NaN;
  const fasterPeer = Math.min(peer(r.niivue), peer(r.vtk));
  const rows: { what: string; value: number; target: string; met: boolean }[] = [];
  const add = (what: string, value: number, limit: number, target: string) =>
    rows.push({ what, value, target, met: value <= limit });
  add('pancreas drop -> 3D / faster peer bytes -> 3D', p3d / fasterPeer, 0.5, '<= 0.5x');
  add(
    'pancreas drop -> first image / drop -> 3D',
    med(r.pancreas.map((x) => x.previewMs ?? x.viewsMs)) / p3d,
    0.15,
    '<= 0.15x',
  );
  add(
    'pancreas long tasks > 200 ms (median count)',
    med(r.pancreas.map((x) => x.longTasksOver200Ms)),
    0,
    '0',
  );
  add('demo first visit -> 3D / pancreas drop -> 3D', med(r.demo.map((x) => x.frame3dMs)) / p3d, 2, '<= 2x');
  add(
    'pancreas browser memory growth, peak / raw volume',
    med(r.pancreas.map((x) => x.peakGrowthBytes)) / r.rawVolumeBytes.pancreas,
    1.5,
    '<= 1.5x',
  );
  add(
    'pancreas browser memory growth, after GC / raw volume',
    med(r.pancreas.map((x) => x.afterGrowthBytes)) / r.rawVolumeBytes.pancreas,
    1.2,
    '<= 1.2x',
  );
  add(
    'GPU volume bytes / voxels (pancreas)',
    (r.pancreas[0]?.volumeTextureBytes ?? Number.NaN) / (r.rawVolumeBytes.pancreas / 2),
    2,
    '= 2',
  );
  return rows;
}

export function formatOpen(r: OpenResult): string {
  const row = (name: string, runs: OpenRun[]) => [
    name,
    ms(med(runs.map((x) => x.previewMs))),
    ms(med(runs.map((x) => x.gridMs))),
    ms(med(runs.map((x) => x.viewsMs))),
    ms(med(runs.map((x) => x.frame3dMs))),
    `${med(runs.map((x) => x.longTasksOver200Ms))} (max ${ms(Math.max(...runs.map((x) => x.longestTaskMs)))})`,
    mib(med(runs.map((x) => x.peakGrowthBytes))),
    mib(med(runs.map((x) => x.afterGrowthBytes))),
  ];
  const nv = r.niivue;
  const errors = [...r.pancreas, ...r.demo].flatMap((x) => x.errors);
  return [
    `Open end to end in Chromium (production build, SwiftShader, each run ${
      process.env.SPINEPLAN_BENCH_OFF_THE_RECORD === '1'
        ? 'in a fresh off-the-record context'
        : 'in its own Chromium on a fresh profile on disk'
    }); load ${r.loadAverage}`,
    formatTable(
      [
        'ours',
        'preview ms',
        'grid ms',
        'slices drawn ms',
        '3D frame ms',
        'tasks > 200 ms',
        'mem peak',
        'mem after GC',
      ],
      [row('pancreas folder (drop ->)', r.pancreas), row('demo first visit (navigation ->)', r.demo)],
    ),
    formatMemoryByKind(r),
    formatLongTasks('pancreas', r.pancreas),
    formatLongTasks('demo', r.demo),
    `app 3D frame after a wheel step, median ms: pancreas ${ms(med(r.appFrameMs.pancreas))}, demo ${ms(med(r.appFrameMs.demo))}`,
    nv.length > 0
      ? `NiiVue 0.69, NIfTI bytes in memory -> first 3D frame (new Niivue + load + draw), ${nv.length} run(s): ` +
        `total ${ms(median(nv.map((n) => n.totalMs)))} ms (attach ${ms(median(nv.map((n) => n.attachMs)))}, ` +
        `load + frame ${ms(median(nv.map((n) => n.loadToFrameMs)))}), lit pixels ${(100 * nv[0]!.litFraction).toFixed(1)}%`
      : 'NiiVue: not run',
    r.vtk.length > 0
      ? `vtk.js 37, the same voxels in the page -> first shaded 3D frame (image data, mapper, window, render), ${r.vtk.length} run(s): ` +
        `total ${ms(median(r.vtk.map((n) => n.totalMs)))} ms, lit pixels ${(100 * r.vtk[0]!.litFraction).toFixed(1)}%`
      : 'vtk.js: not run',
    formatTable(
      ['target', 'value', 'target', 'met'],
      openTargets(r).map((t) => [
        t.what,
        Number.isFinite(t.value) ? ratio(t.value) : 'n/a',
        t.target,
        t.met ? 'yes' : 'NO',
      ]),
    ),
    errors.length > 0 ? `ERRORS: ${errors.join('; ')}` : 'no page errors',
  ].join('\n');
}

/** PSS growth per Chromium process kind (medians over the runs), MiB and x raw volume. */
export function formatMemoryByKind(r: Pick<OpenResult, 'pancreas' | 'demo' | 'rawVolumeBytes'>): string {
  const rows: string[][] = [];
  for (const [name, runs, raw] of [
    ['pancreas', r.pancreas, r.rawVolumeBytes.pancreas],
    ['demo', r.demo, r.rawVolumeBytes.demo],
  ] as const) {
    if (runs.length === 0) continue;
    const cell = (pick: (x: OpenRun) => number) => {
      const v = med(runs.map(pick));
      return `${mib(v)} (${(v / raw).toFixed(2)}x)`;
    };
    const withAnalysis = runs.every((x) => x.afterAnalysis !== null);
    for (const k of PROCESS_KINDS)
      rows.push([
        `${name}: ${k === 'renderer' ? 'renderer (page + workers)' : k}`,
        cell((x) => x.growthByKind.peak[k]),
        cell((x) => x.growthByKind.atPeak[k]),
        cell((x) => x.growthByKind.after[k]),
        withAnalysis ? cell((x) => x.afterAnalysis!.growthByKind[k]) : '-',
      ]);
    rows.push([
      `${name}: all (raw ${mib(raw)})`,
      cell((x) => x.peakGrowthBytes),
      '',
      cell((x) => x.afterGrowthBytes),
      withAnalysis
        ? cell((x) => PROCESS_KINDS.reduce((n, k) => n + x.afterAnalysis!.growthByKind[k], 0))
        : '-',
    ]);
    const realms = new Set(
      runs.flatMap((x) => [
        ...Object.keys(x.jsMemoryAfter ?? {}),
        ...Object.keys(x.afterAnalysis?.jsMemory ?? {}),
      ]),
    );
    for (const realm of realms)
      rows.push([
        `${name}: JS realm ${realm}`,
        '',
        '',
        cell((x) => x.jsMemoryAfter?.[realm] ?? 0),
        withAnalysis ? cell((x) => x.afterAnalysis!.jsMemory?.[realm] ?? 0) : '-',
      ]);
  }
  const workers = r.pancreas
    .map((x) => x.afterAnalysis?.workers)
    .filter((w): w is string[] => w !== undefined)
    .map((w) => (w.length > 0 ? w.join(', ') : 'none'));
  return [
    formatTable(
      ['PSS growth per process', 'own peak', 'at the sum peak', 'after 3D frame, GC', 'after analysis, GC'],
      rows,
    ),
    'JS realms: measureUserAgentSpecificMemory, after GC (JavaScript heap and ArrayBuffers per realm; Canvas = ' +
      "the page's canvas buffers). Each run in its own Chromium on a fresh profile on disk, unless " +
      'SPINEPLAN_BENCH_OFF_THE_RECORD=1 (there IndexedDB is held in the browser process).',
    workers.length > 0 ? `pancreas: workers running after the analysis, per run: ${workers.join(' | ')}` : '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/** Every long task of every run: when, how long, and what ran in it. */
export function formatLongTasks(name: string, runs: readonly OpenRun[]): string {
  const lines = runs.flatMap((run, i) =>
    run.longTasks.map((t) => {
      const what = [
        ...t.measures.map((m) => `${m.name} ${m.durationMs}`),
        ...t.scripts.map(
          (s) => `${s.invoker}${s.functionName ? ` ${s.functionName}` : ''} (${s.source}) ${s.durationMs}`,
        ),
      ];
      if (t.frameRenderMs > 0)
        what.push(`frame rendering ${t.frameRenderMs} (style+layout ${t.frameLayoutMs})`);
      return `  ${name} run ${i + 1}: at ${t.atMs} ms, ${t.durationMs} ms: ${what.join('; ') || '?'}`;
    }),
  );
  return lines.length > 0
    ? `Long tasks (> 200 ms) during the open:\n${lines.join('\n')}`
    : `${name}: no long tasks`;
}
