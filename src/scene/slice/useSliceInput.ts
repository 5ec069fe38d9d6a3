import { type RefObject, useEffect, useRef } from 'react';
import type { Vec3 } from '../../core/vec3';
import { wheelZoomFactor } from '../../core/zoomSteps';
import { usePlacementStore } from '../../state/placementStore';
import { useSliceStore } from '../../state/sliceStore';
import { useViewStore } from '../../state/viewStore';
import { sampleNearestLps } from '../../volume/sample';
import type { SliceOrientation } from '../../volume/slicePlanes';
import { planeToLps, stepSlice } from '../../volume/slicePlanes';
import { screenToPlane } from '../../volume/sliceViewport';
import type { Volume } from '../../volume/volume';
import {
  type MeasureDrag,
  measureHandleDown,
  measureHandleMove,
  measureHandleUp,
  measurePointerDown,
} from '../measure/measureInput';
import { guidedPointerDown } from '../plan/guidedTemplateInput';
import { type PaintStroke, paintPointerDown, paintPointerMove } from '../plan/paintInput';
import {
  type HandleDrag,
  isOverHandle,
  planKeyDown,
  planPointerDown,
  planPointerMove,
} from '../plan/slicePlanInput';
import type { SliceGeometry } from './useSliceGeometry';

type DragMode = 'crosshair' | 'pan' | 'window' | 'scroll' | 'handle' | 'measure' | 'paint';
interface Drag {
  mode: DragMode;
  /** Set in 'handle' mode: the trajectory end being moved. */
  handle?: HandleDrag;
  /** Set in 'measure' mode: the measurement point being moved. */
  measure?: MeasureDrag;
  /** Set in 'paint' mode: the brush stroke. */
  stroke?: PaintStroke;
  pointerId: number;
  startX: number;
  startY: number;
  startPan: readonly [number, number];
  startWindow: { width: number; level: number };
  startCrosshair: Vec3;
}

/** Pixels of vertical drag per slice when scrolling by Ctrl+left drag. */
const PX_PER_SLICE = 4;
/** Needle views: one wheel notch moves the down view 1 mm along the needle, or turns the in-plane views 5 deg. */
const NEEDLE_DEPTH_STEP_MM = 1;
const NEEDLE_ROTATION_STEP_DEG = 5;
/** Keys that scroll slices while the pointer is over a view. */
const KEY_STEPS: Record<string, number> = { ArrowUp: 1, ArrowDown: -1, PageUp: 10, PageDown: -10 };

/**
 * Mouse and keyboard for one 2D view (listeners on `elementRef`, the view's box):
 * left click/drag = crosshair, or in placement mode places a trajectory point, or on a handle drags it
 * (src/scene/plan/slicePlanInput.ts); Alt+arrows / Alt+PageUp/PageDown nudge the active handle; wheel, arrows, PageUp/PageDown, Ctrl+left drag = scroll slices;
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
    const slabMm = () => slices().views[orientation].slabMm;

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
    const scroll = (from: Vec3, steps: number) => {
      const needle = latest.current.geometry.needle;
      if (!needle) slices().setCrosshair(stepSlice(latest.current.volume, orientation, from, steps));
      // Needle views: the down view moves along the needle (wheel down / ArrowDown = deeper), the in-plane
      // views turn about it.
      else if (needle.kind === 'down')
        slices().setNeedleDepth(
          Math.min(needle.lengthMm, needleStart.depthMm - steps * NEEDLE_DEPTH_STEP_MM),
        );
      else slices().setNeedleRotation(needleStart.rotationDeg + steps * NEEDLE_ROTATION_STEP_DEG);
    };
    /** Where a needle scroll starts from: the drag's start for Ctrl+drag, else the current value. */
    let needleStart = { depthMm: 0, rotationDeg: 0 };
    const needleNow = () => {
      const n = latest.current.geometry.needle;
      needleStart = { depthMm: n?.depthMm ?? 0, rotationDeg: n?.rotationDeg ?? 0 };
    };

    const onPointerDown = (e: PointerEvent) => {
      // Controls drawn over the view (toolbar, placement hint) get their own clicks, not the image's.
      if (e.target instanceof Element && e.target.closest('button, select, input, label')) return;
      const [x, y] = local(e);
      let mode: DragMode;
      const painting = usePlacementStore.getState().paint.active;
      // The paint tool owns the left button (Shift erases instead of panning).
      if (e.button === 0 && painting && !e.ctrlKey && !e.metaKey) mode = 'paint';
      else if (e.button === 1 || (e.button === 0 && e.shiftKey)) mode = 'pan';
      else if (e.button === 2) mode = 'window';
      else if (e.button === 0 && (e.ctrlKey || e.metaKey)) mode = 'scroll';
      else if (e.button === 0) mode = 'crosshair';
      else return;
      e.preventDefault();
      let handle: HandleDrag | undefined;
      const stroke =
        mode === 'paint'
          ? paintPointerDown(
              lpsAt(x, y),
              latest.current.geometry.plane.normalLps,
              latest.current.volume,
              e.shiftKey,
            )
          : undefined;
      if (mode === 'crosshair' && guidedPointerDown(lpsAt(x, y), latest.current.volume)) return;
      if (mode === 'crosshair' && measurePointerDown(lpsAt(x, y), latest.current.geometry.plane.normalLps))
        return;
      const measure =
        mode === 'crosshair' ? measureHandleDown(latest.current.geometry, slabMm(), x, y) : null;
      if (measure) mode = 'measure';
      if (mode === 'crosshair') {
        const plan = planPointerDown(latest.current.geometry, slabMm(), x, y);
        if (plan === 'placed' || plan === 'selected') return;
        if (plan) {
          mode = 'handle';
          handle = plan;
          const { needle, plane } = latest.current.geometry;
          if (needle) slices().holdNeedlePlane(orientation, plane);
        }
      }
      el.setPointerCapture(e.pointerId);
      needleNow();
      const s = slices();
      drag = {
        mode,
        handle,
        measure: measure ?? undefined,
        stroke,
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
      if (!drag)
        el.style.cursor = usePlacementStore.getState().paint.active
          ? 'cell'
          : isOverHandle(latest.current.geometry, slabMm(), x, y)
            ? 'move'
            : 'crosshair';
      if (!drag || drag.pointerId !== e.pointerId) return;
      const dx = x - drag.startX;
      const dy = y - drag.startY;
      const s = slices();
      if (drag.mode === 'handle' && drag.handle) planPointerMove(drag.handle, latest.current.geometry, x, y);
      else if (drag.mode === 'paint' && drag.stroke) paintPointerMove(drag.stroke, lps);
      else if (drag.mode === 'measure' && drag.measure)
        measureHandleMove(drag.measure, latest.current.geometry, x, y);
      else if (drag.mode === 'crosshair') s.setCrosshair(lps);
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
      if (drag?.pointerId !== e.pointerId) return;
      if (drag.mode === 'measure') measureHandleUp();
      if (drag.mode === 'handle') slices().releaseNeedlePlane(orientation);
      drag = null;
    };
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      if (e.ctrlKey || e.metaKey) {
        const [x, y] = local(e);
        const { transform } = latest.current.geometry;
        const zoom = slices().views[orientation].zoom;
        // Even steps (one notch = one + / - button step; a pinch continuously at the same rate).
        const factor = wheelZoomFactor(e.deltaY, e.deltaMode);
        const [px, py] = screenToPlane(transform, x, y);
        // Keep the point under the pointer fixed: centre' = p - (p - centre) / factor.
        slices().setZoom(orientation, zoom * factor);
        const applied = slices().views[orientation].zoom / zoom;
        const [cx, cy] = transform.centreMm;
        slices().setPan(orientation, [px - (px - cx) / applied, py - (py - cy) / applied]);
      } else if (e.deltaY !== 0) {
        needleNow();
        scroll(latest.current.geometry.crosshairLps, e.deltaY > 0 ? -1 : 1);
      }
    };
    const onKeyDown = (e: KeyboardEvent) => {
      if (!hovered) return;
      const target = e.target as HTMLElement | null;
      if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
      // Alt+arrow is also the browser's Back: preventDefault keeps the page when it nudges a handle.
      if (planKeyDown(orientation, e)) {
        e.preventDefault();
        return;
      }
      const steps = KEY_STEPS[e.key];
      if (steps === undefined || e.ctrlKey || e.altKey || e.metaKey) return;
      e.preventDefault();
      needleNow();
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
      if (drag?.mode === 'handle') slices().releaseNeedlePlane(orientation);
    };
  }, [elementRef, orientation]);
}
