/**
 * Runs fuzz cases [start, end) of the ingest fuzz in this process and prints one JSON line per case, so
 * the parent (stages/fuzz.ts) can tell a hang (no line for its watchdog's time) or a crash (exit without
 * the last line) from a slow case, and carry on after it. Case i mutates source i % sources (mutation
 * i / sources), so any range spreads over every source.
 * Usage: node --import tsx test/bench/fuzzChild.ts <start> <end>
 */
import { readFileSync } from 'node:fs';
import { FUZZ_SOURCES, fuzzSourcePath, runFuzzCase } from '../hostile/fuzzCase';
import { type LengthMap, mapLengths, mutate } from '../hostile/mutate';

export const FUZZ_SEED = 24_024;

const [start, end] = process.argv.slice(2).map(Number) as [number, number];
const originals = FUZZ_SOURCES.map((s) => new Uint8Array(readFileSync(fuzzSourcePath(s))));
const maps: LengthMap[] = originals.map(mapLengths);

for (let i = start; i < end; i++) {
  const source = i % FUZZ_SOURCES.length;
  const mutant = mutate(
    originals[source]!,
    maps[source]!,
    FUZZ_SEED + source,
    Math.floor(i / FUZZ_SOURCES.length),
  );
  const name = `fuzz/${i}${mutant.zip ? '.zip' : '.dcm'}`;
  const started = performance.now();
  const result = await runFuzzCase(mutant, name);
  const ms = performance.now() - started;
  process.stdout.write(
    `${JSON.stringify({ i, ms, outcome: result.outcome, kind: mutant.kind, source, ...(result.outcome === 'uncaught' ? { detail: result.detail } : {}) })}\n`,
  );
}
/** Peak resident memory of this child alone (VmHWM; ru_maxrss would inherit the parent's). */
const status = readFileSync('/proc/self/status', 'utf8');
const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
process.stdout.write(`${JSON.stringify({ done: true, peakRssBytes: hwmKb * 1024 })}\n`);
