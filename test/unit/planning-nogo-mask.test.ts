import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../src/core/vec3';
import { clearanceTo } from '../../src/planning/clearance';
import {
  croppedMask,
  decodeRuns,
  encodeRuns,
  type MaskGrid,
  type PaintedRegion,
  paintDab,
  paintedStructures,
  paintedVoxelCount,
} from '../../src/planning/noGoMask';
import { memoryStorage, planHasWork } from '../../src/planning/planAutosave';
import { emptyPlan, parsePlanFile, serializePlan } from '../../src/planning/planFile';
import { COALESCE_MS } from '../../src/planning/planHistory';
import { createTrajectory } from '../../src/planning/trajectory';
import { createPlanStore, selectActivePlan } from '../../src/state/planStore';

const NOW = '2026-01-02T03:04:05.000Z';
/** 1 mm voxels, voxel (i, j, k) at LPS (i, j, k) + (100, 0, 0): hand-computable distances. */
const GRID: MaskGrid = { dims: [32, 24, 16], ijkToLps: [1, 0, 0, 100, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] };
const AXIAL: Vec3 = [0, 0, 1];
const mismatches = (a: Uint8Array, b: Uint8Array): number => {
  let n = Math.abs(a.length - b.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) n++;
  return n;
};
const empty = (): PaintedRegion => ({ id: 'r1', name: 'blob', grid: GRID, slices: [] });

describe('painted no-go regions', () => {
  it('run-length encodes a slice and decodes it back exactly (random bitmaps, edges included)', () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 20; n++) {
      const bitmap = new Uint8Array(32 * 24).map(() => (rnd() < 0.3 + n / 40 ? 1 : 0));
      bitmap[0] = n % 2;
      bitmap[bitmap.length - 1] = 1;
      const runs = encodeRuns(bitmap);
      for (let r = 2; r < runs.length; r += 2) expect(runs[r]!).toBeGreaterThan(runs[r - 2]! + runs[r - 1]!);
      expect(mismatches(decodeRuns(runs, new Uint8Array(bitmap.length)), bitmap)).toBe(0);
    }
    expect(encodeRuns(new Uint8Array(10))).toEqual([]);
  });

  it('paints a disc one voxel thick in the view plane, and Shift-erase clears it', () => {
    // Axial dab of radius 1.2 mm at voxel (10, 10, 5): dx^2 + dy^2 <= 1.44 holds for 5 voxels.
    const blob = paintDab(empty(), { centreLps: [110, 10, 5], normalLps: AXIAL, radiusMm: 1.2 });
    expect(paintedVoxelCount(blob)).toBe(5);
    expect(blob.slices.map((s) => s.k)).toEqual([5]);
    expect(blob.slices[0]!.runs).toEqual([10 + 32 * 9, 1, 9 + 32 * 10, 3, 10 + 32 * 11, 1]);
    // A sagittal dab (normal along x) spans slices instead.
    const sag = paintDab(empty(), { centreLps: [110, 10, 5], normalLps: [1, 0, 0], radiusMm: 1.2 });
    expect(sag.slices.map((s) => s.k)).toEqual([4, 5, 6]);
    const erased = paintDab(blob, { centreLps: [110, 10, 5], normalLps: AXIAL, radiusMm: 3, erase: true });
    expect(erased.slices).toEqual([]);
    // Nothing to change: the same object (no undo step for a dab outside the grid).
    expect(paintDab(blob, { centreLps: [0, -50, 0], normalLps: AXIAL, radiusMm: 2 })).toBe(blob);
  });

  it('matches a dense reference over random paint and erase dabs in any plane, and crops exactly', () => {
    const [nx, ny, nz] = GRID.dims;
    const dense = new Uint8Array(nx * ny * nz);
    let region = empty();
    let seed = 3;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 60; n++) {
      const raw: Vec3 = [rnd() - 0.5, rnd() - 0.5, rnd() - 0.5];
      const len = Math.hypot(...raw);
      const normalLps: Vec3 = [raw[0] / len, raw[1] / len, raw[2] / len];
      const centreLps: Vec3 = [100 + rnd() * 36 - 2, rnd() * 28 - 2, rnd() * 20 - 2];
      const radiusMm = 0.5 + rnd() * 5;
      const erase = rnd() < 0.3;
      region = paintDab(region, { centreLps, normalLps, radiusMm, erase });
      // The same rule voxel by voxel: within half the largest spacing (1 mm) of the plane and r in it.
      for (let k = 0; k < nz; k++)
        for (let j = 0; j < ny; j++)
          for (let i = 0; i < nx; i++) {
            const d: Vec3 = [i + 100 - centreLps[0], j - centreLps[1], k - centreLps[2]];
            const along = d[0] * normalLps[0] + d[1] * normalLps[1] + d[2] * normalLps[2];
            const inPlane2 = d[0] ** 2 + d[1] ** 2 + d[2] ** 2 - along * along;
            if (Math.abs(along) <= 0.5 && inPlane2 <= radiusMm * radiusMm)
              dense[i + nx * (j + ny * k)] = erase ? 0 : 1;
          }
      const fromRuns = new Uint8Array(nx * ny * nz);
      for (const sl of region.slices)
        decodeRuns(sl.runs, fromRuns.subarray(nx * ny * sl.k, nx * ny * (sl.k + 1)));
      // Counted by hand: vitest's deep equality walks typed arrays slowly.
      expect(mismatches(fromRuns, dense), `dab ${n}`).toBe(0);
      for (const sl of region.slices)
        expect(sl.runs).toEqual(encodeRuns(fromRuns.subarray(nx * ny * sl.k, nx * ny * (sl.k + 1))));
    }
    // The cropped mask holds exactly the painted voxels.
    const mask = croppedMask(region)!;
    const origin = mask.ijkToLps;
    const [oi, oj, ok] = [origin[3]! - 100, origin[7]!, origin[11]!];
    let count = 0;
    for (let k = 0; k < mask.dims[2]; k++)
      for (let j = 0; j < mask.dims[1]; j++)
        for (let i = 0; i < mask.dims[0]; i++) {
          const v = mask.labels[i + mask.dims[0] * (j + mask.dims[1] * k)]!;
          count += v;
          expect(v).toBe(dense[i + oi + nx * (j + oj + ny * (k + ok))]);
        }
    expect(count).toBe(paintedVoxelCount(region));
    expect(count).toBeGreaterThan(50);
  });

  it('gives a hand-computed clearance from the needle to the painted voxels', () => {
    const blob = paintDab(empty(), { centreLps: [110, 10, 5], normalLps: AXIAL, radiusMm: 1.2 });
    const mask = croppedMask(blob)!;
    expect(mask.dims).toEqual([3, 3, 1]);
    const [s] = paintedStructures([{ ...blob, marginMm: 1 }]);
    // A vertical needle (radius 0.5) 4 mm to the left of the centre voxel: nearest painted voxel centre
    // (111, 10, 5) is 3 mm from the axis, less half a voxel (0.5) and the shaft radius (0.5) = 2.0 mm.
    const beside = clearanceTo({ entryLps: [114, 10, 20], tipLps: [114, 10, 0], radiusMm: 0.5 }, s!);
    expect(beside.minDistanceMm).toBeCloseTo(2, 9);
    expect(beside.depthMm).toBeCloseTo(15, 9);
    expect(beside.violates).toBe(false);
    // 2.5 mm away: 1.5 - 0.5 - 0.5 = 0.5 mm < the 1 mm margin.
    const near = clearanceTo({ entryLps: [112.5, 10, 20], tipLps: [112.5, 10, 0], radiusMm: 0.5 }, s!);
    expect(near.minDistanceMm).toBeCloseTo(0.5, 9);
    expect(near.violates).toBe(true);
    // Through the blob: touching.
    const through = clearanceTo({ entryLps: [110, 10, 20], tipLps: [110, 10, 0], radiusMm: 0.5 }, s!);
    expect(through.minDistanceMm).toBeLessThanOrEqual(0);
  });
});

describe('plan schema 3: painted regions and proposal notes in the file', () => {
  const plan = () => {
    const p = emptyPlan('demo', NOW);
    p.noGoMasks.push({
      ...paintDab(empty(), { centreLps: [110, 10, 5], normalLps: [0, 1, 0], radiusMm: 3 }),
      marginMm: 2,
    });
    p.trajectories.push({
      ...createTrajectory('t1', { entryLps: [0, 80, 0], targetLps: [0, 0, 0] }),
      proposal: {
        source: 'clicks',
        note: 'Proposal - check it (built from your clicks)',
        remarks: ['Angles are from the patient axes'],
        entryOnSkin: true,
        views: ['ap', 'bulls-eye'],
      },
    });
    return p;
  };

  it('round-trips painted regions and proposal notes exactly', () => {
    const p = plan();
    expect(paintedVoxelCount(p.noGoMasks[0]!)).toBeGreaterThan(20);
    expect(parsePlanFile(serializePlan(p))).toEqual({ ok: true, value: p });
  });

  it('opens a schema 2 file (no painted regions, no proposal notes)', () => {
    const { noGoMasks: _masks, ...rest } = emptyPlan('demo', NOW);
    const v2 = {
      ...rest,
      schemaVersion: 2,
      trajectories: [createTrajectory('t', { entryLps: [0, 1, 0], targetLps: [0, 0, 0] })],
    };
    const res = parsePlanFile(JSON.stringify(v2));
    if (!res.ok) throw new Error(res.error);
    expect(res.value.schemaVersion).toBe(4);
    expect(res.value.noGoMasks).toEqual([]);
    expect(res.value.trajectories[0]!.proposal).toBeUndefined();
  });

  it('refuses broken runs and unknown view names with their path', () => {
    const p = plan();
    const bad = JSON.parse(serializePlan(p));
    bad.noGoMasks[0].slices[0].runs = [5, 3, 6, 2];
    bad.trajectories[0].proposal.views = ['ap', 'sideways'];
    const res = parsePlanFile(JSON.stringify(bad));
    expect(!res.ok && res.error).toMatch(/noGoMasks\[0\]\.slices\[0\]\.runs: expected sorted/);
    expect(!res.ok && res.error).toMatch(/trajectories\[0\]\.proposal\.views/);
  });
});

describe('plan store: painting, measurement edits and proposal notes', () => {
  function store() {
    const clock = { ms: 0 };
    let n = 0;
    const s = createPlanStore({
      storage: memoryStorage(),
      debounceMs: 0,
      newId: () => `id${++n}`,
      clockMs: () => clock.ms,
    }).getState;
    s().openCase('demo');
    return { s, clock };
  }

  it('a paint stroke (many dabs) is one undo step and makes one region', () => {
    const { s, clock } = store();
    let id: string | null = null;
    for (let x = 105; x <= 115; x++) {
      id = s().paintNoGo(id, GRID, { centreLps: [x, 10, 5], normalLps: AXIAL, radiusMm: 1.5 }, 'stroke1');
      clock.ms += 30;
    }
    const masks = selectActivePlan(s())!.noGoMasks;
    expect(masks.map((m) => m.name)).toEqual(['Painted no-go 1']);
    clock.ms += COALESCE_MS + 1;
    s().paintNoGo(
      id,
      GRID,
      { centreLps: [110, 10, 5], normalLps: AXIAL, radiusMm: 3, erase: true },
      'stroke2',
    );
    expect(paintedVoxelCount(selectActivePlan(s())!.noGoMasks[0]!)).toBeLessThan(
      paintedVoxelCount(masks[0]!),
    );
    s().undo();
    expect(selectActivePlan(s())!.noGoMasks).toEqual(masks);
    s().undo();
    expect(selectActivePlan(s())!.noGoMasks).toEqual([]);
    // Another grid (a plan attached to other images): a new region, the old one is left as it was.
    const other: MaskGrid = {
      dims: [32, 24, 16],
      ijkToLps: [2, 0, 0, 100, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1],
    };
    s().redo();
    clock.ms += COALESCE_MS + 1;
    const again = s().paintNoGo(id, other, { centreLps: [110, 10, 5], normalLps: AXIAL, radiusMm: 3 }, 's4');
    expect(again).not.toBe(id);
    expect(selectActivePlan(s())!.noGoMasks.map((m) => m.grid)).toEqual([GRID, other]);
    // A dab off the grid makes no region.
    expect(s().paintNoGo(null, GRID, { centreLps: [0, -90, 0], normalLps: AXIAL, radiusMm: 2 }, 's3')).toBe(
      '',
    );
  });

  it('edits a measurement in place as one undo step', () => {
    const { s, clock } = store();
    const id = s().addMeasurement({ kind: 'distance', name: 'D1', aLps: [0, 0, 0], bLps: [10, 0, 0] });
    clock.ms += 1000;
    s().updateMeasurement({ id, kind: 'distance', name: 'D1', aLps: [0, 0, 0], bLps: [20, 0, 0] });
    expect(selectActivePlan(s())!.measurements).toEqual([
      { id, kind: 'distance', name: 'D1', aLps: [0, 0, 0], bLps: [20, 0, 0] },
    ]);
    s().undo();
    expect(selectActivePlan(s())!.measurements[0]).toMatchObject({ id, bLps: [10, 0, 0] });
  });
});

describe('autosave of painted regions', () => {
  it('counts a plan holding only a painted region as work to save', () => {
    const plan = emptyPlan('case', '2026-11-28T00:00:00Z');
    expect(planHasWork(plan)).toBe(false);
    expect(planHasWork({ ...plan, noGoMasks: [empty()] })).toBe(true);
  });
});
