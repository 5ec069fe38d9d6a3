import type { Result } from '../../core/errors';
import { type PlaneName, planeOf } from './geometry';
import type { HasInstance } from './group';
import type { StackLayout } from './layout';
import type { OrderedStack } from './stack';

/** What a series picker shows for one candidate (plain data). */
export interface SeriesSummary {
  key: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  modality: string;
  description: string;
  seriesNumber: number | undefined;
  plane: PlaneName;
  /** Images in the stack (after duplicates were removed). */
  imageCount: number;
  /** Slices of the volume it makes (differs from imageCount after resampling). */
  sliceCount: number;
  columns: number;
  rows: number;
  /** [between columns, between rows, between slice planes] mm. */
  spacingMm: readonly [number, number, number];
  /** Distance from the first to the last slice centre along the normal, mm. */
  coverageMm: number;
  sliceThicknessMm: number | undefined;
  tiltDeg: number;
  /** Set when no volume can be made from it; the picker shows it greyed with this reason. */
  problem?: string;
}

export function summarize<T extends HasInstance>(
  stack: OrderedStack<T>,
  layout: Result<StackLayout>,
): SeriesSummary {
  const first = stack.slices[0]!;
  const inst = first.source.instance;
  const [rowSpacing, colSpacing] = first.geometry.pixelSpacing;
  const base = {
    key: stack.key,
    seriesInstanceUid: inst.seriesInstanceUid,
    studyInstanceUid: inst.studyInstanceUid,
    modality: inst.modality,
    description: inst.seriesDescription,
    seriesNumber: inst.seriesNumber,
    plane: planeOf(stack.normal),
    imageCount: stack.slices.length,
    columns: inst.columns,
    rows: inst.rows,
    sliceThicknessMm: first.geometry.sliceThicknessMm,
  };
  if (!layout.ok) {
    return {
      ...base,
      sliceCount: 0,
      spacingMm: [colSpacing, rowSpacing, 0],
      coverageMm: 0,
      tiltDeg: 0,
      problem: layout.error,
    };
  }
  const l = layout.value;
  return {
    ...base,
    sliceCount: l.plan.length,
    spacingMm: [colSpacing, rowSpacing, l.stepMm],
    coverageMm: l.planeSpacingMm * (l.plan.length - 1),
    tiltDeg: l.tiltDeg,
  };
}

/** Coverages within this fraction of the longest count as equal; then the thinnest slices win. */
const SIMILAR_COVERAGE = 0.9;

/**
 * The series to open by default: among those that form a volume, prefer CT, then axial, then the
 * longest coverage (a proxy for "covers the most of the spine"), then the thinnest slice spacing.
 */
export function pickBestSeries(summaries: readonly SeriesSummary[]): SeriesSummary | undefined {
  const usable = summaries.filter((s) => !s.problem && s.sliceCount > 1);
  const pool = usable.length > 0 ? usable : summaries.filter((s) => !s.problem);
  if (pool.length === 0) return undefined;
  const preferred = (predicate: (s: SeriesSummary) => boolean, from: SeriesSummary[]): SeriesSummary[] => {
    const hit = from.filter(predicate);
    return hit.length > 0 ? hit : from;
  };
  const candidates = preferred(
    (s) => s.plane === 'axial',
    preferred((s) => s.modality === 'CT', pool),
  );
  const longest = Math.max(...candidates.map((s) => s.coverageMm));
  return candidates
    .filter((s) => s.coverageMm >= SIMILAR_COVERAGE * longest)
    .sort(
      (a, b) =>
        a.spacingMm[2] - b.spacingMm[2] ||
        b.coverageMm - a.coverageMm ||
        (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    )[0];
}
