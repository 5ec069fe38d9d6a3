/**
 * Issue 20, memory during ingest in the browser: PSS growth of Chromium's renderer process (page + its
 * workers) from the drop of a folder until the volume reaches the page's study store (read, parse and
 * assembly in the ingest worker), over the page idle before the drop, for a production build made
 * beforehand. Not a bench stage (the `open` stage samples the whole open to the 3D frame); used to compare
 * two builds side by side.
 * Usage: npx tsx test/bench/ingest/browserIngestPhase.ts <dist dir> <port> [runs]
 *   env FOLDER (default: the pancreas; its slice count in SLICES, default 134), SETTLE_MS (idle before the drop)
 */
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { testDataPath } from '../../testData';
import { CHROMIUM_ARGS } from '../browser/session';
import { chromiumPssByKind } from '../lib/appSession';

const [dist, port, runs] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4] ?? 3)];
const server = await preview({
  configFile: false,
  logLevel: 'error',
  build: { outDir: dist },
  preview: { port, strictPort: true, host: '127.0.0.1', open: false },
});
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
});
const FOLDER = process.env.FOLDER ?? testDataPath('ct-series/pancreas-ct-cb001');
/** Raw volume bytes: 512 x 512 slices, 2 bytes a voxel. */
const RAW = 512 * 512 * 2 * Number(process.env.SLICES ?? 134);
const out: number[] = [];
for (let r = 0; r < runs; r++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${port}/?demo=0`);
  await page.getByTestId('empty-state').waitFor();
  await new Promise((res) => setTimeout(res, Number(process.env.SETTLE_MS ?? 1500)));
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const base = chromiumPssByKind().renderer;
  // The page notes (wall clock) when the volume reaches the study store: the end of the ingest phase.
  await page.evaluate(() => {
    const w = window as unknown as {
      __spineplan: { studyStore: { subscribe(f: (s: { volume: unknown }) => void): void } };
      __volumeAt?: number;
    };
    w.__spineplan.studyStore.subscribe((s) => {
      if (s.volume && w.__volumeAt === undefined) w.__volumeAt = Date.now();
    });
  });
  const samples: [number, number][] = [];
  const timer = setInterval(() => {
    samples.push([Date.now(), chromiumPssByKind().renderer]);
  }, 50);
  const dropAt = Date.now();
  await page.getByTestId('folder-input').setInputFiles(FOLDER);
  await page.getByTestId('viewport-grid').waitFor({ timeout: 120_000 });
  clearInterval(timer);
  const volumeAt = (await page.evaluate(() => (window as unknown as { __volumeAt?: number }).__volumeAt))!;
  const during = samples.filter(([t]) => t <= volumeAt);
  let peak = base;
  for (const [, v] of during) peak = Math.max(peak, v);
  const afterPeak = Math.max(base, ...samples.map(([, v]) => v));
  console.log(
    `  ingest ${volumeAt - dropAt} ms, ${during.length} samples; drop -> grid peak ${((afterPeak - base) / RAW).toFixed(2)}x`,
  );
  out.push((peak - base) / RAW);
  console.log(
    `run ${r + 1}: renderer PSS growth drop -> volume in the page ${((peak - base) / 2 ** 20).toFixed(0)} MiB = ${((peak - base) / RAW).toFixed(2)}x raw`,
  );
  await context.close();
}
console.log('median', [...out].sort((a, b) => a - b)[Math.floor(out.length / 2)]!.toFixed(2));
await browser.close();
await server.close();
