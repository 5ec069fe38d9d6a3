import { beforeEach, describe, expect, it } from 'vitest';
import type { Vec3 } from '../../src/core/vec3';
import { generatePhantom } from '../../src/phantom/generate';
import { paintedStructures, paintedVoxelCount } from '../../src/planning/noGoMask';
import { NOTE_FROM_CLICKS } from '../../src/planning/proposal';
import { trajectoryReadouts } from '../../src/planning/readouts';
import { findTemplate } from '../../src/planning/templates';
import { guidedPointerDown } from '../../src/scene/plan/guidedTemplateInput';
import { paintPointerDown, paintPointerMove } from '../../src/scene/plan/paintInput';
import { planPointerDown } from '../../src/scene/plan/slicePlanInput';
import type { SliceGeometry } from '../../src/scene/slice/useSliceGeometry';
import { usePlacementStore } from '../../src/state/placementStore';
import { selectActivePlan, usePlanStore } from '../../src/state/planStore';
import { orientationPlane, slicePosition } from '../../src/volume/slicePlanes';
import { phantomVolume } from './volume-fixtures';

const p = generatePhantom({ size: 'small', seed: 1 });
const phantom = phantomVolume(p);

/** 400 x 300 px axial view at 2 px/mm through z = 0: screen x = 200 + 2 L, y = 150 + 2 P. */
function axialGeometry(): SliceGeometry {
  const grid = {
    dims: [64, 64, 64] as const,
    ijkToLps: [2, 0, 0, -64, 0, 2, 0, -64, 0, 0, 2, -64, 0, 0, 0, 1],
  };
  return {
    plane: orientationPlane('axial', [0, 0, 0], [0, 0, 0]),
    transform: { centreMm: [0, 0], pxPerMm: 2, widthPx: 400, heightPx: 300 },
    position: slicePosition(grid, 'axial', [0, 0, 0]),
    crosshairLps: [0, 0, 0],
    radiusMm: 110,
  };
}

const plan = () => selectActivePlan(usePlanStore.getState())!;

beforeEach(() => {
  usePlanStore.getState().openCase(`test-${Math.random()}`);
  usePlacementStore.setState({ mode: 'none', guided: null, guidedOutcome: null });
  usePlacementStore.getState().setPaint({ active: false, regionId: null, radiusMm: 3 });
});

describe('selecting a trajectory by its line in a 2D view', () => {
  it('a press on an unselected line selects it; on the selected line it is left to the crosshair', () => {
    const store = usePlanStore.getState();
    const a = store.addTrajectory({ entryLps: [-40, -40, 0], targetLps: [-40, 40, 0] });
    const b = store.addTrajectory({ entryLps: [40, -40, 0], targetLps: [40, 40, 0] });
    expect(usePlanStore.getState().selectedTrajectoryId).toBe(b);
    // Line a at screen x = 120 from y = 70 to 230; 3 px beside its middle.
    expect(planPointerDown(axialGeometry(), 0, 123, 150)).toBe('selected');
    expect(usePlanStore.getState().selectedTrajectoryId).toBe(a);
    expect(planPointerDown(axialGeometry(), 0, 123, 150)).toBeNull();
    // 8 px away from any line: nothing selected.
    expect(planPointerDown(axialGeometry(), 0, 288, 150)).toBeNull();
    expect(usePlanStore.getState().selectedTrajectoryId).toBe(a);
  });
});

describe('guided template clicks', () => {
  it('asks for each click in turn, then adds the proposal with its note, entry on the skin', () => {
    const t = findTemplate('vertebroplasty')!;
    const l4 = p.truth.vertebrae.find((v) => v.name === 'L4')!;
    usePlacementStore.getState().startGuided(t, 'L4', 'left');
    expect(usePlacementStore.getState().guided).toMatchObject({ step: 0, level: 'L4', side: 'left' });
    expect(guidedPointerDown(l4.left.pedicleCentreLps, phantom)).toBe(true);
    expect(usePlacementStore.getState().guided?.step).toBe(1);
    expect(plan().trajectories).toHaveLength(0);
    expect(guidedPointerDown(l4.bodyCentreLps, phantom)).toBe(true);
    expect(usePlacementStore.getState().guided).toBeNull();
    const [traj] = plan().trajectories;
    expect(traj).toMatchObject({
      procedure: 'vertebroplasty',
      level: 'L4',
      side: 'left',
      targetLps: l4.bodyCentreLps,
    });
    expect(traj!.proposal).toMatchObject({ source: 'clicks', note: NOTE_FROM_CLICKS, entryOnSkin: true });
    expect(usePlacementStore.getState().guidedOutcome).toEqual({ trajectoryId: traj!.id });
    // Outside a guided sequence the press is not taken.
    expect(guidedPointerDown([0, 0, 0], phantom)).toBe(false);
  });
});

describe('painting a no-go region across a needle path', () => {
  it('one stroke paints a blob; the readouts then warn of it', () => {
    const id = usePlanStore.getState().addTrajectory({ entryLps: [30, 90, 0], targetLps: [30, 0, 0] });
    usePlacementStore.getState().setPaint({ active: true, radiusMm: 4 });
    // A stroke across the path (x 20 -> 40 at y = 45) on an axial view.
    const stroke = paintPointerDown([20, 45, 0], [0, 0, 1], phantom, false);
    for (let x = 22; x <= 40; x += 2) paintPointerMove(stroke, [x, 45, 0] as Vec3);
    const masks = plan().noGoMasks;
    expect(masks).toHaveLength(1);
    expect(usePlacementStore.getState().paint.regionId).toBe(masks[0]!.id);
    expect(paintedVoxelCount(masks[0]!)).toBeGreaterThan(10);
    const t = plan().trajectories.find((x) => x.id === id)!;
    const r = trajectoryReadouts(t, { structures: paintedStructures(masks) });
    expect(r.clearance[0]!.minDistanceMm).toBeLessThanOrEqual(0);
    expect(r.warnings.join(' ')).toMatch(/Too close to Painted no-go 1/);
    // The stroke is one undo step.
    usePlanStore.getState().undo();
    expect(plan().noGoMasks).toEqual([]);
  });
});

describe('painted regions in a 2D view', () => {
  it('covers the blob where the view cuts it, nothing where it does not', async () => {
    const { paintedCells } = await import('../../src/scene/plan/paintRaster');
    const g = axialGeometry();
    const grid = {
      dims: [64, 64, 64] as const,
      ijkToLps: [2, 0, 0, -64, 0, 2, 0, -64, 0, 0, 2, -64, 0, 0, 0, 1],
    };
    usePlanStore
      .getState()
      .paintNoGo(null, grid, { centreLps: [0, 0, 0], normalLps: [0, 0, 1], radiusMm: 5 }, 'k');
    const regions = plan().noGoMasks;
    // A 5 mm disc is ~78 mm^2 = ~78 cells of 2 px (1 mm^2) at 2 px/mm; nearest-voxel steps blur its rim.
    const here = paintedCells(regions, g.plane, g.transform, 2);
    expect(here.count).toBeGreaterThan(60);
    expect(here.count).toBeLessThan(130);
    expect(here.cells[100 + 200 * 75]).toBe(1); // the view's centre
    const away = orientationPlane('axial', [0, 0, 6], [0, 0, 0]);
    expect(paintedCells(regions, away, g.transform, 2).count).toBe(0);
  });
});
