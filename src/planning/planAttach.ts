import type { Plan, PlanImageIds } from './planFile';

/** The images open now, to check a plan file against before it is attached to them. */
export interface OpenImages extends PlanImageIds {
  caseKey: string;
  isDemo: boolean;
}

export type AttachMismatch = 'other-series' | 'other-study' | 'demo-mismatch';

export type AttachCheck = { ok: true } | { ok: false; kind: AttachMismatch; message: string };

const short = (uid: string): string => (uid.length > 20 ? `...${uid.slice(-16)}` : uid);

/**
 * Whether a plan belongs to the open images: same SeriesInstanceUID (PS3.3 C.7.3.1), or the demo with the
 * demo. A mismatch says which kind it is, so the UI can refuse with a clear message or offer to attach
 * the plan anyway (the points are patient coordinates: on another series of the same study, in the same
 * frame of reference, they may still be right; on another study they are not).
 */
export function checkPlanAttachment(plan: Plan, open: OpenImages): AttachCheck {
  const planIsDemo = plan.caseKey === 'demo';
  if (planIsDemo !== open.isDemo)
    return {
      ok: false,
      kind: 'demo-mismatch',
      message: planIsDemo
        ? 'This plan was made on the demo phantom, not on these images.'
        : 'This plan was made on patient images, not on the demo phantom.',
    };
  if (planIsDemo) return { ok: true };
  const planSeries = plan.seriesInstanceUid ?? plan.caseKey;
  const openSeries = open.seriesInstanceUid ?? open.caseKey;
  if (planSeries === openSeries) return { ok: true };
  if (plan.studyInstanceUid && open.studyInstanceUid && plan.studyInstanceUid !== open.studyInstanceUid)
    return {
      ok: false,
      kind: 'other-study',
      message: `This plan belongs to another study (${short(plan.studyInstanceUid)}), not the one open (${short(open.studyInstanceUid)}): its points would not match this patient's anatomy.`,
    };
  return {
    ok: false,
    kind: 'other-series',
    message: `This plan belongs to another series (${short(planSeries)}) than the one open (${short(openSeries)}). Its points are patient coordinates: attach it only if both series share the same frame of reference.`,
  };
}
