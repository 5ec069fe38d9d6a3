import { useEffect } from 'react';
import { angleDeg, distance, sub } from '../../core/vec3';
import type { Measurement } from '../../planning/planFile';
import {
  MEASURE_POINTS,
  type MeasureTool,
  type RegionStatsView,
  useMeasureStore,
} from '../../state/measureStore';
import { selectActivePlan, usePlanStore } from '../../state/planStore';

const TOOLS: { tool: Exclude<MeasureTool, 'none'>; label: string; title: string }[] = [
  { tool: 'distance', label: 'Distance', title: 'Click two points in any 2D view' },
  { tool: 'angle', label: 'Angle', title: 'Click a point, the vertex, then another point, in any 2D view' },
  { tool: 'region', label: 'HU region', title: 'Click the centre of a circle, then its rim, in any 2D view' },
];

/** A measurement's value as the panel and the report print it. */
export function valueText(m: Measurement, stats: RegionStatsView | null | undefined): string {
  if (m.kind === 'distance') return `${distance(m.aLps, m.bLps).toFixed(1)} mm`;
  if (m.kind === 'region') {
    if (stats === undefined) return 'computing…';
    if (stats === null) return 'outside the images';
    const hu = (v: number) => v.toFixed(0);
    return `mean ${hu(stats.meanHu)} HU, SD ${stats.sdHu.toFixed(1)}, min ${hu(stats.minHu)}, max ${hu(stats.maxHu)}, area ${stats.areaMm2.toFixed(1)} mm²`;
  }
  return `${angleDeg(sub(m.aLps, m.vertexLps), sub(m.bLps, m.vertexLps)).toFixed(1)}°`;
}

/**
 * The side panel's Measurements section: the tools, what the next click does, and the active plan's
 * measurements (patient coordinates, saved with the plan) with their values, each deletable.
 */
export function MeasurementsPanel() {
  const tool = useMeasureStore((s) => s.tool);
  useEffect(() => {
    if (tool === 'none') return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') useMeasureStore.getState().cancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tool]);
  const pending = useMeasureStore((s) => s.pendingLps.length);
  const caseOpen = usePlanStore((s) => s.activeCaseKey !== null);
  const measurements = usePlanStore((s) => selectActivePlan(s)?.measurements) ?? [];
  const regionStats = useMeasureStore((s) => s.regionStats);
  const measure = useMeasureStore.getState;
  return (
    <div data-testid="measurements-panel">
      <div style={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
        {TOOLS.map((t) => (
          <button
            key={t.tool}
            type="button"
            data-testid={`measure-tool-${t.tool}`}
            aria-pressed={tool === t.tool}
            title={t.title}
            disabled={!caseOpen}
            style={{ fontWeight: tool === t.tool ? 700 : undefined }}
            onClick={() => measure().start(tool === t.tool ? 'none' : t.tool)}
          >
            {t.label}
          </button>
        ))}
        {tool !== 'none' && (
          <button type="button" data-testid="measure-tool-done" onClick={() => measure().cancel()}>
            Done
          </button>
        )}
      </div>
      {tool !== 'none' && (
        <p className="muted" data-testid="measure-hint">
          {`Click point ${pending + 1} of ${MEASURE_POINTS[tool]} in any 2D view`}
        </p>
      )}
      {measurements.length === 0 ? (
        <p className="muted">No measurements yet.</p>
      ) : (
        <ul style={{ listStyle: 'none', padding: 0, margin: '6px 0 0' }}>
          {measurements.map((m) => (
            <li
              key={m.id}
              data-testid="measurement-row"
              data-id={m.id}
              style={{ display: 'flex', gap: 6, alignItems: 'center' }}
            >
              <span style={{ minWidth: 28 }}>{m.name}</span>
              <span data-testid="measurement-value" style={{ flex: 1 }}>
                {valueText(m, regionStats[m.id])}
              </span>
              <button
                type="button"
                title={`Delete ${m.name}`}
                data-testid="measurement-delete"
                onClick={() => usePlanStore.getState().removeMeasurement(m.id)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
