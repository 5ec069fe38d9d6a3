import { useEffect } from 'react';
import { usePlacementStore } from '../../state/placementStore';
import { usePlanStore } from '../../state/planStore';

/** Text fields keep their own Ctrl+Z (the browser's text undo). */
const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/** Which plan step a key press asks for: Ctrl/Cmd+Z undo; Ctrl/Cmd+Shift+Z and Ctrl/Cmd+Y redo. */
export function undoKeyAction(e: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}): 'undo' | 'redo' | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !e.shiftKey) return 'redo';
  return null;
}

/**
 * While a trajectory is being placed, undo would remove the trajectory the placement is still writing
 * into: finish or cancel placement first.
 */
export const usePlacementBusy = (): boolean => usePlacementStore((s) => s.mode !== 'none');

/** Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y on the plan of the open case (not while typing or placing). */
export function usePlanUndoShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = undoKeyAction(e);
      if (!action || isTyping(e.target)) return;
      e.preventDefault();
      if (usePlacementStore.getState().mode !== 'none') return;
      const plan = usePlanStore.getState();
      if (action === 'undo') plan.undo();
      else plan.redo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
