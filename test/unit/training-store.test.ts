import { describe, expect, it } from 'vitest';
import type { ClearanceStructure } from '../../src/planning/clearance';
import { type AsyncKeyValue, memoryKeyValue } from '../../src/planning/keyValueStores';
import {
  createTraineeStore,
  selectAllAttempts,
  selectPackageAttempts,
  selectTraineeAttempts,
} from '../../src/state/traineeStore';
import { attemptsFromJson, attemptsToCsv, attemptsToJson, parseCsv } from '../../src/training/attemptsExport';
import { packageWith } from './training-fixtures';

const pkg = packageWith([
  [
    [0, 0, 0],
    [0, 50, 3],
  ],
]);

/** A clock the test moves by hand (epoch ms). */
function manualClock(startMs = Date.UTC(2026, 10, 28, 9, 0, 0)) {
  let now = startMs;
  const tick = (seconds: number): void => {
    now += seconds * 1000;
  };
  return { nowMs: () => now, tick };
}

let counter = 0;
const newId = () => `a${++counter}`;

/** Runs the hand-computed attempt of training-scoring.test.ts through the store's actions. */
function runAttempt(
  store: ReturnType<typeof createTraineeStore>,
  tick: (s: number) => void,
  noGo: ClearanceStructure[] = [],
) {
  const s = store.getState();
  s.setPackage(pkg);
  s.startAttempt();
  tick(2);
  s.recordShot({ obliqueDeg: 0, tiltDeg: 0 }, 1);
  s.placeOnSkin([0, 0, 0], [0, 1, 0]);
  tick(3);
  s.advance(30);
  s.steer([0, Math.cos(0.2), Math.sin(0.2)]); // 11.5 deg: one redirection
  s.steer([0, 1, 0]);
  tick(5);
  s.advance(20);
  return store.getState().finish(noGo, 0.36);
}

describe('trainee store', () => {
  it('records timed events, scores on finish and reveals the expert plan only then', async () => {
    const clock = manualClock();
    const store = createTraineeStore({ nowMs: clock.nowMs, newId });
    expect(store.getState().startAttempt()).toBe(''); // no package yet
    store.getState().enter();
    store.getState().setTrainee('  Dr. Who  ');
    store.getState().setPackage(pkg);
    store.getState().startAttempt('ct');
    store.getState().setRevealed(true);
    expect(store.getState().revealed).toBe(false); // not during an attempt
    const score = runAttempt(store, clock.tick);
    const s = store.getState();
    expect(score?.tipToTargetMm).toBeCloseTo(3, 9);
    expect(score?.redirections).toBe(1);
    expect(score?.shots).toBe(1);
    expect(score?.timeSeconds).toBe(10);
    expect(s.revealed).toBe(true);
    expect(s.attempt).toBeNull();
    expect(s.lastAttempt?.events.map((e) => [e.kind, e.tMs])).toEqual([
      ['shot', 2000],
      ['skin', 2000],
      ['advance', 5000],
      ['steer', 5000],
      ['steer', 5000],
      ['advance', 10000],
      ['done', 10000],
    ]);
    expect(s.trainee).toBe('Dr. Who');
    expect(selectTraineeAttempts(s)).toHaveLength(1);
    expect(selectPackageAttempts(s)).toHaveLength(1);
    expect(selectPackageAttempts({ ...s, packageKey: 'another@exercise' })).toHaveLength(0);
    expect(s.lastAttempt?.packageKey).toBe('Hand-made exercise@2026-11-28T10:00:00.000Z');
    expect(s.lastAttempt?.startedAt).toBe('2026-11-28T09:00:00.000Z');
    expect(s.active).toBe(true);
    store.getState().exit();
    expect(store.getState().active).toBe(false);
  });

  it('keeps attempts per trainee across a reload, including one finished before loading ended', async () => {
    const storage = memoryKeyValue();
    const clock = manualClock();
    const first = createTraineeStore({ storage, nowMs: clock.nowMs, newId });
    first.getState().setTrainee('Ann, "the fellow"\nyear 2');
    runAttempt(first, clock.tick);
    first.getState().setTrainee('Bob');
    runAttempt(first, clock.tick, [
      { id: 'v', name: 'vessel', geometry: { kind: 'sphere', centreLps: [0, 20, 0], radiusMm: 1 } },
    ]);
    await first.getState().flush();
    expect([...storage.map.keys()].sort()).toEqual(['attempts:Ann, "the fellow"\nyear 2', 'attempts:Bob']);

    // A slow storage: the reloaded store finishes an attempt before its saved logs have been read.
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slow: AsyncKeyValue = {
      ...storage,
      keys: async () => {
        await gate;
        return storage.keys();
      },
    };
    const second = createTraineeStore({ storage: slow, nowMs: clock.nowMs, newId });
    second.getState().setTrainee('Bob');
    runAttempt(second, clock.tick);
    release();
    await second.getState().flush();
    const s = second.getState();
    expect(s.loaded).toBe(true);
    expect(s.attempts.Bob).toHaveLength(2);
    expect(s.attempts.Bob![0]!.score?.noGoContacts).toEqual(['vessel']);
    expect(selectAllAttempts(s)).toHaveLength(3);

    const third = createTraineeStore({ storage, newId });
    await third.getState().flush();
    expect(third.getState().attempts.Bob).toHaveLength(2);
    await third.getState().clearAttempts('Bob');
    expect(third.getState().attempts.Bob).toBeUndefined();
    expect(storage.map.has('attempts:Bob')).toBe(false);
    await third.getState().clearAttempts();
    expect(storage.map.size).toBe(0);
  });

  it('reports an unreadable saved log instead of dropping it silently', async () => {
    const storage = memoryKeyValue({ 'attempts:Eve': '{ broken' });
    const store = createTraineeStore({ storage, newId });
    await store.getState().flush();
    expect(store.getState().storageProblem).toMatch(
      /attempt log of 'Eve' is unreadable \(.+\); it was kept aside/,
    );
    // Eve's next attempt does not overwrite the unreadable log.
    store.getState().setTrainee('Eve');
    runAttempt(store, () => {});
    await store.getState().flush();
    expect(storage.map.get('unreadable:attempts:Eve')).toBe('{ broken');
    expect(attemptsFromJson(storage.map.get('attempts:Eve')!)).toHaveLength(1);
  });

  it('abandon drops the running attempt without scoring', () => {
    const store = createTraineeStore({ newId });
    store.getState().setPackage(pkg);
    store.getState().startAttempt();
    store.getState().advance(5);
    store.getState().abandon();
    expect(store.getState().attempt).toBeNull();
    expect(store.getState().finish()).toBeUndefined();
    expect(selectAllAttempts(store.getState())).toHaveLength(0);
  });
});

describe('attempt selectors', () => {
  it('answer the same list for the same state (usable as zustand selectors), a new one after a change', () => {
    const clock = manualClock();
    const store = createTraineeStore({ nowMs: clock.nowMs, newId });
    store.getState().setPackage(pkg);
    const empty = store.getState();
    const selectors = [selectAllAttempts, selectPackageAttempts, selectTraineeAttempts];
    for (const select of selectors) {
      expect(select(empty)).toHaveLength(0);
      expect(select(empty)).toBe(select(empty));
    }
    // The empty answer is one shared list, whatever the state.
    expect(selectTraineeAttempts({ attempts: {}, trainee: 'Nobody' })).toBe(selectAllAttempts(empty));
    expect(selectPackageAttempts({ ...empty, trainee: 'Nobody' })).toBe(selectAllAttempts(empty));

    runAttempt(store, clock.tick);
    const after = store.getState();
    for (const select of selectors) {
      expect(select(after)).toHaveLength(1);
      expect(select(after)).toBe(select(after));
      expect(select(after)).not.toBe(select(empty));
    }
    // A change elsewhere in the state (hiding the plan) keeps the answer.
    store.getState().setRevealed(false);
    expect(selectPackageAttempts(store.getState())).toBe(selectPackageAttempts(after));
    expect(selectAllAttempts(store.getState())).toBe(selectAllAttempts(after));
  });
});

describe('attempt export', () => {
  it('CSV: one row per attempt, one column per metric, names with comma/quote/newline round-trip', () => {
    const clock = manualClock();
    const store = createTraineeStore({ nowMs: clock.nowMs, newId });
    const names = ['Ann, "the fellow"\nyear 2', 'Plain', 'Émile "Q"'];
    for (const n of names) {
      store.getState().setTrainee(n);
      runAttempt(store, clock.tick);
    }
    const records = [...selectAllAttempts(store.getState())].reverse();
    const csv = attemptsToCsv(records);
    const rows = parseCsv(csv);
    expect(rows).toHaveLength(4);
    const header = rows[0]!;
    expect(header.slice(0, 6)).toEqual(['trainee', 'package', 'mode', 'started_at', 'attempt_id', 'passed']);
    expect(header).toContain('tip-to-target_mm');
    expect(header).toContain('tip-to-target_pass');
    expect(header).toContain('path-length_mm');
    expect(header).not.toContain('path-length_pass'); // informational
    expect(rows.slice(1).map((r) => r[0])).toEqual(names);
    const tip = header.indexOf('tip-to-target_mm');
    expect(rows[1]![tip]).toBe('3');
    expect(rows.every((r) => r.length === header.length)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('JSON keeps every event and Infinity (a needle never placed)', () => {
    const store = createTraineeStore({ newId });
    store.getState().setPackage(pkg);
    store.getState().startAttempt();
    store.getState().finish();
    const records = selectAllAttempts(store.getState());
    expect(records[0]!.score?.tipToTargetMm).toBe(Infinity);
    const back = attemptsFromJson(attemptsToJson(records));
    expect(back).toEqual(records);
    expect(() => attemptsFromJson('{}')).toThrow(/expected a JSON list/);
  });
});
