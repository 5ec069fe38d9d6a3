import type { TrajectoryReadouts } from '../../planning/readouts';
import type { Trajectory } from '../../planning/trajectory';
import { useCarmStore } from '../../state/carmStore';
import { CarmRecipeView, PositionChoice } from './CarmRecipeView';
import { HuProfilePlot } from './HuProfilePlot';
import {
  CLOSE_CLEARANCE_MM,
  clearanceFlag,
  craniocaudalWords,
  deg,
  mediolateralWords,
  mm,
  signedDeg,
  TISSUE_LABELS,
  tissueRuns,
} from './planFormat';

const CLEARANCE_SHOWN = 5;

function NeedleCheck({ r }: { r: TrajectoryReadouts }) {
  const c = r.lengthCheck;
  if (!c || !r.needle) return <dd className="warn-text">no needle chosen</dd>;
  if (c.longEnough)
    return (
      <dd data-testid="needle-check">
        {r.needle.label} reaches: usable {mm(c.usableLengthMm)} ({mm(r.needle.lengthMm)} − {mm(c.allowanceMm)}{' '}
        hub/skin allowance), {mm(c.usableLengthMm - r.lengthMm)} to spare
      </dd>
    );
  return (
    <dd className="danger-text" data-testid="needle-too-short">
      TOO SHORT by {mm(c.shortfallMm)}: path {mm(r.lengthMm)} + {mm(c.allowanceMm)} hub/skin allowance &gt;{' '}
      {mm(r.needle.lengthMm)} needle
    </dd>
  );
}

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
        <dt>Length</dt>
        <dd data-testid="readout-length">
          <strong>{mm(r.lengthMm)}</strong> skin entry → target
        </dd>
        <dt>Needle</dt>
        <NeedleCheck r={r} />
        {r.angles && (
          <>
            <dt>Cranio-caudal</dt>
            <dd data-testid="readout-craniocaudal">
              {signedDeg(r.angles.craniocaudalDeg)} ({craniocaudalWords(r.angles.craniocaudalDeg)})
            </dd>
            <dt>Medio-lateral</dt>
            <dd data-testid="readout-mediolateral">
              {deg(r.angles.mediolateralDeg)} from sagittal ({mediolateralWords(r.angles)})
            </dd>
            <dt>From AP axis</dt>
            <dd>{deg(r.angles.fromApAxisDeg)}</dd>
          </>
        )}
        {r.endplate && (
          <>
            <dt>vs {t.level} endplate</dt>
            <dd data-testid="readout-endplate">
              {signedDeg(r.endplate.craniocaudalDeg)} cranio-caudal (0 = parallel, + = tip cranial);{' '}
              {deg(r.endplate.angleToPlaneDeg)} to its plane
            </dd>
          </>
        )}
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
