import { type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { itemsInRow } from './itemsInRow';

/** The attribute on the row's own wrapper of each control (its value is the control's id). */
export const OVERFLOW_ITEM_ATTRIBUTE = 'data-overflow-item';

export interface OverflowRowRefs {
  /** The box whose width the row may take (sized by its container, never by the row's content). */
  areaRef: RefObject<HTMLDivElement | null>;
  /** The row itself: its direct children are the controls in the row and the More button. */
  rowRef: RefObject<HTMLDivElement | null>;
  /** The ids of the controls that do not fit, in row order. */
  inMenu: readonly string[];
}

const sameIds = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id, i) => id === b[i]);

/**
 * Decides which controls of a one-row toolbar go into its More menu. Each control's width is measured while
 * it is in the row and remembered while it is in the menu (its width does not depend on the others), the
 * available width is the area's, which the row's content does not change: so a decision never changes its
 * own inputs and the row settles after one pass (no measure/resize loop). Runs before paint when the set of
 * controls changes and whenever the area or the row changes size (ResizeObserver: a narrower view, a
 * control whose label changes, a late web font).
 */
export function useOverflowRow(
  items: readonly { id: string; priority: number }[],
  gapPx: number,
  moreButtonEstimatePx: number,
): OverflowRowRefs {
  const areaRef = useRef<HTMLDivElement | null>(null);
  const rowRef = useRef<HTMLDivElement | null>(null);
  const widths = useRef(new Map<string, number>());
  const moreWidthPx = useRef(moreButtonEstimatePx);
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const [inMenu, setInMenu] = useState<readonly string[]>([]);

  const decide = useCallback(() => {
    const area = areaRef.current;
    const row = rowRef.current;
    if (!area || !row) return;
    for (const el of row.querySelectorAll<HTMLElement>(`:scope > [${OVERFLOW_ITEM_ATTRIBUTE}]`))
      widths.current.set(el.getAttribute(OVERFLOW_ITEM_ATTRIBUTE) ?? '', el.getBoundingClientRect().width);
    const more = row.querySelector<HTMLElement>(':scope > [data-overflow-more]');
    if (more) moreWidthPx.current = more.getBoundingClientRect().width;
    // A control never measured yet (it just appeared) counts as 0 px: it goes into the row, is measured
    // there before paint, and the next pass places it for real.
    const sizes = itemsRef.current.map((i) => ({ ...i, widthPx: widths.current.get(i.id) ?? 0 }));
    const split = itemsInRow(sizes, area.clientWidth, gapPx, moreWidthPx.current);
    setInMenu((prev) => (sameIds(prev, split.inMenu) ? prev : split.inMenu));
  }, [gapPx]);

  const itemsKey = items.map((i) => `${i.id}:${i.priority}`).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: itemsKey is the trigger (a control came or went); decide reads the items through a ref.
  useLayoutEffect(decide, [decide, itemsKey, inMenu]);

  useEffect(() => {
    const area = areaRef.current;
    const row = rowRef.current;
    if (!area || !row) return;
    const observer = new ResizeObserver(decide);
    observer.observe(area);
    observer.observe(row);
    return () => observer.disconnect();
  }, [decide]);

  return { areaRef, rowRef, inMenu };
}
