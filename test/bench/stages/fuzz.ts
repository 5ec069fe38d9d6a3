import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { FUZZ_SOURCES } from '../../hostile/fuzzCase';
import { MUTATION_KINDS } from '../../hostile/mutate';
import { formatTable, ms } from '../lib/table';

/**
 * Ingest fuzzing at scale (issue 24): `cases` mutated real files (every kind of test/hostile/mutate.ts over
 * the sources of test/hostile/fuzzCase.ts) through zip expansion, parsing, assembly and decoding, in child
 * processes of `batch` cases. A case with no answer within HANG_MS is a hang: its child is killed and the
 * run goes on after it; a child that dies is an uncaught error at the case it was on.
 */
export interface FuzzResult {
  cases: number;
  sources: number;
  hangs: number;
  uncaught: number;
  /** Cases slower than the app's decode timeout: in the app these are stopped and named after 20 s. */
  overAppDecodeTimeout: number;
  outcomes: Record<string, number>;
  byKind: Record<string, Record<string, number>>;
  slowest: { case: number; ms: number; kind: string; source: string };
  p99Ms: number;
  medianMs: number;
  peakChildRssBytes: number;
  problems: string[];
  wallSeconds: number;
}

const CHILD = path.resolve(import.meta.dirname, '../fuzzChild.ts');
/**
 * Silence this long is a hang. A corrupt JPEG-LS stream can take CharLS ~30 s to fail under load (it does
 * fail); the app stops any frame decode after APP_DECODE_TIMEOUT_MS in its worker pool (main.tsx) and names
 * the file, so such cases are counted apart, not as hangs.
 */
const HANG_MS = 180_000;
const APP_DECODE_TIMEOUT_MS = 20_000;

interface CaseLine {
  i: number;
  ms: number;
  outcome: string;
  kind: string;
  source: number;
  detail?: string;
}

/** Runs cases [start, end) in one child; resolves with the lines and why it stopped. */
function runChild(start: number, end: number, onCase: (line: CaseLine) => void) {
  return new Promise<{
    last: number;
    stopped: 'done' | 'hang' | 'crash';
    peakRssBytes: number;
    stderr: string;
  }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, String(start), String(end)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let last = start - 1;
    let peakRssBytes = 0;
    let finished = false;
    let stderr = '';
    let timer = setTimeout(() => onHang(), HANG_MS);
    const onHang = () => {
      if (finished) return;
      finished = true;
      child.kill('SIGKILL');
      resolve({ last, stopped: 'hang', peakRssBytes, stderr });
    };
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    createInterface({ input: child.stdout }).on('line', (text) => {
      clearTimeout(timer);
      timer = setTimeout(onHang, HANG_MS);
      const line = JSON.parse(text) as CaseLine | { done: true; peakRssBytes: number };
      if ('done' in line) peakRssBytes = line.peakRssBytes;
      else {
        last = line.i;
        onCase(line);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (finished) return;
      finished = true;
      resolve({ last, stopped: code === 0 && last === end - 1 ? 'done' : 'crash', peakRssBytes, stderr });
    });
  });
}

export async function benchFuzz(cases: number, batch = 2_500): Promise<FuzzResult> {
  const started = performance.now();
  const times: number[] = [];
  const outcomes: Record<string, number> = {};
  const byKind: Record<string, Record<string, number>> = Object.fromEntries(
    MUTATION_KINDS.map((k) => [k, {}]),
  );
  const problems: string[] = [];
  let slowest = { case: -1, ms: 0, kind: '', source: '' };
  let hangs = 0;
  let uncaught = 0;
  let overAppDecodeTimeout = 0;
  let peakChildRssBytes = 0;
  const onCase = (line: CaseLine) => {
    times.push(line.ms);
    outcomes[line.outcome] = (outcomes[line.outcome] ?? 0) + 1;
    const kind = byKind[line.kind]!;
    kind[line.outcome] = (kind[line.outcome] ?? 0) + 1;
    if (line.ms > slowest.ms)
      slowest = { case: line.i, ms: line.ms, kind: line.kind, source: FUZZ_SOURCES[line.source]! };
    if (line.ms > APP_DECODE_TIMEOUT_MS) {
      overAppDecodeTimeout++;
      problems.push(
        `case ${line.i} (${line.kind} of ${FUZZ_SOURCES[line.source]}): ${Math.round(line.ms / 1000)} s, ${line.outcome}; the app's decode timeout stops it at 20 s`,
      );
    }
    if (line.outcome === 'uncaught') {
      uncaught++;
      problems.push(line.detail ?? `case ${line.i}`);
    }
  };
  for (let start = 0; start < cases; ) {
    const end = Math.min(cases, start + batch);
    const run = await runChild(start, end, onCase);
    peakChildRssBytes = Math.max(peakChildRssBytes, run.peakRssBytes);
    if (run.stopped === 'done') {
      start = end;
      continue;
    }
    const culprit = run.last + 1;
    if (run.stopped === 'hang') hangs++;
    else uncaught++;
    problems.push(
      `case ${culprit}: ${run.stopped}${run.stderr ? ` (${run.stderr.trim().split('\n').pop()})` : ''}`,
    );
    start = culprit + 1;
  }
  const sorted = [...times].sort((a, b) => a - b);
  return {
    cases,
    sources: FUZZ_SOURCES.length,
    hangs,
    uncaught,
    overAppDecodeTimeout,
    outcomes,
    byKind,
    slowest,
    p99Ms: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
    medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
    peakChildRssBytes,
    problems,
    wallSeconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

export function formatFuzz(r: FuzzResult): string {
  const outcomes = ['opened', 'refused', 'decode-failed', 'uncaught'];
  const table = formatTable(
    ['mutation', ...outcomes],
    Object.entries(r.byKind).map(([kind, counts]) => [kind, ...outcomes.map((o) => String(counts[o] ?? 0))]),
  );
  const lines = [
    `Ingest fuzz: ${r.cases} mutated files from ${r.sources} real files, ${r.wallSeconds} s`,
    table,
    `hangs ${r.hangs}, uncaught errors ${r.uncaught}, over the app's 20 s decode timeout ${r.overAppDecodeTimeout}; per file median ${ms(r.medianMs)} ms, p99 ${ms(r.p99Ms)} ms, slowest ${ms(r.slowest.ms)} ms (case ${r.slowest.case}, ${r.slowest.kind} of ${r.slowest.source}); peak RSS of a child ${(r.peakChildRssBytes / 1e6).toFixed(0)} MB`,
    ...r.problems.slice(0, 20).map((p) => `  ! ${p}`),
  ];
  return lines.join('\n');
}
