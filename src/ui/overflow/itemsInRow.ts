/** One control of an overflow row: its natural width and how much the user needs it (1 = most). */
export interface RowItemSize {
  id: string;
  widthPx: number;
  /** Lower numbers stay in the row longer; ties keep row order. */
  priority: number;
}

/** What an overflow row shows: the ids in the row (in row order) and those moved into its "More" menu. */
export interface RowSplit {
  inRow: string[];
  inMenu: string[];
}

/**
 * Which controls of a one-row toolbar fit in `availablePx`, given their widths, the flex gap between them and
 * the width of the "More" button that holds the rest. Everything stays in the row when it all fits; otherwise
 * the controls are taken by priority until the next one would not fit beside the More button, and the rest
 * go to the menu. The cut is a prefix of the priority order (never a small low-priority control in the row
 * while a more important one is in the menu), so a control's place depends only on the width: the user
 * finds it in the same place at the same view size.
 */
export function itemsInRow(
  items: readonly RowItemSize[],
  availablePx: number,
  gapPx: number,
  moreButtonPx: number,
): RowSplit {
  const rowWidth = (ws: readonly number[]) =>
    ws.reduce((s, w) => s + w, 0) + gapPx * Math.max(0, ws.length - 1);
  const available = Number.isFinite(availablePx) ? Math.max(0, availablePx) : 0;
  if (rowWidth(items.map((i) => i.widthPx)) <= available)
    return { inRow: items.map((i) => i.id), inMenu: [] };
  const byPriority = items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => a.item.priority - b.item.priority || a.index - b.index);
  const kept = new Set<string>();
  let used = moreButtonPx;
  for (const { item } of byPriority) {
    const next = used + gapPx + item.widthPx;
    if (next > available) break;
    used = next;
    kept.add(item.id);
  }
  return {
    inRow: items.filter((i) => kept.has(i.id)).map((i) => i.id),
    inMenu: items.filter((i) => !kept.has(i.id)).map((i) => i.id),
  };
}
