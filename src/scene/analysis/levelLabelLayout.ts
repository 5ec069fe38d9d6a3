/**
 * Where a 2D view draws its level labels on screen, given where they would go (beside their bodies) and the
 * bands its controls cover. A label is never drawn under the toolbar or the bottom info: one whose text would
 * reach into a band is moved just clear of it (its leader line still ends at the body); one whose body is
 * itself under a band, or off the view, is not drawn (the user sees no vertebra there to name). Labels moved
 * onto a neighbour are pushed on past it, so no two names overlap.
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
  const placed: PlacedLabel<T>[] = visible
    .map((l) => ({
      ...l,
      atPx: [l.anchorPx[0], Math.min(maxY, Math.max(minY, l.anchorPx[1]))] as [number, number],
    }))
    .sort((a, b) => a.atPx[1] - b.atPx[1]);
  const step = 2 * LABEL_HALF_HEIGHT_PX + GAP_PX;
  for (let i = 1; i < placed.length; i++) {
    const me = placed[i]!;
    for (let j = 0; j < i; j++) {
      const other = placed[j]!;
      if (Math.abs(other.atPx[0] - me.atPx[0]) < LABEL_COLUMN_PX && me.atPx[1] - other.atPx[1] < step)
        me.atPx[1] = other.atPx[1] + step;
    }
  }
  return placed.filter((l) => l.atPx[1] <= maxY);
}
