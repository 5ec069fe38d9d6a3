import type { Page } from '@playwright/test';

/**
 * Where a 2D view draws the open volume, vertically (page px): the volume's 8 corners through the view's
 * plane (its origin and v axis) and px/mm, about the view's centre and pan. Plus the view's own box, the
 * bands its toolbar and controls take (insets) and the anchor its fit uses, as the view reports them
 * (data attributes), so a test can check the image against what it sees.
 */
export interface SliceViewImage {
  viewTopPx: number;
  viewBottomPx: number;
  imageTopPx: number;
  imageBottomPx: number;
  insetTopPx: number;
  insetBottomPx: number;
  anchorYPx: number;
  /** Middle of the part of the view its bands leave free (view px). */
  freeCentreYPx: number;
}

export function sliceViewImage(page: Page, view: string): Promise<SliceViewImage> {
  return page.evaluate((v) => {
    const el = document.querySelector<HTMLElement>(`[data-testid="slice-${v}"]`)!;
    const r = el.getBoundingClientRect();
    const nums = (s: string | undefined) => (s ?? '').split(',').map(Number);
    const k = Number(el.dataset.pxPerMm);
    const [, cy] = nums(el.dataset.centreMm);
    const origin = nums(el.dataset.originLps);
    const vDir = nums(el.dataset.vLps);
    // biome-ignore lint/suspicious/noExplicitAny: the stores are reached through the test hook on window
    const vol = (window as any).__spineplan.studyStore.getState().volume;
    const m: number[] = Array.from(vol.ijkToLps);
    let vMax = -Infinity;
    let vMin = Infinity;
    for (const kk of [-0.5, vol.dims[2] - 0.5])
      for (const j of [-0.5, vol.dims[1] - 0.5])
        for (const i of [-0.5, vol.dims[0] - 0.5]) {
          const p = [0, 1, 2].map(
            (row) => m[row * 4]! * i + m[row * 4 + 1]! * j + m[row * 4 + 2]! * kk + m[row * 4 + 3]!,
          );
          const vMm = p.reduce((s, x, a) => s + (x - origin[a]!) * vDir[a]!, 0);
          vMax = Math.max(vMax, vMm);
          vMin = Math.min(vMin, vMm);
        }
    const top = Number(el.dataset.insetTopPx);
    const bottom = Number(el.dataset.insetBottomPx);
    return {
      viewTopPx: r.y,
      viewBottomPx: r.y + r.height,
      imageTopPx: r.y + r.height / 2 - (vMax - cy!) * k,
      imageBottomPx: r.y + r.height / 2 - (vMin - cy!) * k,
      insetTopPx: top,
      insetBottomPx: bottom,
      anchorYPx: nums(el.dataset.anchorPx)[1]!,
      freeCentreYPx: top + (r.height - top - bottom) / 2,
    };
  }, view);
}
