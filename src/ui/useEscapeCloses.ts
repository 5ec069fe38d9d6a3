import { useEffect } from 'react';

/**
 * Esc closes an open panel (the 3D view's clipping and transfer-function editor, the report, the patient
 * view), as it closes the dialogs and popovers (issue 19: a panel that only its own button could close). Not while typing in a field.
 */
export function useEscapeCloses(open: boolean, close: () => void): void {
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key !== 'Escape' || (target && /^(INPUT|TEXTAREA)$/.test(target.tagName))) return;
      close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, close]);
}
