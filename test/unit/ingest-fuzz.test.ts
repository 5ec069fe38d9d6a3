/**
 * CI-sized ingest fuzzing (issue 24): 18 mutations of each of 17 real files (306 cases, every mutation
 * kind twice per file: byte flips, truncation, element/sequence/item lengths, NumberOfFrames, Rows and
 * Columns, transfer syntax, zip headers) through zip expansion, parsing, assembly and decoding. None may
 * throw past ingest or fail without naming its file. The 20,000-case run is `npm run bench -- fuzz`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FUZZ_SOURCES, type FuzzOutcome, fuzzSourcePath, runFuzzCase } from '../hostile/fuzzCase';
import { MUTATION_KINDS, mapLengths, mutate } from '../hostile/mutate';

const PER_SOURCE = 2 * MUTATION_KINDS.length;

describe('ingest fuzz (CI subset): every mutated file opens, is refused by name, or fails to decode by name', () => {
  it.each(FUZZ_SOURCES.map((s, i) => [s, i] as const))(
    '%s',
    async (source, sourceIndex) => {
      const original = new Uint8Array(readFileSync(fuzzSourcePath(source)));
      const map = mapLengths(original);
      const counts: Partial<Record<FuzzOutcome, number>> = {};
      const uncaught: string[] = [];
      let slowest = { ms: 0, name: '' };
      for (let c = 0; c < PER_SOURCE; c++) {
        const mutant = mutate(original, map, 24_000 + sourceIndex, c);
        const name = `fuzz/${sourceIndex}-${c}${mutant.zip ? '.zip' : '.dcm'}`;
        const started = performance.now();
        const result = await runFuzzCase(mutant, name);
        const ms = performance.now() - started;
        if (ms > slowest.ms) slowest = { ms, name: `${name} (${mutant.kind}: ${mutant.detail})` };
        counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
        if (result.outcome === 'uncaught') uncaught.push(result.detail ?? name);
      }
      console.log(
        `${source}: ${JSON.stringify(counts)}; slowest ${slowest.ms.toFixed(0)} ms ${slowest.name}`,
      );
      expect(uncaught).toEqual([]);
    },
    120_000,
  );
});
