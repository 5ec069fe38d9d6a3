import { describe, expect, it } from 'vitest';
import { itemsInRow, type RowItemSize } from '../../src/ui/overflow/itemsInRow';
import { surfaceStatusText } from '../../src/ui/surface/surfaceStatusText';
import { VIEW3D_PRIORITY } from '../../src/ui/volume3d/view3dToolbarPriority';

/**
 * The 3D view's toolbar controls in row order (ui/volume3d/Volume3DToolbar.tsx), at the widths Chromium draws
 * them in the e2e build (px, the small phantom with its vertebrae and couch found), and its More button.
 */
const WIDTHS_PX = {
  mode: 64,
  preset: 123,
  editor: 37.3,
  prone: 48,
  views: 135.7,
  clipping: 62.8,
  levels: 57,
  surface: 95.2,
  couch: 103.9,
  rotation: 74,
  quality: 68,
  exports: 162,
} as const;
const ROW: RowItemSize[] = (Object.keys(WIDTHS_PX) as (keyof typeof WIDTHS_PX)[]).map((id) => ({
  id,
  widthPx: WIDTHS_PX[id],
  priority: VIEW3D_PRIORITY[id],
}));
const GAP = 3;
const MORE = 37.3;
const inRow = (areaPx: number) => itemsInRow(ROW, areaPx, GAP, MORE).inRow;

describe("the 3D view's one-row toolbar", () => {
  it('has one priority per control, no two alike (the cut never depends on row order)', () => {
    const priorities = Object.values(VIEW3D_PRIORITY);
    expect(new Set(priorities).size).toBe(priorities.length);
    expect(Object.keys(VIEW3D_PRIORITY).sort()).toEqual(Object.keys(WIDTHS_PX).sort());
  });

  // The row's room (px) is the 3D view's width less 4 px each side.
  it('2x2 at 1024x700 (353 px): render mode, preset and Prone stay, the rest is behind More', () => {
    expect(inRow(353)).toEqual(['mode', 'preset', 'prone']);
  });

  it('2x2 at 1280x800 (481 px): the standard views join them', () => {
    expect(inRow(481)).toEqual(['mode', 'preset', 'prone', 'views']);
  });

  it('1+3 beside at 1024x700 (534 px) and 2x2 at 1400x900 (541 px): the editor and Clipping too', () => {
    const expected = ['mode', 'preset', 'editor', 'prone', 'views', 'clipping'];
    expect(inRow(534)).toEqual(expected);
    expect(inRow(541)).toEqual(expected);
  });

  it('1+3 below at 1024x700 (716 px) and beside at 1280x800 (726 px): vertebra names and surface too', () => {
    const expected = ['mode', 'preset', 'editor', 'prone', 'views', 'clipping', 'levels', 'surface'];
    expect(inRow(716)).toEqual(expected);
    expect(inRow(726)).toEqual(expected);
  });

  it('1+3 below at 1280x800 (972 px): all but the exports; everything from 1064 px', () => {
    expect(itemsInRow(ROW, 972, GAP, MORE).inMenu).toEqual(['exports']);
    const all = ROW.reduce((s, i) => s + i.widthPx, 0) + GAP * (ROW.length - 1);
    expect(Math.ceil(all)).toBe(1064);
    expect(itemsInRow(ROW, 1064, GAP, MORE).inMenu).toEqual([]);
    expect(itemsInRow(ROW, 1063, GAP, MORE).inMenu).toEqual(['exports']);
  });

  it('the preset is the last control to leave the row', () => {
    expect(inRow(MORE + GAP + WIDTHS_PX.preset)).toEqual(['preset']);
    expect(inRow(MORE + GAP + WIDTHS_PX.preset - 1)).toEqual([]);
  });
});

describe('the bone surface status line', () => {
  const base = { phase: 'ready', progress: 1, triangles: 3000, isoHu: 250, error: null };
  const mesh = (triangles: number) => ({ indices: new Uint32Array(triangles * 3) });

  it('is empty while the surface is off, a percentage while it is made, the reason when it failed', () => {
    expect(surfaceStatusText({ ...base, phase: 'idle' }, null, false)).toBe('');
    expect(surfaceStatusText({ ...base, phase: 'working', progress: 0.456 }, null, false)).toBe(
      'extracting 46 %',
    );
    expect(surfaceStatusText({ ...base, phase: 'error', error: 'out of memory' }, null, false)).toBe(
      'out of memory',
    );
    expect(surfaceStatusText({ ...base, phase: 'error' }, null, false)).toBe('failed');
  });

  it('counts the triangles drawn, and says so when the couch was left out', () => {
    expect(surfaceStatusText(base, mesh(3000), false)).toBe('3,000 triangles at 250 HU');
    expect(surfaceStatusText(base, mesh(2400), true)).toBe('2,400 triangles at 250 HU, couch removed');
    // Remove couch on, but no couch in the mesh: nothing was removed.
    expect(surfaceStatusText(base, mesh(3000), true)).toBe('3,000 triangles at 250 HU');
  });
});
