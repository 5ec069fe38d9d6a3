import type { XrFiducial, XrRegistrationFit, XrRegistrationTouch } from '../state/xrStore';
import { nextFiducial } from './printRegistration';
import type { PanelLine } from './readoutLines';

const MAX_TOUCH_LINES = 6;
/**
 * The touch farthest from its pit after the fit is flagged when more than this (mm) off: likely the wrong pit,
 * or the tip not in it. Only the worst: least squares spreads one bad touch over all the others' residuals.
 */
export const OFF_PIT_MM = 3;
const MAX_TARGET_LINES = 3;

export interface RegistrationView {
  fiducials: readonly XrFiducial[];
  touches: readonly XrRegistrationTouch[];
  fiducialCursor: number;
  registration: XrRegistrationFit | null;
  registrationMessage: string | null;
}

/** The "Register to print" panel's text (pure, tested in Node): next pit, touched points, FRE, expected errors. */
export function registrationLines(v: RegistrationView): PanelLine[] {
  const lines: PanelLine[] = [{ text: 'Register to print', title: true }];
  const next = nextFiducial(v.fiducials, v.fiducialCursor);
  if (!next) {
    lines.push({ text: 'No registration points: no print pits and no spine landmarks found', warn: true });
    return lines;
  }
  const n = v.fiducials.length;
  const round = Math.floor(v.fiducialCursor / n);
  lines.push({
    text: `Touch ${round > 0 ? 'again ' : ''}pit ${(v.fiducialCursor % n) + 1} of ${n}: ${next.label}`,
  });
  const labelOf = new Map(v.fiducials.map((f) => [f.id, f.label]));
  const residuals = v.registration?.residualsMm ?? [];
  const worst = residuals.reduce((w, r, i) => (r > (residuals[w] ?? -1) ? i : w), -1);
  const shown = v.touches.slice(-MAX_TOUCH_LINES);
  const skippedLines = v.touches.length - shown.length;
  if (skippedLines > 0) lines.push({ text: `... ${skippedLines} earlier touches` });
  for (const [i, t] of shown.entries()) {
    const index = skippedLines + i;
    const residual = v.registration?.residualsMm[index];
    const off = index === worst && residual !== undefined && residual > OFF_PIT_MM;
    lines.push({
      text: `${index + 1}. ${labelOf.get(t.fiducialId) ?? 'pit'}${residual !== undefined ? ` - ${residual.toFixed(1)} mm` : ''}${off ? ' off: undo or touch again?' : ''}`,
      warn: off,
    });
  }
  const fit = v.registration;
  if (!fit) {
    if (v.registrationMessage) lines.push({ text: v.registrationMessage, warn: v.touches.length >= 3 });
    return lines;
  }
  lines.push({
    text: `On the print: FRE ${fit.freMm.toFixed(1)} mm (${v.touches.length} points)`,
    title: true,
  });
  for (const t of fit.targets.slice(0, MAX_TARGET_LINES))
    lines.push({ text: `Expected error at ${t.name}: ${t.expectedErrorMm.toFixed(1)} mm` });
  if (fit.targets.length > MAX_TARGET_LINES)
    lines.push({ text: `(${fit.targets.length - MAX_TARGET_LINES} more targets)` });
  return lines;
}
