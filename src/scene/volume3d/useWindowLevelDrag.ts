import { type RefObject, useEffect } from 'react';
import { currentTransfer, useRenderStore } from '../../state/renderStore';
import { windowLevelFromDrag, windowLevelTransferFunction } from '../../volume/transfer/transferFunctionEdit';

/**
 * Right drag on the 3D view = window/level, as on the 2D views (right = wider, down = higher level).
 * Shaded: the transfer function's points are scaled and shifted (an edit, saved with "Save for this case").
 * MIP: its display window. Surface mode has a threshold, not a window: nothing. The trackball ignores the
 * right button (CameraRig).
 */
export function useWindowLevelDrag(elementRef: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = elementRef.current;
    if (!el) return;
    let drag: {
      pointerId: number;
      x: number;
      y: number;
      start: ReturnType<typeof currentTransfer>;
      mip: [number, number];
    } | null = null;
    const onDown = (e: PointerEvent) => {
      if (e.button !== 2) return;
      if (e.target instanceof Element && e.target.closest('button, select, input, label')) return;
      e.preventDefault();
      const s = useRenderStore.getState();
      drag = {
        pointerId: e.pointerId,
        x: e.clientX,
        y: e.clientY,
        start: currentTransfer(),
        mip: s.mipWindowHu,
      };
      el.setPointerCapture(e.pointerId);
    };
    const onMove = (e: PointerEvent) => {
      if (!drag || drag.pointerId !== e.pointerId) return;
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      const s = useRenderStore.getState();
      if (s.mode === 'iso') return;
      if (s.mode === 'mip') {
        const [lo, hi] = drag.mip;
        const k = Math.max(0.5, (hi - lo) / 300);
        const width = Math.max(1, hi - lo + dx * k);
        const level = (lo + hi) / 2 + dy * k;
        s.setMipWindow(level - width / 2, level + width / 2);
        return;
      }
      const { levelShiftHu, widthScale } = windowLevelFromDrag(drag.start, dx, dy);
      s.editTransfer(windowLevelTransferFunction(drag.start, levelShiftHu, widthScale));
    };
    const onUp = (e: PointerEvent) => {
      if (drag?.pointerId === e.pointerId) drag = null;
    };
    const onContextMenu = (e: Event) => e.preventDefault();
    el.addEventListener('pointerdown', onDown);
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerup', onUp);
    el.addEventListener('pointercancel', onUp);
    el.addEventListener('contextmenu', onContextMenu);
    return () => {
      el.removeEventListener('pointerdown', onDown);
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerup', onUp);
      el.removeEventListener('pointercancel', onUp);
      el.removeEventListener('contextmenu', onContextMenu);
    };
  }, [elementRef]);
}
