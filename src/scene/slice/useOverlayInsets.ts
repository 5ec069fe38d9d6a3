import { type RefObject, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ViewInsetsPx } from '../../volume/sliceViewport';
import { NO_INSETS, VIEW_BAND_ATTRIBUTE } from '../../volume/sliceViewport';

function measure(box: HTMLElement): ViewInsetsPx {
  const boxRect = box.getBoundingClientRect();
  let topPx = 0;
  let bottomPx = 0;
  for (const el of box.querySelectorAll<HTMLElement>(`[${VIEW_BAND_ATTRIBUTE}]`)) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (el.getAttribute(VIEW_BAND_ATTRIBUTE) === 'top') topPx = Math.max(topPx, r.bottom - boxRect.top);
    else bottomPx = Math.max(bottomPx, boxRect.bottom - r.top);
  }
  // Whole px plus a 2 px gap, so sub-pixel layout noise does not refit the view.
  const band = (px: number) => (px > 0 ? Math.ceil(px) + 2 : 0);
  return { topPx: band(topPx), bottomPx: band(bottomPx), leftPx: 0, rightPx: 0 };
}

const same = (a: ViewInsetsPx, b: ViewInsetsPx) =>
  a.topPx === b.topPx && a.bottomPx === b.bottomPx && a.leftPx === b.leftPx && a.rightPx === b.rightPx;

/**
 * The bands of a view that its marked overlays cover, measured from the DOM after each render (before paint)
 * and whenever a marked element changes size (a toolbar that wraps into a second row, a slab-mode select
 * that appears).
 */
export function useOverlayInsets(boxRef: RefObject<HTMLElement | null>): ViewInsetsPx {
  const [insets, setInsets] = useState<ViewInsetsPx>(NO_INSETS);
  const observer = useRef<ResizeObserver | null>(null);
  const update = () => {
    const box = boxRef.current;
    if (!box) return;
    const next = measure(box);
    setInsets((prev) => (same(prev, next) ? prev : next));
  };
  const updateRef = useRef(update);
  updateRef.current = update;
  useEffect(() => () => observer.current?.disconnect(), []);
  useLayoutEffect(() => {
    update();
    const box = boxRef.current;
    if (!box) return;
    observer.current ??= new ResizeObserver(() => updateRef.current());
    observer.current.observe(box);
    for (const el of box.querySelectorAll(`[${VIEW_BAND_ATTRIBUTE}]`)) observer.current.observe(el);
  });
  return insets;
}
