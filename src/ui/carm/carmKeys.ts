/** The C-arm's keyboard: F takes a shot; L and Space are the fluoroscopy pedal while held. */
export const SHOT_KEYS = new Set(['f', 'F']);
export const PEDAL_KEYS = new Set(['l', 'L', ' ']);

/** The C-arm panel's box: its controls (sliders, buttons, checkboxes) never keep the C-arm keys. */
export const CARM_PANEL_SELECTOR = '[data-testid="carm-view-box"]';

const TEXT_INPUT_TYPES = new Set(['text', 'number', 'search', 'email', 'password', 'tel', 'url']);

/**
 * Whether the focused element keeps this key for itself: text entry anywhere keeps every key; outside the
 * C-arm panel a focused button or checkbox keeps Space (its click). Inside the panel the shot and pedal keys
 * work whatever control has focus, as the room's foot switch does.
 */
export function elementOwnsKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (
    target.isContentEditable ||
    /^(TEXTAREA|SELECT)$/.test(target.tagName) ||
    (target instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(target.type))
  )
    return true;
  if (target.closest(CARM_PANEL_SELECTOR)) return false;
  return key === ' ' && /^(BUTTON|INPUT)$/.test(target.tagName);
}
