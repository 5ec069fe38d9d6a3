import type { Vec3 } from '../../core/vec3';
import { proposeFromClicks } from '../../planning/proposal';
import { findTemplate } from '../../planning/templates';
import { usePlacementStore } from '../../state/placementStore';
import { usePlanStore } from '../../state/planStore';
import { useSliceStore } from '../../state/sliceStore';
import { lpsSampler } from '../../volume/sample';
import type { Volume } from '../../volume/volume';

/**
 * A plain left press in a 2D view while a template asks for clicks: records the click; after the last one
 * builds the proposal from the clicks (planning/proposal.ts proposeFromClicks, the entry found on this
 * volume's skin along the template's approach) and adds it as a new, selected trajectory carrying its
 * "Proposal - check it" note. Returns whether the press was used.
 */
export function guidedPointerDown(lps: Vec3, volume: Volume): boolean {
  const placement = usePlacementStore.getState();
  if (!placement.guided) return false;
  const done = placement.guidedClick(lps);
  if (!done) return true;
  const template = findTemplate(done.templateId);
  if (!template) return true;
  const res = proposeFromClicks(template, done.clicks, {
    side: done.side,
    level: done.level,
    skinSampler: lpsSampler(volume),
  });
  if (!res.ok) {
    placement.setGuidedOutcome({ error: res.error });
    return true;
  }
  const id = usePlanStore.getState().applyProposal(res.value);
  placement.setGuidedOutcome(id ? { trajectoryId: id } : { error: 'No case is open.' });
  if (id) useSliceStore.getState().setCrosshair(res.value.targetLps);
  return true;
}
