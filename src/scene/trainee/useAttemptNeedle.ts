import { useMemo } from 'react';
import type { Vec3 } from '../../core/vec3';
import { scale, sub } from '../../core/vec3';
import { DEFAULT_NEEDLE_ID, findNeedle } from '../../planning/needles';
import { useTraineeStore } from '../../state/traineeStore';
import { type NeedlePose, replayNeedle } from '../../training/needleState';
import { expertNeedleRadiusMm } from '../../training/scoring';
import type { AttemptMode, TrainingPackage } from '../../training/types';
import type { DrrNeedle } from '../../volume/drr';

/** The trainee's needle during an attempt: replayed from the attempt's events (training/needleState.ts). */
export interface AttemptNeedle {
  running: boolean;
  mode: AttemptMode | null;
  pose: NeedlePose | undefined;
  /**
   * The whole steel needle, hub to tip (the part outside the skin shows in a radiograph too), where it was at
   * the last shot: the monitor keeps the last exposed image, so a needle moved since shows only at the next shot.
   */
  steel: DrrNeedle | undefined;
  /** The whole steel needle where it is now (CT mode draws it live in the slices and 3D). */
  steelNow: DrrNeedle | undefined;
  /** The exercise needle's length, hub to tip (mm): the deepest the tip can go below the skin. */
  lengthMm: number;
  shots: number;
  runs: number;
  fluoroSeconds: number;
  startedAtMs: number;
}

/** Length (hub to tip) of the exercise's needle model: the expert's first needle, else a 3.5 in spinal. */
export function exerciseNeedleLengthMm(pkg: TrainingPackage | null): number {
  const id = pkg?.expertPlan.trajectories[0]?.needleId ?? DEFAULT_NEEDLE_ID;
  return (findNeedle(id) ?? findNeedle(DEFAULT_NEEDLE_ID))?.lengthMm ?? 88.9;
}

/** The steel of a needle whose tip is at `pose`, `lengthMm` long behind the tip. */
export function steelOf(pose: NeedlePose, lengthMm: number, radiusMm: number): DrrNeedle {
  const hub: Vec3 = sub(pose.tipLps, scale(pose.directionLps, lengthMm));
  return { fromLps: hub, toLps: pose.tipLps, radiusMm };
}

export function useAttemptNeedle(): AttemptNeedle {
  const attempt = useTraineeStore((s) => s.attempt);
  const pkg = useTraineeStore((s) => s.pkg);
  return useMemo(() => {
    if (!attempt || !pkg)
      return {
        running: false,
        mode: null,
        pose: undefined,
        steel: undefined,
        steelNow: undefined,
        lengthMm: 0,
        shots: 0,
        runs: 0,
        fluoroSeconds: 0,
        startedAtMs: 0,
      };
    const replay = replayNeedle(attempt.events);
    const pose = replay.finalPose;
    // A run leaves its last image on the monitor, as a shot does.
    const lastShot = attempt.events.findLastIndex((e) => e.kind === 'shot' || e.kind === 'run');
    const exposedPose = replayNeedle(attempt.events.slice(0, lastShot + 1)).finalPose;
    const lengthMm = exerciseNeedleLengthMm(pkg);
    const radiusMm = expertNeedleRadiusMm(pkg);
    return {
      running: true,
      mode: attempt.mode,
      pose,
      steel: exposedPose && steelOf(exposedPose, lengthMm, radiusMm),
      steelNow: pose && steelOf(pose, lengthMm, radiusMm),
      lengthMm,
      shots: replay.shots,
      runs: replay.runs,
      fluoroSeconds: replay.fluoroSeconds,
      startedAtMs: attempt.startedAtMs,
    };
  }, [attempt, pkg]);
}
