import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { useViewStore } from '../state/viewStore';

/**
 * Redraws the shared canvas when the views change place (layout, enlarged view, maximise): rendering is on
 * demand, and a view whose size did not change (the 3D view moved to another place) would otherwise leave its
 * old pixels where it was until the next interaction (issue 19). Twice: once the new layout is committed, and
 * once more on the next animation frame, after the browser has laid the boxes out.
 */
export function LayoutRedraw() {
  const invalidate = useThree((s) => s.invalidate);
  const layout = useViewStore((s) => s.layout);
  const primary = useViewStore((s) => s.primary);
  const maximized = useViewStore((s) => s.maximized);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a redraw on every change of where the views are
  useEffect(() => {
    invalidate();
    const frame = requestAnimationFrame(() => invalidate());
    return () => cancelAnimationFrame(frame);
  }, [invalidate, layout, primary, maximized]);
  return null;
}
