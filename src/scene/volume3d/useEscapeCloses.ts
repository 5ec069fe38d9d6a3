import { useEffect } from 'react';

/**
 * Esc closes an open panel of the 3D view (clipping, transfer-function editor), as it closes the dialogs and
 * popovers (issue 19: a panel that only its own button could close). Not while typing in a field.
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
