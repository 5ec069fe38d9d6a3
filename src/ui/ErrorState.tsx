import { useStudyStore } from '../state/studyStore';
import { useAppActions } from './appActions';

/** A load that produced no volume: say why, list every skipped file with its reason. */
export function ErrorState() {
  const error = useStudyStore((s) => s.error);
  const skipped = useStudyStore((s) => s.skipped);
  const { closeCase } = useAppActions();
  return (
    <div className="empty-state error" data-testid="error-state" role="alert">
      <h1>Could not open this case</h1>
      <p className="error-text">{error}</p>
      {skipped.length > 0 && (
        <details open={skipped.length <= 10}>
          <summary>{skipped.length} file(s) skipped</summary>
          <ul className="skipped-list">
            {skipped.map((s) => (
              <li key={s.path}>
                <code>{s.path}</code>: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      <button type="button" onClick={closeCase}>
        Back
      </button>
    </div>
  );
}
