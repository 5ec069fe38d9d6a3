import type { AttemptRecord, MetricResult } from '../../training/types';

const valueText = (m: MetricResult): string => {
  if (typeof m.value === 'boolean') return m.value ? 'yes' : 'no';
  if (!Number.isFinite(m.value)) return 'n/a';
  const digits = Number.isInteger(m.value) ? 0 : 1;
  return `${m.value.toFixed(digits)}${m.unit ? ` ${m.unit}` : ''}`;
};

/**
 * After "Done": the overall result and every metric of the attempt (training/scoring.ts) with its value, the
 * threshold the expert set and pass/fail. The expert plan and the trainee's path are shown in the views.
 */
export function DebriefPanel({ record }: { record: AttemptRecord }) {
  const score = record.score;
  if (!score) return null;
  return (
    <div className="trainee-debrief" data-testid="trainee-debrief">
      <p className={`trainee-result ${score.passed ? 'pass' : 'fail'}`} data-testid="trainee-result">
        {score.passed ? 'Pass' : 'Fail'}
        {!score.needlePlaced && ': the needle was never placed'}
      </p>
      <table className="trainee-table" data-testid="trainee-metrics">
        <thead>
          <tr>
            <th>Metric</th>
            <th>Value</th>
            <th>Threshold</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {score.metrics.map((m) => (
            <tr key={m.id} data-testid={`trainee-metric-${m.id}`}>
              <td>{m.label}</td>
              <td>{valueText(m)}</td>
              <td>{m.threshold ?? ''}</td>
              <td className={m.pass === undefined ? '' : m.pass ? 'pass' : 'fail'}>
                {m.pass === undefined ? '' : m.pass ? 'pass' : 'fail'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {score.noGoContacts.length > 0 && (
        <p className="error" data-testid="trainee-contacts">
          Touched: {score.noGoContacts.join(', ')}
        </p>
      )}
      <p className="muted">
        The views show the expert plan and your needle (magenta; earlier courses grey); the 2D views follow
        the expert needle.
      </p>
    </div>
  );
}
