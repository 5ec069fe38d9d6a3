import { useEffect } from 'react';
import { useCarmStore } from '../../state/carmStore';
import { useTraineeStore } from '../../state/traineeStore';

/**
 * Records every exposure of the C-arm during an attempt in the attempt's events, whoever took it (the
 * controls' Shot button, the attempt's Shot button or its F key all call carmStore.expose): the C-arm counters
 * of `caseKey` growing is the signal, with the exposed angles and the time that shot added.
 */
export function useShotRecorder(caseKey: string, running: boolean): void {
  useEffect(() => {
    if (!running) return;
    return useCarmStore.subscribe((s, previous) => {
      const now = s.counters[caseKey];
      const before = previous.counters[caseKey];
      if (!now || now.shots <= (before?.shots ?? 0)) return;
      const angles = s.exposed ?? { obliqueDeg: s.obliqueDeg, tiltDeg: s.tiltDeg };
      useTraineeStore.getState().recordShot(angles, now.fluoroSeconds - (before?.fluoroSeconds ?? 0));
    });
  }, [caseKey, running]);
}
