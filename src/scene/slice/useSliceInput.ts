import { type RefObject, useEffect, useRef } from 'react';
import type { Vec3 } from '../../core/vec3';
import { useSliceStore } from '../../state/sliceStore';
import { useViewStore } from '../../state/viewStore';
import { sampleNearestLps } from '../../volume/sample';
import type { SliceOrientation } from '../../volume/slicePlanes';
import { planeToLps, stepSlice } from '../../volume/slicePlanes';
import { screenToPlane } from '../../volume/sliceViewport';
import type { Volume } from '../../volume/volume';
import type { SliceGeometry } from './useSliceGeometry';

type DragMode = 'crosshair' | 'pan' | 'window' | 'scroll';
interface Drag {
  mode: DragMode;
  pointerId: number;
  startX: number;
  startY: number;
  startPan: readonly [number, number];
  startWindow: { width: number; level: number };
  startCrosshair: Vec3;
}

/** Pixels of vertical drag per slice when scrolling by Ctrl+left drag. */
const PX_PER_SLICE = 4;
/** Keys that scroll slices while the pointer is over a view. */
const KEY_STEPS: Record<string, number> = { ArrowUp: 1, ArrowDown: -1, PageUp: 10, PageDown: -10 };

/**
 * Mouse and keyboard for one 2D view (listeners on `elementRef`, the view's box):
 * left click/drag = crosshair; wheel, arrows, PageUp/PageDown, Ctrl+left drag = scroll slices;
 * Ctrl+wheel = zoom about the pointer; middle or Shift+left drag = pan; right drag = window/level
 * (right = wider, down = higher level). Also writes the value under the pointer to the status bar.
 */
export function useSliceInput(
  elementRef: RefObject<HTMLDivElement | null>,
  orientation: SliceOrientation,
  volume: Volume,
  geometry: SliceGeometry,
): void {
  const latest = useRef({ geometry, volume });
  latest.current = { geometry, volume };

  useEffect(() => {
    const el = elementRef.current;
    if (!el) return;
    let drag: Drag | null = null;
    let hovered = false;
    const slices = useSliceStore.getState;

    const local = (e: { clientX: number; clientY: number }) => {
      const r = el.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top] as const;
    };
    const lpsAt = (xPx: number, yPx: number): Vec3 => {
      const { plane, transform } = latest.current.geometry;
      return planeToLps(plane, ...screenToPlane(transform, xPx, yPx));
    };
    const report = (lps: Vec3) =>
      useViewStore.getState().setCursor({
        lps,
        value: sampleNearestLps(latest.current.volume, lps) ?? null,
        viewport: orientation,
      });
    const scroll = (from: Vec3, steps: number) =>
      slices().setCrosshair(stepSlice(latest.current.volume, orientation, from, steps));

    const onPointerDown = (e: PointerEvent) => {
      const [x, y] = local(e);
      let mode: DragMode;
      if (e.button === 1 || (e.button === 0 && e.shiftKey)) mode = 'pan';
      else if (e.button === 2) mode = 'window';
      else if (e.button === 0 && (e.ctrlKey || e.metaKey)) mode = 'scroll';
      else if (e.button === 0) mode = 'crosshair';
      else return;
      e.preventDefault();
      el.setPointerCapture(e.pointerId);
      const s = slices();
      drag = {
        mode,
        pointerId: e.pointerId,
        startX: x,
        startY: y,
        startPan: s.views[orientation].panMm,
        startWindow: s.window,
        startCrosshair: latest.current.geometry.crosshairLps,
      };
      if (mode === 'crosshair') s.setCrosshair(lpsAt(x, y));
    };
    const onPointerMove = (e: PointerEvent) => {
      const [x, y] = local(e);
      const lps = lpsAt(x, y);
      report(lps);
      if (!drag || drag.pointerId !== e.pointerId) return;
      const dx = x - drag.startX;
      const dy = y - drag.startY;
      const s = slices();
      if (drag.mode === 'crosshair') s.setCrosshair(lps);
      else if (drag.mode === 'pan') {
        const k = latest.current.geometry.transform.pxPerMm;
        s.setPan(orientation, [drag.startPan[0] - dx / k, drag.startPan[1] + dy / k]);
      } else if (drag.mode === 'window') {
        // Sensitivity follows the window, so bone (2000) and soft tissue (400) both feel the same.
        const k = Math.max(0.5, drag.startWindow.width / 300);
        s.setWindow({ width: drag.startWindow.width + dx * k, level: drag.startWindow.level + dy * k });
      } else scroll(drag.startCrosshair, Math.round(-dy / PX_PER_SLICE));
    };
    const onPointerUp = (e: PointerEvent) => {
      if (drag?.pointerId === e.pointerId) drag = null;
    };
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      if (e.ctrlKey || e.metaKey) {
        const [x, y] = local(e);
        const { transform } = latest.current.geometry;
        const zoom = slices().views[orientation].zoom;
        const factor = Math.exp(-e.deltaY * 0.002);
        const [px, py] = screenToPlane(transform, x, y);
        // Keep the point under the pointer fixed: centre' = p - (p - centre) / factor.
        slices().setZoom(orientation, zoom * factor);
        const applied = slices().views[orientation].zoom / zoom;
        const [cx, cy] = transform.centreMm;
        slices().setPan(orientation, [px - (px - cx) / applied, py - (py - cy) / applied]);
      } else if (e.deltaY !== 0) scroll(latest.current.geometry.crosshairLps, e.deltaY > 0 ? -1 : 1);
    };
    const onKeyDown = (e: KeyboardEvent) => {
      const steps = KEY_STEPS[e.key];
      if (!hovered || steps === undefined || e.ctrlKey || e.altKey || e.metaKey) return;
      const target = e.target as HTMLElement | null;
      if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
      e.preventDefault();
      scroll(latest.current.geometry.crosshairLps, steps);
    };
    const onEnter = () => {
      hovered = true;
    };
    const onLeave = () => {
      hovered = false;
      useViewStore.getState().setCursor(null);
    };
    const onContextMenu = (e: MouseEvent) => e.preventDefault();

    el.addEventListener('pointerdown', onPointerDown);
    el.addEventListener('pointermove', onPointerMove);
    el.addEventListener('pointerup', onPointerUp);
    el.addEventListener('pointercancel', onPointerUp);
    el.addEventListener('pointerenter', onEnter);
    el.addEventListener('pointerleave', onLeave);
    el.addEventListener('wheel', onWheel, { passive: false });
    el.addEventListener('contextmenu', onContextMenu);
    window.addEventListener('keydown', onKeyDown);
    return () => {
      el.removeEventListener('pointerdown', onPointerDown);
      el.removeEventListener('pointermove', onPointerMove);
      el.removeEventListener('pointerup', onPointerUp);
      el.removeEventListener('pointercancel', onPointerUp);
      el.removeEventListener('pointerenter', onEnter);
      el.removeEventListener('pointerleave', onLeave);
      el.removeEventListener('wheel', onWheel);
      el.removeEventListener('contextmenu', onContextMenu);
      window.removeEventListener('keydown', onKeyDown);
    };
  }, [elementRef, orientation]);
}
