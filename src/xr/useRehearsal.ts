import { useEffect, useMemo, useRef } from 'react';
import type { Vec3 } from '../core/vec3';
import { add, scale } from '../core/vec3';
import { DEFAULT_NEEDLE_ID, findNeedle, type NeedleModel } from '../planning/needles';
import type { ReadoutContext } from '../planning/readouts';
import { trajectoryDirection } from '../planning/trajectory';
import { selectActivePlan, selectSelectedTrajectory, usePlanStore } from '../state/planStore';
import { useStudyStore } from '../state/studyStore';
import { useTraineeStore } from '../state/traineeStore';
import { useXrStore } from '../state/xrStore';
import { lpsSampler } from '../volume/sample';
import { initialNeedle, tissueFromSampler } from './rehearsalMath';
import { type AttemptSink, RehearsalSession } from './rehearsalSession';
import type { ModelBox } from './tabletopMath';

/** The needle starts this far outside the planned entry, aimed along the plan (or above the body in an attempt). */
const START_STANDOFF_MM = 15;
/** Posterior, i.e. up for the prone patient (LPS +y): an attempt's needle starts above the back, pointing down. */
const ANTERIOR: Vec3 = [0, -1, 0];

/** The running trainee attempt's needle events (traineeStore), read at call time so the store is never stale. */
const attemptSink: AttemptSink = {
  placeOnSkin: (entryLps, directionLps) => useTraineeStore.getState().placeOnSkin(entryLps, directionLps),
  advance: (mm) => useTraineeStore.getState().advance(mm),
  steer: (directionLps) => useTraineeStore.getState().steer(directionLps),
};

/**
 * The rehearsal session while Rehearse is on: the selected trajectory's catalogue needle, the CT as the skin
 * test, the plan's and (demo) the ground truth's no-go structures. During a trainee attempt the needle feeds
 * the attempt and no planned distances are computed.
 */
export function useRehearsal(
  box: ModelBox | undefined,
  readoutContextFor?: (level: string) => ReadoutContext,
): { current: RehearsalSession | undefined } {
  const rehearsing = useXrStore((s) => s.rehearsing);
  const volume = useStudyStore((s) => s.volume);
  const trajectory = usePlanStore(selectSelectedTrajectory);
  const fallback = usePlanStore((s) => selectActivePlan(s)?.trajectories[0]);
  const noGo = usePlanStore((s) => selectActivePlan(s)?.noGoStructures);
  const attemptId = useTraineeStore((s) => s.attempt?.id);
  const hideExpert = useTraineeStore((s) => s.attempt !== null || (s.active && !s.revealed));
  const t = trajectory ?? fallback;
  // The caller may pass a new function on every render: only its answer matters, not its identity.
  const contextFor = useRef(readoutContextFor);
  contextFor.current = readoutContextFor;

  const session = useMemo(() => {
    if (!rehearsing || !volume || !box) return undefined;
    const needle: NeedleModel =
      findNeedle(t?.needleId ?? DEFAULT_NEEDLE_ID) ?? findNeedle(DEFAULT_NEEDLE_ID)!;
    const truth = contextFor.current?.(t?.level ?? '').structures ?? [];
    const planned = t && !hideExpert ? { entryLps: t.entryLps, targetLps: t.targetLps } : undefined;
    const dir = planned && t ? trajectoryDirection(t) : undefined;
    const start = dir
      ? initialNeedle(add(t!.entryLps, scale(dir, -START_STANDOFF_MM)), dir)
      : initialNeedle(
          [box.centreLps[0], box.centreLps[1] + box.sizeMm[1] / 2 + START_STANDOFF_MM, box.centreLps[2]],
          ANTERIOR,
        );
    return new RehearsalSession(
      {
        needle,
        isTissue: tissueFromSampler(lpsSampler(volume)),
        structures: [...(noGo ?? []), ...truth],
        planned,
        sink: attemptId ? attemptSink : undefined,
      },
      start,
    );
    // A new session when the case, the needle, the plan's path or the attempt changes.
  }, [rehearsing, volume, box, t, noGo, attemptId, hideExpert]);

  useEffect(() => {
    if (session) session.publish();
    else useXrStore.getState().setRehearsal(null);
  }, [session]);
  return useMemo(() => ({ current: session }), [session]);
}
