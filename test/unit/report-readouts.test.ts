import { describe, expect, it } from 'vitest';
import { carmRecipe } from '../../src/planning/carm';
import type { ClearanceStructure } from '../../src/planning/clearance';
import { type MaskGrid, type PaintedRegion, paintDab } from '../../src/planning/noGoMask';
import {
  planClearanceStructures,
  planTrajectoryReadouts,
  type ReadoutContext,
  trajectoryReadouts,
} from '../../src/planning/readouts';
import { createTrajectory, trajectoryDirection } from '../../src/planning/trajectory';

/**
 * The one readout builder the plan panel and the printable report share (planning/readouts.ts): the volume's
 * context plus the plan's marked and painted no-go structures, warning distance and patient position.
 */

// 1 mm isotropic grid, i -> +x (L), j -> +y (P), k -> +z (H), voxel (0,0,0) at LPS (-20, -10, -20).
const GRID: MaskGrid = {
  dims: [41, 81, 41],
  ijkToLps: [1, 0, 0, -20, 0, 1, 0, -10, 0, 0, 1, -20, 0, 0, 0, 1],
};
// A painted disc of radius 3 mm in the axial plane z = 0, centred 8 mm left of the needle at 30 mm depth.
const painted: PaintedRegion = paintDab(
  { id: 'blob', name: 'Painted blob', grid: GRID, slices: [] },
  { centreLps: [8, 30, 0], normalLps: [0, 0, 1], radiusMm: 3 },
);
const marked: ClearanceStructure = {
  id: 'root',
  name: 'L4 root',
  geometry: { kind: 'point', pointLps: [-1.5, 20, 0] },
};
// Posterior-to-anterior needle along -y (prone approach), 60 mm long.
const t = createTrajectory('t', { entryLps: [0, 60, 0], targetLps: [0, 0, 0] });
const truthField: ClearanceStructure = {
  id: 'aorta',
  name: 'Aorta',
  geometry: { kind: 'field', signedDistanceMm: (p) => Math.hypot(p[0] - 30, p[1] + 20) - 10 },
};
// Every point reads 300 HU: cancellous-bone range, or contrast-range blood on an enhanced scan.
const volumeContext: ReadoutContext = { sampler: () => 300, structures: [truthField] };

describe('planClearanceStructures', () => {
  it('lists the marked shapes, then the painted regions as voxel masks', () => {
    const s = planClearanceStructures({ noGoStructures: [marked], noGoMasks: [painted] });
    expect(s.map((x) => [x.name, x.geometry.kind])).toEqual([
      ['L4 root', 'point'],
      ['Painted blob', 'mask'],
    ]);
    expect(planClearanceStructures({})).toEqual([]);
  });
});

describe('planTrajectoryReadouts (panel and report)', () => {
  const planStructures = planClearanceStructures({ noGoStructures: [marked], noGoMasks: [painted] });

  it('measures clearance to the volume truth and the plan structures alike', () => {
    const r = planTrajectoryReadouts(t, volumeContext, {
      planStructures,
      warningDistanceMm: 2,
      patientPosition: 'prone',
    });
    const byName = Object.fromEntries(r.clearance.map((c) => [c.name, c.minDistanceMm]));
    expect(Object.keys(byName).sort()).toEqual(['Aorta', 'L4 root', 'Painted blob']);
    // Disc edge 5 mm from the axis, minus half a voxel (conservative) and the 22G needle's 0.36 mm radius.
    expect(byName['Painted blob']).toBeGreaterThan(3.5);
    expect(byName['Painted blob']).toBeLessThan(5);
    // 1.5 mm from the axis minus the needle radius: inside the plan's 2 mm warning distance.
    expect(r.warnings).toContain('Within 2.0 mm of L4 root: 1.1 mm at 40.0 mm depth (warning distance).');
  });

  it('names the C-arm recipe for the given patient position', () => {
    const inputs = { planStructures, warningDistanceMm: 2 };
    const prone = planTrajectoryReadouts(t, volumeContext, { ...inputs, patientPosition: 'prone' });
    const supine = planTrajectoryReadouts(t, volumeContext, { ...inputs, patientPosition: 'supine' });
    expect(prone.carm?.position).toBe('prone');
    expect(supine.carm?.position).toBe('supine');
    expect(supine.carm).toEqual(carmRecipe(trajectoryDirection(t)!, t.side, 'supine'));
    expect(supine.carm?.bullsEye.words).not.toEqual(prone.carm?.bullsEye.words);
  });

  it('flags contrast-range HU as a possible vessel only on an enhanced scan', () => {
    const inputs = { planStructures: [], warningDistanceMm: 2, patientPosition: 'prone' as const };
    const vessel = (contrastEnhanced: boolean) =>
      planTrajectoryReadouts(t, volumeContext, { ...inputs, contrastEnhanced }).profile?.flags.vessel;
    expect(vessel(true)).toBe(true);
    expect(vessel(false)).toBe(false);
  });

  it('is trajectoryReadouts on the merged context (what the panel showed before)', () => {
    const r = planTrajectoryReadouts(t, volumeContext, {
      planStructures,
      warningDistanceMm: 2,
      patientPosition: 'supine',
    });
    const direct = trajectoryReadouts(t, {
      ...volumeContext,
      structures: [truthField, ...planStructures],
      warningDistanceMm: 2,
      patientPosition: 'supine',
    });
    expect(r.warnings).toEqual(direct.warnings);
    expect(r.clearance).toEqual(direct.clearance);
    expect(r.carm).toEqual(direct.carm);
  });
});
