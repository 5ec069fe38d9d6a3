/**
 * Issue 18's DRR figure: a whole C-arm frame (volume -> monitor grey levels) at 512x512 and 1024x1024, before
 * the display pipeline and now, as ratios to the one-fetch-per-pixel floor at the same size, in headless
 * Chromium (SwiftShader). Before and now must compute the same line integrals (half vs 32-bit float target).
 */
import type { BrowserSession } from '../browser/session';
import { loadNow } from '../lib/machine';
import { summarise, type Timing } from '../lib/stats';
import { formatTable, ms, ratio } from '../lib/table';

export const DRR_FRAME_SIZES = [512, 1024] as const;
/** Half float (the old target) keeps ~3 digits: this much disagreement is the old target's rounding. */
export const MAX_BEFORE_NOW_REL_DIFF = 0.005;

export interface DrrFrameResult {
  volume: string;
  gpu: string;
  sizes: { n: number; maxRelDiff: number; agrees: boolean; timings: Record<string, Timing> }[];
  loadAverage: string;
}

export async function benchDrrFrames(
  session: BrowserSession,
  name: string,
  warmup: number,
  runs: number,
): Promise<DrrFrameResult> {
  const loaded = await session.call('loadVolumeDrr', name);
  const sizes: DrrFrameResult['sizes'] = [];
  for (const n of DRR_FRAME_SIZES) {
    const { maxRelDiff } = await session.call('checkDrrFrames', 128);
    const samples = await session.call('timeDrrFrames', n, warmup, runs);
    const timings = Object.fromEntries(Object.entries(samples).map(([k, s]) => [k, summarise(s)]));
    sizes.push({ n, maxRelDiff, agrees: maxRelDiff <= MAX_BEFORE_NOW_REL_DIFF, timings });
  }
  return { volume: name, gpu: loaded.renderer, sizes, loadAverage: loadNow() };
}

export function formatDrrFrames(r: DrrFrameResult): string {
  const rows = r.sizes.flatMap((s) => {
    const floor = Object.entries(s.timings).find(([k]) => k.startsWith('floor'))![1];
    return Object.entries(s.timings).map(([name, t]) => [
      name,
      ms(t.medianMs),
      ms(t.minMs),
      ms(t.maxMs),
      ratio(t.medianMs / floor.medianMs),
    ]);
  });
  const agree = r.sizes
    .map((s) => `${(100 * s.maxRelDiff).toFixed(3)}%${s.agrees ? '' : ' - DIFFER'}`)
    .join(', ');
  return [
    `DRR frame ${r.volume}, ${r.gpu}; load ${r.loadAverage}; line integrals before vs now max rel. diff ${agree}`,
    formatTable(['DRR frame (volume -> monitor grey)', 'median ms', 'min', 'max', '/ floor'], rows),
  ].join('\n');
}
