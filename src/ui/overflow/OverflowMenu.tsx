import {
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';

/** The nearest ancestor that clips its content: the menu is kept inside it (scrolls when it is longer). */
function clippingAncestor(el: HTMLElement): HTMLElement | null {
  for (let p = el.parentElement; p; p = p.parentElement)
    if (getComputedStyle(p).overflow !== 'visible') return p;
  return null;
}

const FOCUSABLE = 'button:not([disabled]), select:not([disabled]), input:not([disabled])';

/**
 * The "More" button at the end of an overflow row and the panel it opens with the controls that did not fit
 * (the same elements, so the same handlers and test ids). The WAI-ARIA disclosure pattern: a button with
 * aria-expanded that controls the panel; opening moves focus to the panel's first control, Esc closes it
 * and gives focus back to the button (without reaching the app's own Esc shortcut), a pointer press outside
 * closes it, and so does running a button in it (its work is done; a select keeps the panel open).
 */
export function OverflowMenu({
  testId,
  title,
  children,
}: {
  testId: string;
  /** Names of the controls in the panel, for the button's tooltip. */
  title: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLSpanElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLFieldSetElement>(null);
  const panelId = useId();

  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [open]);

  useLayoutEffect(() => {
    const panel = panelRef.current;
    if (!open || !panel) return;
    const clip = clippingAncestor(panel);
    if (clip) {
      const room = clip.getBoundingClientRect().bottom - panel.getBoundingClientRect().top - 4;
      panel.style.maxHeight = `${Math.max(40, Math.floor(room))}px`;
    }
    panel.querySelector<HTMLElement>(FOCUSABLE)?.focus();
  }, [open]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !open) return;
    e.stopPropagation();
    e.preventDefault();
    close(true);
  };
  // Tabbing out of the button and the panel closes it, as a press outside does.
  const onBlur = (e: FocusEvent) => {
    if (open && e.relatedTarget && !rootRef.current?.contains(e.relatedTarget as Node)) setOpen(false);
  };
  const onPanelClick = (e: MouseEvent) => {
    if ((e.target as Element).closest('button')) close(true);
  };

  return (
    <span ref={rootRef} className="overflow-more" data-overflow-more="" onKeyDown={onKeyDown} onBlur={onBlur}>
      <button
        ref={buttonRef}
        type="button"
        className="overflow-more-button"
        data-testid={testId}
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={panelId}
        title={`More: ${title}`}
        onClick={() => setOpen((o) => !o)}
      >
        More
      </button>
      {open && (
        // biome-ignore lint/a11y/useKeyWithClickEvents: the panel's buttons are reached and run by keyboard themselves; this only closes the panel after them.
        <fieldset
          ref={panelRef}
          id={panelId}
          className="overflow-menu"
          aria-label="More controls"
          data-testid={`${testId}-menu`}
          onClick={onPanelClick}
        >
          {children}
        </fieldset>
      )}
    </span>
  );
}
