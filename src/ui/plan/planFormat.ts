import type { PatientAxisAngles } from '../../planning/angles';
import type { ClearanceResult } from '../../planning/clearance';
import { NEEDLE_CATALOGUE, type NeedleModel, type NeedleType } from '../../planning/needles';
import type { ProfileSegment, TissueClass } from '../../planning/pathProfile';
import type { Side } from '../../planning/trajectory';

/** Levels offered in the editor (the lumbar procedures' levels and S1; T12 is in the demo's view). */
export const LEVELS = ['T12', 'L1', 'L2', 'L3', 'L4', 'L5', 'S1'] as const;

export const SIDE_LABELS: Record<Side, string> = { left: 'Left', right: 'Right', midline: 'Midline' };

export const NEEDLE_TYPE_LABELS: Record<NeedleType, string> = {
  spinal: 'Spinal (Quincke)',
  tuohy: 'Tuohy (epidural)',
  'rf-cannula': 'RF cannula',
  bone: 'Bone needle',
};

export const mm = (v: number, digits = 1): string => `${v.toFixed(digits)} mm`;
export const deg = (v: number, digits = 1): string => `${v.toFixed(digits)}°`;
export const signedDeg = (v: number, digits = 1): string =>
  `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(digits)}°`;

const INCH_MM = 25.4;

/** "22G 88.9 mm / 3.5 in", plus the active tip for RF cannulae: what a clinician reads on the packet. */
export function needleOptionLabel(n: NeedleModel): string {
  const inches = (n.lengthMm / INCH_MM).toFixed(n.lengthMm % INCH_MM === 0 ? 0 : 1);
  const tip = n.activeTipMm === undefined ? '' : `, ${n.activeTipMm} mm active tip`;
  return `${n.gauge}G ${n.lengthMm} mm / ${inches} in${tip}`;
}

/** The catalogue grouped by needle type, in catalogue order. */
export function needleGroups(): { type: NeedleType; label: string; needles: NeedleModel[] }[] {
  const groups = new Map<NeedleType, NeedleModel[]>();
  for (const n of NEEDLE_CATALOGUE) groups.set(n.type, [...(groups.get(n.type) ?? []), n]);
  return [...groups].map(([type, needles]) => ({ type, label: NEEDLE_TYPE_LABELS[type], needles }));
}

/** "tip heads 12.0° cranially" (the sign convention of planning/angles.ts). */
export function craniocaudalWords(degrees: number): string {
  if (Math.abs(degrees) < 0.05) return 'in the axial plane';
  return `tip heads ${deg(Math.abs(degrees))} ${degrees > 0 ? 'cranially' : 'caudally'}`;
}

/** "18.0° medial" for a sided plan, "18.0° toward the left" for a midline one. */
export function mediolateralWords(a: PatientAxisAngles): string {
  if (a.mediolateralDeg < 0.05) return 'parasagittal';
  if (a.medialDeg === undefined)
    return `tip heads ${deg(a.mediolateralDeg)} toward the patient's ${a.towardLeftDeg > 0 ? 'left' : 'right'}`;
  return `tip heads ${deg(Math.abs(a.medialDeg))} ${a.medialDeg > 0 ? 'medially' : 'laterally'}`;
}

/** Below this the needle is flagged as close to a no-go structure (the brief: < 2 mm). */
export const CLOSE_CLEARANCE_MM = 2;

export type ClearanceFlag = 'violates' | 'close' | 'clear';

export function clearanceFlag(c: ClearanceResult): ClearanceFlag {
  if (c.violates) return 'violates';
  return c.minDistanceMm < CLOSE_CLEARANCE_MM ? 'close' : 'clear';
}

export const TISSUE_LABELS: Record<TissueClass, string> = {
  outside: 'outside the image',
  air: 'air',
  fat: 'fat',
  'soft-tissue': 'soft tissue',
  vessel: 'contrast range (vessel?)',
  bone: 'bone (cancellous)',
  'cortical-bone': 'cortical bone',
};

/**
 * Runs of tissue worth listing: CT noise makes sub-millimetre runs at class thresholds; those are merged
 * into the run before them so the list reads as the tissues a needle actually passes.
 */
export function tissueRuns(segments: readonly ProfileSegment[], minMm = 1): ProfileSegment[] {
  const out: ProfileSegment[] = [];
  for (const s of segments) {
    const last = out[out.length - 1];
    const short = s.endDepthMm - s.startDepthMm < minMm;
    // Flagged classes are never hidden, however short.
    const flagged = s.tissue === 'cortical-bone' || s.tissue === 'air' || s.tissue === 'vessel';
    if (last && (last.tissue === s.tissue || (short && !flagged))) {
      last.endDepthMm = s.endDepthMm;
      continue;
    }
    out.push({ ...s });
  }
  return out;
}

/** A trajectory colour safe to put in a style: only '#rrggbb' (plan files are user input). */
export const safeColour = (c: string): string => (/^#[0-9a-f]{6}$/i.test(c) ? c : '#888888');
