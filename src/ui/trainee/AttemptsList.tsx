import { selectTraineeAttempts, useTraineeStore } from '../../state/traineeStore';
import { attemptsToCsv, attemptsToJson } from '../../training/attemptsExport';
import type { AttemptRecord } from '../../training/types';
import { downloadFile } from './trainingIo';

const when = (iso: string): string => iso.replace('T', ' ').slice(0, 16);

const tip = (r: AttemptRecord): string =>
  r.score && Number.isFinite(r.score.tipToTargetMm) ? `${r.score.tipToTargetMm.toFixed(1)} mm` : '-';

/**
 * The current trainee's attempts (kept in this browser), newest first, with CSV and JSON export of every
 * attempt of every trainee for the program director (training/attemptsExport.ts).
 */
export function AttemptsList() {
  const trainee = useTraineeStore((s) => s.trainee);
  const all = useTraineeStore((s) => s.attempts);
  const mine = useTraineeStore(selectTraineeAttempts);
  const problem = useTraineeStore((s) => s.storageProblem);
  const everyone = Object.values(all).flat();
  const stamp = new Date().toISOString().slice(0, 10);
  return (
    <div className="trainee-attempts" data-testid="trainee-attempts">
      <h3>Attempts of {trainee}</h3>
      {mine.length === 0 ? (
        <p className="muted">No attempts yet.</p>
      ) : (
        <table className="trainee-table">
          <thead>
            <tr>
              <th>Started</th>
              <th>Exercise</th>
              <th>Tip</th>
              <th title="Fluoroscopy shots + pedal runs">Shots</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {[...mine].reverse().map((r) => (
              <tr key={r.id} data-testid="trainee-attempt-row">
                <td>{when(r.startedAt)}</td>
                <td>
                  {r.packageTitle}
                  {r.mode === 'ct' ? ' (CT)' : ''}
                </td>
                <td>{tip(r)}</td>
                <td>{r.score ? `${r.score.shots}+${r.score.runs ?? 0}` : '-'}</td>
                <td className={r.score?.passed ? 'pass' : 'fail'}>
                  {r.score ? (r.score.passed ? 'Pass' : 'Fail') : '-'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="trainee-row">
        <button
          type="button"
          className="ghost small"
          data-testid="trainee-export-csv"
          disabled={everyone.length === 0}
          title="Every trainee's attempts in this browser, one row per attempt"
          onClick={() => downloadFile(`spineplan-attempts-${stamp}.csv`, attemptsToCsv(everyone), 'text/csv')}
        >
          Export CSV
        </button>
        <button
          type="button"
          className="ghost small"
          data-testid="trainee-export-json"
          disabled={everyone.length === 0}
          title="Every trainee's attempts with their events"
          onClick={() =>
            downloadFile(`spineplan-attempts-${stamp}.json`, attemptsToJson(everyone), 'application/json')
          }
        >
          Export JSON
        </button>
        <button
          type="button"
          className="ghost small"
          disabled={mine.length === 0}
          onClick={() => {
            if (window.confirm(`Delete every attempt of ${trainee} kept in this browser?`))
              void useTraineeStore.getState().clearAttempts(trainee);
          }}
        >
          Clear
        </button>
      </div>
      {problem && <p className="error">{problem}</p>}
    </div>
  );
}
