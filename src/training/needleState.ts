import type { Vec3 } from '../core/vec3';
import { add, angleDeg, length, normalize, scale } from '../core/vec3';
import type { AttemptEvent } from './types';

/**
 * The trainee's needle is a straight shaft from the skin entry along `directionLps` to `depthMm`: a steer
 * pivots the shaft about the skin entry (the skin is the fulcrum of a redirection), an advance moves the tip
 * along the current direction, a 'skin' event takes the needle out and places it anew (depth 0).
 */
export interface NeedlePose {
  /** Time of the event that produced this pose, ms from the attempt's start. */
  tMs: number;
  entryLps: Vec3;
  /** Unit vector entry -> tip. */
  directionLps: Vec3;
  /** Depth below the skin along the direction (>= 0). */
  depthMm: number;
  tipLps: Vec3;
}

/** A net change of course by more than this (deg) since the last counted one, in tissue, is a redirection. */
export const REDIRECTION_MIN_DEG = 2;

export interface NeedleReplay {
  /** One pose after every event that placed, moved or turned the needle, in order. */
  poses: NeedlePose[];
  /** The needle at the end (undefined when it was never placed on the skin). */
  finalPose: NeedlePose | undefined;
  redirections: number;
  /** Tissue traversed by the tip: every advance and withdrawal below the skin, mm. */
  pathLengthInTissueMm: number;
  shots: number;
  /** Live fluoroscopy runs (pedal held), counted apart from shots. */
  runs: number;
  /** Beam-on time of shots and runs together, s. */
  fluoroSeconds: number;
  /** Time of 'done', else of the last event (ms from the start). */
  endMs: number;
  /** Whether the attempt was declared done. */
  done: boolean;
}

const unitOrUndefined = (v: Vec3): Vec3 | undefined => {
  const len = length(v);
  return len > 0 && Number.isFinite(len) ? scale(v, 1 / len) : undefined;
};

const poseOf = (tMs: number, entryLps: Vec3, directionLps: Vec3, depthMm: number): NeedlePose => ({
  tMs,
  entryLps,
  directionLps,
  depthMm,
  tipLps: add(entryLps, scale(directionLps, depthMm)),
});

/**
 * Replays an attempt's events into needle poses and the counts the scoring needs.
 *
 * Redirection: a change of the shaft's course after the skin is punctured (a "pass" is a new puncture).
 * Counted from the net angle between the shaft now and a reference direction (the direction when the
 * needle entered the tissue, then the direction after the last counted redirection): a steering manoeuvre
 * (consecutive steers between two advances or placements) counts once when that angle exceeds
 * REDIRECTION_MIN_DEG, and the reference moves to where the manoeuvre ended. So small steers add up
 * (ten 1.9 deg corrections in one direction between advances count, once each time the course has
 * changed by more than 2 deg since the last count), a 10 deg turn dragged in 1 deg steps is one
 * redirection, and a hand tremor back and forth about one course counts nothing (the net angle stays
 * small, where a sum of absolute steps would grow without bound). Published simulator studies count
 * redirections without stating an angular threshold; 2 deg is ours: above the 1 deg steering step and
 * the headset's tremor tolerance.
 * The needle counts as in tissue from its first advance below the skin until it is placed anew on the skin:
 * withdrawing to the skin and re-aiming is a redirection (the puncture is the same), and re-placing the
 * needle on the skin after it had been in tissue (a new pass) counts as one too. Steering on the skin
 * before entering is aiming, not a redirection.
 *
 * Path length in tissue: the tip's travel along the shaft below the skin, advances and withdrawals alike
 * (withdrawing moves the tip through tissue again); a withdrawal past the skin is clamped at the skin.
 */
export function replayNeedle(events: readonly AttemptEvent[]): NeedleReplay {
  const poses: NeedlePose[] = [];
  let pose: NeedlePose | undefined;
  let redirections = 0;
  let pathMm = 0;
  let shots = 0;
  let runs = 0;
  let fluoroSeconds = 0;
  let endMs = 0;
  let done = false;
  let wasInTissue = false;
  // Course the next redirection is measured from (set on entering the tissue, moved by each count).
  let reference: Vec3 | undefined;
  // Whether the steering manoeuvre under way has already counted.
  let steerCounted = false;
  const endManoeuvre = () => {
    if (steerCounted && pose) reference = pose.directionLps;
    steerCounted = false;
  };

  for (const e of events) {
    if (done) break;
    endMs = Math.max(endMs, e.tMs);
    switch (e.kind) {
      case 'shot':
        shots++;
        fluoroSeconds += Math.max(0, e.seconds);
        break;
      case 'run':
        runs++;
        fluoroSeconds += Math.max(0, e.seconds);
        break;
      case 'skin': {
        const dir = unitOrUndefined(e.directionLps);
        if (!dir) break;
        if (wasInTissue) redirections++;
        wasInTissue = false;
        steerCounted = false;
        reference = undefined;
        pose = poseOf(e.tMs, e.entryLps, dir, 0);
        poses.push(pose);
        break;
      }
      case 'advance': {
        if (!pose || !Number.isFinite(e.depthDeltaMm)) break;
        endManoeuvre();
        const depth = Math.max(0, pose.depthMm + e.depthDeltaMm);
        pathMm += Math.abs(depth - pose.depthMm);
        if (depth > 0 && !wasInTissue) {
          wasInTissue = true;
          reference = pose.directionLps;
        }
        pose = poseOf(e.tMs, pose.entryLps, pose.directionLps, depth);
        poses.push(pose);
        break;
      }
      case 'steer': {
        const dir = unitOrUndefined(e.directionLps);
        if (!pose || !dir) break;
        if (wasInTissue && reference && !steerCounted && angleDeg(reference, dir) > REDIRECTION_MIN_DEG) {
          redirections++;
          steerCounted = true;
        }
        pose = poseOf(e.tMs, pose.entryLps, dir, pose.depthMm);
        poses.push(pose);
        break;
      }
      case 'done':
        done = true;
        break;
    }
  }
  return {
    poses,
    finalPose: pose,
    redirections,
    pathLengthInTissueMm: pathMm,
    shots,
    runs,
    fluoroSeconds,
    endMs,
    done,
  };
}

/** The needle at time `tMs` (the last pose at or before it), for replaying an attempt in the debrief. */
export function poseAt(poses: readonly NeedlePose[], tMs: number): NeedlePose | undefined {
  let found: NeedlePose | undefined;
  for (const p of poses) {
    if (p.tMs > tMs) break;
    found = p;
  }
  return found;
}

/**
 * Directions between `from` and `to` (unit vectors) no more than `maxStepDeg` apart, `to` included and
 * `from` excluded: a steer sweeps the shaft through every direction in between (spherical interpolation).
 */
export function sweepDirections(from: Vec3, to: Vec3, maxStepDeg: number): Vec3[] {
  const total = angleDeg(from, to);
  const steps = Math.max(1, Math.ceil(total / maxStepDeg));
  if (steps === 1 || total >= 179.9) return [to];
  const omega = (total * Math.PI) / 180;
  const out: Vec3[] = [];
  for (let i = 1; i <= steps; i++) {
    const t = i / steps;
    const a = Math.sin((1 - t) * omega) / Math.sin(omega);
    const b = Math.sin(t * omega) / Math.sin(omega);
    out.push(normalize(add(scale(from, a), scale(to, b))));
  }
  return out;
}
