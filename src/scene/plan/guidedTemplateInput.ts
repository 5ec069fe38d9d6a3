import type { Vec3 } from '../../core/vec3';
import {
  analysisClearanceMm,
  analysisEndplateNormal,
  analysisInsideBody,
  maskSignedDistance,
} from '../../planning/analysisInputs';
import { type ClickProposalOptions, proposeFromClicks } from '../../planning/proposal';
import { findTemplate } from '../../planning/templates';
import { useAnalysisStore } from '../../state/analysisStore';
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
  const options: ClickProposalOptions = {
    side: done.side,
    level: done.level,
    skinSampler: lpsSampler(volume),
  };
  // The spine analysis of this volume, when found, gives the level's endplate, the body outline (the couch
  // is not skin) and the no-go structures the approach keeps its margins to; the target stays the click.
  const { analysis, volumeId } = useAnalysisStore.getState();
  if (analysis?.found && volumeId === volume.id) {
    const normal = analysisEndplateNormal(analysis, done.level);
    if (normal) options.endplateNormal = normal;
    options.insideBody = analysisInsideBody(analysis);
    options.clearanceMm = analysisClearanceMm(analysis);
    const sac = maskSignedDistance(analysis, ['thecal-sac']);
    if (sac) options.thecalSacDistanceMm = sac;
  }
  const res = proposeFromClicks(template, done.clicks, options);
  if (!res.ok) {
    placement.setGuidedOutcome({ error: res.error });
    return true;
  }
  const id = usePlanStore.getState().applyProposal(res.value);
  placement.setGuidedOutcome(id ? { trajectoryId: id } : { error: 'No case is open.' });
  if (id) useSliceStore.getState().setCrosshair(res.value.targetLps);
  return true;
}
