import type { SpineAnalysis } from '../../analysis/index';
import type { LabelCorrection } from '../../state/analysisStore';

/**
 * The level check of issue 16, worded once for the plan panel and the printed report: which level, how it
 * was counted, what the count found, and a stated warning when the count is unusual or the counts disagree
 * (wrong-level injection is a documented error; the defence is explicit counting, and lumbosacral transitional
 * vertebrae are common, 4-30%: Konin & Walz, AJNR 2010).
 */
export interface LevelCheck {
  /** "L4-L5, counted from the sacrum: 5 lumbar vertebrae, last rib at T12". */
  line: string;
  /** Shown prominently: the analysis is not sure of the names, or the level is not among them. */
  warnings: string[];
  /** True when the names must be checked before planning on them. */
  uncertain: boolean;
}

const COUNTED: Record<SpineAnalysis['countedFrom'], string> = {
  sacrum: 'counted from the sacrum',
  'last-rib': 'counted from the last rib',
  'sacrum-and-rib': 'counted from the sacrum and checked against the last rib',
  none: 'not counted (neither the sacrum nor a rib was seen)',
};

/** Vertebra names a level refers to: 'L4-L5' -> ['L4', 'L5']. */
const levelParts = (level: string): string[] =>
  level
    .trim()
    .toUpperCase()
    .split(/[-/ ]/)
    .filter((p) => p.length > 0);

/** "shifted 1 level down" for a correction. */
export function correctionWords(c: LabelCorrection | null): string | undefined {
  if (!c || c.shift === 0) return undefined;
  const n = Math.abs(c.shift);
  return `names corrected by hand (shifted ${n} level${n === 1 ? '' : 's'} ${c.shift > 0 ? 'down' : 'up'})`;
}

export function levelCheck(
  level: string,
  analysis: SpineAnalysis | null,
  correction: LabelCorrection | null = null,
): LevelCheck | undefined {
  if (!analysis) return undefined;
  const shown = level.trim() || 'No level set';
  if (!analysis.found)
    return {
      line: `${shown}: no spine found by the automatic analysis; count the levels yourself`,
      warnings: [],
      uncertain: true,
    };
  const facts: string[] = [];
  facts.push(
    analysis.lumbarCount === undefined
      ? 'lumbar count not cross-checked'
      : `${analysis.lumbarCount} lumbar vertebra${analysis.lumbarCount === 1 ? '' : 'e'}`,
  );
  facts.push(analysis.lastRibLevel ? `last rib at ${analysis.lastRibLevel}` : 'no rib seen');
  const corrected = correctionWords(correction);
  const line = `${shown}, ${COUNTED[analysis.countedFrom]}: ${facts.join(', ')}${corrected ? `; ${corrected}` : ''}`;
  const warnings = [...analysis.warnings];
  const names = new Set(analysis.vertebrae.map((v) => v.name));
  if (analysis.sacrum) names.add('S1');
  const missing = levelParts(level).filter((p) => !names.has(p));
  if (level.trim() && missing.length > 0)
    warnings.push(
      `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not among the levels found.`,
    );
  const unusual = analysis.lumbarCount !== undefined && analysis.lumbarCount !== 5;
  if (unusual && !warnings.some((w) => /lumbar/i.test(w)))
    warnings.push(`${analysis.lumbarCount} lumbar-type vertebrae (usually 5): check the count.`);
  const uncertain = analysis.uncertain || unusual || analysis.countedFrom === 'none';
  if (uncertain && warnings.length === 0)
    warnings.push('The level names are uncertain: count them yourself.');
  return { line, warnings, uncertain };
}
