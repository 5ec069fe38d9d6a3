import type { XrRehearsal } from '../state/xrStore';
import type { PanelLine } from './readoutLines';

const mm = (v: number) => `${v.toFixed(1)} mm`;

/**
 * The rehearsal HUD's text (pure, tested in Node). During a trainee attempt it shows what the hands and the
 * patient would tell: depth and a no-go contact (as a patient reports paresthesia), never distances to the
 * expert's path, target or structures.
 */
export function rehearsalLines(r: XrRehearsal | null): PanelLine[] {
  if (!r) return [{ text: 'Rehearsal: no case open', title: true }];
  const lines: PanelLine[] = [
    { text: `${r.feedsAttempt ? 'Trainee attempt' : 'Rehearsal'} - ${r.needleLabel}`, title: true },
  ];
  if (r.phase === 'outside')
    lines.push({ text: 'Hold the trigger (or pinch) to hold the needle; touch the skin' });
  lines.push({ text: `Depth in tissue ${mm(r.depthMm)}` });
  if (!r.feedsAttempt) {
    if (r.tipToPathMm !== null) lines.push({ text: `Tip to planned path ${mm(r.tipToPathMm)}` });
    if (r.tipToTargetMm !== null) lines.push({ text: `Tip to target ${mm(r.tipToTargetMm)}` });
    if (r.nearestNoGo && !r.contact)
      lines.push({ text: `Clearance ${mm(r.nearestNoGo.distanceMm)} to ${r.nearestNoGo.name}` });
  }
  // A trainee hears "contact" (as from the patient), never which structure: that would teach the anatomy.
  if (r.contact)
    lines.push({
      text: r.feedsAttempt ? 'CONTACT' : `NO-GO CONTACT: ${r.nearestNoGo?.name ?? 'structure'}`,
      warn: true,
    });
  lines.push({ text: `Redirections ${r.redirections}` });
  return lines;
}
