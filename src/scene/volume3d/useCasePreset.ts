import { useEffect } from 'react';
import { usePlanStore } from '../../state/planStore';
import { useRenderStore } from '../../state/renderStore';

/**
 * 3D presets are saved per case like plans, under the plan store's case key (SeriesInstanceUID, or 'demo'
 * for the phantom whose UIDs change at every generation). A new case loads and applies its saved preset;
 * remounting the view for the same case keeps the edit in progress.
 */
export function useCasePreset(): void {
  const caseKey = usePlanStore((s) => s.activeCaseKey);
  useEffect(() => {
    if (useRenderStore.getState().caseKey !== caseKey) void useRenderStore.getState().openCase(caseKey);
  }, [caseKey]);
}
