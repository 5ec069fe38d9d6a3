import { reslice } from '../../../src/volume/reslice';
import type { Volume } from '../../../src/volume/volume';
import { loadNow } from '../lib/machine';
import { obliqueGrid, plainTrilinear } from '../lib/plainReslice';
import { type Timing, timeInterleaved } from '../lib/stats';
import { formatTable, ms, ratio } from '../lib/table';

export interface ResliceResult {
  volume: string;
  size: number;
  /** Largest |difference| in HU where both sides are inside; both must agree on what is outside. */
  maxAbsDiffHu: number;
  outsideMismatches: number;
  timings: Record<string, Timing>;
  ratio: number;
  loadAverage: string;
}

export async function benchReslice(name: string, volume: Volume, warmup: number, runs: number) {
  const grid = obliqueGrid(volume);
  const a = reslice(volume, grid);
  const b = plainTrilinear(volume, grid);
  let maxAbsDiffHu = 0;
  let outsideMismatches = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]!) !== Number.isNaN(b[i]!)) outsideMismatches++;
    else if (!Number.isNaN(a[i]!)) maxAbsDiffHu = Math.max(maxAbsDiffHu, Math.abs(a[i]! - b[i]!));
  }
  const timings = await timeInterleaved(
    [
      { name: 'ours (CPU reslice)', run: () => reslice(volume, grid) },
      { name: 'plain JS trilinear', run: () => plainTrilinear(volume, grid) },
    ],
    { warmup, runs },
  );
  const result: ResliceResult = {
    volume: name,
    size: grid.width,
    maxAbsDiffHu,
    outsideMismatches,
    timings: Object.fromEntries(timings),
    ratio: timings.get('ours (CPU reslice)')!.medianMs / timings.get('plain JS trilinear')!.medianMs,
    loadAverage: loadNow(),
  };
  return result;
}

export function formatReslice(r: ResliceResult): string {
  const rows = Object.entries(r.timings).map(([name, t]) => [name, ms(t.medianMs), ms(t.minMs), ms(t.maxMs)]);
  return `Reslice ${r.size}x${r.size} oblique through ${r.volume} (load ${r.loadAverage}); max |dHU| ${r.maxAbsDiffHu.toExponential(2)}, outside mismatches ${r.outsideMismatches}; ours/plain ${ratio(r.ratio)}\n${formatTable(['side', 'median ms', 'min', 'max'], rows)}\nGPU reslice: see the render stage (Chromium).`;
}
