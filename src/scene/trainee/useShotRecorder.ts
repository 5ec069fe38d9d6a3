import { useEffect } from 'react';
import { useCarmStore } from '../../state/carmStore';
import { useTraineeStore } from '../../state/traineeStore';

/**
 * Records every exposure of the C-arm in the running attempt's events, whoever took it (the controls' Shot
 * button, the attempt's Shot button or its F key all call carmStore.expose): the C-arm counters of `caseKey`
 * growing is the signal, with the exposed angles and the time that shot added. A live run (the fluoroscopy
 * pedal held) is recorded when the pedal comes up as one 'run' event with the run's beam time (the pulses
 * carmStore counted while it was held), so shots and runs are counted apart. Returns the unsubscribe.
 */
export function recordExposures(caseKey: string): () => void {
  let runStartSeconds = 0;
  return useCarmStore.subscribe((s, previous) => {
    const now = s.counters[caseKey];
    const before = previous.counters[caseKey];
    const trainee = useTraineeStore.getState();
    const angles = s.exposed ?? { obliqueDeg: s.obliqueDeg, tiltDeg: s.tiltDeg };
    if (!previous.pedal && s.pedal) runStartSeconds = before?.fluoroSeconds ?? 0;
    if (previous.pedal && !s.pedal) {
      trainee.recordRun(angles, (now?.fluoroSeconds ?? 0) - runStartSeconds);
      return;
    }
    if (now && now.shots > (before?.shots ?? 0))
      trainee.recordShot(angles, now.fluoroSeconds - (before?.fluoroSeconds ?? 0));
  });
}

/** `recordExposures` while an attempt runs. */
export function useShotRecorder(caseKey: string, running: boolean): void {
  useEffect(() => (running ? recordExposures(caseKey) : undefined), [caseKey, running]);
}
