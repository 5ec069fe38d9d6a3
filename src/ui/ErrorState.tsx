import { useStudyStore } from '../state/studyStore';
import { useAppActions } from './appActions';
import { FileReasonList } from './FileReasonList';

/** A load that produced no volume: say why, list every skipped file with its reason. */
export function ErrorState() {
  const error = useStudyStore((s) => s.error);
  const skipped = useStudyStore((s) => s.skipped);
  const { closeCase } = useAppActions();
  return (
    <div className="empty-state error" data-testid="error-state" role="alert">
      <h1>Could not open this case</h1>
      <p className="error-text">{error}</p>
      <FileReasonList files={skipped} label="file(s) skipped" open={skipped.length <= 10} />
      <button type="button" onClick={closeCase}>
        Back
      </button>
    </div>
  );
}
