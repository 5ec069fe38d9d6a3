import { useState } from 'react';
import type { Vec3 } from '../../core/vec3';
import { fromProneFrame, roomAngleLabel, viewAboveTable } from '../../planning/carm';
import { type CarmPreset, procedureViews } from '../../planning/carmViews';
import { endplateNormalFor } from '../../planning/endplates';
import { findNeedle } from '../../planning/needles';
import { NOTE_FROM_ANALYSIS, NOTE_FROM_TRUTH, proposeFromTruth } from '../../planning/proposal';
import { clickPrompt, PROCEDURE_TEMPLATES, type ProcedureTemplate } from '../../planning/templates';
import {
  type ProcedureId,
  type ProposalRecord,
  type Side,
  trajectoryDirection,
} from '../../planning/trajectory';
import { useCarmStore } from '../../state/carmStore';
import { usePlacementStore } from '../../state/placementStore';
import { selectSelectedTrajectory, usePlanStore } from '../../state/planStore';
import { useStudyStore } from '../../state/studyStore';
import { needleOptionLabel, SIDE_LABELS } from './planFormat';
import { type ReadoutSource, useReadoutVersion } from './readoutSource';

/**
 * The recommended needle and the C-arm view sequence of a procedure, each view with the angles its C-arm
 * button sets (procedures.ts through carmViews.ts), named for the patient's position; a view no C-arm can
 * take says why.
 */
export function NeedleAndViews({ needleId, views }: { needleId: string; views: readonly CarmPreset[] }) {
  const needle = findNeedle(needleId);
  const position = useCarmStore((s) => s.patientPosition);
  return (
    <>
      <p className="template-needle">
        Needle: <strong>{needle ? needleOptionLabel(needle) : needleId}</strong>
      </p>
      <ol className="template-views" data-testid="template-views">
        {views.map((v) => (
          <li key={v.id} data-testid={`template-view-${v.id}`}>
            {v.description}:{' '}
            {v.problem ? (
              <span className="warn-text">not offered ({v.problem})</span>
            ) : (
              <span className="template-view-angles">
                {roomAngleLabel(fromProneFrame(viewAboveTable(v, position), position), position)}
              </span>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}

/** A procedure's views for a level and side, with the demo's endplate when it is known. */
function useProcedureViews(
  procedure: ProcedureId,
  level: string,
  side: Side,
  needleDirLps?: Vec3,
): CarmPreset[] {
  const truth = useStudyStore((s) => s.demoTruth);
  const endplateNormalLps = endplateNormalFor(truth, level);
  return procedureViews({
    procedure,
    side,
    ...(needleDirLps ? { needleDirLps } : {}),
    ...(endplateNormalLps ? { endplateNormalLps } : {}),
  });
}

/**
 * The clicks a template asks for, in order; while its guided sequence runs, the step the next click answers
 * is marked (the 2D views show the same prompt as a banner).
 */
function ClickSteps({ template, level, side }: { template: ProcedureTemplate; level: string; side: Side }) {
  const guided = usePlacementStore((s) => s.guided);
  const running = guided?.templateId === template.id ? guided : null;
  return (
    <div className="notice" data-testid="template-clicks">
      <p>From your clicks on the images, in any 2D view, in order:</p>
      <ol>
        {template.clicks.map((c, i) => (
          <li
            key={c.id}
            data-testid={`template-click-${i}`}
            data-state={!running ? 'idle' : i < running.step ? 'done' : i === running.step ? 'now' : 'todo'}
            className={running && i === running.step ? 'template-click-now' : undefined}
          >
            {clickPrompt(c, level, side)}
            {running && i < running.step ? ' ✓' : ''}
          </li>
        ))}
      </ol>
    </div>
  );
}

/**
 * "New from template": procedure, level, side, then _Propose from clicks_ (the template's landmarks clicked
 * in the 2D views; any case) or, on the demo, _Propose_ from the phantom's ground truth. Either way the
 * entry goes on the skin of the volume (planning/proposal.ts) and the result is a new, selected trajectory
 * (one undo step) carrying its "check it" note.
 */
export function TemplateProposer({ source }: { source: ReadoutSource }) {
  useReadoutVersion(source);
  const [templateId, setTemplateId] = useState<ProcedureTemplate['id']>('tfesi');
  const template = PROCEDURE_TEMPLATES.find((t) => t.id === templateId) ?? PROCEDURE_TEMPLATES[0]!;
  const [levelChoice, setLevel] = useState(template.defaultLevel);
  const [sideChoice, setSide] = useState<Side>(template.sides[0]!);
  const [error, setError] = useState<string | null>(null);
  // A choice the newly picked template does not offer falls back to its default.
  const level = template.levels.includes(levelChoice) ? levelChoice : template.defaultLevel;
  const side = template.sides.includes(sideChoice) ? sideChoice : template.sides[0]!;
  const { truth, origin, options } = source.proposalInputs();
  const guided = usePlacementStore((s) => s.guided);
  const outcome = usePlacementStore((s) => s.guidedOutcome);
  const views = useProcedureViews(template.id, level, side);

  const propose = () => {
    if (!truth) return;
    const note = origin === 'analysis' ? NOTE_FROM_ANALYSIS : NOTE_FROM_TRUTH;
    const result = proposeFromTruth(template, level, side, truth, options, note);
    if (!result.ok) return setError(`No proposal: ${result.error}`);
    setError(null);
    usePlanStore.getState().applyProposal(result.value);
  };
  const startClicks = () => {
    setError(null);
    usePlacementStore.getState().startGuided(template, level, side);
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
      </div>
      <div className="row">
        {guided ? (
          <button
            type="button"
            data-testid="template-clicks-cancel"
            onClick={() => usePlacementStore.getState().cancelGuided()}
          >
            Stop clicking (Esc)
          </button>
        ) : (
          <button
            type="button"
            className={truth ? undefined : 'primary'}
            data-testid="template-propose-clicks"
            onClick={startClicks}
          >
            Propose from clicks
          </button>
        )}
        {truth && (
          <button type="button" className="primary" data-testid="template-propose" onClick={propose}>
            Propose
          </button>
        )}
      </div>
      {truth && origin === 'demo' && (
        <p className="muted">
          Demo: <em>Propose</em> takes the target from the phantom’s ground truth;{' '}
          <em>Propose from clicks</em> works as on patient images. The entry goes on the skin. Check every
          proposal.
        </p>
      )}
      {truth && origin === 'analysis' && (
        <p className="muted" data-testid="template-from-analysis">
          <em>Propose</em> takes the landmarks from the automatic spine analysis of this CT (check the level
          names first); <em>Propose from clicks</em> uses your clicks instead. The entry goes on the skin.
          Check every proposal.
        </p>
      )}
      <ClickSteps template={template} level={level} side={side} />
      {outcome && 'error' in outcome && !guided && (
        <p className="danger-text" role="alert" data-testid="template-clicks-error">
          No proposal from the clicks: {outcome.error}
        </p>
      )}
      {error && (
        <p className="danger-text" role="alert" data-testid="template-error">
          {error}
        </p>
      )}
      <NeedleAndViews needleId={template.needleId} views={views} />
      <p className="muted small-print">Source: {template.source}</p>
    </div>
  );
}

/**
 * The note of a trajectory made from a proposal (kept in the plan): origin, remarks, needle and the view
 * sequence of the selected trajectory's procedure at its needle's angles.
 */
export function ProposalNote({ proposal, needleId }: { proposal: ProposalRecord; needleId: string }) {
  const trajectory = usePlanStore(selectSelectedTrajectory);
  const views = useProcedureViews(
    trajectory?.procedure ?? 'other',
    trajectory?.level ?? '',
    trajectory?.side ?? 'midline',
    trajectory ? trajectoryDirection(trajectory) : undefined,
  );
  return (
    <div className="proposal-note" role="note" data-testid="proposal-note" data-source={proposal.source}>
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
      <NeedleAndViews needleId={needleId} views={views} />
    </div>
  );
}
