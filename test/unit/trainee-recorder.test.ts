import { describe, expect, it } from 'vitest';
import { recordExposures } from '../../src/scene/trainee/useShotRecorder';
import { PULSES_PER_SECOND, SHOT_SECONDS, useCarmStore } from '../../src/state/carmStore';
import { useTraineeStore } from '../../src/state/traineeStore';
import { replayNeedle } from '../../src/training/needleState';
import { packageWith } from './training-fixtures';

describe('exposures recorded into the attempt', () => {
  it('a shot is a shot event, a pedal run one run event with its pulses, the C-arm counters agree', () => {
    const caseKey = 'recorder-test';
    const trainee = useTraineeStore.getState();
    trainee.setPackage(
      packageWith([
        [
          [0, 0, 0],
          [0, 50, 0],
        ],
      ]),
    );
    trainee.startAttempt('fluoro-only');
    const stop = recordExposures(caseKey);
    const carm = useCarmStore.getState();
    carm.expose(caseKey);
    // Pedal held 1000 ms: the first pulse at once, then one per 1/15 s -> 1 + 15 = 16 pulses.
    carm.pedalDown(caseKey, 10_000);
    carm.setAngles({ obliqueDeg: 30 });
    carm.pedalTick(10_500);
    carm.pedalUp(11_000);
    carm.expose(caseKey);
    stop();
    carm.expose(caseKey); // after unsubscribing: not recorded

    const events = useTraineeStore.getState().attempt?.events ?? [];
    expect(events.map((e) => e.kind)).toEqual(['shot', 'run', 'shot']);
    const run = events[1];
    expect(run?.kind === 'run' && run.seconds).toBeCloseTo(16 / PULSES_PER_SECOND, 12);
    expect(run?.kind === 'run' && run.angles.obliqueDeg).toBe(30); // the monitor followed the C-arm
    const replay = replayNeedle(events);
    expect(replay.shots).toBe(2);
    expect(replay.runs).toBe(1);
    expect(replay.fluoroSeconds).toBeCloseTo(2 * SHOT_SECONDS + 16 / 15, 12);
    const counters = useCarmStore.getState().counters[caseKey];
    expect(counters?.runs).toBe(1);
    expect(counters?.shots).toBe(3);
    expect(counters?.fluoroSeconds).toBeCloseTo(3 * SHOT_SECONDS + 16 / 15, 12);
    useTraineeStore.getState().abandon();
  });
});
