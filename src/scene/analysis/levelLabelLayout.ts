/**
 * Where a 2D view draws its level labels on screen, given where they would go (beside their bodies) and the
 * bands its controls cover. A label is never drawn under the toolbar or the bottom info: one whose text would
 * reach into a band is moved just clear of it (its leader line still ends at the body); one whose body is
 * itself under a band, or off the view, is not drawn (the user sees no vertebra there to name). Labels that
 * would overlap are spread apart (up and down) so no two names overlap; when a column has more names than
 * the free height holds or closer than a label's height, every second (third, ...) name is drawn.
 */

/** Half a label's box (13 px bold text, 1 px padding and border): its centre stays this far from a band. */
export const LABEL_HALF_HEIGHT_PX = 11;
/** Labels closer than this horizontally are taken as one column when they are kept apart. */
export const LABEL_COLUMN_PX = 48;
const GAP_PX = 2;

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
  const visible = labels.filter(
    (l) =>
      [...l.bodyPx, ...l.anchorPx].every(Number.isFinite) &&
      l.bodyPx[1] >= top &&
      l.bodyPx[1] <= bottom &&
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

/**
 * One column's labels at least `step` apart, each as near its wanted height as the others allow: labels that
 * would overlap form a block centred on their wanted heights (least squares), blocks that then meet merge,
 * and a block stays within [minY, maxY]. Moving a neighbour up as well as down keeps a dense column (a
 * small view of a long spine) from being pushed off the bottom one label at a time.
 */
function spreadColumn<T extends LabelOnScreen>(
  column: readonly T[],
  minY: number,
  maxY: number,
  step: number,
): PlacedLabel<T>[] {
  const all = [...column].sort((a, b) => a.anchorPx[1] - b.anchorPx[1]);
  // Names closer than a label's height (a small view of a long spine): every second (third, ...) name, at
  // its own body's height, rather than a spread column whose names drift off their bodies (a name beside the
  // neighbouring body is a wrong level read). The stride is the smallest that leaves the names a label apart
  // and fits the free height.
  const sorted = everyNth(all, step, Math.floor((maxY - minY) / step) + 1);
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

/**
 * Every `stride`-th label from the first, with the smallest stride that fits the free height and leaves the
 * names at least 3/4 of a label apart (the spreading then moves each by a few px at most).
 */
function everyNth<T extends LabelOnScreen>(sorted: readonly T[], step: number, fits: number): T[] {
  if (fits <= 0) return [];
  for (let stride = 1; stride <= sorted.length; stride++) {
    const picked = sorted.filter((_, i) => i % stride === 0);
    const spaced = picked.every(
      (l, i) => i === 0 || l.anchorPx[1] - picked[i - 1]!.anchorPx[1] >= 0.75 * step,
    );
    if (picked.length <= fits && spaced) return picked;
  }
  return sorted.slice(0, 1);
}
