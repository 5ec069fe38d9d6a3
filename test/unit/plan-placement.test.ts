import { beforeEach, describe, expect, it } from 'vitest';
import { planCaseKey, syncPlanCaseWithStudy } from '../../src/app/planSync';
import { findNeedle } from '../../src/planning/needles';
import { firstHitLps, visibleInView } from '../../src/scene/plan/firstHit';
import { needleLayout } from '../../src/scene/plan/needleLayout';
import { nudgeAlongAxis, nudgeForKey } from '../../src/scene/plan/nudgeKeys';
import { planKeyDown, planPointerDown, planPointerMove } from '../../src/scene/plan/slicePlanInput';
import {
  draggedLps,
  hitHandle,
  inSlabInterval,
  inSliceHalfMm,
  lpsToScreen,
  planeDistanceMm,
  projectTrajectory,
} from '../../src/scene/plan/sliceProjection';
import type { SliceGeometry } from '../../src/scene/slice/useSliceGeometry';
import { cancelPlacement } from '../../src/state/placementActions';
import { usePlacementStore } from '../../src/state/placementStore';
import { selectActivePlan, usePlanStore } from '../../src/state/planStore';
import { useSliceStore } from '../../src/state/sliceStore';
import { useStudyStore } from '../../src/state/studyStore';
import { orientationPlane, slicePosition } from '../../src/volume/slicePlanes';
import type { SliceViewTransform } from '../../src/volume/sliceViewport';
import type { Volume } from '../../src/volume/volume';

/**
 * A 400 x 300 px axial view at 2 px/mm through z = 0, centred on LPS (0,0,0) with no pan: screen x = 200 + 2 L,
 * screen y = 150 + 2 P (anterior up).
 */
const transform: SliceViewTransform = { centreMm: [0, 0], pxPerMm: 2, widthPx: 400, heightPx: 300 };
const axial = orientationPlane('axial', [0, 0, 0], [0, 0, 0]);

function axialGeometry(): SliceGeometry {
  const volume = {
    dims: [64, 64, 64] as const,
    ijkToLps: [2, 0, 0, -64, 0, 2, 0, -64, 0, 0, 2, -64, 0, 0, 0, 1],
  };
  return {
    plane: axial,
    transform,
    position: slicePosition(volume, 'axial', [0, 0, 0]),
    crosshairLps: [0, 0, 0],
    radiusMm: 110,
  };
}

describe('slice projection', () => {
  it('finds the part of a segment within the slab', () => {
    expect(inSlabInterval(-4, 4, 1)).toEqual([0.375, 0.625]);
    expect(inSlabInterval(4, -4, 1)).toEqual([0.375, 0.625]);
    expect(inSlabInterval(0.5, 0.5, 1)).toEqual([0, 1]);
    expect(inSlabInterval(2, 2, 1)).toBeNull();
    expect(inSlabInterval(2, 6, 1)).toBeNull();
    expect(inSlabInterval(0, 10, 1)).toEqual([0, 0.1]);
    expect(inSliceHalfMm(0)).toBe(1);
    expect(inSliceHalfMm(10)).toBe(5);
  });

  it('projects entry and target to screen px of the view (radiological axial: left on the right, anterior up)', () => {
    // Axial normal points inferior (towards the viewer from the feet): z = +3 is 3 mm behind the plane.
    expect(planeDistanceMm(axial, [0, 0, 3])).toBe(-3);
    const p = projectTrajectory(
      { id: 't', colour: '#e69f00', entryLps: [-20, 40, 4], targetLps: [10, -10, 0] },
      axial,
      transform,
      1,
    );
    expect(p.targetPx).toEqual([220, 130]);
    expect(p.entryPx).toEqual([160, 230]);
    expect(p.targetInSlice).toBe(true);
    expect(p.entryInSlice).toBe(false);
    // |z| <= 1 for the last quarter of the path (z runs 4 -> 0).
    const [a, b] = p.inSlabPx!;
    expect(a[0]).toBeCloseTo(160 + 60 * 0.75, 9);
    expect(a[1]).toBeCloseTo(230 - 100 * 0.75, 9);
    expect(b).toEqual([220, 130]);
  });

  it('hits the nearest handle, preferring the selected trajectory and then the target on a tie', () => {
    const one = projectTrajectory(
      { id: 'a', colour: '#000000', entryLps: [0, 0, 0], targetLps: [0, 0, 0] },
      axial,
      transform,
      1,
    );
    const two = { ...one, id: 'b' };
    expect(hitHandle([one, two], 203, 150, 9, 'b')).toEqual({
      trajectoryId: 'b',
      end: 'target',
      grabOffsetPx: [3, 0],
    });
    expect(hitHandle([one, two], 203, 150, 9, null)?.end).toBe('target');
    expect(hitHandle([one], 215, 150, 9, null)).toBeNull();
  });

  it('drags a point parallel to the view, keeping its distance from the plane', () => {
    const lps = draggedLps(axial, transform, 220, 170, [2, -2], -7);
    expect(lps).toEqual([9, 11, 7]);
    const back = lpsToScreen(axial, transform, lps);
    expect(back).toEqual([218, 172]);
  });
});

describe('nudge keys', () => {
  it('maps screen directions of each view to patient-axis nudges', () => {
    expect(nudgeAlongAxis([-1, 0, 0])).toBe('right');
    expect(nudgeAlongAxis([0.6, 0.8, 0])).toBeUndefined();
    expect(nudgeForKey('axial', 'ArrowRight')).toBe('left');
    expect(nudgeForKey('axial', 'ArrowUp')).toBe('anterior');
    expect(nudgeForKey('axial', 'PageUp')).toBe('superior');
    expect(nudgeForKey('sagittal', 'ArrowRight')).toBe('posterior');
    expect(nudgeForKey('sagittal', 'PageDown')).toBe('right');
    expect(nudgeForKey('coronal', 'ArrowDown')).toBe('inferior');
    expect(nudgeForKey('coronal', 'PageUp')).toBe('posterior');
    expect(nudgeForKey('axial', 'Home')).toBeUndefined();
  });
});

describe('needle layout (3D)', () => {
  it('draws a spinal needle entry to target with 1 cm marks counted from the tip', () => {
    const layout = needleLayout({ entryLps: [0, 35, 0], targetLps: [0, 0, 0], needleId: 'spinal-22g-88.9' })!;
    expect(layout.radiusMm).toBeCloseTo(findNeedle('spinal-22g-88.9')!.outerDiameterMm / 2, 9);
    expect(layout.directionLps).toEqual([0, -1, 0]);
    expect(layout.depthMarksLps).toEqual([
      [0, 10, 0],
      [0, 20, 0],
      [0, 30, 0],
    ]);
    expect(layout.activeTip).toBeUndefined();
    expect(layout.lesion).toBeUndefined();
    expect(
      needleLayout({ entryLps: [1, 2, 3], targetLps: [1, 2, 3], needleId: 'spinal-22g-88.9' }),
    ).toBeUndefined();
  });

  it('gives RF cannulae an active tip and a lesion zone centred between the active tip and past the tip', () => {
    const layout = needleLayout({
      entryLps: [0, 0, 50],
      targetLps: [0, 0, 0],
      needleId: 'rf-cannula-18g-100-10tip',
    })!;
    expect(layout.shaft.toLps).toEqual([0, 0, 10]);
    expect(layout.activeTip).toEqual({ fromLps: [0, 0, 10], toLps: [0, 0, 0] });
    // Zone from 10 mm behind the tip to 1 mm beyond it (needles.json): 11 mm long, centre 4.5 mm behind.
    expect(layout.lesion!.lengthMm).toBe(11);
    expect(layout.lesion!.centreLps[2]).toBeCloseTo(4.5, 9);
    expect(layout.lesion!.widthMm).toBe(6);
  });
});

describe('placement by clicks (stores)', () => {
  beforeEach(() => {
    usePlanStore.getState().openCase(`test-${Math.random()}`);
    usePlacementStore.setState({ mode: 'none', trajectoryId: null, isNew: false, activeHandle: null });
    useSliceStore.getState().setCrosshair([0, 0, 0]);
  });
  const trajectories = () => selectActivePlan(usePlanStore.getState())!.trajectories;

  it('places target then entry, selects the trajectory and leaves placement', () => {
    const g = axialGeometry();
    usePlacementStore.getState().startNewTrajectory();
    expect(planPointerDown(g, 0, 220, 170)).toBe('placed');
    expect(trajectories()).toHaveLength(1);
    expect(trajectories()[0]!.targetLps).toEqual([10, 10, 0]);
    expect(usePlacementStore.getState().mode).toBe('entry');
    // The other views move through the target.
    expect(useSliceStore.getState().crosshairLps).toEqual([10, 10, 0]);
    expect(planPointerDown(g, 0, 160, 70)).toBe('placed');
    const t = trajectories()[0]!;
    expect(t.entryLps).toEqual([-20, -40, 0]);
    expect(usePlanStore.getState().selectedTrajectoryId).toBe(t.id);
    expect(usePlacementStore.getState()).toMatchObject({ mode: 'none', activeHandle: { end: 'entry' } });

    // Outside placement a press on a handle starts a drag; elsewhere it is left to the crosshair.
    expect(planPointerDown(g, 0, 300, 20)).toBeNull();
    const drag = planPointerDown(g, 0, 221, 171);
    expect(drag).toMatchObject({ trajectoryId: t.id, end: 'target', grabOffsetPx: [1, 1] });
    if (!drag || typeof drag === 'string') throw new Error('expected a drag');
    planPointerMove(drag, g, 241, 151);
    expect(trajectories()[0]!.targetLps).toEqual([20, 0, 0]);

    // Alt+Right nudges the active (target) handle 0.5 mm to the patient's left; a plain arrow does not.
    expect(planKeyDown('axial', { key: 'ArrowRight', altKey: true, ctrlKey: false, metaKey: false })).toBe(
      true,
    );
    expect(trajectories()[0]!.targetLps).toEqual([20.5, 0, 0]);
    expect(planKeyDown('axial', { key: 'ArrowUp', altKey: false, ctrlKey: false, metaKey: false })).toBe(
      false,
    );
  });

  it('cancelling after the target removes the half-placed trajectory', () => {
    usePlacementStore.getState().startNewTrajectory();
    planPointerDown(axialGeometry(), 0, 200, 150);
    expect(trajectories()).toHaveLength(1);
    cancelPlacement();
    expect(trajectories()).toHaveLength(0);
    expect(usePlacementStore.getState().mode).toBe('none');
  });

  it('re-places one end of an existing trajectory', () => {
    const id = usePlanStore.getState().addTrajectory({ entryLps: [0, 50, 0], targetLps: [0, 0, 0] });
    usePlacementStore.getState().startReplacing(id, 'target');
    planPointerDown(axialGeometry(), 0, 210, 150);
    expect(trajectories()[0]).toMatchObject({ entryLps: [0, 50, 0], targetLps: [5, 0, 0] });
    expect(usePlacementStore.getState().mode).toBe('none');
  });
});

describe('plan sync', () => {
  it('opens the case of each volume: demo by name, others by SeriesInstanceUID', () => {
    const meta = (isDemo: boolean, uid: string) => ({ metadata: { isDemo, seriesInstanceUid: uid } });
    expect(planCaseKey(meta(true, '2.25.9') as never)).toBe('demo');
    expect(planCaseKey(meta(false, '2.25.9') as never)).toBe('2.25.9');
    const stop = syncPlanCaseWithStudy(useStudyStore, usePlanStore);
    const volume = (uid: string, isDemo = false) =>
      ({
        id: uid,
        metadata: { isDemo, seriesInstanceUid: uid, studyInstanceUid: '2.25.100' },
      }) as never;
    useStudyStore.getState().setVolume(volume('2.25.7'));
    expect(usePlanStore.getState().activeCaseKey).toBe('2.25.7');
    expect(usePlanStore.getState().plans['2.25.7']!.seriesInstanceUid).toBe('2.25.7');
    useStudyStore.getState().setVolume(volume('2.25.8', true));
    expect(usePlanStore.getState().activeCaseKey).toBe('demo');
    stop();
    useStudyStore.getState().setVolume(volume('2.25.11'));
    expect(usePlanStore.getState().activeCaseKey).toBe('demo');
  });
});

describe('3D pick: first hit along a ray', () => {
  /** 1000 HU ball of radius 20 mm at LPS (0,0,0) in -1000 HU air: 48^3 voxels of 2 mm (as the e2e sphere). */
  function ball(): Volume {
    const n = 48;
    const data = new Int16Array(n * n * n);
    for (let k = 0; k < n; k++)
      for (let j = 0; j < n; j++)
        for (let i = 0; i < n; i++) {
          const r = Math.hypot((i - 24) * 2, (j - 24) * 2, (k - 24) * 2);
          data[i + n * (j + n * k)] = r <= 20 ? 1000 : -1000;
        }
    return {
      id: 'ball',
      dims: [n, n, n],
      spacingMm: [2, 2, 2],
      ijkToLps: [2, 0, 0, -48, 0, 2, 0, -48, 0, 0, 2, -48, 0, 0, 0, 1],
      data,
      rescaleSlope: 1,
      rescaleIntercept: 0,
      metadata: {} as Volume['metadata'],
      warnings: [],
    };
  }

  it('lands on the front surface seen from the camera, or nowhere when the ray misses', () => {
    const v = ball();
    // From 300 mm anterior looking posterior: the surface at y = -20 (+- a voxel of partial volume).
    const hit = firstHitLps(v, [0, -300, 0], [0, 1, 0], 250, 600)!;
    expect(Math.abs(hit[1] + 20)).toBeLessThan(1.5);
    expect(hit[0]).toBe(0);
    expect(hit[2]).toBe(0);
    // From the patient's left, 10 mm up: the surface at x = +sqrt(20^2 - 10^2).
    const side = firstHitLps(v, [200, 0, 10], [-1, 0, 0], 250, 600)!;
    expect(Math.abs(side[0] - Math.sqrt(300))).toBeLessThan(1.5);
    expect(firstHitLps(v, [0, -300, 30], [0, 1, 0], 250, 600)).toBeUndefined();
    expect(firstHitLps(v, [0, -300, 0], [0, 1, 0], 250, 100)).toBeUndefined();
  });

  it('skips what the crop box and the clip plane cut away, landing on the cut face', () => {
    const v = ball();
    const off = { enabled: false, normalLps: [0, 1, 0] as const, offsetMm: 0 };
    // Crop the anterior half (texture j < 0.5, i.e. voxel centres y < -1 mm): the ray meets bone at y = -1.
    const cropped = visibleInView(v, { min: [0, 0.5, 0], max: [1, 1, 1] }, off);
    const hit = firstHitLps(v, [0, -300, 0], [0, 1, 0], 250, 600, cropped)!;
    expect(Math.abs(hit[1] + 1)).toBeLessThan(0.1);
    // Clip plane facing anterior, 5 mm from the box centre (y = -1): removes y < -6.
    const clipped = visibleInView(
      v,
      { min: [0, 0, 0], max: [1, 1, 1] },
      { enabled: true, normalLps: [0, -1, 0], offsetMm: 5 },
    );
    expect(Math.abs(firstHitLps(v, [0, -300, 0], [0, 1, 0], 250, 600, clipped)![1] + 6)).toBeLessThan(0.1);
    // Nothing cut: the front surface as before.
    const all = visibleInView(v, { min: [0, 0, 0], max: [1, 1, 1] }, off);
    expect(Math.abs(firstHitLps(v, [0, -300, 0], [0, 1, 0], 250, 600, all)![1] + 20)).toBeLessThan(1.5);
  });
});
