import { useEffect } from 'react';
import { useCarmStore } from '../../state/carmStore';
import { useTraineeStore } from '../../state/traineeStore';

/**
 * Records every exposure of the C-arm during an attempt in the attempt's events, whoever took it (the
 * controls' Shot button, the attempt's Shot button or its F key all call carmStore.expose): the C-arm counters
 * of `caseKey` growing is the signal, with the exposed angles and the time that shot added. A live run (the
 * fluoroscopy pedal held) is recorded when the pedal comes up, as one exposure with the run's beam time:
 * the attempt's events have no separate kind for runs, and a run is at least one image.
 */
export function useShotRecorder(caseKey: string, running: boolean): void {
  useEffect(() => {
    if (!running) return;
    let runStartSeconds = 0;
    return useCarmStore.subscribe((s, previous) => {
      const now = s.counters[caseKey];
      const before = previous.counters[caseKey];
      const record = (seconds: number) =>
        useTraineeStore
          .getState()
          .recordShot(s.exposed ?? { obliqueDeg: s.obliqueDeg, tiltDeg: s.tiltDeg }, seconds);
      if (!previous.pedal && s.pedal) runStartSeconds = before?.fluoroSeconds ?? 0;
      if (previous.pedal && !s.pedal) {
        record((now?.fluoroSeconds ?? 0) - runStartSeconds);
        return;
      }
      if (now && now.shots > (before?.shots ?? 0)) record(now.fluoroSeconds - (before?.fluoroSeconds ?? 0));
    });
  }, [caseKey, running]);
}
