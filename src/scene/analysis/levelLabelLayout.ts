/**
 * Where a 2D view draws its level labels on screen, given where they would go (beside their bodies), the
 * bands its controls cover and the planned needles it shows. A label is never drawn under the toolbar or the
 * bottom info: one whose text would reach into a band is moved just clear of it (its leader line still ends
 * at the body); one whose body is itself under a band, or off the view, is not drawn (the user sees no
 * vertebra there to name). A name that would reach past the view's left or right edge (a close needle view
 * of a body near the edge) is moved in, so a leader never ends at a name outside the view. Labels that
 * would overlap are spread apart (up and down) so no two names overlap; when a column has more names than
 * the free height holds or closer than a label's height, every second (third, ...) name is drawn. Names and
 * leaders keep clear of the needles (their drawn line and, wider, their target marker): the anatomy at the
 * tip is what the specialist reads, so a label there moves (up or down its column, or to the other side of
 * its body) or is not drawn.
 */

/** Half a label's box (13 px bold text ~15 px, 1 px padding and border: ~19 px): its centre stays this far from a band. */
export const LABEL_HALF_HEIGHT_PX = 10;
/** Labels closer than this horizontally are taken as one column when they are kept apart. */
export const LABEL_COLUMN_PX = 48;
const GAP_PX = 1;
/** A name's box stays this far inside the view's left and right edges. */
const EDGE_GAP_PX = 2;
/**
 * How far names and leaders keep from a needle's drawn line (its 3 px stroke and halo reach ~3 px from the
 * centre line: ~11 px of image left free each side).
 */
export const NEEDLE_CLEARANCE_PX = 14;
/** ... and from the centre of its target marker (6 px radius, 10 px with the active ring: ~14 px free round it). */
export const TARGET_CLEARANCE_PX = 20;
/** How many label heights a name may move up or down its column to clear a needle. */
const MAX_SHIFT_STEPS = 3;

/**
 * Width of a label's box (px) for its name: 13 px bold system-ui runs ~7.5 px a digit and ~9 px a capital,
 * plus 2 x 5 px padding and the 1 px border each side. A slight over-estimate keeps names off the edges.
 */
export const labelWidthPx = (name: string): number => name.length * 8.5 + 12;

/** A region labels keep out of: every point within `radiusPx` of the segment a-b (a = b for a disc). */
export interface KeepOut {
  aPx: readonly [number, number];
  bPx: readonly [number, number];
  radiusPx: number;
}

/**
 * The plates of a 2D view's left and right orientation letters (mid-height, 6 px in from the edge, 18 px
 * tall, up to ~44 px wide for an oblique plane's three letters): names and leaders keep off them.
 */
export function sideLetterKeepOuts(widthPx: number, heightPx: number): KeepOut[] {
  const y = heightPx / 2;
  return [
    { aPx: [17, y], bPx: [39, y], radiusPx: 13 },
    { aPx: [widthPx - 39, y], bPx: [widthPx - 17, y], radiusPx: 13 },
  ];
}

/** The keep-outs of one planned needle on screen: its line (entry to target) and a wider disc at its target. */
export function needleKeepOuts(
  entryPx: readonly [number, number],
  targetPx: readonly [number, number],
): KeepOut[] {
  return [
    { aPx: entryPx, bPx: targetPx, radiusPx: NEEDLE_CLEARANCE_PX },
    { aPx: targetPx, bPx: targetPx, radiusPx: TARGET_CLEARANCE_PX },
  ];
}

export interface LabelOnScreen {
  name: string;
  /** Body centre and where the label's centre would go (px from the view's top-left corner). */
  bodyPx: readonly [number, number];
  anchorPx: readonly [number, number];
}

/**
 * A label as drawn: `atPx` is its centre; its leader runs from `leaderFromPx` (the body, or a point just
 * clear of a needle lying over the body) to the name, or is not drawn when `leaderFromPx` is null.
 */
export type PlacedLabel<T extends LabelOnScreen> = T & {
  atPx: [number, number];
  leaderFromPx: readonly [number, number] | null;
};

export function placeLevelLabels<T extends LabelOnScreen>(
  labels: readonly T[],
  view: { widthPx: number; heightPx: number; topBandPx: number; bottomBandPx: number },
  keepOuts: readonly KeepOut[] = [],
): PlacedLabel<T>[] {
  const top = view.topBandPx;
  const bottom = view.heightPx - view.bottomBandPx;
  const minY = top + LABEL_HALF_HEIGHT_PX + GAP_PX;
  const maxY = bottom - LABEL_HALF_HEIGHT_PX - GAP_PX;
  if (maxY < minY) return [];
  // A body whose centre is within half a label of a band is taken as under it: its name would have to move
  // off it, towards the next body.
  const visible = labels
    .filter(
      (l) =>
        [...l.bodyPx, ...l.anchorPx].every(Number.isFinite) &&
        l.bodyPx[1] >= top + LABEL_HALF_HEIGHT_PX &&
        l.bodyPx[1] <= bottom - LABEL_HALF_HEIGHT_PX &&
        l.bodyPx[0] >= 0 &&
        l.bodyPx[0] <= view.widthPx,
    )
    .flatMap((l) => {
      // The name's whole box inside the view: a close view of a body near its edge puts the name nearer
      // the body (over it, at worst) rather than past the edge with only its leader in sight.
      const x = clampX(l.anchorPx[0], l.name, view.widthPx);
      return x === null ? [] : [{ ...l, anchorPx: [x, l.anchorPx[1]] as const }];
    });
  const step = 2 * LABEL_HALF_HEIGHT_PX + GAP_PX;
  const placed: PlacedLabel<T>[] = [];
  for (const column of columns(visible)) placed.push(...spreadColumn(column, minY, maxY, step));
  const inBands = placed.filter((l) => l.atPx[1] <= maxY + 1e-6);
  return keepOuts.length === 0
    ? inBands
    : clearOfKeepOuts(inBands, visible, keepOuts, view.widthPx, minY, maxY, step);
}

/** The x of a name's centre that keeps its box inside the view, or null when the view is narrower than it. */
function clampX(x: number, name: string, widthPx: number): number | null {
  const half = labelWidthPx(name) / 2 + EDGE_GAP_PX;
  if (widthPx < 2 * half) return null;
  return Math.max(half, Math.min(widthPx - half, x));
}

type Box = readonly [number, number, number, number];

/** A label's box on screen: [left, top, right, bottom]. */
export function labelBoxPx(name: string, atPx: readonly [number, number]): Box {
  const half = labelWidthPx(name) / 2;
  return [atPx[0] - half, atPx[1] - LABEL_HALF_HEIGHT_PX, atPx[0] + half, atPx[1] + LABEL_HALF_HEIGHT_PX];
}

const boxesOverlap = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

/** Whether a label at `atPx` (its box and its leader from the body) keeps clear of every keep-out. */
export function labelClearOf(
  l: LabelOnScreen,
  atPx: readonly [number, number],
  keepOuts: readonly KeepOut[],
): boolean {
  const box = labelBoxPx(l.name, atPx);
  return keepOuts.every(
    (k) =>
      segmentSegmentDistance(l.bodyPx, atPx, k.aPx, k.bPx) >= k.radiusPx &&
      boxSegmentDistance(box, k.aPx, k.bPx) >= k.radiusPx,
  );
}

/**
 * Where the leader from a label's body to `atPx` starts: the body when the whole leader keeps clear of the
 * keep-outs; when the body itself lies within one (a needle drawn over the vertebra, its tip beside the
 * body) the first point from which the rest is clear, so the line stops short of the needle and still
 * points at the body (null: no part is clear, the name is drawn without a leader); 'crosses' when the leader
 * runs through a keep-out on its way (a needle between the body and its name).
 */
export function leaderStartPx(
  bodyPx: readonly [number, number],
  atPx: readonly [number, number],
  keepOuts: readonly KeepOut[],
): readonly [number, number] | null | 'crosses' {
  const clearFrom = (p: P) =>
    keepOuts.every((k) => segmentSegmentDistance(p, atPx, k.aPx, k.bPx) >= k.radiusPx);
  if (clearFrom(bodyPx)) return bodyPx;
  const clearAt = (p: P) => keepOuts.every((k) => pointSegmentDistance(p, k.aPx, k.bPx) >= k.radiusPx);
  const n = Math.ceil(Math.hypot(atPx[0] - bodyPx[0], atPx[1] - bodyPx[1]));
  for (let i = 1; i <= n; i++) {
    const t = i / n;
    const p: P = [bodyPx[0] + (atPx[0] - bodyPx[0]) * t, bodyPx[1] + (atPx[1] - bodyPx[1]) * t];
    if (clearAt(p)) return clearFrom(p) ? p : 'crosses';
  }
  return null;
}

/**
 * Labels as spread, each kept clear of the keep-outs (needles, the side letters): one that is not is moved
 * to the nearest place that is (up or down its column by whole label heights, or beside the other side of
 * its body), still nearer its own body's height than any other's and over no other name; a whole leader is
 * preferred to one that stops short of a needle lying over its body. Failing all that it is not drawn.
 */
function clearOfKeepOuts<T extends LabelOnScreen>(
  placed: readonly PlacedLabel<T>[],
  visible: readonly T[],
  keepOuts: readonly KeepOut[],
  widthPx: number,
  minY: number,
  maxY: number,
  step: number,
): PlacedLabel<T>[] {
  const kept: PlacedLabel<T>[] = [];
  placed.forEach((l, i) => {
    const others = [...kept, ...placed.slice(i + 1)].map((o) => labelBoxPx(o.name, o.atPx));
    const ownNearest = (y: number) =>
      visible.every((o) => o.name === l.name || Math.abs(y - o.bodyPx[1]) > Math.abs(y - l.bodyPx[1]));
    const mirroredX = clampX(2 * l.bodyPx[0] - l.atPx[0], l.name, widthPx);
    const xs = mirroredX === null ? [l.atPx[0]] : [l.atPx[0], mirroredX];
    const usable: { at: [number, number]; from: readonly [number, number] | null }[] = [];
    for (let k = 0; k <= MAX_SHIFT_STEPS; k++)
      for (const x of xs)
        for (const y of k === 0 ? [l.atPx[1]] : [l.atPx[1] - k * step, l.atPx[1] + k * step]) {
          if (y < minY - 1e-6 || y > maxY + 1e-6 || !ownNearest(y)) continue;
          const at: [number, number] = [x, y];
          const box = labelBoxPx(l.name, at);
          if (others.some((o) => boxesOverlap(o, box))) continue;
          if (!keepOuts.every((ko) => boxSegmentDistance(box, ko.aPx, ko.bPx) >= ko.radiusPx)) continue;
          const from = leaderStartPx(l.bodyPx, at, keepOuts);
          if (from !== 'crosses') usable.push({ at, from });
        }
    const best = usable.find((u) => u.from === l.bodyPx) ?? usable[0];
    if (best) kept.push({ ...l, atPx: best.at, leaderFromPx: best.from });
  });
  return kept;
}

type P = readonly [number, number];

/** Distance from point p to the segment a-b. */
function pointSegmentDistance(p: P, a: P, b: P): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

const cross = (o: P, a: P, b: P) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Whether the segments a-b and c-d cross (proper crossings; touching counts through the distance). */
function segmentsCross(a: P, b: P, c: P, d: P): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/** Distance between the segments a-b and c-d (0 when they cross). */
export function segmentSegmentDistance(a: P, b: P, c: P, d: P): number {
  if (segmentsCross(a, b, c, d)) return 0;
  return Math.min(
    pointSegmentDistance(a, c, d),
    pointSegmentDistance(b, c, d),
    pointSegmentDistance(c, a, b),
    pointSegmentDistance(d, a, b),
  );
}

/** Distance between a box [left, top, right, bottom] and the segment a-b (0 when it enters the box). */
function boxSegmentDistance(box: Box, a: P, b: P): number {
  const [l, t, r, btm] = box;
  const inside = (p: P) => p[0] >= l && p[0] <= r && p[1] >= t && p[1] <= btm;
  if (inside(a) || inside(b)) return 0;
  const corners: P[] = [
    [l, t],
    [r, t],
    [r, btm],
    [l, btm],
  ];
  return Math.min(...corners.map((c, i) => segmentSegmentDistance(c, corners[(i + 1) % 4]!, a, b)));
}

/** Labels split into columns: sorted by x, a new column where the gap to the previous label is wide. */
function columns<T extends LabelOnScreen>(labels: readonly T[]): T[][] {
  const byX = [...labels].sort((a, b) => a.anchorPx[0] - b.anchorPx[0]);
  const out: T[][] = [];
  for (const l of byX) {
    const last = out.at(-1);
    if (last && l.anchorPx[0] - last.at(-1)!.anchorPx[0] < LABEL_COLUMN_PX) last.push(l);
    else out.push([l]);
  }
  return out;
}

/** One column's labels, at least `step` apart, each nearer its own body's height than any other body's. */
function spreadColumn<T extends LabelOnScreen>(
  column: readonly T[],
  minY: number,
  maxY: number,
  step: number,
): PlacedLabel<T>[] {
  const all = [...column].sort((a, b) => a.anchorPx[1] - b.anchorPx[1]);
  // Names closer than a label's height (a small view of a long spine): spread apart, a name may come to sit
  // nearer the neighbouring body than its own, which reads as the wrong level. Then every second (third, ...)
  // name only: the smallest stride whose names each stay nearest their own body and fit the free height.
  const fits = Math.floor((maxY - minY) / step) + 1;
  let best: PlacedLabel<T>[] = [];
  for (let stride = 1; stride <= all.length; stride++) {
    const picked = all.filter((_, i) => i % stride === 0);
    if (picked.length > fits) continue;
    const placed = spreadBlocks(picked, minY, maxY, step);
    const ownNearest = placed.filter((l) =>
      all.every(
        (o) => o.name === l.name || Math.abs(l.atPx[1] - o.bodyPx[1]) > Math.abs(l.atPx[1] - l.bodyPx[1]),
      ),
    );
    if (ownNearest.length === placed.length) return placed;
    // Otherwise the names that do stay nearest their bodies, from the stride that keeps most of them.
    if (ownNearest.length > best.length) best = ownNearest;
  }
  return best;
}

/**
 * Labels at least `step` apart, each as near its wanted height as the others allow: labels that would
 * overlap form a block centred on their wanted heights (least squares), blocks that then meet merge, and a
 * block stays within [minY, maxY]. Moving a neighbour up as well as down keeps a column from being pushed
 * off the bottom one label at a time.
 */
function spreadBlocks<T extends LabelOnScreen>(
  sorted: readonly T[],
  minY: number,
  maxY: number,
  step: number,
): PlacedLabel<T>[] {
  const blocks: { items: T[]; topY: number }[] = [];
  const place = (items: T[]) => {
    const mean = items.reduce((s, l, i) => s + l.anchorPx[1] - i * step, 0) / items.length;
    return Math.max(minY, Math.min(maxY - (items.length - 1) * step, mean));
  };
  for (const l of sorted) {
    let block = { items: [l], topY: place([l]) };
    for (
      let prev = blocks.at(-1);
      prev && prev.topY + prev.items.length * step > block.topY;
      prev = blocks.at(-1)
    ) {
      blocks.pop();
      const items = [...prev.items, ...block.items];
      block = { items, topY: place(items) };
    }
    blocks.push(block);
  }
  return blocks.flatMap((b) =>
    b.items.map((l, i) => ({
      ...l,
      atPx: [l.anchorPx[0], b.topY + i * step] as [number, number],
      leaderFromPx: l.bodyPx,
    })),
  );
}
