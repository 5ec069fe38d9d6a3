import { beforeEach, describe, expect, it } from 'vitest';
import type { Vec3 } from '../../src/core/vec3';
import { add, distance, normalize, scale, sub } from '../../src/core/vec3';
import { useSliceStore } from '../../src/state/sliceStore';
import {
  DOWN_VIEW_FIELD_MM,
  fitNeedleFrame,
  MIN_NEEDLE_FIELD_MM,
  NEEDLE_FIELD_MARGIN_MM,
  needleFieldMm,
  needleFrame,
} from '../../src/volume/needleFraming';
import {
  lpsToPlane,
  type NeedleLine,
  type NeedleViewKind,
  needlePlane,
  needleUpReference,
  planeToLps,
  projectedHalfExtentMm,
  type SlicePlane,
  volumeCornersLps,
} from '../../src/volume/slicePlanes';
import {
  fitInFreeArea,
  freeArea,
  planeToScreen,
  type SliceViewTransform,
  screenToPlane,
  type ViewInsetsPx,
} from '../../src/volume/sliceViewport';

/** A lumbar CT: 512 x 512 x 300 voxels of 0.7 x 0.7 x 1 mm (358 x 358 x 300 mm), spine posterior of centre. */
const CT = {
  dims: [512, 512, 300] as [number, number, number],
  ijkToLps: [0.7, 0, 0, -179, 0, 0.7, 0, -160, 0, 0, 1, -150, 0, 0, 0, 1],
};
/** The synthetic sphere the e2e tests use: 64^3 voxels of 2 mm. */
const SPHERE = {
  dims: [64, 64, 64] as [number, number, number],
  ijkToLps: [2, 0, 0, -64, 0, 2, 0, -64, 0, 0, 2, -64, 0, 0, 0, 1],
};

/** Needle views at the 2x2, 1x1 and 1+3 layouts, with measured-like bands (toolbar, needle controls). */
const VIEWS: { w: number; h: number; insets: ViewInsetsPx }[] = [
  { w: 698, h: 420, insets: { topPx: 40, bottomPx: 52, leftPx: 0, rightPx: 0 } },
  { w: 488, h: 350, insets: { topPx: 70, bottomPx: 52, leftPx: 0, rightPx: 0 } },
  { w: 1396, h: 840, insets: { topPx: 40, bottomPx: 52, leftPx: 0, rightPx: 0 } },
  { w: 330, h: 420, insets: { topPx: 92, bottomPx: 70, leftPx: 0, rightPx: 0 } },
];

/**
 * Approaches to targets beside the spine (target 12 mm off the midline, 40 mm posterior): direction from the
 * target to the entry as (lateral, posterior, cranial) before the side is applied.
 */
const APPROACHES: { name: string; out: Vec3 }[] = [
  { name: 'straight posterior (facet, medial branch)', out: [0, 1, 0] },
  { name: '25 deg oblique (facet)', out: [Math.sin(0.44), Math.cos(0.44), 0] },
  { name: '45 deg oblique (TFESI)', out: [0.7, 0.7, 0] },
  { name: 'oblique with 25 deg caudal tilt (L5-S1 over the crest)', out: [0.6, 0.7, -0.45] },
  { name: 'oblique with 30 deg cranial tilt', out: [0.5, 0.7, 0.55] },
  { name: 'nearly cranio-caudal (sacral, anterior up)', out: [0.05, 0.12, 1] },
  { name: 'lateral (horizontal)', out: [1, 0, 0.05] },
  { name: 'anterolateral (cervical)', out: [0.6, -0.8, 0.1] },
];
const LENGTHS_MM = [35, 60, 90, 140];
const KINDS: NeedleViewKind[] = ['inPlaneA', 'inPlaneB', 'down'];

function needle(side: 1 | -1, out: Vec3, lengthMm: number): NeedleLine {
  const targetLps: Vec3 = [12 * side, 40, 0];
  const d = normalize([out[0] * side, out[1], out[2]]);
  return { targetLps, entryLps: add(targetLps, scale(d, lengthMm)) };
}

function framedView(
  line: NeedleLine,
  kind: NeedleViewKind,
  view: (typeof VIEWS)[number],
  volume: typeof CT,
  options: { rotationDeg?: number; depthMm?: number } = {},
) {
  const reference = needleUpReference(normalize(sub(line.targetLps, line.entryLps)), null);
  const plane = needlePlane(line, kind, {
    rotationDeg: options.rotationDeg ?? 0,
    depthMm: options.depthMm ?? 0,
    reference,
  }) as SlicePlane;
  const volumeHalf = projectedHalfExtentMm(plane, volumeCornersLps(volume));
  const frame = needleFrame('t1', kind, distance(line.entryLps, line.targetLps), volumeHalf);
  const fit = fitNeedleFrame(frame, view.w, view.h, view.insets);
  const transform: SliceViewTransform = {
    centreMm: [0, 0],
    pxPerMm: fit.pxPerMm,
    widthPx: view.w,
    heightPx: view.h,
    anchorPx: fit.anchorPx,
  };
  const whole = fitInFreeArea(volumeHalf, view.w, view.h, view.insets);
  const free = freeArea(view.w, view.h, view.insets);
  const screen = (lps: Vec3) => planeToScreen(transform, ...lpsToPlane(plane, lps));
  return { plane, frame, transform, whole, free, screen };
}

describe('needle field', () => {
  it('is the needle plus a margin each side, at least 80 mm; the down view frames a vertebra', () => {
    expect(needleFieldMm('inPlaneA', 90)).toBe(90 + 2 * NEEDLE_FIELD_MARGIN_MM);
    expect(needleFieldMm('inPlaneB', 140)).toBe(170);
    expect(needleFieldMm('inPlaneA', 20)).toBe(MIN_NEEDLE_FIELD_MM);
    expect(needleFieldMm('inPlaneA', 0)).toBe(MIN_NEEDLE_FIELD_MM);
    expect(needleFieldMm('down', 20)).toBe(DOWN_VIEW_FIELD_MM);
    expect(needleFieldMm('down', 200)).toBe(DOWN_VIEW_FIELD_MM);
    expect(DOWN_VIEW_FIELD_MM).toBeGreaterThanOrEqual(MIN_NEEDLE_FIELD_MM);
  });
});

describe('needle views frame the needle on a CT', () => {
  for (const side of [1, -1] as const)
    for (const { name, out } of APPROACHES)
      it(`${side === 1 ? 'left' : 'right'}, ${name}`, () => {
        for (const lengthMm of LENGTHS_MM)
          for (const view of VIEWS)
            for (const rotationDeg of [0, 35, 90, 200])
              for (const kind of KINDS) {
                const line = needle(side, out, lengthMm);
                const depthMm = kind === 'down' ? lengthMm : 0;
                const v = framedView(line, kind, view, CT, { rotationDeg, depthMm });
                const k = v.transform.pxPerMm;
                const tight = Math.min(v.free.widthPx, v.free.heightPx);
                // The field fills the free area's tighter side (the fit's 0.92) and is never wider than the
                // whole-volume fit; on a 358 mm CT a needle view is always much closer than that fit.
                expect(k).toBeGreaterThanOrEqual(v.whole.pxPerMm);
                expect(v.frame.fieldMm * k).toBeLessThanOrEqual(tight + 1e-6);
                expect(v.frame.fieldMm * k).toBeCloseTo(0.92 * tight, 6);
                if (v.frame.fieldMm <= 120) expect(k).toBeGreaterThan(2 * v.whole.pxPerMm);
                // Entry and target lie inside the free area with the margin (in-plane views), or the
                // target at its centre (down view at the target): nothing under the toolbar or controls.
                const marginPx = kind === 'down' ? 0 : NEEDLE_FIELD_MARGIN_MM * k * 0.999;
                for (const end of [line.entryLps, line.targetLps]) {
                  if (kind === 'down' && end === line.entryLps) continue;
                  const [x, y] = v.screen(end);
                  expect(x).toBeGreaterThanOrEqual(v.free.leftPx + marginPx);
                  expect(x).toBeLessThanOrEqual(v.free.leftPx + v.free.widthPx - marginPx);
                  expect(y).toBeGreaterThanOrEqual(v.free.topPx + marginPx);
                  expect(y).toBeLessThanOrEqual(v.free.topPx + v.free.heightPx - marginPx);
                }
                // Centred on the needle: its midpoint (in-plane) or its axis (down) at the free area's centre.
                const centre =
                  kind === 'down' ? line.targetLps : scale(add(line.entryLps, line.targetLps), 0.5);
                const [cx, cy] = v.screen(centre);
                expect(cx).toBeCloseTo(v.free.leftPx + v.free.widthPx / 2, 6);
                expect(cy).toBeCloseTo(v.free.topPx + v.free.heightPx / 2, 6);
                // A 60-140 mm needle spans at least 60 % of the free area's tighter side in-plane.
                if (kind !== 'down' && lengthMm >= 60) {
                  const [ex, ey] = v.screen(line.entryLps);
                  const [tx, ty] = v.screen(line.targetLps);
                  expect(Math.hypot(ex - tx, ey - ty) / tight).toBeGreaterThan(0.6);
                }
              }
      });

  it('a click maps through the same transform: the needle ends come back exactly from their pixels', () => {
    const line = needle(-1, [0.6, 0.7, -0.45], 75);
    for (const kind of ['inPlaneA', 'inPlaneB'] as const) {
      const v = framedView(line, kind, VIEWS[1]!, CT, { rotationDeg: 35 });
      for (const end of [line.entryLps, line.targetLps]) {
        const [x, y] = v.screen(end);
        const back = planeToLps(v.plane, ...screenToPlane(v.transform, x, y));
        expect(distance(back, end)).toBeLessThan(1e-9);
      }
    }
  });

  it('never frames wider than the whole-volume fit: a long needle in a small volume gets the volume fit', () => {
    // Corner to corner of the 128 mm cube: a 208 mm needle, a 238 mm field, wider than the cube shows.
    const line: NeedleLine = { entryLps: [60, 60, 60], targetLps: [-60, -60, -60] };
    const v = framedView(line, 'inPlaneA', VIEWS[0]!, SPHERE);
    expect(v.frame.fieldMm).toBeCloseTo(distance(line.entryLps, line.targetLps) + 30, 9);
    expect(v.transform.pxPerMm).toBeCloseTo(v.whole.pxPerMm, 12);
    // The sphere's own e2e needle (51 mm) is framed closer than the whole 128 mm cube.
    const short = framedView({ entryLps: [30, 40, 12], targetLps: [0, 0, 0] }, 'inPlaneA', VIEWS[0]!, SPHERE);
    expect(short.transform.pxPerMm).toBeGreaterThan(1.5 * short.whole.pxPerMm);
  });

  it('a frame kept while the needle is edited keeps the scale; a new frame follows the new length', () => {
    const line = needle(1, [0.7, 0.7, 0], 60);
    const v = framedView(line, 'inPlaneA', VIEWS[0]!, CT);
    const longer: NeedleLine = { ...line, entryLps: add(line.entryLps, [10, 12, 4]) };
    const kept = fitNeedleFrame(v.frame, VIEWS[0]!.w, VIEWS[0]!.h, VIEWS[0]!.insets);
    expect(kept.pxPerMm).toBe(v.transform.pxPerMm);
    const refit = framedView(longer, 'inPlaneA', VIEWS[0]!, CT);
    expect(refit.transform.pxPerMm).toBeLessThan(v.transform.pxPerMm);
  });
});

describe('slice store keeps a needle frame while the needle is edited', () => {
  const frame = (trajectoryId: string, fieldMm = 100) => ({
    trajectoryId,
    kind: 'inPlaneA' as const,
    fieldMm,
    volumeHalfExtentMm: [180, 150] as const,
  });
  beforeEach(() => {
    useSliceStore.getState().setLayout('standard');
    useSliceStore.getState().setLayout('needle');
  });

  it('the same needle keeps zoom and pan; another needle or Fit starts fitted', () => {
    const s = useSliceStore.getState;
    s().setNeedleFrame('axial', frame('a'));
    s().setZoom('axial', 2);
    s().setPan('axial', [5, -3]);
    s().setSlab('axial', 4);
    s().setNeedleFrame('axial', frame('a', 110));
    expect(s().views.axial.zoom).toBe(2);
    expect(s().views.axial.panMm).toEqual([5, -3]);
    s().setNeedleFrame('axial', frame('b'));
    expect(s().views.axial.zoom).toBe(1);
    expect(s().views.axial.panMm).toEqual([0, 0]);
    expect(s().views.axial.slabMm).toBe(4);
    expect(s().needleFrames.axial?.trajectoryId).toBe('b');
    s().setZoom('axial', 3);
    s().resetView('axial');
    expect(s().views.axial.zoom).toBe(1);
    expect(s().needleFrames.axial).toBeNull();
  });

  it('a layout change forgets the frames and starts fitted', () => {
    const s = useSliceStore.getState;
    s().setNeedleFrame('coronal', frame('a'));
    s().setPan('coronal', [10, 10]);
    s().setLayout('needle');
    expect(s().needleFrames.coronal?.trajectoryId).toBe('a');
    s().setLayout('standard');
    expect(s().needleFrames.coronal).toBeNull();
    expect(s().views.coronal.panMm).toEqual([0, 0]);
  });
});

describe('slice store holds a needle view plane while a handle is dragged in it', () => {
  const line: NeedleLine = { entryLps: [30, 40, 12], targetLps: [0, 0, 0] };
  const reference = needleUpReference(normalize(sub(line.targetLps, line.entryLps)), null);
  const plane = needlePlane(line, 'inPlaneA', { rotationDeg: 0, depthMm: 0, reference })!;
  beforeEach(() => {
    useSliceStore.getState().setLayout('standard');
    useSliceStore.getState().setLayout('needle');
  });

  it('keeps the plane of the view it was held for until that view releases it', () => {
    const s = useSliceStore.getState;
    s().holdNeedlePlane('axial', plane);
    expect(s().heldNeedlePlane).toEqual({ view: 'axial', plane });
    // Another view's release (its own drag ended) leaves this hold alone.
    s().releaseNeedlePlane('sagittal');
    expect(s().heldNeedlePlane?.view).toBe('axial');
    s().releaseNeedlePlane('axial');
    expect(s().heldNeedlePlane).toBeNull();
  });

  it('a layout change ends the hold', () => {
    const s = useSliceStore.getState;
    s().holdNeedlePlane('coronal', plane);
    s().setLayout('standard');
    expect(s().heldNeedlePlane).toBeNull();
  });
});
