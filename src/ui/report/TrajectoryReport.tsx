import { roomAngleLabel } from '../../planning/carm';
import type { TrajectoryReadouts } from '../../planning/readouts';
import type { ReportImage } from '../../planning/reportImage';
import { PROCEDURE_LABELS, type Trajectory } from '../../planning/trajectory';
import { LevelCheckView } from '../analysis/LevelCheckView';
import { HuProfilePlot } from '../plan/HuProfilePlot';
import {
  clearanceFlag,
  deg,
  mm,
  SIDE_LABELS,
  safeColour,
  signedDeg,
  TISSUE_LABELS,
  tissueRuns,
} from '../plan/planFormat';
import { ReadoutFactItems } from '../plan/ReadoutFactItems';
import { type ReadoutFact, readoutFacts } from '../plan/readoutFacts';
import { ReportImageView } from './ReportImageView';

const CLEARANCE_ROWS = 4;
const TISSUE_ROWS = 8;
/** Pictures kept when many trajectories share the page: the needle in its plane and the two C-arm views. */
const COMPACT_IMAGES = new Set(['inPlaneA', 'bullsEye', 'lateral']);
const lps = (p: readonly number[]) => `(${p.map((v) => v.toFixed(1)).join(', ')})`;

/** The report's test ids (report e2e), e.g. report-length, report-needle. */
const reportTestId = (f: ReadoutFact): string => `report-${f.key}`;
const REPORT_SEVERITY = { ok: undefined, warn: 'report-danger', danger: 'report-danger' } as const;

/** One trajectory on the printed page: its pictures, its numbers, its C-arm recipe and its warnings. */
export function TrajectoryReport({
  index,
  t,
  r,
  images,
  compact = false,
}: {
  index: number;
  t: Trajectory;
  r: TrajectoryReadouts;
  /** undefined while the pictures are being computed. */
  images: ReportImage[] | undefined;
  /**
   * Many trajectories on one page: three pictures beside the numbers, no tissue list or HU profile, so the
   * page stays readable instead of zooming down to tiny text. The convention is printed once for the page.
   */
  compact?: boolean;
}) {
  const colour = safeColour(t.colour);
  const carm = r.carm;
  const shown = compact ? images?.filter((i) => COMPACT_IMAGES.has(i.id)) : images;
  const pending = compact ? ['a', 'b', 'c'] : ['a', 'b', 'c', 'd', 'e'];
  return (
    <section
      className={compact ? 'report-trajectory report-compact' : 'report-trajectory'}
      data-testid="report-trajectory"
    >
      <h2>
        <span className="report-swatch" style={{ background: colour }} />
        {index + 1}. {t.name}
        {t.name.includes(PROCEDURE_LABELS[t.procedure]) ? '' : ` — ${PROCEDURE_LABELS[t.procedure]}`} (level{' '}
        {t.level || 'not set'}, {SIDE_LABELS[t.side].toLowerCase()})
      </h2>
      <LevelCheckView level={t.level} testId="report-level-check" />
      <div className="report-body">
        <div className="report-images">
          {shown
            ? shown.map((image) => <ReportImageView key={image.id} image={image} colour={colour} />)
            : pending.map((k) => (
                <div key={k} className="report-figure report-figure-pending">
                  computing…
                </div>
              ))}
        </div>
        <div className="report-columns">
          <div>
            {r.warnings.length > 0 && (
              <ul className="report-warnings" data-testid="report-warnings">
                {r.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            )}
            <dl className="report-facts">
              {/* The angle from the AP axis follows from the two above; paper leaves it out to fit one page. */}
              <ReadoutFactItems
                facts={readoutFacts(t.level, r).filter((f) => f.key !== 'fromAp')}
                testId={reportTestId}
                severityClass={REPORT_SEVERITY}
              />
              <dt>Entry / target</dt>
              <dd>
                {lps(t.entryLps)} → {lps(t.targetLps)} mm LPS
              </dd>
            </dl>
            {t.proposal && (
              <div className="report-proposal" data-testid="report-proposal">
                <strong>Proposal - check it.</strong> {t.proposal.note}
                {t.proposal.remarks.length > 0 && (
                  <ul>
                    {t.proposal.remarks.map((remark) => (
                      <li key={remark}>{remark}</li>
                    ))}
                  </ul>
                )}
              </div>
            )}
            {r.profile && !compact && (
              <div className="report-profile" data-testid="report-hu-profile">
                <HuProfilePlot profile={r.profile} />
              </div>
            )}
            {r.profile && !compact && (
              <table className="report-table" data-testid="report-tissues">
                <caption>Depth along the needle, per tissue</caption>
                <tbody>
                  {tissueRuns(r.profile.segments)
                    .slice(0, TISSUE_ROWS)
                    .map((s) => (
                      <tr key={s.startDepthMm}>
                        <td>
                          {s.startDepthMm.toFixed(1)}–{mm(s.endDepthMm)}
                        </td>
                        <td>{TISSUE_LABELS[s.tissue]}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            )}
          </div>
          <div>
            {carm && (
              <>
                <table className="report-table" data-testid="report-carm">
                  <caption>C-arm recipe, patient {carm.position}</caption>
                  <thead>
                    <tr>
                      <th>View</th>
                      <th>C-arm</th>
                      <th className="num">Oblique</th>
                      <th className="num">Tilt</th>
                      <th>In words</th>
                    </tr>
                  </thead>
                  <tbody>
                    {(
                      [
                        ["Bull's-eye", carm.bullsEye, 'report-carm-bullseye'],
                        ['Progression', carm.progression, 'report-carm-progression'],
                        ['Lateral', carm.lateral, 'report-carm-lateral'],
                      ] as const
                    ).map(([name, view, testId]) => (
                      <tr key={name} data-testid={testId}>
                        <th scope="row">{name}</th>
                        <td>{roomAngleLabel(view, view.position)}</td>
                        <td className="num">{signedDeg(view.obliqueDeg)}</td>
                        <td className="num">{signedDeg(view.tiltDeg)}</td>
                        <td>{view.words}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {!compact && (
                  <p className="report-fine">
                    DICOM positioner angles (bull's-eye): primary {deg(carm.bullsEye.dicomPrimaryAngleDeg)},
                    secondary {deg(carm.bullsEye.dicomSecondaryAngleDeg)}.
                  </p>
                )}
              </>
            )}
            {r.clearance.length > 0 && (
              <table className="report-table" data-testid="report-clearance">
                <caption>Clearance (needle surface, gauge included)</caption>
                <tbody>
                  {r.clearance.slice(0, CLEARANCE_ROWS).map((c) => {
                    const flag = clearanceFlag(c);
                    return (
                      <tr key={c.structureId} className={`report-clearance-${flag}`}>
                        <td>{c.name}</td>
                        <td className="num">
                          {c.found ? mm(c.minDistanceMm) : `> ${mm(c.minDistanceMm, 0)}`}
                          {flag === 'violates' ? ' TOUCHES' : flag === 'close' ? ' CLOSE' : ''}
                        </td>
                        <td className="num">at {mm(c.depthMm)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </div>
        </div>
      </div>
    </section>
  );
}
