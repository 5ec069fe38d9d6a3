import { useState } from 'react';
import { findNeedle } from '../../planning/needles';
import { proposeFromTruth, type TemplateProposal } from '../../planning/proposal';
import {
  PROCEDURE_TEMPLATES,
  type ProcedureTemplate,
  STANDARD_VIEW_LABELS,
  type StandardViewId,
} from '../../planning/templates';
import type { Side } from '../../planning/trajectory';
import { usePlanStore } from '../../state/planStore';
import { needleOptionLabel, SIDE_LABELS } from './planFormat';
import { type ReadoutSource, useReadoutVersion } from './readoutSource';

/** The recommended needle and C-arm view sequence of a template or a proposal. */
export function NeedleAndViews({ needleId, views }: { needleId: string; views: readonly StandardViewId[] }) {
  const needle = findNeedle(needleId);
  return (
    <>
      <p className="template-needle">
        Needle: <strong>{needle ? needleOptionLabel(needle) : needleId}</strong>
      </p>
      <ol className="template-views" data-testid="template-views">
        {views.map((v, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a view may repeat (AP at start and end)
          <li key={`${v}-${i}`}>{STANDARD_VIEW_LABELS[v]}</li>
        ))}
      </ol>
    </>
  );
}

/** Patient data: the clicks the template needs, and why there is no button for them yet. */
function ClickInstructions({ template }: { template: ProcedureTemplate }) {
  return (
    <div className="notice" data-testid="template-clicks">
      <p>On patient images this template is built from your clicks, in order:</p>
      <ol>
        {template.clicks.map((c) => (
          <li key={c.id}>{c.prompt}</li>
        ))}
      </ol>
      <p className="danger-text" data-testid="template-unavailable">
        Proposals from clicks are not yet available on patient data: place the target and entry with “New
        trajectory”, following the views below.
      </p>
    </div>
  );
}

/**
 * "New from template": procedure, level, side -> Propose. On the demo the proposal comes from the
 * phantom's ground truth with the entry on the skin of the volume (planning/proposal.ts); it is added as a
 * new trajectory (one undo step) and reported through `onProposed` so the panel can show its note.
 */
export function TemplateProposer({
  source,
  onProposed,
}: {
  source: ReadoutSource;
  onProposed: (trajectoryId: string, proposal: TemplateProposal) => void;
}) {
  useReadoutVersion(source);
  const [templateId, setTemplateId] = useState<ProcedureTemplate['id']>('tfesi');
  const template = PROCEDURE_TEMPLATES.find((t) => t.id === templateId) ?? PROCEDURE_TEMPLATES[0]!;
  const [levelChoice, setLevel] = useState(template.defaultLevel);
  const [sideChoice, setSide] = useState<Side>(template.sides[0]!);
  const [error, setError] = useState<string | null>(null);
  // A choice the newly picked template does not offer falls back to its default.
  const level = template.levels.includes(levelChoice) ? levelChoice : template.defaultLevel;
  const side = template.sides.includes(sideChoice) ? sideChoice : template.sides[0]!;
  const { truth, options } = source.proposalInputs();

  const propose = () => {
    if (!truth) return;
    const result = proposeFromTruth(template, level, side, truth, options);
    if (!result.ok) return setError(`No proposal: ${result.error}`);
    setError(null);
    const id = usePlanStore.getState().applyProposal(result.value);
    if (id) onProposed(id, result.value);
  };

  return (
    <div className="template-proposer" data-testid="template-proposer">
      <label>
        <span>Procedure</span>
        <select
          data-testid="template-procedure"
          value={template.id}
          onChange={(e) => setTemplateId(e.target.value as ProcedureTemplate['id'])}
        >
          {PROCEDURE_TEMPLATES.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <div className="row">
        <label>
          <span>Level</span>
          <select data-testid="template-level" value={level} onChange={(e) => setLevel(e.target.value)}>
            {template.levels.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Side</span>
          <select data-testid="template-side" value={side} onChange={(e) => setSide(e.target.value as Side)}>
            {template.sides.map((s) => (
              <option key={s} value={s}>
                {SIDE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        {truth && (
          <button type="button" className="primary" data-testid="template-propose" onClick={propose}>
            Propose
          </button>
        )}
      </div>
      {truth ? (
        <p className="muted">
          Demo: target from the phantom’s ground truth, entry on the skin. Check every proposal.
        </p>
      ) : (
        <ClickInstructions template={template} />
      )}
      {error && (
        <p className="danger-text" role="alert" data-testid="template-error">
          {error}
        </p>
      )}
      <NeedleAndViews needleId={template.needleId} views={template.views} />
      <p className="muted small-print">Source: {template.source}</p>
    </div>
  );
}

/** The note of a trajectory made from a proposal: where it came from, remarks, needle and views. */
export function ProposalNote({ proposal }: { proposal: TemplateProposal }) {
  return (
    <div className="proposal-note" role="note" data-testid="proposal-note">
      <p className="proposal-note-title">{proposal.note}</p>
      {!proposal.entryOnSkin && (
        <p className="danger-text">The entry is not on the skin (nominal depth or volume edge): check it.</p>
      )}
      {proposal.remarks.length > 0 && (
        <ul>
          {proposal.remarks.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      <NeedleAndViews needleId={proposal.needleId} views={proposal.views} />
    </div>
  );
}
