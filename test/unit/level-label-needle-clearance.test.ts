import { describe, expect, it } from 'vitest';
import {
  LABEL_HALF_HEIGHT_PX,
  labelBoxPx,
  labelClearOf,
  NEEDLE_CLEARANCE_PX,
  needleKeepOuts,
  placeLevelLabels,
  segmentSegmentDistance,
  sideLetterKeepOuts,
  TARGET_CLEARANCE_PX,
} from '../../src/scene/analysis/levelLabelLayout';

/** A needle view (zoomed ~4x): 488 x 350 px, toolbar 70 px, bottom info 26 px. */
const view = { widthPx: 488, heightPx: 350, topBandPx: 70, bottomBandPx: 26 };

const inView = (box: readonly number[]) =>
  box[0]! >= 0 &&
  box[2]! <= view.widthPx &&
  box[1]! >= view.topBandPx &&
  box[3]! <= view.heightPx - view.bottomBandPx;

describe('level labels in a close view: a leader never ends at a name outside the view', () => {
  it('a body near the right edge whose anchor is past it: the name is moved inside, its leader to it', () => {
    const [l4] = placeLevelLabels([{ name: 'L4', bodyPx: [470, 200], anchorPx: [600, 200] }], view);
    expect(l4).toBeDefined();
    expect(inView(labelBoxPx(l4!.name, l4!.atPx))).toBe(true);
    expect(l4!.bodyPx).toEqual([470, 200]);
  });
  it('the same on the left edge, and a name wider than a narrow view is not drawn at all', () => {
    const [l3] = placeLevelLabels([{ name: 'L3', bodyPx: [5, 200], anchorPx: [-120, 200] }], view);
    expect(inView(labelBoxPx(l3!.name, l3!.atPx))).toBe(true);
    expect(
      placeLevelLabels([{ name: 'T12', bodyPx: [10, 200], anchorPx: [40, 200] }], { ...view, widthPx: 20 }),
    ).toEqual([]);
  });
  it('two bodies near the edge with anchors past it: both names inside, not overlapping', () => {
    const placed = placeLevelLabels(
      [
        { name: 'L4', bodyPx: [460, 180], anchorPx: [590, 180] },
        { name: 'L5', bodyPx: [465, 192], anchorPx: [595, 192] },
      ],
      view,
    );
    expect(placed).toHaveLength(2);
    for (const l of placed) expect(inView(labelBoxPx(l.name, l.atPx))).toBe(true);
    expect(Math.abs(placed[0]!.atPx[1] - placed[1]!.atPx[1])).toBeGreaterThanOrEqual(
      2 * LABEL_HALF_HEIGHT_PX,
    );
  });
});

describe('level labels keep clear of the planned needle and its target', () => {
  it('geometry: crossing segments are 0 apart, parallel ones their offset', () => {
    expect(segmentSegmentDistance([0, 0], [10, 10], [0, 10], [10, 0])).toBe(0);
    expect(segmentSegmentDistance([0, 0], [10, 0], [0, 5], [10, 5])).toBeCloseTo(5, 9);
    expect(segmentSegmentDistance([0, 0], [0, 0], [3, 4], [3, 4])).toBeCloseTo(5, 9);
  });
  it('a needle crossing the leader path: the label is moved off it (leader and box clear) or not drawn', () => {
    // Body at (200, 200), name wanted 100 px to its right; a vertical needle at x = 250 crosses that leader.
    const keepOuts = needleKeepOuts([250, 90], [250, 300]);
    const label = { name: 'L4', bodyPx: [200, 200] as const, anchorPx: [300, 200] as const };
    expect(labelClearOf(label, label.anchorPx, keepOuts)).toBe(false);
    const placed = placeLevelLabels([label], view, keepOuts);
    // Moving up or down does not clear a needle that runs the height of the column: the other side does.
    expect(placed).toHaveLength(1);
    expect(placed[0]!.atPx[0]).toBeLessThan(200);
    expect(labelClearOf(label, placed[0]!.atPx, keepOuts)).toBe(true);
    // Without the needle it stays where it was wanted.
    expect(placeLevelLabels([label], view)[0]!.atPx).toEqual([300, 200]);
  });
  it('down the needle: a name wanted next to the tip moves out of the target disc, its leader too', () => {
    // Needle seen end on (entry and target project to one point) at the view centre.
    const keepOuts = needleKeepOuts([244, 200], [244, 200]);
    const label = { name: 'L4', bodyPx: [200, 230] as const, anchorPx: [250, 205] as const };
    expect(labelClearOf(label, label.anchorPx, keepOuts)).toBe(false);
    const [l4] = placeLevelLabels([label], view, keepOuts);
    // Room above and below: moved rather than hidden.
    expect(l4).toBeDefined();
    expect(labelClearOf(label, l4!.atPx, keepOuts)).toBe(true);
    const box = labelBoxPx(l4!.name, l4!.atPx);
    // Nearest point of the box to the target is farther than the target clearance.
    const nx = Math.max(box[0], Math.min(244, box[2]));
    const ny = Math.max(box[1], Math.min(200, box[3]));
    expect(Math.hypot(nx - 244, ny - 200)).toBeGreaterThanOrEqual(TARGET_CLEARANCE_PX);
    expect(segmentSegmentDistance(label.bodyPx, l4!.atPx, [244, 200], [244, 200])).toBeGreaterThanOrEqual(
      TARGET_CLEARANCE_PX,
    );
  });
  it('a body under the needle keeps its name; its leader stops short of the needle, still pointing at the body', () => {
    const keepOuts = needleKeepOuts([100, 200], [400, 205]);
    const placed = placeLevelLabels(
      [
        { name: 'L4', bodyPx: [250, 200], anchorPx: [250, 140] },
        { name: 'L5', bodyPx: [250, 260], anchorPx: [330, 260] },
      ],
      view,
      keepOuts,
    );
    expect(placed.map((l) => l.name).sort()).toEqual(['L4', 'L5']);
    const l4 = placed.find((l) => l.name === 'L4')!;
    const from = l4.leaderFromPx!;
    expect(from).not.toBeNull();
    // Outside the needle's clearance, the rest of the leader too, on the line from the body to the name.
    expect(segmentSegmentDistance(from, l4.atPx, [100, 200], [400, 205])).toBeGreaterThanOrEqual(
      NEEDLE_CLEARANCE_PX - 1e-9,
    );
    expect(segmentSegmentDistance(from, from, l4.bodyPx, l4.atPx)).toBeLessThan(1e-6);
    expect(Math.hypot(from[0] - 250, from[1] - 200)).toBeLessThan(NEEDLE_CLEARANCE_PX + 2);
    // L5's leader is whole.
    expect(placed.find((l) => l.name === 'L5')!.leaderFromPx).toEqual([250, 260]);
  });
  it('a name clamped to the left edge at mid-height moves off the orientation letter', () => {
    const keepOuts = sideLetterKeepOuts(view.widthPx, view.heightPx);
    const label = { name: 'L4', bodyPx: [70, 178] as const, anchorPx: [-60, 176] as const };
    // The letter plate: x 6-50, y 175 +- 9 (view height 350).
    const overlapsLetter = (box: readonly number[]) =>
      box[0]! < 50 && box[2]! > 6 && box[1]! < 175 + 9 && box[3]! > 175 - 9;
    const [unkept] = placeLevelLabels([label], view);
    expect(overlapsLetter(labelBoxPx('L4', unkept!.atPx))).toBe(true);
    const [l4] = placeLevelLabels([label], view, keepOuts);
    expect(l4).toBeDefined();
    const box = labelBoxPx('L4', l4!.atPx);
    expect(overlapsLetter(box)).toBe(false);
    expect(inView(box)).toBe(true);
    expect(Math.abs(l4!.atPx[1] - 178)).toBeLessThanOrEqual(2 * LABEL_HALF_HEIGHT_PX + 1);
  });
  it('a label moved off the needle does not land on a neighbour or nearer another body', () => {
    // L3 and L5 beside L4; the needle's tip is right at L4's name.
    const labels = [
      { name: 'L3', bodyPx: [200, 140] as const, anchorPx: [300, 140] as const },
      { name: 'L4', bodyPx: [200, 200] as const, anchorPx: [300, 200] as const },
      { name: 'L5', bodyPx: [200, 260] as const, anchorPx: [300, 260] as const },
    ];
    const keepOuts = needleKeepOuts([420, 200], [300, 200]);
    const placed = placeLevelLabels(labels, view, keepOuts);
    for (const l of placed) expect(labelClearOf(l, l.atPx, keepOuts)).toBe(true);
    for (const a of placed)
      for (const b of placed)
        if (a !== b) {
          const [ba, bb] = [labelBoxPx(a.name, a.atPx), labelBoxPx(b.name, b.atPx)];
          expect(ba[0] < bb[2] && bb[0] < ba[2] && ba[1] < bb[3] && bb[1] < ba[3]).toBe(false);
        }
    const l4 = placed.find((l) => l.name === 'L4');
    if (l4) expect(Math.abs(l4.atPx[1] - 200)).toBeLessThan(30);
    expect(placed.map((l) => l.name)).toContain('L3');
    expect(placed.map((l) => l.name)).toContain('L5');
  });
});
