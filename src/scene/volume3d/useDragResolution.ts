import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';

/** While the user drags the 3D view, pixels are drawn at this fraction of the device pixel ratio. */
export const DRAG_RESOLUTION = 0.5;

/**
 * Cheaper frames while dragging: the shared canvas drops to half its pixel ratio (a quarter of the rays;
 * the raymarcher also takes fewer samples per ray), and goes back to full resolution when the drag ends,
 * which renders one refined frame (on demand: nothing more until something changes). The 2D views share
 * the canvas, so they are also coarser during the drag; they are cheap and redrawn sharp with it.
 */
export function useDragResolution(interacting: boolean): void {
  const setDpr = useThree((s) => s.setDpr);
  const initialDpr = useThree((s) => s.viewport.initialDpr);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    setDpr(interacting ? initialDpr * DRAG_RESOLUTION : initialDpr);
    invalidate();
  }, [interacting, initialDpr, setDpr, invalidate]);
  useEffect(() => () => setDpr(initialDpr), [initialDpr, setDpr]);
}
