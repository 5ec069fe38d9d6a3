import { NEEDLE_CATALOGUE } from '../../planning/needles';
import type { Plan } from '../../planning/planFile';
import { PROCEDURE_LABELS } from '../../planning/trajectory';
import { usePlanStore } from '../../state/planStore';
import { SIDE_LABELS, safeColour } from './planFormat';

const needleShort = (id: string): string => {
  const n = NEEDLE_CATALOGUE.find((x) => x.id === id);
  return n ? `${n.gauge}G ${n.lengthMm} mm` : 'unknown needle';
};

/** The plan's trajectories: click to select; delete goes through `onDelete` (the panel offers undo). */
export function TrajectoryList({ plan, onDelete }: { plan: Plan; onDelete: (id: string) => void }) {
  const selectedId = usePlanStore((s) => s.selectedTrajectoryId);
  const select = usePlanStore((s) => s.select);
  if (plan.trajectories.length === 0)
    return <p className="muted">No trajectories yet. Use “New trajectory”, then click target and entry.</p>;
  return (
    <ul className="trajectory-list" data-testid="trajectory-list">
      {plan.trajectories.map((t) => (
        <li
          key={t.id}
          className={t.id === selectedId ? 'selected' : undefined}
          data-testid="trajectory-item"
          aria-current={t.id === selectedId}
        >
          <button type="button" className="trajectory-select" onClick={() => select(t.id)}>
            <span className="colour-swatch" style={{ background: safeColour(t.colour) }} />
            <span className="trajectory-name">{t.name || '(unnamed)'}</span>
            <span className="trajectory-meta">
              {PROCEDURE_LABELS[t.procedure]} · {t.level || 'level?'} · {SIDE_LABELS[t.side]} ·{' '}
              {needleShort(t.needleId)}
            </span>
          </button>
          <button
            type="button"
            className="small ghost"
            title={`Delete ${t.name}`}
            aria-label={`Delete ${t.name}`}
            onClick={() => onDelete(t.id)}
          >
            ✕
          </button>
        </li>
      ))}
    </ul>
  );
}
