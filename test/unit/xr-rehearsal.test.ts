import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../src/core/vec3';
import type { ClearanceStructure } from '../../src/planning/clearance';
import {
  hubOf,
  initialNeedle,
  type NeedleState,
  type NeedleStepOptions,
  rehearsalReadout,
  skinCrossing,
  stepNeedle,
  tissueFromSampler,
} from '../../src/xr/rehearsalMath';

/** A slab body: skin at LPS y = 20 mm (posterior surface of a prone patient), air above. */
const slab = tissueFromSampler((p) => (p[1] <= 20 ? 40 : -1000));
const DOWN: Vec3 = [0, -1, 0];
const opts: NeedleStepOptions = { needleLengthMm: 100, lateralToleranceMm: 1, advanceQuantumMm: 0.5 };
const close = (a: readonly number[], b: readonly number[], digits = 6) => {
  for (const [i, v] of a.entries()) expect(v).toBeCloseTo(b[i]!, digits);
};

describe('rehearsal needle', () => {
  it('tissue test: HU at or above the skin threshold, never outside the volume', () => {
    const t = tissueFromSampler((p) => (p[0] > 0 ? undefined : p[1]));
    expect(t([0, -500, 0])).toBe(true);
    expect(t([0, -501, 0])).toBe(false);
    expect(t([1, 100, 0])).toBe(false);
  });

  it('finds the skin crossing along the shaft to 0.05 mm, or none when the shaft is all in tissue', () => {
    const entry = skinCrossing([0, 7, 0], DOWN, 100, slab)!;
    expect(Math.abs(entry[1] - 20)).toBeLessThanOrEqual(0.05);
    expect(entry[1]).toBeLessThanOrEqual(20); // the point kept is the last one in tissue
    expect(skinCrossing([0, 7, 0], DOWN, 10, slab)).toBeUndefined();
  });

  it('outside: the tip follows the hand; reaching tissue fixes the entry and reports skin + depth', () => {
    let s: NeedleState = initialNeedle([0, 50, 0], DOWN);
    let r = stepNeedle(s, [0, 130, 0], DOWN, slab, opts);
    expect(r.state.phase).toBe('outside');
    close(r.state.tipLps, [0, 30, 0]);
    expect(r.events).toEqual([]);
    r = stepNeedle(r.state, [0, 110, 0], DOWN, slab, opts);
    s = r.state;
    expect(s.phase).toBe('inserted');
    close(s.entryLps!, [0, 20, 0], 1);
    expect(s.depthMm).toBeCloseTo(10, 1);
    expect(r.events.map((e) => e.kind)).toEqual(['skin', 'advance']);
    close(hubOf(s, 100), [0, 110, 0], 9);
  });

  it('inserted: motion along the shaft is depth; small sideways tremor is ignored; events come in 0.5 mm steps', () => {
    let s = stepNeedle(initialNeedle([0, 50, 0], DOWN), [0, 110, 0], DOWN, slab, opts).state;
    const entryY = s.entryLps![1];
    let r = stepNeedle(s, [0, 105, 0], DOWN, slab, opts);
    // depth = length - (hub to entry along the shaft) = 100 - (105 - entryY)
    expect(r.state.depthMm).toBeCloseTo(100 - (105 - entryY), 9);
    expect(r.events).toEqual([{ kind: 'advance', depthDeltaMm: r.state.depthMm - s.depthMm }]);
    s = r.state;
    r = stepNeedle(s, [0.2, 104.9, 0], DOWN, slab, opts);
    expect(r.events).toEqual([]); // 0.1 mm deeper, 0.2 mm sideways: below both thresholds
    close(r.state.directionLps, DOWN, 12);
    expect(r.state.depthMm).toBeCloseTo(s.depthMm + 0.1, 9);
    close(r.state.tipLps, [0, entryY - r.state.depthMm, 0], 9);
  });

  it('inserted: a hub moved sideways beyond the tolerance pivots the shaft about the entry (a redirection)', () => {
    const s0 = stepNeedle(initialNeedle([0, 50, 0], DOWN), [0, 110, 0], DOWN, slab, opts).state;
    const e = s0.entryLps!;
    const s1 = stepNeedle(s0, [0, 105, 0], DOWN, slab, opts).state;
    const r = stepNeedle(s1, [10, 105, 0], DOWN, slab, opts);
    // Hub (10, 105) to entry (0, e): direction (-10, e - 105)/|.|, depth = 100 - |hub - entry|.
    const out = Math.hypot(10, 105 - e[1]);
    close(r.state.directionLps, [-10 / out, (e[1] - 105) / out, 0], 9);
    expect(r.state.depthMm).toBeCloseTo(100 - out, 9);
    close(r.state.tipLps, [(10 / out) * -(100 - out), e[1] - ((105 - e[1]) / out) * (100 - out), 0], 9);
    expect(r.events.map((x) => x.kind)).toEqual(['steer', 'advance']);
    const advance = r.events[1] as { depthDeltaMm: number };
    expect(advance.depthDeltaMm).toBeCloseTo(100 - out - s1.depthMm, 9);
    expect(r.state.entryLps).toBe(e);
  });

  it('pulling the hub back past the skin withdraws the needle: the advances sum to zero', () => {
    let s = initialNeedle([0, 50, 0], DOWN);
    const all: number[] = [];
    for (const y of [110, 104, 101, 125]) {
      const r = stepNeedle(s, [0, y, 0], DOWN, slab, opts);
      for (const ev of r.events) if (ev.kind === 'advance') all.push(ev.depthDeltaMm);
      s = r.state;
    }
    expect(s.phase).toBe('outside');
    expect(s.entryLps).toBeUndefined();
    expect(all.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 9);
    expect(Math.max(...all)).toBeGreaterThan(0);
  });

  it('depth stops at the hub (the needle cannot go deeper than its length)', () => {
    const s = stepNeedle(initialNeedle([0, 50, 0], DOWN), [0, 110, 0], DOWN, slab, opts).state;
    expect(stepNeedle(s, [0, 0, 0], DOWN, slab, opts).state.depthMm).toBe(100);
  });

  it('readouts: depth, tip to the planned segment and to the target, no-go contact with the gauge', () => {
    const planned = { entryLps: [0, 20, 0] as Vec3, targetLps: [0, 0, 0] as Vec3 };
    const nerve: ClearanceStructure = {
      id: 'n',
      name: 'nerve',
      geometry: { kind: 'sphere', centreLps: [0, 0, 0], radiusMm: 2 },
    };
    const at = (tip: Vec3): NeedleState => ({
      phase: 'inserted',
      directionLps: DOWN,
      tipLps: tip,
      entryLps: [tip[0], 20, 0],
      depthMm: 20 - tip[1],
      reportedDepthMm: 0,
    });
    let r = rehearsalReadout(at([0, 5, 0]), 0.36, planned, [nerve]);
    expect(r.depthMm).toBe(15);
    expect(r.tipToPathMm).toBeCloseTo(0, 12);
    expect(r.tipToTargetMm).toBeCloseTo(5, 12);
    expect(r.nearest?.minDistanceMm).toBeCloseTo(5 - 2 - 0.36, 9);
    expect(r.contact).toBe(false);
    r = rehearsalReadout(at([3, 10, 0]), 0.36, planned, [nerve]);
    expect(r.tipToPathMm).toBeCloseTo(3, 12);
    expect(r.tipToTargetMm).toBeCloseTo(Math.hypot(3, 10), 12);
    r = rehearsalReadout(at([0, 2, 0]), 0.36, planned, [nerve]);
    expect(r.contact).toBe(true);
    // Outside the body, nothing is in tissue: depth 0, no clearance; without a plan, no distances.
    r = rehearsalReadout(initialNeedle([0, 1, 0], DOWN), 0.36, undefined, [nerve]);
    expect(r).toEqual({
      depthMm: 0,
      tipToPathMm: undefined,
      tipToTargetMm: undefined,
      nearest: undefined,
      contact: false,
    });
  });
});
