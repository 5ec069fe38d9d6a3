import { usePlacementStore } from '../state/placementStore';
import { type PlanState, usePlanStore } from '../state/planStore';
import { type StudyState, useStudyStore } from '../state/studyStore';
import type { Volume } from '../volume/volume';

/**
 * The plan case of a volume: the demo phantom shares one plan ('demo'; its UIDs are regenerated), a real
 * series is keyed by its SeriesInstanceUID (PS3.3 C.7.3.1), so a reopened series finds its autosaved plan.
 */
export const planCaseKey = (volume: Pick<Volume, 'metadata'>): string =>
  volume.metadata.isDemo ? 'demo' : volume.metadata.seriesInstanceUid;

/** The part of a zustand store this module uses (typed here: app/ does not import zustand itself). */
interface Readable<S> {
  getState: () => S;
  subscribe: (listener: (state: S, previous: S) => void) => () => void;
}

/**
 * Opens the plan case of every volume the study store receives (and of the one it holds now), after
 * `beforeOpen` (which still sees the previous case). Returns the unsubscribe function.
 */
export function syncPlanCaseWithStudy(
  study: Readable<Pick<StudyState, 'volume'>>,
  plans: { getState: () => Pick<PlanState, 'openCase'> },
  beforeOpen: () => void = () => {},
): () => void {
  const open = (volume: Volume | null) => {
    if (!volume) return;
    beforeOpen();
    const { isDemo, studyInstanceUid, seriesInstanceUid } = volume.metadata;
    // The demo's UIDs are new at every generation: recording them would only make later imports mismatch.
    // The images' grid: the case's plan (autosaved, imported, from a package) is checked against it before
    // it is shown (planning/planCaseBounds.ts); an unfitting stored plan is kept aside, never drawn.
    plans.getState().openCase(planCaseKey(volume), isDemo ? {} : { studyInstanceUid, seriesInstanceUid }, {
      dims: volume.dims,
      ijkToLps: volume.ijkToLps,
    });
  };
  open(study.getState().volume);
  return study.subscribe((s, previous) => {
    if (s.volume !== previous.volume) open(s.volume);
  });
}

/**
 * Starts the app's sync (src/app/startPlanSync.ts). A placement in progress belongs to the old case: it
 * ends there (a half-placed new trajectory is removed from the old plan).
 */
export function startPlanSync(): () => void {
  return syncPlanCaseWithStudy(useStudyStore, usePlanStore, () => {
    const unfinished = usePlacementStore.getState().cancel();
    if (unfinished) usePlanStore.getState().removeTrajectory(unfinished);
    usePlacementStore.getState().setActiveHandle(null);
  });
}
