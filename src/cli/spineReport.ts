import { analyzeSpine, type SpineAnalysis } from '../analysis/index';
import type { Vec3 } from '../core/vec3';
import type { Volume } from '../volume/volume';

/** One level in `inspect --json --spine` (issue 16); LPS mm, unit normals. */
export interface SpineLevelReport {
  name: string;
  bodyCentreLps: Vec3;
  superiorEndplateNormalLps: Vec3;
  confidence: number;
}

/** The `spine` object each series gets with `--spine`; the field order is the documented one. */
export interface SpineReport {
  found: boolean;
  /** null when the analysis could not count (JSON has no undefined). */
  lumbarCount: number | null;
  lastRibLevel: string | null;
  levels: SpineLevelReport[];
  warnings: string[];
}

const round = (v: Vec3, digits: number): Vec3 => v.map((x) => Number(x.toFixed(digits))) as unknown as Vec3;

/** The analysis as the CLI prints it: vertebrae cranial to caudal, then S1 from the sacrum when not listed. */
export function spineReport(a: SpineAnalysis): SpineReport {
  const levels: SpineLevelReport[] = a.vertebrae.map((v) => ({
    name: v.name,
    bodyCentreLps: round(v.bodyCentreLps, 2),
    superiorEndplateNormalLps: round(v.superiorEndplateNormal, 4),
    confidence: Number(v.confidence.toFixed(3)),
  }));
  if (a.sacrum && !levels.some((l) => l.name === 'S1'))
    levels.push({
      name: 'S1',
      bodyCentreLps: round(a.sacrum.s1SuperiorEndplateCentreLps, 2),
      superiorEndplateNormalLps: round(a.sacrum.s1SuperiorEndplateNormal, 4),
      confidence: Number(a.sacrum.confidence.toFixed(3)),
    });
  return {
    found: a.found,
    lumbarCount: a.lumbarCount ?? null,
    lastRibLevel: a.lastRibLevel ?? null,
    levels: a.found ? levels : [],
    warnings: [...a.warnings],
  };
}

/** Runs the analysis on a CT volume; other modalities are not analysed (found: false, said why). */
export function analyseForReport(volume: Volume): SpineReport {
  if (volume.metadata.modality !== 'CT')
    return {
      found: false,
      lumbarCount: null,
      lastRibLevel: null,
      levels: [],
      warnings: [`not analysed: ${volume.metadata.modality || 'unknown'} modality (CT only)`],
    };
  return spineReport(analyzeSpine(volume));
}

/** Text lines for `inspect --spine` without --json. */
export function formatSpineText(s: SpineReport): string[] {
  if (!s.found)
    return [`  ${'spine'.padEnd(13)} not found${s.warnings.length ? `: ${s.warnings.join('; ')}` : ''}`];
  const lines = [
    `  ${'spine'.padEnd(13)} ${s.levels.map((l) => l.name).join(' ')}; lumbar ${s.lumbarCount ?? '?'}, last rib ${s.lastRibLevel ?? 'not seen'}`,
  ];
  for (const l of s.levels)
    lines.push(
      `  ${''.padEnd(13)} ${l.name.padEnd(4)} body ${l.bodyCentreLps.map((x) => x.toFixed(1).padStart(7)).join('')}  conf ${l.confidence.toFixed(2)}`,
    );
  for (const w of s.warnings) lines.push(`  ${''.padEnd(13)} ! ${w}`);
  return lines;
}
