/**
 * Where a 2D view draws its level labels on screen, given where they would go (beside their bodies) and the
 * bands its controls cover. A label is never drawn under the toolbar or the bottom info: one whose text would
 * reach into a band is moved just clear of it (its leader line still ends at the body); one whose body is
 * itself under a band, or off the view, is not drawn (the user sees no vertebra there to name). Labels that
 * would overlap are spread apart (up and down) so no two names overlap; when a column has more names than
 * the free height holds or closer than a label's height, every second (third, ...) name is drawn.
 */

/** Half a label's box (13 px bold text ~15 px, 1 px padding and border: ~19 px): its centre stays this far from a band. */
export const LABEL_HALF_HEIGHT_PX = 10;
/** Labels closer than this horizontally are taken as one column when they are kept apart. */
export const LABEL_COLUMN_PX = 48;
const GAP_PX = 1;

export interface LabelOnScreen {
  name: string;
  /** Body centre and where the label's centre would go (px from the view's top-left corner). */
  bodyPx: readonly [number, number];
  anchorPx: readonly [number, number];
}

/** A label as drawn: `atPx` is its centre. */
export type PlacedLabel<T extends LabelOnScreen> = T & { atPx: [number, number] };

export function placeLevelLabels<T extends LabelOnScreen>(
  labels: readonly T[],
  view: { widthPx: number; heightPx: number; topBandPx: number; bottomBandPx: number },
): PlacedLabel<T>[] {
  const top = view.topBandPx;
  const bottom = view.heightPx - view.bottomBandPx;
  const minY = top + LABEL_HALF_HEIGHT_PX + GAP_PX;
  const maxY = bottom - LABEL_HALF_HEIGHT_PX - GAP_PX;
  if (maxY < minY) return [];
  // A body whose centre is within half a label of a band is taken as under it: its name would have to move
  // off it, towards the next body.
  const visible = labels.filter(
    (l) =>
      [...l.bodyPx, ...l.anchorPx].every(Number.isFinite) &&
      l.bodyPx[1] >= top + LABEL_HALF_HEIGHT_PX &&
      l.bodyPx[1] <= bottom - LABEL_HALF_HEIGHT_PX &&
      l.bodyPx[0] >= 0 &&
      l.bodyPx[0] <= view.widthPx,
  );
  const step = 2 * LABEL_HALF_HEIGHT_PX + GAP_PX;
  const placed: PlacedLabel<T>[] = [];
  for (const column of columns(visible)) placed.push(...spreadColumn(column, minY, maxY, step));
  return placed.filter((l) => l.atPx[1] <= maxY + 1e-6);
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
    b.items.map((l, i) => ({ ...l, atPx: [l.anchorPx[0], b.topY + i * step] as [number, number] })),
  );
}
