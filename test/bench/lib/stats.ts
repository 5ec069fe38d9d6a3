import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** One contender in a timed comparison: ours, a peer, or a floor. */
export interface Side {
  name: string;
  /** One complete run; its result is ignored here (results are checked before timing). */
  run: () => unknown;
}

export interface Timing {
  /** Milliseconds. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
  /** Every timed run in order, ms. */
  samplesMs: number[];
}

export interface TimingOptions {
  /** Untimed rounds first (JIT, codec start-up, file cache). */
  warmup: number;
  /** Timed rounds; at least 5 for a median worth quoting. */
  runs: number;
}

// A full collection before each timed run keeps one side's garbage from being billed to the next side.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarise(samplesMs: number[]): Timing {
  return {
    medianMs: median(samplesMs),
    minMs: Math.min(...samplesMs),
    maxMs: Math.max(...samplesMs),
    runs: samplesMs.length,
    samplesMs,
  };
}

/**
 * Times every side `runs` times after `warmup` untimed rounds. Sides are interleaved: each round runs
 * every side once, starting one further along each round, so a burst of load from other processes on
 * the shared machine lands on all sides alike instead of on whichever happened to run then.
 */
export async function timeInterleaved(
  sides: readonly Side[],
  options: TimingOptions,
): Promise<Map<string, Timing>> {
  const samples = new Map<string, number[]>(sides.map((s) => [s.name, []]));
  for (let round = 0; round < options.warmup + options.runs; round++) {
    for (let n = 0; n < sides.length; n++) {
      const side = sides[(round + n) % sides.length]!;
      collect();
      const start = performance.now();
      await side.run();
      const elapsed = performance.now() - start;
      if (round >= options.warmup) samples.get(side.name)!.push(elapsed);
    }
  }
  return new Map([...samples].map(([name, ms]) => [name, summarise(ms)]));
}

/** Forces a full collection (for memory readings). */
export const collectGarbage = (): void => collect();
