import { useEffect } from 'react';
import { type RegionStatsView, useMeasureStore } from '../../state/measureStore';
import { selectActivePlan, usePlanStore } from '../../state/planStore';
import { useStudyStore } from '../../state/studyStore';
import { circleRegionStats } from './regionStats';

/**
 * Keeps the HU statistics of the active plan's regions in the measure store, for the side panel (the UI layer
 * cannot read the volume). Renders nothing; mounted once beside the 2D views.
 */
export function RegionStatsSync() {
  const volume = useStudyStore((s) => s.volume);
  const measurements = usePlanStore((s) => selectActivePlan(s)?.measurements);
  useEffect(() => {
    const stats: Record<string, RegionStatsView | null> = {};
    for (const m of measurements ?? [])
      if (m.kind === 'region') stats[m.id] = volume ? (circleRegionStats(volume, m) ?? null) : null;
    useMeasureStore.getState().setRegionStats(stats);
  }, [volume, measurements]);
  return null;
}
