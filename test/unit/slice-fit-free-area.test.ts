import { describe, expect, it } from 'vitest';
import { LABEL_HALF_HEIGHT_PX, placeLevelLabels } from '../../src/scene/analysis/levelLabelLayout';

/** Centre-to-centre distance of two labels drawn one under the other (1 px apart). */
const STEP = 2 * LABEL_HALF_HEIGHT_PX + 1;

import {
  fitInFreeArea,
  freeArea,
  MIN_FREE_FRACTION,
  NO_INSETS,
  planeToScreen,
  type SliceViewTransform,
  screenToPlane,
  viewCentreMm,
} from '../../src/volume/sliceViewport';

/** View sizes of the 2x2, 1x1 and 1+3 layouts at 1280x800 and 1024x700, with measured-like bands. */
const CASES = [
  { w: 488, h: 350, insets: { topPx: 70, bottomPx: 26, leftPx: 0, rightPx: 0 }, half: [90, 155] },
  { w: 488, h: 350, insets: { topPx: 70, bottomPx: 26, leftPx: 0, rightPx: 0 }, half: [192, 192] },
  { w: 960, h: 720, insets: { topPx: 48, bottomPx: 26, leftPx: 0, rightPx: 0 }, half: [192, 155] },
  { w: 360, h: 300, insets: { topPx: 92, bottomPx: 70, leftPx: 10, rightPx: 30 }, half: [120, 80] },
  { w: 1200, h: 240, insets: { topPx: 48, bottomPx: 26, leftPx: 0, rightPx: 0 }, half: [30, 200] },
] as const;

describe('fit in the free area of a view', () => {
  for (const c of CASES) {
    it(`${c.w}x${c.h}, bands ${c.insets.topPx}/${c.insets.bottomPx}, half extents ${c.half}`, () => {
      const free = freeArea(c.w, c.h, c.insets);
      expect(free.topPx).toBe(c.insets.topPx);
      expect(free.heightPx).toBe(c.h - c.insets.topPx - c.insets.bottomPx);
      const fit = fitInFreeArea(c.half, c.w, c.h, c.insets);
      const t: SliceViewTransform = {
        centreMm: [0, 0],
        pxPerMm: fit.pxPerMm,
        widthPx: c.w,
        heightPx: c.h,
        anchorPx: fit.anchorPx,
      };
      // The volume centre (plane origin) lands at the free area's centre.
      const [cx, cy] = planeToScreen(t, 0, 0);
      expect(cx).toBeCloseTo(free.leftPx + free.widthPx / 2, 9);
      expect(cy).toBeCloseTo(free.topPx + free.heightPx / 2, 9);
      // The whole projection lies inside the free area, and fills it on its tight axis (0.92 margin).
      const [x0, y0] = planeToScreen(t, -c.half[0], c.half[1]);
      const [x1, y1] = planeToScreen(t, c.half[0], -c.half[1]);
      expect(x0).toBeGreaterThanOrEqual(free.leftPx - 1e-9);
      expect(x1).toBeLessThanOrEqual(free.leftPx + free.widthPx + 1e-9);
      expect(y0).toBeGreaterThanOrEqual(free.topPx - 1e-9);
      expect(y1).toBeLessThanOrEqual(free.topPx + free.heightPx + 1e-9);
      const fill = Math.max((x1 - x0) / free.widthPx, (y1 - y0) / free.heightPx);
      expect(fill).toBeCloseTo(0.92, 6);
      // One transform both ways; the camera's centre maps back to the view's middle.
      const p = screenToPlane(t, 37, 211);
      const q = planeToScreen(t, ...p);
      expect(q[0]).toBeCloseTo(37, 9);
      expect(q[1]).toBeCloseTo(211, 9);
      const m = planeToScreen(t, ...viewCentreMm(t));
      expect(m[0]).toBeCloseTo(c.w / 2, 9);
      expect(m[1]).toBeCloseTo(c.h / 2, 9);
    });
  }

  it('without bands (or without an anchor) it is the old whole-view fit about the view centre', () => {
    const fit = fitInFreeArea([100, 50], 400, 300, NO_INSETS);
    expect(fit.anchorPx).toEqual([200, 150]);
    const withAnchor = { centreMm: [3, 4] as const, pxPerMm: 2, widthPx: 400, heightPx: 300 };
    expect(planeToScreen({ ...withAnchor, anchorPx: [200, 150] }, 10, -5)).toEqual(
      planeToScreen(withAnchor, 10, -5),
    );
  });

  it('bands that leave too little of a tiny view are ignored on that axis', () => {
    const insets = { topPx: 120, bottomPx: 70, leftPx: 0, rightPx: 0 };
    const free = freeArea(300, 280, insets);
    expect(280 - 190).toBeLessThan(MIN_FREE_FRACTION * 280);
    expect(free).toEqual({ leftPx: 0, topPx: 0, widthPx: 300, heightPx: 280 });
  });

  it('zoom about a point keeps that point whatever the anchor', () => {
    const fit = fitInFreeArea([150, 150], 488, 350, { topPx: 70, bottomPx: 26, leftPx: 0, rightPx: 0 });
    const t: SliceViewTransform = {
      centreMm: [5, -7],
      pxPerMm: fit.pxPerMm,
      widthPx: 488,
      heightPx: 350,
      anchorPx: fit.anchorPx,
    };
    const [px, py] = screenToPlane(t, 120, 90);
    const factor = 1.5;
    const zoomed = {
      ...t,
      pxPerMm: t.pxPerMm * factor,
      centreMm: [px - (px - 5) / factor, py - (py + 7) / factor] as const,
    };
    const [x, y] = planeToScreen(zoomed, px, py);
    expect(x).toBeCloseTo(120, 9);
    expect(y).toBeCloseTo(90, 9);
  });
});

describe('level labels stay out of the toolbar and info bands', () => {
  const view = { widthPx: 488, heightPx: 350, topBandPx: 70, bottomBandPx: 26 };
  it('a label whose text reaches into the top band is moved just below it, its leader still at the body', () => {
    const [t12, l1] = placeLevelLabels(
      [
        { name: 'T12', bodyPx: [240, 84], anchorPx: [200, 64] },
        { name: 'L1', bodyPx: [240, 130], anchorPx: [200, 110] },
      ],
      view,
    );
    expect(t12!.atPx[1] - LABEL_HALF_HEIGHT_PX).toBeGreaterThanOrEqual(70);
    expect(t12!.bodyPx).toEqual([240, 84]);
    // Not drawn over T12.
    expect(l1!.atPx[1] - t12!.atPx[1]).toBeGreaterThanOrEqual(STEP - 1e-9);
  });
  it('a label whose body is under a band or off the view is not drawn', () => {
    const placed = placeLevelLabels(
      [
        { name: 'T11', bodyPx: [240, 40], anchorPx: [200, 40] },
        { name: 'L5', bodyPx: [240, 340], anchorPx: [200, 340] },
        { name: 'L3', bodyPx: [-20, 200], anchorPx: [10, 200] },
        { name: 'L2', bodyPx: [240, 200], anchorPx: [200, 200] },
      ],
      view,
    );
    expect(placed.map((l) => l.name)).toEqual(['L2']);
    expect(placed[0]!.atPx).toEqual([200, 200]);
  });
  it('names a little closer than a label are spread up and down, each still nearest its own body', () => {
    // Three thoracic bodies 18 px apart, then lumbar ones 30 px apart.
    const ys = [100, 118, 136, 166, 196, 226, 256];
    const labels = ys.map((y, i) => ({
      name: `V${i}`,
      bodyPx: [240, y] as const,
      anchorPx: [200, y] as const,
    }));
    const placed = placeLevelLabels(labels, view);
    expect(placed).toHaveLength(7);
    const at = placed.map((l) => l.atPx[1]).sort((a, b) => a - b);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(STEP - 1e-9);
    for (const l of placed)
      for (const y of ys)
        if (y !== l.bodyPx[1])
          expect(Math.abs(l.atPx[1] - y)).toBeGreaterThan(Math.abs(l.atPx[1] - l.bodyPx[1]));
  });
  it('a long run of such names: every second one rather than names drifting onto the neighbouring bodies', () => {
    const labels = Array.from({ length: 9 }, (_, i) => ({
      name: `V${i}`,
      bodyPx: [240, 100 + i * 16] as const,
      anchorPx: [200 + (i % 2) * 6, 100 + i * 16] as const,
    }));
    expect(placeLevelLabels(labels, view).map((l) => l.name)).toEqual(['V0', 'V2', 'V4', 'V6', 'V8']);
  });
  it('names much closer than a label: every second one, each beside its own body', () => {
    const names = ['T11', 'T12', 'L1', 'L2', 'L3', 'L4', 'L5', 'S1'];
    const labels = names.map((name, i) => ({
      name,
      bodyPx: [240, 100 + i * 14] as const,
      anchorPx: [200, 100 + i * 14] as const,
    }));
    const placed = placeLevelLabels(labels, view);
    expect(placed.map((l) => l.name)).toEqual(['T11', 'L1', 'L3', 'L5']);
    for (const l of placed) expect(Math.abs(l.atPx[1] - l.bodyPx[1])).toBeLessThanOrEqual(4);
    // The same column with T11 just below the toolbar (its name moved down onto T12's height if kept):
    // the other names still show, every second one, each at its own body.
    const high = labels.map((l) => ({
      ...l,
      bodyPx: [240, l.bodyPx[1] - 18] as const,
      anchorPx: [200, l.anchorPx[1] - 18] as const,
    }));
    const placedHigh = placeLevelLabels(high, view);
    expect(placedHigh.length).toBeGreaterThanOrEqual(3);
    for (const l of placedHigh) expect(Math.abs(l.atPx[1] - l.bodyPx[1])).toBeLessThan(7);
  });
  it('more names than the free height holds: a stride that fits, none under a band', () => {
    const labels = Array.from({ length: 20 }, (_, i) => ({
      name: `V${i}`,
      bodyPx: [240, 84 + i * 12] as const,
      anchorPx: [200, 84 + i * 12] as const,
    }));
    const placed = placeLevelLabels(labels, view);
    expect(placed.map((l) => l.name)).toEqual([
      'V0',
      'V2',
      'V4',
      'V6',
      'V8',
      'V10',
      'V12',
      'V14',
      'V16',
      'V18',
    ]);
    const ys = placed.map((l) => l.atPx[1]);
    for (let i = 1; i < ys.length; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(STEP - 1e-9);
    for (const l of placed) {
      expect(l.atPx[1] - 11).toBeGreaterThanOrEqual(70);
      expect(l.atPx[1] + LABEL_HALF_HEIGHT_PX).toBeLessThanOrEqual(350 - 26);
    }
  });
  it('two columns (both sides of the spine) are spread apart independently', () => {
    const placed = placeLevelLabels(
      [
        { name: 'L1', bodyPx: [240, 150], anchorPx: [190, 150] },
        { name: 'L2', bodyPx: [240, 160], anchorPx: [290, 160] },
      ],
      view,
    );
    expect(placed.map((l) => l.atPx[1]).sort()).toEqual([150, 160]);
  });
});
