import { useMemo, useState } from 'react';
import type { NoGoStructure } from '../../planning/planFile';
import { trajectoryReadouts } from '../../planning/readouts';
import type { Trajectory } from '../../planning/trajectory';
import { usePlacementStore } from '../../state/placementStore';
import { selectActivePlan, selectSelectedTrajectory, usePlanStore } from '../../state/planStore';
import { PlanFiles } from './PlanFiles';
import { ReadoutsView } from './ReadoutsView';
import { type ReadoutSource, useReadoutVersion } from './readoutSource';
import { StorageProblems } from './StorageProblems';
import { TrajectoryEditor } from './TrajectoryEditor';
import { TrajectoryList } from './TrajectoryList';
import './plan.css';

const NO_STRUCTURES: readonly NoGoStructure[] = [];

/** Live readouts of one trajectory; recomputed when it, the plan's no-go marks or the volume change. */
function SelectedReadouts({
  t,
  source,
  planStructures,
  warningDistanceMm,
}: {
  t: Trajectory;
  source: ReadoutSource;
  planStructures: readonly NoGoStructure[];
  warningDistanceMm: number;
}) {
  const version = useReadoutVersion(source);
  const [contrast, setContrast] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` stands for the source's volume/truth
  const r = useMemo(() => {
    const context = source.contextFor(t.level);
    return trajectoryReadouts(t, {
      ...context,
      contrastEnhanced: contrast,
      structures: [...(context.structures ?? []), ...planStructures],
      warningDistanceMm,
    });
  }, [t, source, version, contrast, planStructures, warningDistanceMm]);
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
export function PlanPanel({ readouts }: { readouts: ReadoutSource }) {
  const plan = usePlanStore(selectActivePlan);
  const selected = usePlanStore(selectSelectedTrajectory);
  const { removeTrajectory, addTrajectory } = usePlanStore.getState();
  const startNew = usePlacementStore((s) => s.startNewTrajectory);
  const [deleted, setDeleted] = useState<Trajectory | null>(null);

  const onDelete = (id: string) => {
    const t = plan?.trajectories.find((x) => x.id === id);
    if (!t) return;
    removeTrajectory(id);
    setDeleted(t);
  };
  const undo = () => {
    if (!deleted) return;
    const { id: _id, ...init } = deleted;
    addTrajectory(init);
    setDeleted(null);
  };

  return (
    <div className="plan-panel" data-testid="plan-panel">
      <StorageProblems />
      {plan ? (
        <>
          <div className="row">
            <button type="button" className="primary" onClick={startNew} data-testid="new-trajectory">
              New trajectory
            </button>
          </div>
          <PlacementHint />
          <TrajectoryList plan={plan} onDelete={onDelete} />
          {deleted && (
            <p className="notice" data-testid="undo-delete">
              Deleted “{deleted.name}”.{' '}
              <button type="button" className="small" onClick={undo}>
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
              <TrajectoryEditor t={selected} />
              <SelectedReadouts
                t={selected}
                source={readouts}
                planStructures={plan.noGoStructures ?? NO_STRUCTURES}
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
