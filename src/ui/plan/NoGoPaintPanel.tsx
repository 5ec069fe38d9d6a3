import { type PaintedRegion, paintedVoxelCount, voxelVolumeMm3 } from '../../planning/noGoMask';
import { usePlacementStore } from '../../state/placementStore';
import { usePlanStore } from '../../state/planStore';

const volumeMl = (r: PaintedRegion): number => (paintedVoxelCount(r) * voxelVolumeMm3(r.grid)) / 1000;

/**
 * Painted no-go regions: the paint tool (brush radius, Shift erases), the region strokes go into, and the
 * regions with their volume and clearance margin. Clearance readouts include them (PlanPanel).
 */
export function NoGoPaintPanel({ regions }: { regions: readonly PaintedRegion[] }) {
  const paint = usePlacementStore((s) => s.paint);
  const setPaint = usePlacementStore((s) => s.setPaint);
  const plans = usePlanStore.getState;
  const current = regions.some((r) => r.id === paint.regionId) ? paint.regionId : null;
  return (
    <section className="nogo-paint" data-testid="nogo-paint">
      <h3>Painted no-go regions</h3>
      <div className="row">
        <button
          type="button"
          className={paint.active ? 'primary' : undefined}
          aria-pressed={paint.active}
          data-testid="paint-toggle"
          title="Paint structures to keep clear of on the 2D views (Shift+drag erases)"
          onClick={() => setPaint({ active: !paint.active })}
        >
          {paint.active ? 'Stop painting' : 'Paint no-go'}
        </button>
        <label className="inline">
          <span>Brush</span>
          <input
            type="number"
            data-testid="paint-radius"
            min={0.5}
            max={30}
            step={0.5}
            value={paint.radiusMm}
            onChange={(e) => {
              const mm = Number(e.target.value);
              if (e.target.value.trim() !== '' && Number.isFinite(mm)) setPaint({ radiusMm: mm });
            }}
          />
          <span>mm</span>
        </label>
        <button
          type="button"
          className="small"
          data-testid="paint-new-region"
          disabled={current === null}
          title="The next stroke starts a new region"
          onClick={() => setPaint({ regionId: null })}
        >
          New region
        </button>
      </div>
      {paint.active && (
        <p className="muted" data-testid="paint-hint">
          Drag on a 2D view to paint {current ? 'into the marked region' : 'a new region'}; Shift+drag erases.
        </p>
      )}
      {regions.length > 0 && (
        <ul className="nogo-regions" data-testid="nogo-regions">
          {regions.map((r) => (
            <li key={r.id} className={r.id === current ? 'selected' : undefined} data-testid="nogo-region">
              <button
                type="button"
                className="ghost small"
                aria-pressed={r.id === current}
                title="Paint into this region"
                onClick={() => setPaint({ regionId: r.id })}
              >
                {r.name}
              </button>
              <span className="muted">{volumeMl(r).toFixed(2)} mL</span>
              <label className="inline" title="Closer than this counts as a violation">
                <span>margin</span>
                <input
                  type="number"
                  min={0}
                  max={20}
                  step={0.5}
                  value={r.marginMm ?? 0}
                  onChange={(e) => {
                    const mm = Number(e.target.value);
                    if (e.target.value.trim() !== '' && mm >= 0 && mm <= 20)
                      plans().updateNoGoMask(r.id, { marginMm: mm });
                  }}
                />
              </label>
              <button
                type="button"
                className="ghost small"
                aria-label={`Delete ${r.name}`}
                onClick={() => plans().removeNoGoMask(r.id)}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
