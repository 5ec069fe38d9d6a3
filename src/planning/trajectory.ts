import type { Vec3 } from '../core/vec3';
import { add, distance, normalize, scale, sub } from '../core/vec3';
import { DEFAULT_NEEDLE_ID } from './needles';
import { PROCEDURES } from './procedures';

/** Procedures (definitions in procedures.ts; the id is stored in plan files: never rename one). */
export type ProcedureId =
  | 'tfesi'
  | 'tfesi-retrodiscal'
  | 's1-tfesi'
  | 'medial-branch-block'
  | 'medial-branch-rfa'
  | 'sacroiliac'
  | 'vertebroplasty'
  | 'interlaminar-epidural'
  | 'lumbar-puncture'
  | 'other';

/** Procedure names, from the procedure definitions (procedures.ts), plus 'Other'. */
export const PROCEDURE_LABELS: Record<ProcedureId, string> = {
  ...(Object.fromEntries(PROCEDURES.map((p) => [p.id, p.name])) as Record<
    Exclude<ProcedureId, 'other'>,
    string
  >),
  other: 'Other',
};

/** The patient's side (not the screen's). */
export type Side = 'left' | 'right' | 'midline';

/** One planned needle path. Points are DICOM patient LPS millimetres. */
export interface Trajectory {
  id: string;
  name: string;
  /** CSS colour '#rrggbb'. */
  colour: string;
  procedure: ProcedureId;
  /** Vertebral level or segment as the user writes it, e.g. 'L4', 'L4-L5', 'S1'. */
  level: string;
  side: Side;
  /** Skin entry point. */
  entryLps: Vec3;
  /** Where the needle tip should end. */
  targetLps: Vec3;
  /** Id in the needle catalogue (needles.ts). */
  needleId: string;
  /** Set when the trajectory came from a procedure template's proposal (schema 3): what to check. */
  proposal?: ProposalRecord;
}

/**
 * What a template proposal said when it made a trajectory (proposal.ts TemplateProposal), kept with it so
 * the "check it" label and remarks survive a reload and travel in the plan file.
 */
export interface ProposalRecord {
  /**
   * Where the target came from: the demo's ground truth, the automatic spine analysis of the patient's CT
   * (issue 16) or the user's clicks on the images.
   */
  source: 'truth' | 'analysis' | 'clicks';
  note: string;
  remarks: string[];
  /** False when the entry was put at a nominal depth (no skin found). */
  entryOnSkin: boolean;
  /** The template's C-arm view sequence (templates.ts StandardViewId). */
  views: string[];
}

/** Distinct colours for successive trajectories (colour-blind-safe Okabe-Ito palette). */
export const TRAJECTORY_COLOURS = [
  '#e69f00',
  '#56b4e9',
  '#009e73',
  '#f0e442',
  '#0072b2',
  '#d55e00',
  '#cc79a7',
];

export function createTrajectory(
  id: string,
  init: Partial<Omit<Trajectory, 'id'>> & Pick<Trajectory, 'entryLps' | 'targetLps'>,
  index = 0,
): Trajectory {
  return {
    id,
    name: init.name ?? `Needle ${index + 1}`,
    colour: init.colour ?? TRAJECTORY_COLOURS[index % TRAJECTORY_COLOURS.length]!,
    procedure: init.procedure ?? 'tfesi',
    level: init.level ?? '',
    side: init.side ?? 'right',
    entryLps: init.entryLps,
    targetLps: init.targetLps,
    needleId: init.needleId ?? DEFAULT_NEEDLE_ID,
    ...(init.proposal ? { proposal: init.proposal } : {}),
  };
}

/** Skin-entry-to-target length: how much needle must be inside the patient. */
export const trajectoryLengthMm = (t: Pick<Trajectory, 'entryLps' | 'targetLps'>): number =>
  distance(t.entryLps, t.targetLps);

/** Unit vector from entry to target (the direction the tip advances), or undefined when they coincide. */
export function trajectoryDirection(t: Pick<Trajectory, 'entryLps' | 'targetLps'>): Vec3 | undefined {
  return trajectoryLengthMm(t) === 0 ? undefined : normalize(sub(t.targetLps, t.entryLps));
}

/** Point at `depthMm` from the entry along the path (depth 0 = entry). */
export function pointAtDepth(t: Pick<Trajectory, 'entryLps' | 'targetLps'>, depthMm: number): Vec3 {
  const dir = trajectoryDirection(t);
  return dir ? add(t.entryLps, scale(dir, depthMm)) : t.entryLps;
}

/** Keyboard nudge step (issue 7). */
export const NUDGE_STEP_MM = 0.5;

/**
 * Nudge directions: patient axes (LPS: +x left, +y posterior, +z superior), or along the needle
 * ('advance' moves toward and past the target, 'withdraw' back toward the entry side).
 */
export type NudgeDirection =
  | 'left'
  | 'right'
  | 'anterior'
  | 'posterior'
  | 'superior'
  | 'inferior'
  | 'advance'
  | 'withdraw';

const AXIS: Record<Exclude<NudgeDirection, 'advance' | 'withdraw'>, Vec3> = {
  left: [1, 0, 0],
  right: [-1, 0, 0],
  posterior: [0, 1, 0],
  anterior: [0, -1, 0],
  superior: [0, 0, 1],
  inferior: [0, 0, -1],
};

/** Unit vector of a nudge, or undefined for along-needle nudges of a zero-length trajectory. */
export function nudgeVector(
  t: Pick<Trajectory, 'entryLps' | 'targetLps'>,
  dir: NudgeDirection,
): Vec3 | undefined {
  if (dir === 'advance') return trajectoryDirection(t);
  if (dir === 'withdraw') {
    const d = trajectoryDirection(t);
    return d && scale(d, -1);
  }
  return AXIS[dir];
}

export type TrajectoryEnd = 'entry' | 'target';

/** Moves one end of a trajectory by `steps` nudge steps (negative steps go the other way). */
export function nudgeTrajectory(
  t: Trajectory,
  end: TrajectoryEnd,
  dir: NudgeDirection,
  steps = 1,
  stepMm = NUDGE_STEP_MM,
): Trajectory {
  const v = nudgeVector(t, dir);
  if (!v) return t;
  const delta = scale(v, steps * stepMm);
  return end === 'entry'
    ? { ...t, entryLps: add(t.entryLps, delta) }
    : { ...t, targetLps: add(t.targetLps, delta) };
}
