import { usePlacementStore } from './placementStore';
import { usePlanStore } from './planStore';

/** Leaves placement; a new trajectory whose entry was never placed is removed rather than left at zero length. */
export function cancelPlacement(): void {
  const unfinished = usePlacementStore.getState().cancel();
  if (unfinished) usePlanStore.getState().removeTrajectory(unfinished);
}

/** Leaves whichever click sequence is running (trajectory placement or a template's guided clicks). */
export function cancelAllPlacement(): void {
  cancelPlacement();
  usePlacementStore.getState().cancelGuided();
}
