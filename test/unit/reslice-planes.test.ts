import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../src/core/vec3';
import { cross } from '../../src/core/vec3';
import {
  lpsToPlane,
  ORIENTATION_AXES,
  orientationLetters,
  orientationPlane,
  planeToLps,
  SLICE_ORIENTATIONS,
  slicePosition,
  stepSlice,
  volumeCentreLps,
} from '../../src/volume/slicePlanes';
import {
  fitPxPerMm,
  planeToScreen,
  scaleBarMm,
  screenToPlane,
  slabSampleCount,
} from '../../src/volume/sliceViewport';
import { applyWindow, initialWindow } from '../../src/volume/windowPresets';

const near = (a: Vec3, b: Vec3) => {
  for (let i = 0; i < 3; i++) expect(a[i]).toBeCloseTo(b[i]!, 9);
};

describe('radiological plane axes', () => {
  it('axial: patient left on screen right, anterior up, seen from the feet', () => {
    expect(ORIENTATION_AXES.axial.uLps).toEqual([1, 0, 0]);
    expect(ORIENTATION_AXES.axial.vLps).toEqual([0, -1, 0]);
    expect(ORIENTATION_AXES.axial.normalLps).toEqual([0, 0, -1]); // towards the viewer = inferior
  });
  it('coronal: left on the right, superior up, seen from the front', () => {
    expect(ORIENTATION_AXES.coronal.normalLps).toEqual([0, -1, 0]);
  });
  it('sagittal: anterior on screen left, superior up, seen from the patient left', () => {
    expect(ORIENTATION_AXES.sagittal.uLps).toEqual([0, 1, 0]);
    expect(ORIENTATION_AXES.sagittal.normalLps).toEqual([1, 0, 0]);
  });
  it('every basis is right-handed and orthonormal (normal = u x v)', () => {
    for (const o of SLICE_ORIENTATIONS) {
      const { uLps, vLps, normalLps } = ORIENTATION_AXES[o];
      near(cross(uLps, vLps), normalLps);
    }
  });
});

const oblique = {
  dims: [10, 12, 8] as const,
  // 0.5 x 0.6 mm pixels, 2 mm slices, feet-first (k runs inferior), rotated a little about S.
  ijkToLps: [
    0.5 * Math.cos(0.2),
    -0.6 * Math.sin(0.2),
    0,
    5,
    0.5 * Math.sin(0.2),
    0.6 * Math.cos(0.2),
    0,
    -7,
    0,
    0,
    -2,
    40,
    0,
    0,
    0,
    1,
  ],
};

describe('orientation letters', () => {
  it('names each view edge radiologically', () => {
    const edges = (o: 'axial' | 'sagittal' | 'coronal') => {
      const { uLps, vLps } = ORIENTATION_AXES[o];
      const neg = (d: Vec3): Vec3 => [-d[0], -d[1], -d[2]];
      return [
        orientationLetters(vLps),
        orientationLetters(uLps),
        orientationLetters(neg(vLps)),
        orientationLetters(neg(uLps)),
      ];
    };
    // top, right, bottom, left
    expect(edges('axial')).toEqual(['A', 'L', 'P', 'R']);
    expect(edges('coronal')).toEqual(['S', 'L', 'I', 'R']);
    expect(edges('sagittal')).toEqual(['S', 'P', 'I', 'A']);
    expect(orientationLetters([0.8, -0.6, 0])).toBe('LA');
    expect(orientationLetters([0.99, -0.1, 0.05])).toBe('L');
  });
});

describe('planes through the crosshair', () => {
  it('contain the crosshair, with the volume centre projected as origin', () => {
    const centre = volumeCentreLps(oblique);
    const cross: Vec3 = [3, -2, 31];
    for (const o of SLICE_ORIENTATIONS) {
      const plane = orientationPlane(o, cross, centre);
      const [x, y] = lpsToPlane(plane, cross);
      near(planeToLps(plane, x, y), cross);
      expect(lpsToPlane(plane, centre)).toEqual([0, 0]);
    }
  });

  it('axial scrolling lands on voxel centres of a feet-first volume and keeps the in-plane point', () => {
    const start: Vec3 = [1, 2, 30.3];
    const up = stepSlice(oblique, 'axial', start, 1);
    // k runs inferior: one step superior = z of the next voxel plane above
    expect(up[2]).toBeCloseTo(32, 9);
    expect(up[0]).toBe(1);
    expect(up[1]).toBe(2);
    const pos = slicePosition(oblique, 'axial', up);
    expect(pos.ijkAxis).toBe(2);
    expect(pos.index).toBe(4);
    expect(pos.count).toBe(8);
    expect(pos.positionMm).toBeCloseTo(32, 9);
    // clamps at the last slice
    expect(stepSlice(oblique, 'axial', start, 100)[2]).toBeCloseTo(40, 9);
    expect(stepSlice(oblique, 'axial', start, -100)[2]).toBeCloseTo(40 - 14, 9);
  });
});

describe('view transform', () => {
  const t = { centreMm: [10, -4] as const, pxPerMm: 2.5, widthPx: 401, heightPx: 300 };
  it('round-trips screen and plane, with screen y down and plane v up', () => {
    const [x, y] = screenToPlane(t, 17, 250);
    expect(planeToScreen(t, x, y)).toEqual([17, 250]);
    expect(screenToPlane(t, 200.5, 150)).toEqual([10, -4]);
    expect(screenToPlane(t, 200.5, 0)[1]).toBeCloseTo(-4 + 60, 9);
  });
  it('fits, picks scale bars and slab sample counts', () => {
    expect(fitPxPerMm([100, 50], 400, 400)).toBeCloseTo(2 * 0.92, 9);
    expect(scaleBarMm(4, 120)).toBe(20);
    expect(scaleBarMm(0.5, 120)).toBe(100);
    expect(slabSampleCount(0, 1)).toBe(1);
    expect(slabSampleCount(10, 1)).toBe(21);
    expect(slabSampleCount(1000, 0.5)).toBe(64);
  });
  it('windows values and picks the header window when there is one', () => {
    expect(applyWindow(500, { width: 2000, level: 500 })).toBe(0.5);
    expect(applyWindow(-2000, { width: 2000, level: 500 })).toBe(0);
    expect(initialWindow({ windowCenter: 40, windowWidth: 400 })).toEqual({ width: 400, level: 40 });
    expect(initialWindow({})).toEqual({ width: 2000, level: 500 });
  });
});
