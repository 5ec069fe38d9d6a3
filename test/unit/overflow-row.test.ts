import { describe, expect, it } from 'vitest';
import { itemsInRow, type RowItemSize } from '../../src/ui/overflow/itemsInRow';

/**
 * The 2D toolbar's controls in row order, at the widths Chromium draws them (px, measured in the e2e build),
 * and their priorities in ui/slice/SliceToolbar.tsx.
 */
const TOOLBAR: RowItemSize[] = [
  { id: 'needle', widthPx: 59.3, priority: 2 },
  { id: 'needle-layout', widthPx: 81.1, priority: 6 },
  { id: 'zoom', widthPx: 37.4, priority: 5 },
  { id: 'fit', widthPx: 20.9, priority: 4 },
  { id: 'preset', widthPx: 119, priority: 1 },
  { id: 'slab', widthPx: 95, priority: 3 },
];
const GAP = 3;
const MORE = 37.3;
const total = TOOLBAR.reduce((s, i) => s + i.widthPx, 0) + GAP * (TOOLBAR.length - 1);
const rowWidth = (ids: string[], more: boolean) =>
  ids.reduce((s, id) => s + TOOLBAR.find((i) => i.id === id)!.widthPx, 0) +
  GAP * Math.max(0, ids.length - 1) +
  (more ? (ids.length > 0 ? GAP : 0) + MORE : 0);

describe('which controls of a one-row toolbar fit', () => {
  it('keeps all of them in the row when they fit exactly, with no More button', () => {
    expect(itemsInRow(TOOLBAR, total, GAP, MORE)).toEqual({ inRow: TOOLBAR.map((i) => i.id), inMenu: [] });
  });

  it('one pixel less: the lowest priorities go to the menu and the More button fits beside the rest', () => {
    const split = itemsInRow(TOOLBAR, total - 1, GAP, MORE);
    expect(split.inMenu).toEqual(['needle-layout']);
    expect(split.inRow).toEqual(['needle', 'zoom', 'fit', 'preset', 'slab']);
    expect(rowWidth(split.inRow, true)).toBeLessThanOrEqual(total - 1);
  });

  it('the 1+3 views at 1024x700: beside (169 px free) the preset stays, below (228 px) + Needle too', () => {
    expect(itemsInRow(TOOLBAR, 169, GAP, MORE)).toEqual({
      inRow: ['preset'],
      inMenu: ['needle', 'needle-layout', 'zoom', 'fit', 'slab'],
    });
    expect(itemsInRow(TOOLBAR, 228, GAP, MORE)).toEqual({
      inRow: ['needle', 'preset'],
      inMenu: ['needle-layout', 'zoom', 'fit', 'slab'],
    });
  });

  it('the row never exceeds the width, and a control never stays while a more important one is in the menu', () => {
    for (let width = 0; width <= total + 10; width++) {
      const split = itemsInRow(TOOLBAR, width, GAP, MORE);
      expect([...split.inRow, ...split.inMenu].sort()).toEqual(TOOLBAR.map((i) => i.id).sort());
      if (split.inMenu.length > 0) {
        // Everything fits only when the menu is empty; with a menu, the row and the More button fit.
        // (below the More button's own width only the button is left, and it is what overflows)
        expect(rowWidth(split.inRow, true)).toBeLessThanOrEqual(Math.max(width, MORE));
        const worstInRow = Math.max(
          0,
          ...split.inRow.map((id) => TOOLBAR.find((i) => i.id === id)!.priority),
        );
        const bestInMenu = Math.min(...split.inMenu.map((id) => TOOLBAR.find((i) => i.id === id)!.priority));
        expect(worstInRow).toBeLessThan(bestInMenu);
      } else expect(rowWidth(split.inRow, false)).toBeLessThanOrEqual(width);
    }
  });

  it('narrower than the More button and one control: everything in the menu; bad widths read as none', () => {
    expect(itemsInRow(TOOLBAR, 100, GAP, MORE).inRow).toEqual([]);
    expect(itemsInRow(TOOLBAR, Number.NaN, GAP, MORE).inRow).toEqual([]);
    expect(itemsInRow(TOOLBAR, -5, GAP, MORE).inMenu).toHaveLength(TOOLBAR.length);
  });

  it('equal priorities keep row order', () => {
    const same = TOOLBAR.map((i) => ({ ...i, priority: 1 }));
    expect(itemsInRow(same, 59.3 + 3 + 81.1 + 3 + MORE, GAP, MORE).inRow).toEqual([
      'needle',
      'needle-layout',
    ]);
  });
});
