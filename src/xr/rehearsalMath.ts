import { bisectBoundary } from '../core/bisect';
import type { Vec3 } from '../core/vec3';
import { add, distance, dot, length, normalize, scale, sub } from '../core/vec3';
import { type ClearanceResult, type ClearanceStructure, clearances } from '../planning/clearance';
import { SKIN_AIR_HU } from '../planning/huThresholds';
import { closestOnSegment } from '../planning/segments';

/**
 * The rehearsal needle (issue 8): a straight, rigid needle held by its hub. Outside the body its tip is where
 * the hand puts it; the first time the tip reaches tissue the skin crossing becomes the entry point, and from
 * then on the skin holds the shaft: the hub follows the hand and the needle pivots about the entry.
 *
 * Choice: redirection, not bending. A 22-25 G needle does bend (bevel deflection), but modelling that needs
 * tissue stiffness the CT does not give; the trainee score (state/carmStore.ts FluoroCounters) counts redirections, so a hub
 * moved sideways beyond a tolerance re-aims the shaft through the entry (a `steer`), while motion along the
 * shaft only changes the depth.
 */

export type NeedlePhase = 'outside' | 'inserted';

export interface NeedleState {
  phase: NeedlePhase;
  /** Unit vector hub -> tip. */
  directionLps: Vec3;
  tipLps: Vec3;
  /** Skin entry point while inserted. */
  entryLps: Vec3 | undefined;
  /** Tip depth below the entry along the shaft (mm); 0 outside. */
  depthMm: number;
  /** Depth last sent as `advance` events (events carry the change since then, not every frame's jitter). */
  reportedDepthMm: number;
}

/** What an attempt log receives (training/types.ts AttemptEvent without the time). */
export type NeedleEvent =
  | { kind: 'skin'; entryLps: Vec3; directionLps: Vec3 }
  | { kind: 'advance'; depthDeltaMm: number }
  | { kind: 'steer'; directionLps: Vec3 };

export interface NeedleStepOptions {
  needleLengthMm: number;
  /** Sideways hub offset from the shaft's line tolerated as hand tremor before it counts as a redirection. */
  lateralToleranceMm: number;
  /** Depth changes are reported once they add up to this much (mm). */
  advanceQuantumMm: number;
}

/** True where the tip is in the body: CT value at or above the air/skin threshold (SKIN_AIR_HU). */
export type TissueTest = (lps: Vec3) => boolean;

export const tissueFromSampler =
  (sampler: (lps: Vec3) => number | undefined, thresholdHu = SKIN_AIR_HU): TissueTest =>
  (lps) => {
    const hu = sampler(lps);
    return hu !== undefined && hu >= thresholdHu;
  };

const SKIN_STEP_MM = 0.5;
const SKIN_REFINE_MM = 0.05;

/**
 * Where the shaft crosses the skin: walks back from a tip in tissue towards the hub until air, then bisects
 * to SKIN_REFINE_MM. Undefined when the whole shaft is in tissue (no crossing to find).
 */
export function skinCrossing(
  tipLps: Vec3,
  directionLps: Vec3,
  maxBackMm: number,
  isTissue: TissueTest,
): Vec3 | undefined {
  const at = (back: number) => sub(tipLps, scale(directionLps, back));
  let inside = 0;
  let firstAir: number | undefined;
  for (let back = SKIN_STEP_MM; back <= maxBackMm + 1e-9; back += SKIN_STEP_MM) {
    if (!isTissue(at(back))) {
      firstAir = back;
      break;
    }
    inside = back;
  }
  if (firstAir === undefined) return undefined;
  return at(bisectBoundary(inside, firstAir, (back) => !isTissue(at(back)), SKIN_REFINE_MM).a);
}

export function initialNeedle(tipLps: Vec3, directionLps: Vec3): NeedleState {
  return {
    phase: 'outside',
    directionLps: normalize(directionLps),
    tipLps,
    entryLps: undefined,
    depthMm: 0,
    reportedDepthMm: 0,
  };
}

/** Hub position of a needle state (tip minus the needle's length along the shaft). */
export const hubOf = (n: NeedleState, needleLengthMm: number): Vec3 =>
  sub(n.tipLps, scale(n.directionLps, needleLengthMm));

function flushAdvance(depthMm: number, reportedMm: number, quantumMm: number, events: NeedleEvent[]): number {
  const delta = depthMm - reportedMm;
  if (delta === 0 || Math.abs(delta) < quantumMm) return reportedMm;
  events.push({ kind: 'advance', depthDeltaMm: delta });
  return depthMm;
}

/**
 * One tracking step: the hand holds the hub at `hubLps` aiming along `directionLps`. Returns the new state
 * and the attempt events it caused (skin contact, advance/withdraw, redirection).
 */
export function stepNeedle(
  state: NeedleState,
  hubLps: Vec3,
  directionLps: Vec3,
  isTissue: TissueTest,
  o: NeedleStepOptions,
): { state: NeedleState; events: NeedleEvent[] } {
  const events: NeedleEvent[] = [];
  if (state.phase === 'outside' || !state.entryLps) {
    const dir = normalize(directionLps);
    const tip = add(hubLps, scale(dir, o.needleLengthMm));
    const entry = isTissue(tip) ? skinCrossing(tip, dir, o.needleLengthMm, isTissue) : undefined;
    if (!entry) return { state: initialNeedle(tip, dir), events };
    const depthMm = distance(entry, tip);
    events.push({ kind: 'skin', entryLps: entry, directionLps: dir });
    const base: NeedleState = {
      phase: 'inserted',
      directionLps: dir,
      tipLps: tip,
      entryLps: entry,
      depthMm,
      reportedDepthMm: 0,
    };
    return { state: { ...base, reportedDepthMm: flushAdvance(depthMm, 0, 0, events) }, events };
  }
  const entry = state.entryLps;
  const hubToEntry = sub(entry, hubLps);
  const along = dot(hubToEntry, state.directionLps);
  const lateral = length(sub(hubToEntry, scale(state.directionLps, along)));
  let dir = state.directionLps;
  let outsideMm = along;
  if (lateral > o.lateralToleranceMm && length(hubToEntry) > 1e-6) {
    dir = normalize(hubToEntry);
    outsideMm = length(hubToEntry);
  }
  const depthMm = Math.min(o.needleLengthMm, o.needleLengthMm - outsideMm);
  if (depthMm <= 0) {
    // Pulled out of the skin: report the withdrawal; the next contact is a new skin event.
    flushAdvance(0, state.reportedDepthMm, 0, events);
    const tip = add(hubLps, scale(normalize(directionLps), o.needleLengthMm));
    return { state: initialNeedle(tip, directionLps), events };
  }
  if (dir !== state.directionLps) {
    // Report the depth reached on the old line before the new direction.
    const reported = flushAdvance(state.depthMm, state.reportedDepthMm, 0, events);
    events.push({ kind: 'steer', directionLps: dir });
    state = { ...state, reportedDepthMm: reported };
  }
  const reportedDepthMm = flushAdvance(depthMm, state.reportedDepthMm, o.advanceQuantumMm, events);
  return {
    state: {
      phase: 'inserted',
      directionLps: dir,
      tipLps: add(entry, scale(dir, depthMm)),
      entryLps: entry,
      depthMm,
      reportedDepthMm,
    },
    events,
  };
}

export interface RehearsalReadout {
  depthMm: number;
  /** Tip to the planned entry -> target segment (mm); undefined without a plan (or in a trainee attempt). */
  tipToPathMm: number | undefined;
  tipToTargetMm: number | undefined;
  /** Nearest no-go structure to the shaft in tissue (gauge included), when inserted. */
  nearest: ClearanceResult | undefined;
  /** The shaft touches or crosses a no-go structure (clearance <= its margin). */
  contact: boolean;
}

/** Depth, distances to the plan and no-go clearance of the needle's part in tissue. */
export function rehearsalReadout(
  needle: NeedleState,
  radiusMm: number,
  planned: { entryLps: Vec3; targetLps: Vec3 } | undefined,
  structures: readonly ClearanceStructure[],
): RehearsalReadout {
  const tip = needle.tipLps;
  const inserted = needle.phase === 'inserted' && needle.entryLps !== undefined;
  const results =
    inserted && structures.length > 0
      ? clearances({ entryLps: needle.entryLps!, tipLps: tip, radiusMm }, structures)
      : [];
  return {
    depthMm: inserted ? needle.depthMm : 0,
    tipToPathMm: planned && distance(tip, closestOnSegment(tip, planned.entryLps, planned.targetLps).point),
    tipToTargetMm: planned && distance(tip, planned.targetLps),
    nearest: results[0],
    contact: results.some((r) => r.violates),
  };
}
