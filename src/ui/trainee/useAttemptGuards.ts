import { useEffect } from 'react';
import { useCarmStore } from '../../state/carmStore';
import { useTraineeStore } from '../../state/traineeStore';
import { useViewStore } from '../../state/viewStore';

/**
 * Keeps an attempt honest whatever the C-arm controls offer: rehearsal mode stays on (the monitor changes
 * only with a counted shot) and, in fluoroscopy-only mode, the C-arm stays the only view (no 3D tab, no
 * restored 2x2 layout with CT slices).
 */
export function useAttemptGuards(running: boolean, fluoroOnly: boolean): void {
  useEffect(() => {
    if (!running) return;
    const enforce = () => {
      // The attempt may have ended before React unsubscribes: the debrief sets live preview and the 3D view.
      if (useTraineeStore.getState().attempt === null) return;
      const carm = useCarmStore.getState();
      if (carm.livePreview) carm.set({ livePreview: false });
      if (fluoroOnly && carm.mode !== 'carm') carm.setMode('carm');
      const view = useViewStore.getState();
      if (fluoroOnly && view.maximized !== null && view.maximized !== '3d') view.restoreLayout();
    };
    enforce();
    const offCarm = useCarmStore.subscribe(enforce);
    const offView = useViewStore.subscribe(enforce);
    return () => {
      offCarm();
      offView();
    };
  }, [running, fluoroOnly]);
}
