/**
 * Even zoom steps for the wheel (issue 19): a mouse wheel notch is one step of ZOOM_STEP, the same as the views'
 * + / - buttons, whatever the browser reports per notch (Chromium ~100 px, Firefox 3 lines, some mice 120 px);
 * a trackpad pinch (Ctrl+wheel with small pixel deltas, as browsers send it) zooms continuously at the same
 * rate, 100 px of pinch making one step.
 */
export const ZOOM_STEP = 1.25;

/** DOM WheelEvent.deltaMode values (UI Events, https://w3c.github.io/uievents/#dom-wheelevent-deltamode). */
const DOM_DELTA_PIXEL = 0;
const DOM_DELTA_LINE = 1;

/** The zoom factor (> 1 = in) of one wheel event: deltaY < 0 (wheel away from the user) zooms in. */
export function wheelZoomFactor(deltaY: number, deltaMode: number): number {
  if (deltaY === 0) return 1;
  const sign = deltaY < 0 ? 1 : -1;
  if (deltaMode === DOM_DELTA_PIXEL && Math.abs(deltaY) < 50) return ZOOM_STEP ** (-deltaY / 100);
  const perNotch = deltaMode === DOM_DELTA_LINE ? 3 : deltaMode === DOM_DELTA_PIXEL ? 100 : 1;
  const notches = Math.max(1, Math.round(Math.abs(deltaY) / perNotch));
  return ZOOM_STEP ** (sign * notches);
}
