import { formatLps } from '../../core/format';
import { PROCEDURE_LABELS, type ProcedureId, type Side, type Trajectory } from '../../planning/trajectory';
import { usePlacementStore } from '../../state/placementStore';
import { usePlanStore } from '../../state/planStore';
import { LEVELS, needleGroups, needleOptionLabel, SIDE_LABELS } from './planFormat';

const GROUPS = needleGroups();
const PROCEDURES = Object.entries(PROCEDURE_LABELS) as [ProcedureId, string][];

/** Name, procedure, level, side and needle of the selected trajectory; its two points, re-placeable. */
export function TrajectoryEditor({ t }: { t: Trajectory }) {
  const update = usePlanStore((s) => s.updateTrajectory);
  const startReplacing = usePlacementStore((s) => s.startReplacing);
  const levels: readonly string[] = LEVELS.includes(t.level as (typeof LEVELS)[number])
    ? LEVELS
    : [t.level, ...LEVELS];
  return (
    <div className="trajectory-editor" data-testid="trajectory-editor">
      <label>
        <span>Name</span>
        <input
          data-testid="trajectory-name"
          value={t.name}
          maxLength={80}
          onChange={(e) => update(t.id, { name: e.target.value })}
        />
      </label>
      <label>
        <span>Procedure</span>
        <select
          data-testid="trajectory-procedure"
          value={t.procedure}
          onChange={(e) => update(t.id, { procedure: e.target.value as ProcedureId })}
        >
          {PROCEDURES.map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <div className="row">
        <label>
          <span>Level</span>
          <select
            data-testid="trajectory-level"
            value={t.level}
            onChange={(e) => update(t.id, { level: e.target.value })}
          >
            {levels.map((l) => (
              <option key={l} value={l}>
                {l || '–'}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>Side</span>
          <select
            data-testid="trajectory-side"
            value={t.side}
            onChange={(e) => update(t.id, { side: e.target.value as Side })}
          >
            {(Object.keys(SIDE_LABELS) as Side[]).map((s) => (
              <option key={s} value={s}>
                {SIDE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label>
        <span>Needle</span>
        <select
          data-testid="trajectory-needle"
          value={t.needleId}
          onChange={(e) => update(t.id, { needleId: e.target.value })}
        >
          {GROUPS.map((g) => (
            <optgroup key={g.type} label={g.label}>
              {g.needles.map((n) => (
                <option key={n.id} value={n.id}>
                  {needleOptionLabel(n)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <dl className="facts points">
        <dt>Target</dt>
        <dd>
          {formatLps(t.targetLps)}{' '}
          <button type="button" className="small" onClick={() => startReplacing(t.id, 'target')}>
            Re-place
          </button>
        </dd>
        <dt>Entry</dt>
        <dd>
          {formatLps(t.entryLps)}{' '}
          <button type="button" className="small" onClick={() => startReplacing(t.id, 'entry')}>
            Re-place
          </button>
        </dd>
      </dl>
    </div>
  );
}
