import type { TrajectoryReadouts } from '../../planning/readouts';
import type { Trajectory } from '../../planning/trajectory';
import { useCarmStore } from '../../state/carmStore';
import { CarmRecipeView, PositionChoice } from './CarmRecipeView';
import { HuProfilePlot } from './HuProfilePlot';
import { CLOSE_CLEARANCE_MM, clearanceFlag, mm, TISSUE_LABELS, tissueRuns } from './planFormat';
import { ReadoutFactItems } from './ReadoutFactItems';
import { type ReadoutFact, readoutFacts } from './readoutFacts';

const CLEARANCE_SHOWN = 5;

/** The panel's test ids (plan-panel e2e): the needle line's id says whether it reaches. */
function panelTestId(f: ReadoutFact): string | undefined {
  if (f.key !== 'needle') return `readout-${f.key}`;
  return f.severity === 'ok' ? 'needle-check' : f.severity === 'danger' ? 'needle-too-short' : undefined;
}

const PANEL_SEVERITY = { ok: undefined, warn: 'warn-text', danger: 'danger-text' } as const;

/** Every live readout of the selected trajectory (planning/readouts.ts), as text. */
export function ReadoutsView({ t, r }: { t: Trajectory; r: TrajectoryReadouts }) {
  // The recipe is already named for the position (readout context); choosing another one goes to the C-arm store.
  const setPosition = useCarmStore((s) => s.setPatientPosition);
  const carm = r.carm;
  const shownClearance = r.clearance.slice(0, CLEARANCE_SHOWN);
  const moreClearance = r.clearance.slice(CLEARANCE_SHOWN);
  return (
    <div className="readouts" data-testid="readouts">
      {r.warnings.length > 0 && (
        <ul className="warnings plan-warnings" data-testid="readout-warnings">
          {r.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <dl className="facts">
        <ReadoutFactItems
          facts={readoutFacts(t.level, r)}
          testId={panelTestId}
          severityClass={PANEL_SEVERITY}
        />
      </dl>
      {carm && (
        <>
          <h3>C-arm recipe</h3>
          <PositionChoice position={carm.position} onChange={setPosition} />
          <CarmRecipeView recipe={carm} />
        </>
      )}
      {r.clearance.length > 0 && (
        <>
          <h3>Clearance (needle surface, gauge included)</h3>
          <ClearanceTable rows={shownClearance} />
          {moreClearance.length > 0 && (
            <details>
              <summary>{moreClearance.length} more structures</summary>
              <ClearanceTable rows={moreClearance} />
            </details>
          )}
        </>
      )}
      {r.profile && (
        <>
          <h3>HU along the path</h3>
          <HuProfilePlot profile={r.profile} />
          <table className="readout-table" data-testid="tissue-runs">
            <thead>
              <tr>
                <th>Tissue</th>
                <th className="num">Depth</th>
                <th className="num">HU</th>
              </tr>
            </thead>
            <tbody>
              {tissueRuns(r.profile.segments).map((s) => (
                <tr key={s.startDepthMm} className={`tissue-${s.tissue}`}>
                  <td>{TISSUE_LABELS[s.tissue]}</td>
                  <td className="num">
                    {s.startDepthMm.toFixed(1)}–{mm(s.endDepthMm)}
                  </td>
                  <td className="num">
                    {s.minHu === undefined
                      ? '–'
                      : `${Math.round(s.minHu)}..${Math.round(s.maxHu ?? s.minHu)}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

function ClearanceTable({ rows }: { rows: TrajectoryReadouts['clearance'] }) {
  return (
    <table className="readout-table" data-testid="clearance">
      <tbody>
        {rows.map((c) => {
          const flag = clearanceFlag(c);
          return (
            <tr key={c.structureId} className={`clearance-${flag}`} data-testid={`clearance-${flag}`}>
              <td>{c.name}</td>
              <td className="num">
                {c.found
                  ? `${mm(c.minDistanceMm)} ±${c.uncertaintyMm.toFixed(1)}`
                  : `> ${mm(c.minDistanceMm, 0)}`}
              </td>
              <td>
                {flag === 'violates'
                  ? `touches/crosses at ${mm(c.depthMm)}`
                  : flag === 'close'
                    ? `< ${CLOSE_CLEARANCE_MM} mm at ${mm(c.depthMm)}`
                    : `at ${mm(c.depthMm)}`}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
