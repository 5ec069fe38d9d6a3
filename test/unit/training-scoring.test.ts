import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../src/core/vec3';
import type { ClearanceStructure } from '../../src/planning/clearance';
import { attemptsToCsv, parseCsv } from '../../src/training/attemptsExport';
import { poseAt, replayNeedle } from '../../src/training/needleState';
import { scoreAttempt } from '../../src/training/scoring';
import { shaftsInTissue } from '../../src/training/shafts';
import type { AttemptScore } from '../../src/training/types';
import { at, packageWith } from './training-fixtures';

const RAD = Math.PI / 180;
const Y: Vec3 = [0, 1, 0];
/** (0, cos a, sin a): the +y direction turned by `deg` toward +z. */
const turned = (deg: number): Vec3 => [0, Math.cos(deg * RAD), Math.sin(deg * RAD)];
const metric = (s: AttemptScore, id: string) => s.metrics.find((m) => m.id === id);

// Expert: entry at the origin, target 50 mm along +y and 3 mm up.
const pkg = packageWith([
  [
    [0, 0, 0],
    [0, 50, 3],
  ],
]);

describe('needle replay', () => {
  it('advances along the direction from the skin entry', () => {
    const r = replayNeedle([
      at(0, { kind: 'skin', entryLps: [1, 2, 3], directionLps: [0, 2, 0] }),
      at(1, { kind: 'advance', depthDeltaMm: 30 }),
      at(2, { kind: 'advance', depthDeltaMm: 20 }),
    ]);
    expect(r.finalPose?.tipLps).toEqual([1, 52, 3]);
    expect(r.finalPose?.directionLps).toEqual(Y);
    expect(r.poses).toHaveLength(3);
    expect(poseAt(r.poses, 1500)?.depthMm).toBe(30);
    expect(poseAt(r.poses, -1)).toBeUndefined();
  });

  it('counts path length for advances and withdrawals in tissue, clamped at the skin', () => {
    const r = replayNeedle([
      at(0, { kind: 'skin', entryLps: [0, 0, 0], directionLps: Y }),
      at(1, { kind: 'advance', depthDeltaMm: 40 }),
      at(2, { kind: 'advance', depthDeltaMm: -15 }),
      at(3, { kind: 'advance', depthDeltaMm: 25 }),
      at(4, { kind: 'advance', depthDeltaMm: -70 }), // out past the skin: only 50 mm of tissue
    ]);
    expect(r.pathLengthInTissueMm).toBeCloseTo(40 + 15 + 25 + 50, 9);
    expect(r.finalPose?.depthMm).toBe(0);
  });

  it('counts a 10 deg steer in tissue once, even when made of many small steers', () => {
    const oneStep = replayNeedle([
      at(0, { kind: 'skin', entryLps: [0, 0, 0], directionLps: Y }),
      at(1, { kind: 'advance', depthDeltaMm: 20 }),
      at(2, { kind: 'steer', directionLps: turned(10) }),
    ]);
    expect(oneStep.redirections).toBe(1);
    const dragged = replayNeedle([
      at(0, { kind: 'skin', entryLps: [0, 0, 0], directionLps: Y }),
      at(1, { kind: 'advance', depthDeltaMm: 20 }),
      ...Array.from({ length: 10 }, (_, i) =>
        at(2 + i * 0.1, { kind: 'steer', directionLps: turned(i + 1) }),
      ),
      at(4, { kind: 'advance', depthDeltaMm: 5 }),
      at(5, { kind: 'steer', directionLps: turned(11) }), // 1 deg: below the 2 deg threshold
    ]);
    expect(dragged.redirections).toBe(1);
  });

  it('adds up small steers between advances: ten 1.9 deg corrections (19 deg) count', () => {
    const events = [
      at(0, { kind: 'skin', entryLps: [0, 0, 0], directionLps: Y }),
      at(1, { kind: 'advance', depthDeltaMm: 10 }),
    ];
    for (let i = 1; i <= 10; i++) {
      events.push(at(1 + i, { kind: 'steer', directionLps: turned(1.9 * i) }));
      events.push(at(1.5 + i, { kind: 'advance', depthDeltaMm: 2 }));
    }
    // Counted each time the course is > 2 deg from the last count: at 3.8, 7.6, 11.4, 15.2 and 19 deg.
    expect(replayNeedle(events).redirections).toBe(5);
  });

  it('does not count a tremor back and forth about one course', () => {
    const events = [
      at(0, { kind: 'skin', entryLps: [0, 0, 0], directionLps: Y }),
      at(1, { kind: 'advance', depthDeltaMm: 10 }),
    ];
    for (let i = 1; i <= 20; i++) {
      events.push(at(1 + i, { kind: 'steer', directionLps: turned(i % 2 ? 1.5 : -0.4) }));
      events.push(at(1.5 + i, { kind: 'advance', depthDeltaMm: 0.5 }));
    }
    expect(replayNeedle(events).redirections).toBe(0);
  });

  it('counts withdrawing to the skin and re-aiming 15 deg (the same puncture)', () => {
    const r = replayNeedle([
      at(0, { kind: 'skin', entryLps: [0, 0, 0], directionLps: Y }),
      at(1, { kind: 'advance', depthDeltaMm: 30 }),
      at(2, { kind: 'advance', depthDeltaMm: -30 }), // back to the skin
      at(3, { kind: 'steer', directionLps: turned(15) }),
      at(4, { kind: 'advance', depthDeltaMm: 30 }),
    ]);
    expect(r.redirections).toBe(1);
  });

  it('does not count aiming on the skin, counts a new skin puncture after being in tissue', () => {
    const r = replayNeedle([
      at(0, { kind: 'skin', entryLps: [0, 0, 0], directionLps: Y }),
      at(1, { kind: 'steer', directionLps: turned(20) }), // depth 0: aiming
      at(2, { kind: 'advance', depthDeltaMm: 10 }),
      at(3, { kind: 'skin', entryLps: [5, 0, 0], directionLps: Y }), // out and in again: a redirection
      at(4, { kind: 'skin', entryLps: [6, 0, 0], directionLps: Y }), // never entered: not one
    ]);
    expect(r.redirections).toBe(1);
  });

  it('counts shots and fluoroscopy seconds, and stops at done', () => {
    const r = replayNeedle([
      at(1, { kind: 'shot', angles: { obliqueDeg: 0, tiltDeg: 0 }, seconds: 0.5 }),
      at(2, { kind: 'shot', angles: { obliqueDeg: 25, tiltDeg: -5 }, seconds: 1.25 }),
      at(9, { kind: 'done' }),
      at(12, { kind: 'shot', angles: { obliqueDeg: 0, tiltDeg: 0 }, seconds: 3 }),
    ]);
    expect(r.shots).toBe(2);
    expect(r.fluoroSeconds).toBeCloseTo(1.75, 12);
    expect(r.endMs).toBe(9000);
    expect(r.done).toBe(true);
  });
});

describe('fluoroscopy runs (pedal) apart from shots', () => {
  // Two shots of 0.5 s; a run of 36 pulses (2.4 s at 15 pulses/s) and one of a single pulse (1/15 s).
  const events = [
    at(0, { kind: 'skin', entryLps: [0, 0, 0], directionLps: Y }),
    at(1, { kind: 'shot', angles: { obliqueDeg: 0, tiltDeg: 0 }, seconds: 0.5 }),
    at(4, { kind: 'run', angles: { obliqueDeg: 20, tiltDeg: 0 }, seconds: 36 / 15 }),
    at(5, { kind: 'advance', depthDeltaMm: 50 }),
    at(6, { kind: 'shot', angles: { obliqueDeg: 90, tiltDeg: 0 }, seconds: 0.5 }),
    at(7, { kind: 'run', angles: { obliqueDeg: 90, tiltDeg: 0 }, seconds: 1 / 15 }),
    at(8, { kind: 'done' }),
  ];
  const expectedSeconds = 0.5 + 2.4 + 0.5 + 1 / 15; // 3.4667 s

  it('replay: 2 shots, 2 runs, fluoroscopy time sums both', () => {
    const r = replayNeedle(events);
    expect(r.shots).toBe(2);
    expect(r.runs).toBe(2);
    expect(r.fluoroSeconds).toBeCloseTo(expectedSeconds, 12);
  });

  it('scoring: runs informational, fluoro time judged on shots + runs; CSV has a runs column', () => {
    const tight = packageWith(
      [
        [
          [0, 0, 0],
          [0, 50, 3],
        ],
      ],
      { thresholds: { ...pkg.thresholds, maxFluoroSeconds: 3, maxShots: 2 } },
    );
    const s = scoreAttempt(events, tight, [], 0.36);
    expect(s.shots).toBe(2);
    expect(s.runs).toBe(2);
    expect(s.fluoroSeconds).toBeCloseTo(expectedSeconds, 12);
    expect(metric(s, 'shots')?.pass).toBe(true); // runs do not count as shots: 2 <= 2
    expect(metric(s, 'runs')).toEqual({ id: 'runs', label: 'Fluoroscopy runs (pedal)', value: 2, unit: '' });
    expect(metric(s, 'fluoro-time')?.pass).toBe(false); // 3.47 s > 3 s: the runs' 2.47 s count
    expect(metric(s, 'fluoro-time')?.threshold).toBe('<= 3.0 s');
    const rows = parseCsv(
      attemptsToCsv([
        {
          id: 'a1',
          trainee: 'T',
          packageTitle: tight.title,
          packageKey: 'k',
          mode: 'fluoro-only',
          startedAt: '2026-11-28T10:00:00.000Z',
          events,
          score: s,
        },
      ]),
    );
    const header = rows[0]!;
    expect(header).toContain('runs');
    expect(header).not.toContain('runs_pass');
    expect(rows[1]![header.indexOf('runs')]).toBe('2');
    expect(rows[1]![header.indexOf('shots')]).toBe('2');
    expect(rows[1]![header.indexOf('fluoro-time_s')]).toBe('3.467');
  });
});

describe('scoreAttempt, hand-computed', () => {
  const straight = [
    at(0, { kind: 'skin', entryLps: [0, 0, 0], directionLps: Y }),
    at(2, { kind: 'shot', angles: { obliqueDeg: 0, tiltDeg: 0 }, seconds: 1 }),
    at(5, { kind: 'advance', depthDeltaMm: 50 }),
    at(7, { kind: 'shot', angles: { obliqueDeg: 90, tiltDeg: 0 }, seconds: 2 }),
    at(30, { kind: 'done' }),
  ];

  it('entry (0,0,0) along +y by 50 mm vs target (0,50,3): tip 3 mm, angle atan(3/50)', () => {
    const s = scoreAttempt(straight, pkg, [], 0.36);
    expect(s.needlePlaced).toBe(true);
    expect(s.tipLps).toEqual([0, 50, 0]);
    expect(s.tipToTargetMm).toBeCloseTo(3, 12);
    expect(s.entryErrorMm).toBe(0);
    expect(s.angleToExpertDeg).toBeCloseTo(Math.atan(3 / 50) / RAD, 9); // 3.434 deg
    expect(s.tipInZone).toBe(true); // 3 <= 4 mm zone
    expect(s.shots).toBe(2);
    expect(s.fluoroSeconds).toBe(3);
    expect(s.redirections).toBe(0);
    expect(s.pathLengthInTissueMm).toBe(50);
    expect(s.timeSeconds).toBe(30);
    expect(metric(s, 'tip-to-target')?.pass).toBe(true); // 3 <= 4
    expect(metric(s, 'angle')?.pass).toBe(false); // 3.43 > 3 deg
    expect(s.passed).toBe(false);
    expect(metric(s, 'time')?.pass).toBeUndefined(); // no time limit by default
  });

  it('passes when the thresholds allow it, and fails each one that is exceeded', () => {
    const lenient = packageWith(
      [
        [
          [0, 0, 0],
          [0, 50, 3],
        ],
      ],
      {
        thresholds: { ...pkg.thresholds, maxAngleDeg: 4, maxShots: 1, maxTimeSeconds: 20 },
      },
    );
    const s = scoreAttempt(straight, lenient, [], 0.36);
    expect(metric(s, 'angle')?.pass).toBe(true);
    expect(metric(s, 'shots')?.pass).toBe(false);
    expect(metric(s, 'time')?.pass).toBe(false);
    const ok = scoreAttempt(
      straight,
      { ...lenient, thresholds: { ...lenient.thresholds, maxShots: 2, maxTimeSeconds: 30 } },
      [],
      0.36,
    );
    expect(ok.passed).toBe(true);
  });

  it('flags contact with a sphere the shaft crosses, at any pose, and its minimum clearance', () => {
    // A 2 mm sphere at 20 mm depth, 1 mm off the axis: crossed on the way in, then withdrawn past it.
    const sphere: ClearanceStructure = {
      id: 's',
      name: 'vessel',
      geometry: { kind: 'sphere', centreLps: [1, 20, 0], radiusMm: 2 },
    };
    const events = [
      at(0, { kind: 'skin', entryLps: [0, 0, 0], directionLps: Y }),
      at(1, { kind: 'advance', depthDeltaMm: 30 }),
      at(2, { kind: 'advance', depthDeltaMm: -25 }),
      at(3, { kind: 'done' }),
    ];
    const s = scoreAttempt(events, pkg, [sphere], 0.5);
    // Axis passes 1 mm from the centre: 1 - 2 (sphere) - 0.5 (shaft) = -1.5 mm.
    expect(s.minNoGoClearanceMm.vessel).toBeCloseTo(-1.5, 9);
    expect(s.noGoContacts).toEqual(['vessel']);
    expect(metric(s, 'no-go-contacts')?.pass).toBe(false);
    expect(metric(s, 'no-go-clearance')?.pass).toBe(false);
  });

  it('a capsule beside the path at 2 mm clearance: no contact, clearance 2 mm', () => {
    // Capsule axis parallel to the needle 3 mm away in x, radius 0.5; shaft radius 0.5: 3 - 0.5 - 0.5 = 2.
    const capsule: ClearanceStructure = {
      id: 'c',
      name: 'nerve',
      geometry: { kind: 'capsule', aLps: [3, 10, 0], bLps: [3, 40, 0], radiusMm: 0.5 },
    };
    const s = scoreAttempt(straight, pkg, [capsule], 0.5);
    expect(s.minNoGoClearanceMm.nerve).toBeCloseTo(2, 9);
    expect(s.noGoContacts).toEqual([]);
    expect(metric(s, 'no-go-clearance')?.pass).toBe(true);
    const strict = { ...pkg, thresholds: { ...pkg.thresholds, minNoGoClearanceMm: 2.5 } };
    expect(metric(scoreAttempt(straight, strict, [capsule], 0.5), 'no-go-clearance')?.pass).toBe(false);
  });

  it('checks the sweep of a steer in tissue, not only the poses before and after it', () => {
    // A small sphere at 30 mm depth, 10 deg toward +z: the needle swings from -10 deg to +30 deg through it.
    const c = turned(10);
    const sphere: ClearanceStructure = {
      id: 'b',
      name: 'bead',
      geometry: { kind: 'sphere', centreLps: [0, 30 * c[1], 30 * c[2]], radiusMm: 0.5 },
    };
    const events = [
      at(0, { kind: 'skin', entryLps: [0, 0, 0], directionLps: turned(-10) }),
      at(1, { kind: 'advance', depthDeltaMm: 40 }),
      at(2, { kind: 'steer', directionLps: turned(30) }),
      at(3, { kind: 'done' }),
    ];
    const s = scoreAttempt(events, pkg, [sphere], 0.3);
    expect(s.noGoContacts).toEqual(['bead']);
    expect(s.redirections).toBe(1);
    // The first run, then the 40 deg sweep at 0.25 mm tip steps at 40 mm depth.
    const stepDeg = (0.25 / 40) * (180 / Math.PI);
    expect(shaftsInTissue(replayNeedle(events).poses).length).toBe(1 + Math.ceil(40 / stepDeg));
  });

  it('judges the trainee against the nearest of several expert needles', () => {
    const two = packageWith([
      [
        [0, 0, 0],
        [0, 50, 3],
      ],
      [
        [40, 0, 0],
        [40, 50, 0],
      ],
    ]);
    const events = [
      at(0, { kind: 'skin', entryLps: [40, 0, 1], directionLps: Y }),
      at(1, { kind: 'advance', depthDeltaMm: 50 }),
    ];
    const s = scoreAttempt(events, two, [], 0.36);
    expect(s.expertTrajectoryId).toBe('t1');
    expect(s.tipToTargetMm).toBeCloseTo(1, 12);
    expect(s.entryErrorMm).toBeCloseTo(1, 12);
    expect(s.angleToExpertDeg).toBeCloseTo(0, 9);
  });

  it('a needle never placed fails with infinite distances', () => {
    const s = scoreAttempt([at(4, { kind: 'done' })], pkg, [], 0.36);
    expect(s.needlePlaced).toBe(false);
    expect(s.tipToTargetMm).toBe(Infinity);
    expect(s.passed).toBe(false);
    expect(s.timeSeconds).toBe(4);
  });
});

describe('shaft positions checked for clearance', () => {
  it('merges thousands of nearly equal steers, keeps the deepest of a straight run', () => {
    const events = [
      at(0, { kind: 'skin', entryLps: [0, 0, 0], directionLps: Y }),
      at(1, { kind: 'advance', depthDeltaMm: 10 }),
      at(2, { kind: 'advance', depthDeltaMm: 40 }),
      at(3, { kind: 'advance', depthDeltaMm: -20 }),
      // 3000 steers of 0.001 deg each (a controller every frame): 3 deg in all, 2.6 mm at the tip.
      ...Array.from({ length: 3000 }, (_, i) =>
        at(4 + i / 100, { kind: 'steer', directionLps: turned((i + 1) / 1000) }),
      ),
    ];
    const shafts = shaftsInTissue(replayNeedle(events).poses);
    expect(shafts[0]!.depthMm).toBe(50);
    // 30 mm deep after the withdrawal: 3 deg = 1.57 mm of tip travel, one check per < 0.1 mm.
    expect(shafts.length).toBeGreaterThan(15);
    expect(shafts.length).toBeLessThan(40);
  });
});
