import type { AttemptRecord } from './types';

/**
 * Attempt logs for the program director: JSON (everything, events included) and CSV (one row per attempt,
 * one column per metric). Scores may hold Infinity (a needle never placed), which JSON cannot carry: it is
 * written as the string "Infinity" and read back as the number.
 */

const NON_FINITE: Record<string, number> = { Infinity, '-Infinity': -Infinity, NaN };

const replacer = (_key: string, value: unknown): unknown =>
  typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
const reviver = (_key: string, value: unknown): unknown =>
  typeof value === 'string' && value in NON_FINITE ? NON_FINITE[value] : value;

/** JSON text of attempt records, non-finite numbers kept (see above). */
export function attemptsToJson(records: readonly AttemptRecord[], pretty = true): string {
  return JSON.stringify(records, replacer, pretty ? 2 : undefined);
}

/** Reads `attemptsToJson` text back; throws on text that is not a JSON list. */
export function attemptsFromJson(text: string): AttemptRecord[] {
  const data: unknown = JSON.parse(text, reviver);
  if (!Array.isArray(data)) throw new Error('attempt log: expected a JSON list of attempts');
  return data as AttemptRecord[];
}

/** Columns before the metrics. */
const BASE_COLUMNS = ['trainee', 'package', 'mode', 'started_at', 'attempt_id', 'passed'] as const;

/** RFC 4180 s.2: a field holding a comma, a quote or a line break is quoted, with quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const metricText = (v: number | boolean | undefined): string =>
  v === undefined ? '' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(Math.round(v * 1000) / 1000);

/**
 * CSV (RFC 4180: CRLF line ends, header row): one row per attempt, one column per metric id (value in the
 * metric's unit, named in the header, e.g. `tip-to-target_mm`), plus `<id>_pass` for judged metrics.
 * Attempts not finished have empty metric cells.
 */
export function attemptsToCsv(records: readonly AttemptRecord[]): string {
  const metricColumns: { id: string; header: string; judged: boolean }[] = [];
  for (const r of records)
    for (const m of r.score?.metrics ?? []) {
      const existing = metricColumns.find((c) => c.id === m.id);
      if (existing) existing.judged ||= m.pass !== undefined;
      else
        metricColumns.push({
          id: m.id,
          header: m.unit ? `${m.id}_${m.unit}` : m.id,
          judged: m.pass !== undefined,
        });
    }
  const header = [
    ...BASE_COLUMNS,
    ...metricColumns.flatMap((c) => (c.judged ? [c.header, `${c.id}_pass`] : [c.header])),
    'no_go_contacts',
  ];
  const rows = records.map((r) => {
    const byId = new Map((r.score?.metrics ?? []).map((m) => [m.id, m]));
    const cells = [
      r.trainee,
      r.packageTitle,
      r.mode,
      r.startedAt,
      r.id,
      r.score ? (r.score.passed ? 'yes' : 'no') : '',
      ...metricColumns.flatMap((c) => {
        const m = byId.get(c.id);
        const value = metricText(m?.value);
        if (!c.judged) return [value];
        return [value, m?.pass === undefined ? '' : m.pass ? 'yes' : 'no'];
      }),
      (r.score?.noGoContacts ?? []).join('; '),
    ];
    return cells.map(csvField).join(',');
  });
  return `${[header.map(csvField).join(','), ...rows].join('\r\n')}\r\n`;
}

/** Parses RFC 4180 CSV into rows of fields (quoted fields may hold commas, doubled quotes, line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
