import { type ReactNode, useMemo, useState } from 'react';
import type { ClearanceStructure } from '../../planning/clearance';
import type { Plan } from '../../planning/planFile';
import { planClearanceStructures, planTrajectoryReadouts } from '../../planning/readouts';
import type { Trajectory } from '../../planning/trajectory';
import { useCarmStore } from '../../state/carmStore';
import { usePlacementStore } from '../../state/placementStore';
import { selectActivePlan, selectSelectedTrajectory, usePlanStore } from '../../state/planStore';
import { LevelCheckView } from '../analysis/LevelCheckView';
import { LevelNames } from '../analysis/LevelNames';
import { NoGoPaintPanel } from './NoGoPaintPanel';
import { OtherTabBanner } from './OtherTabBanner';
import { PlanFiles } from './PlanFiles';
import { UndoRedo, WarningDistanceInput } from './PlanToolbar';
import { ReadoutsView } from './ReadoutsView';
import { type ReadoutSource, useReadoutVersion } from './readoutSource';
import { StorageProblems } from './StorageProblems';
import { ProposalNote, TemplateProposer } from './TemplateProposer';
import { TrajectoryEditor } from './TrajectoryEditor';
import { TrajectoryList } from './TrajectoryList';
import './plan.css';

/** Live readouts of one trajectory; recomputed when it, the plan's no-go marks or the volume change. */
function SelectedReadouts({
  t,
  source,
  planStructures,
  warningDistanceMm,
}: {
  t: Trajectory;
  source: ReadoutSource;
  planStructures: readonly ClearanceStructure[];
  warningDistanceMm: number;
}) {
  const version = useReadoutVersion(source);
  const [contrast, setContrast] = useState(false);
  // The recipe is named for how the patient lies, chosen here or at the C-arm (one value, the C-arm store).
  const patientPosition = useCarmStore((s) => s.patientPosition);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` stands for the source's volume/truth
  const r = useMemo(
    () =>
      planTrajectoryReadouts(t, source.contextFor(t.level), {
        planStructures,
        warningDistanceMm,
        patientPosition,
        contrastEnhanced: contrast,
      }),
    [t, source, version, contrast, planStructures, warningDistanceMm, patientPosition],
  );
  return (
    <>
      <ReadoutsView t={t} r={r} />
      <label className="check">
        <input type="checkbox" checked={contrast} onChange={(e) => setContrast(e.target.checked)} />{' '}
        Contrast-enhanced scan (flag 150–500 HU as possible vessel)
      </label>
    </>
  );
}

function PlacementHint() {
  const mode = usePlacementStore((s) => s.mode);
  const cancel = usePlacementStore((s) => s.cancel);
  const remove = usePlanStore((s) => s.removeTrajectory);
  if (mode === 'none') return null;
  return (
    <p className="placement-hint" data-testid="placement-hint">
      Click the {mode === 'target' ? 'TARGET' : 'skin ENTRY'} in a 2D view.{' '}
      <button
        type="button"
        className="small"
        onClick={() => {
          const half = cancel();
          if (half) remove(half);
        }}
      >
        Cancel
      </button>
    </p>
  );
}

/** The plan side panel: trajectories, editor, live readouts, HU profile, plan files, storage problems. */
export function PlanPanel({ readouts, caseBar }: { readouts: ReadoutSource; caseBar?: ReactNode }) {
  const plan = usePlanStore(selectActivePlan);
  const selected = usePlanStore(selectSelectedTrajectory);
  const startNew = usePlacementStore((s) => s.startNewTrajectory);
  const [deleted, setDeleted] = useState<{ name: string; planAfter: Plan } | null>(null);
  const [templatesOpen, setTemplatesOpen] = useState(false);
  // Marked shapes and painted regions: the masks are cropped once per change, not per readout.
  const noGo = plan?.noGoStructures;
  const masks = plan?.noGoMasks;
  const planStructures = useMemo(
    () => planClearanceStructures({ noGoStructures: noGo, noGoMasks: masks }),
    [noGo, masks],
  );

  const onDelete = (id: string) => {
    const t = plan?.trajectories.find((x) => x.id === id);
    if (!t) return;
    usePlanStore.getState().removeTrajectory(id);
    const planAfter = selectActivePlan(usePlanStore.getState());
    if (planAfter) setDeleted({ name: t.name, planAfter });
  };
  // The delete notice's Undo is the plan's undo, offered only while the deletion is the last change.
  const deletedIsLast = deleted !== null && deleted.planAfter === plan;

  return (
    <div className="plan-panel" data-testid="plan-panel">
      {caseBar}
      <OtherTabBanner />
      <StorageProblems />
      {plan ? (
        <>
          <div className="row plan-toolbar">
            <button type="button" className="primary" onClick={startNew} data-testid="new-trajectory">
              New trajectory
            </button>
            <button
              type="button"
              aria-expanded={templatesOpen}
              onClick={() => setTemplatesOpen(!templatesOpen)}
              data-testid="new-from-template"
            >
              {templatesOpen ? 'Hide templates' : 'New from template…'}
            </button>
            <UndoRedo />
          </div>
          {templatesOpen && <TemplateProposer source={readouts} />}
          <LevelNames />
          <PlacementHint />
          <TrajectoryList plan={plan} onDelete={onDelete} />
          <WarningDistanceInput mm={plan.clearanceWarningMm} />
          <NoGoPaintPanel regions={plan.noGoMasks} />
          {deletedIsLast && (
            <p className="notice" data-testid="undo-delete">
              Deleted “{deleted.name}”.{' '}
              <button type="button" className="small" onClick={() => usePlanStore.getState().undo()}>
                Undo
              </button>{' '}
              <button
                type="button"
                className="small ghost"
                onClick={() => setDeleted(null)}
                aria-label="Dismiss"
              >
                ✕
              </button>
            </p>
          )}
          {selected && (
            <>
              {selected.proposal && (
                <ProposalNote proposal={selected.proposal} needleId={selected.needleId} />
              )}
              <TrajectoryEditor t={selected} />
              <LevelCheckView level={selected.level} />
              <SelectedReadouts
                t={selected}
                source={readouts}
                planStructures={planStructures}
                warningDistanceMm={plan.clearanceWarningMm}
              />
            </>
          )}
        </>
      ) : (
        <p className="muted">Open a series to plan on it.</p>
      )}
      <PlanFiles />
    </div>
  );
}
