import { beforeEach, describe, expect, it } from 'vitest';
import { fromProneFrame } from '../../src/planning/carm';
import {
  CARM_DEFAULTS,
  PULSES_PER_SECOND,
  pulsesDue,
  SHOT_SECONDS,
  useCarmStore,
} from '../../src/state/carmStore';

/** The fluoroscopy pedal with an injected clock (ms): time is counted per 1/15 s pulse, one run per press. */
describe('C-arm pedal (live fluoroscopy)', () => {
  beforeEach(() => useCarmStore.setState({ ...CARM_DEFAULTS, counters: {} }));
  const store = () => useCarmStore.getState();
  const counts = (key = 'case') => store().counters[key];

  it('pulses due: the first at once, then one every 1/15 s', () => {
    expect(pulsesDue(0)).toBe(1);
    expect(pulsesDue(66)).toBe(1);
    expect(pulsesDue(66.67)).toBe(2);
    expect(pulsesDue(1000)).toBe(16);
    expect(pulsesDue(-5)).toBe(1);
  });

  it('accumulates real elapsed time while held, counts one run, no shots', () => {
    store().pedalDown('case', 10_000);
    expect(counts()).toEqual({ shots: 0, fluoroSeconds: 1 / 15, runs: 1 });
    store().pedalTick(10_050); // still within the first pulse
    expect(counts()?.fluoroSeconds).toBeCloseTo(1 / 15, 12);
    store().pedalTick(10_500); // 0.5 s: pulses at 0, 1/15, ... 7/15 s -> 8
    expect(counts()?.fluoroSeconds).toBeCloseTo(8 / 15, 12);
    store().pedalDown('case', 10_600); // a second press while held changes nothing
    store().pedalUp(12_000); // 2.0 s held: 1 + 30 pulses
    expect(counts()?.fluoroSeconds).toBeCloseTo(31 / PULSES_PER_SECOND, 12);
    expect(counts()?.shots).toBe(0);
    expect(counts()?.runs).toBe(1);
    expect(store().pedal).toBeNull();
    // After release nothing accrues.
    store().pedalTick(20_000);
    store().pedalUp(20_000);
    expect(counts()?.fluoroSeconds).toBeCloseTo(31 / 15, 12);
  });

  it('a tick-less run counts the same as a ticked one; runs and shots add up per case', () => {
    store().expose('case');
    store().pedalDown('case', 0);
    store().pedalUp(1000);
    store().pedalDown('case', 5000);
    store().pedalUp(5100);
    store().pedalDown('other', 0);
    store().pedalUp(0);
    expect(counts()?.shots).toBe(1);
    expect(counts()?.runs).toBe(2);
    expect(counts()?.fluoroSeconds).toBeCloseTo(SHOT_SECONDS + 16 / 15 + 2 / 15, 12);
    expect(counts('other')).toEqual({ shots: 0, fluoroSeconds: 1 / 15, runs: 1 });
  });

  it('the monitor follows the angles while held, and keeps the last image after release', () => {
    store().set({ livePreview: false });
    store().setAngles({ obliqueDeg: 10, tiltDeg: 0 });
    expect(store().exposed).toBeNull();
    store().pedalDown('case', 0);
    expect(store().exposed).toEqual({ obliqueDeg: 10, tiltDeg: 0 });
    store().setAngles({ obliqueDeg: 25, tiltDeg: -5 });
    expect(store().exposed).toEqual({ obliqueDeg: 25, tiltDeg: -5 });
    store().pedalUp(400);
    store().setAngles({ obliqueDeg: 40 });
    expect(store().exposed).toEqual({ obliqueDeg: 25, tiltDeg: -5 });
  });

  it('turning the patient over keeps the room angles and clamps in the room frame', () => {
    store().setAngles({ obliqueDeg: 20, tiltDeg: 10 });
    store().setPatientPosition('supine');
    expect(store().patientPosition).toBe('supine');
    // Room LAO 20 / CRAN 10 supine is prone-frame 160 / 10.
    expect(store().obliqueDeg).toBeCloseTo(160, 12);
    expect(fromProneFrame(store(), 'supine')).toEqual({ obliqueDeg: 20, tiltDeg: 10 });
    // Room limit +-120 from the vertical: prone-frame 0 supine is room 180, clamped to 120 -> prone 60.
    store().setAngles({ obliqueDeg: 0 });
    expect(fromProneFrame(store(), 'supine').obliqueDeg).toBeCloseTo(120, 12);
    store().setPatientPosition('prone');
    expect(store().obliqueDeg).toBeCloseTo(120, 12);
  });
});
