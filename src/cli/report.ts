import { valueStatistics } from '../volume/statistics';
import type { Volume } from '../volume/volume';
import { formatSpineText, type SpineReport } from './spineReport';

/** One series in the `inspect --json` output; the field order is the documented one. */
export interface SeriesReport {
  seriesInstanceUid: string;
  modality: string;
  description: string;
  dims: [number, number, number];
  spacingMm: [number, number, number];
  ijkToLps: number[];
  huMin: number;
  huMax: number;
  huMean: number;
  warnings: string[];
  /** With `--spine` only: what the automatic spine analysis found (issue 16). */
  spine?: SpineReport;
}

export interface InspectReport {
  series: SeriesReport[];
  skipped: { path: string; reason: string }[];
}

/** Values are HU for CT (the volume stores them) and rescaled stored values otherwise. */
export function seriesReport(volume: Volume): SeriesReport {
  const stats = valueStatistics(volume);
  return {
    seriesInstanceUid: volume.metadata.seriesInstanceUid,
    modality: volume.metadata.modality,
    description: volume.metadata.seriesDescription,
    dims: [...volume.dims],
    spacingMm: [...volume.spacingMm],
    ijkToLps: [...volume.ijkToLps],
    huMin: stats.min,
    huMax: stats.max,
    huMean: Math.round(stats.mean * 100) / 100,
    warnings: [...volume.warnings],
  };
}

const fixed = (values: readonly number[], digits: number): string =>
  values.map((v) => v.toFixed(digits)).join(' x ');

/** The same report for a person: one aligned block per series, then the skipped files. */
export function formatText(report: InspectReport): string {
  const lines: string[] = [];
  report.series.forEach((s, n) => {
    const m = s.ijkToLps;
    const rows: [string, string][] = [
      ['description', s.description || '(none)'],
      ['modality', s.modality],
      ['series UID', s.seriesInstanceUid || '(empty)'],
      ['dims (i,j,k)', s.dims.join(' x ')],
      ['spacing mm', fixed(s.spacingMm, 4)],
      ['values', `${s.huMin} .. ${s.huMax}, mean ${s.huMean.toFixed(1)}${s.modality === 'CT' ? ' HU' : ''}`],
      ...[0, 1, 2].map((r): [string, string] => [
        r === 0 ? 'ijk -> LPS' : '',
        m
          .slice(r * 4, r * 4 + 4)
          .map((v) => v.toFixed(4).padStart(12))
          .join(''),
      ]),
      ...s.warnings.map((w, i): [string, string] => [i === 0 ? 'warnings' : '', w]),
    ];
    lines.push(`Series ${n + 1}`);
    for (const [label, value] of rows) lines.push(`  ${label.padEnd(13)} ${value}`);
    if (s.spine) lines.push(...formatSpineText(s.spine));
    lines.push('');
  });
  if (report.skipped.length > 0) {
    lines.push(`Skipped (${report.skipped.length})`);
    const width = Math.min(60, Math.max(...report.skipped.map((s) => s.path.length)));
    for (const s of report.skipped) lines.push(`  ${s.path.padEnd(width)}  ${s.reason}`);
  }
  return lines.join('\n');
}
