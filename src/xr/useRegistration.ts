import { useEffect, useMemo } from 'react';
import { useAnalysisStore } from '../state/analysisStore';
import { selectActivePlan, usePlanStore } from '../state/planStore';
import { useStudyStore } from '../state/studyStore';
import { useTraineeStore } from '../state/traineeStore';
import { useXrStore, type XrFiducial } from '../state/xrStore';
import { landmarkFiducials } from './landmarkFiducials';
import {
  addTouch,
  fitTouches,
  type RegistrationState,
  type RegistrationTarget,
  skipFiducial,
  undoTouch,
} from './printRegistration';

export interface RegistrationControl {
  fiducials: readonly XrFiducial[];
  /** Records a touch (room metres) at the next pit and refits. */
  touch: (pointM: [number, number, number]) => void;
  skip: () => void;
  undo: () => void;
  clear: () => void;
}

const current = (): RegistrationState => {
  const s = useXrStore.getState();
  return {
    touches: s.touches,
    fiducialCursor: s.fiducialCursor,
    registration: s.registration,
    registrationMessage: s.registrationMessage,
  };
};

/**
 * Where the registration points come from, first found wins: the print's own pit list (xrStore
 * `printFiducials`, set from the print-ready export), else named landmarks of the demo's ground truth (demo
 * only) or of the automatic spine analysis of this volume. The planned targets get an expected error each
 * (none during a trainee attempt: the expert's targets stay hidden).
 */
export function useRegistration(): RegistrationControl {
  const printFiducials = useXrStore((s) => s.printFiducials);
  const volume = useStudyStore((s) => s.volume);
  const truth = useStudyStore((s) => (s.volume?.metadata.isDemo ? s.demoTruth : null));
  const analysis = useAnalysisStore((s) => (s.volumeId === volume?.id ? s.analysis : null));
  const trajectories = usePlanStore((s) => selectActivePlan(s)?.trajectories);
  const hideExpert = useTraineeStore((s) => s.attempt !== null || (s.active && !s.revealed));

  const fiducials = useMemo(
    () => printFiducials ?? landmarkFiducials(truth ?? (analysis?.found ? analysis : null)),
    [printFiducials, truth, analysis],
  );
  const targets = useMemo<RegistrationTarget[]>(
    () =>
      hideExpert
        ? []
        : (trajectories ?? []).map((t) => ({
            name: `${t.name}${t.level && !t.name.includes(t.level) ? ` ${t.level}` : ''}`,
            targetLps: t.targetLps,
          })),
    [trajectories, hideExpert],
  );

  // A moved or added target gets its expected error again (the fit itself does not change).
  useEffect(() => {
    const s = current();
    if (s.touches.length > 0)
      useXrStore.getState().setRegistrationState({ ...s, ...fitTouches(fiducials, s.touches, targets) });
  }, [fiducials, targets]);

  return useMemo(() => {
    const write = (next: RegistrationState) => useXrStore.getState().setRegistrationState(next);
    return {
      fiducials,
      touch: (pointM) => write(addTouch(current(), fiducials, pointM, targets)),
      skip: () => write(skipFiducial(current())),
      undo: () => write(undoTouch(current(), fiducials, targets)),
      clear: () => useXrStore.getState().clearRegistration(),
    };
  }, [fiducials, targets]);
}
