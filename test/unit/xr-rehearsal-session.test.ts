import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NEEDLE_ID, findNeedle } from '../../src/planning/needles';
import { emptyPlan } from '../../src/planning/planFile';
import { createTraineeStore } from '../../src/state/traineeStore';
import { useXrStore } from '../../src/state/xrStore';
import { DEFAULT_THRESHOLDS } from '../../src/training/defaults';
import type { TrainingPackage } from '../../src/training/types';
import { initialNeedle, tissueFromSampler } from '../../src/xr/rehearsalMath';
import { RehearsalSession } from '../../src/xr/rehearsalSession';
import { baseModelMatrix, initialPlacement, modelScale, volumeBoxLps } from '../../src/xr/tabletopMath';

/** Life-size table-top model of a 128 mm box centred on LPS 0: 1 mm of CT is 1 mm in the room. */
const box = volumeBoxLps([64, 64, 64], [2, 0, 0, -64, 0, 2, 0, -64, 0, 0, 2, -64, 0, 0, 0, 1]);
const s = modelScale('life', box);
const model = initialPlacement(box, s).multiply(baseModelMatrix(box, s));
/** Skin at LPS y = 20 (the prone patient's back faces up: room +y). */
const slab = tissueFromSampler((p) => (p[1] <= 20 ? 40 : -1000));
const needle = findNeedle(DEFAULT_NEEDLE_ID)!;
/** A pointer pose translated by `down` metres (room -y) and `right` metres (room +x). */
const pointer = (down: number, right = 0) =>
  new THREE.Matrix4().makeTranslation(0.1 + right, 1.2 - down, -0.3);
const source = {} as XRInputSource;

const pkg: TrainingPackage = {
  format: 'spineplan-training',
  schemaVersion: 1,
  title: 'slab',
  instructions: '',
  study: { kind: 'demo' },
  expertPlan: emptyPlan('demo', '2026-11-28T00:00:00Z'),
  needles: [],
  expectedViews: [],
  thresholds: DEFAULT_THRESHOLDS,
  defaultMode: 'ct',
  createdAt: '2026-11-28T00:00:00Z',
};

describe('rehearsal session (the held needle through the table-top transform)', () => {
  it('feeds a running trainee attempt: skin, advances in 0.5 mm steps, steer; the HUD hides expert distances', () => {
    let clock = 0;
    const trainee = createTraineeStore({ nowMs: () => clock, newId: () => 'a1' });
    trainee.getState().setPackage(pkg);
    trainee.getState().startAttempt();
    const t = trainee.getState();
    const session = new RehearsalSession(
      {
        needle,
        isTissue: slab,
        structures: [],
        planned: undefined,
        sink: { placeOnSkin: t.placeOnSkin, advance: t.advance, steer: t.steer },
      },
      initialNeedle([0, 30, 0], [0, -1, 0]),
    );
    session.grab(source, pointer(0), model);
    // 5 mm down: tip 30 -> 25, still in air.
    session.move(pointer(0.005), model);
    expect(session.needle.phase).toBe('outside');
    expect(session.needle.tipLps[1]).toBeCloseTo(25, 9);
    // 16 mm down: tip at 14, 6 mm below the skin at 20 (the crossing is found to 0.05 mm).
    clock = 1000;
    session.move(pointer(0.016), model);
    expect(session.needle.phase).toBe('inserted');
    expect(session.needle.depthMm).toBeCloseTo(6, 1);
    // 0.2 mm deeper is below the 0.5 mm reporting step; 1 mm more is reported.
    session.move(pointer(0.0162), model);
    session.move(pointer(0.017), model);
    // The hub 5.1 mm to the user's right (> 5 mm tremor tolerance at 1:1): a redirection about the entry; the
    // depth changes by only -0.16 mm (82 mm of shaft outside tilts by 3.6 deg), below the reporting step.
    session.move(pointer(0.017, 0.0051), model);
    const events = trainee.getState().attempt!.events;
    expect(events.map((e) => e.kind)).toEqual(['skin', 'advance', 'advance', 'steer']);
    const skin = events[0] as { entryLps: readonly number[]; directionLps: readonly number[]; tMs: number };
    expect(skin.tMs).toBe(1000);
    expect(skin.entryLps[1]).toBeCloseTo(20, 1);
    expect(skin.directionLps).toEqual([0, -1, 0]);
    expect((events[2] as { depthDeltaMm: number }).depthDeltaMm).toBeCloseTo(1, 1);
    // The hub went to the patient's right (-L): the tip pivots the other way (+L).
    const steer = events[3] as { directionLps: readonly number[] };
    expect(steer.directionLps[0]).toBeGreaterThan(0);
    const hud = useXrStore.getState().rehearsal!;
    expect(hud.feedsAttempt).toBe(true);
    expect(hud.tipToPathMm).toBeNull();
    expect(hud.tipToTargetMm).toBeNull();
    expect(hud.redirections).toBe(1);
    // Letting go freezes the needle; picking it up again elsewhere does not make it jump.
    session.release();
    session.move(pointer(0.05), model);
    const tip = session.needle.tipLps;
    session.grab(source, pointer(0.2, 0.3), model);
    session.move(pointer(0.2, 0.3), model);
    for (const [i, v] of session.needle.tipLps.entries()) expect(v).toBeCloseTo(tip[i]!, 6);
  });

  it('without an attempt it reports depth and distances to the planned path', () => {
    const session = new RehearsalSession(
      {
        needle,
        isTissue: slab,
        structures: [],
        planned: { entryLps: [0, 20, 0], targetLps: [0, 0, 0] },
        sink: undefined,
      },
      initialNeedle([0, 30, 0], [0, -1, 0]),
    );
    session.grab(source, pointer(0), model);
    session.move(pointer(0.02), model);
    const hud = useXrStore.getState().rehearsal!;
    expect(hud.feedsAttempt).toBe(false);
    expect(hud.depthMm).toBeCloseTo(10, 1);
    expect(hud.tipToPathMm).toBeCloseTo(0, 6);
    expect(hud.tipToTargetMm).toBeCloseTo(10, 6);
    expect(hud.hubLps[1]).toBeCloseTo(10 + needle.lengthMm, 6);
  });
});
