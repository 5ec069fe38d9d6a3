import type { SpineAnalysis } from './types';

/**
 * User correction of the automatic level names (issue 16): the analysis found the bodies, the user says
 * which one is which. Names are positional along the column, so renaming one vertebra renames its
 * neighbours with it (one shift of the whole sequence); the sacrum ('S1') stays the sacrum. Every name
 * that depends on a vertebra's name follows: segments ('L4-L5'), structures ('nerve-root-L4-left'), the
 * last rib, the summary and warnings. Pure: returns a new analysis and the old -> new name map.
 */

/** Presacral names in order, cranial to caudal: T1-T12 then up to six lumbar-type (L6: Konin & Walz 2010). */
export const PRESACRAL_NAMES: readonly string[] = [
  ...Array.from({ length: 12 }, (_, i) => `T${i + 1}`),
  ...Array.from({ length: 6 }, (_, i) => `L${i + 1}`),
];

/** A sacral name ('S1'...): the sacrum keeps its name whatever the shift. */
export const isSacral = (name: string): boolean => /^S\d$/.test(name);

export interface RelabelResult {
  analysis: SpineAnalysis;
  /** Old name -> new name for every renamed vertebra (unchanged names left out). */
  renamed: Map<string, string>;
  /** The shift applied along PRESACRAL_NAMES (+1 = every name one level lower, e.g. L4 -> L5). */
  shift: number;
}

/** Replaces every whole-word vertebra name in `text` by its new name, all at once (L4 -> L5 and L5 -> L6 do not chain). */
export function renameInText(text: string, renamed: ReadonlyMap<string, string>): string {
  if (renamed.size === 0) return text;
  const names = [...renamed.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`\\b(${names.join('|')})\\b`, 'g');
  return text.replace(pattern, (m) => renamed.get(m) ?? m);
}

/** A segment's name from its two vertebrae's new names ('L4-L5'); other texts by word. */
const renameSegment = (name: string, renamed: ReadonlyMap<string, string>): string =>
  name
    .split('-')
    .map((part) => renamed.get(part) ?? part)
    .join('-');

/**
 * Every presacral vertebra's name moved `shift` places along PRESACRAL_NAMES. Fails (returns undefined)
 * when a name would leave the sequence (above T1, below L6) or a vertebra's name is not in it.
 */
export function shiftLabels(analysis: SpineAnalysis, shift: number): RelabelResult | undefined {
  const renamed = new Map<string, string>();
  if (!Number.isInteger(shift)) return undefined;
  for (const v of analysis.vertebrae) {
    if (isSacral(v.name)) continue;
    const at = PRESACRAL_NAMES.indexOf(v.name);
    const next = PRESACRAL_NAMES[at + shift];
    if (at < 0 || next === undefined) return undefined;
    if (next !== v.name) renamed.set(v.name, next);
  }
  if (shift === 0 || renamed.size === 0) return { analysis, renamed, shift: 0 };
  const word = (t: string) => renameInText(t, renamed);
  const a = analysis;
  const result: SpineAnalysis = {
    ...a,
    vertebrae: a.vertebrae.map((v) => (renamed.has(v.name) ? { ...v, name: renamed.get(v.name)! } : v)),
    segments: a.segments.map((s) => ({ ...s, name: renameSegment(s.name, renamed) })),
    lastRibLevel: a.lastRibLevel === undefined ? undefined : (renamed.get(a.lastRibLevel) ?? a.lastRibLevel),
    summary: word(a.summary),
    warnings: a.warnings.map(word),
    structures: {
      ...a.structures,
      structures: a.structures.structures.map((s) => ({ ...s, id: word(s.id), name: word(s.name) })),
    },
  };
  return { analysis: result, renamed, shift };
}

/** The shift that gives vertebra `index` (in `analysis.vertebrae`) the name `newName`; undefined when none can. */
export function shiftToRename(analysis: SpineAnalysis, index: number, newName: string): number | undefined {
  const v = analysis.vertebrae[index];
  if (!v || isSacral(v.name) || isSacral(newName)) return undefined;
  const from = PRESACRAL_NAMES.indexOf(v.name);
  const to = PRESACRAL_NAMES.indexOf(newName);
  return from < 0 || to < 0 ? undefined : to - from;
}

/** Renames vertebra `index` to `newName` and every other presacral vertebra with it (see shiftLabels). */
export function relabelVertebra(
  analysis: SpineAnalysis,
  index: number,
  newName: string,
): RelabelResult | undefined {
  const shift = shiftToRename(analysis, index, newName);
  return shift === undefined ? undefined : shiftLabels(analysis, shift);
}
