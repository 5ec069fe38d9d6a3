import { useStudyStore } from '../state/studyStore';
import { useAppActions } from './appActions';

/** Progress of an open: phase, counts and a bar. */
export function LoadingState() {
  const progress = useStudyStore((s) => s.progress);
  const caseName = useStudyStore((s) => s.caseName);
  const { cancelLoading } = useAppActions();
  const fraction = progress && progress.total > 0 ? progress.done / progress.total : 0;
  return (
    <div className="empty-state" data-testid="loading-state" aria-busy="true">
      <h1>Opening {caseName}</h1>
      <p>
        {progress?.phase ?? 'Starting'}
        {progress && progress.total > 0 ? ` - ${progress.done} of ${progress.total}` : ''}
      </p>
      <progress max={1} value={fraction} data-testid="load-progress" />
      <button type="button" onClick={cancelLoading}>
        Cancel
      </button>
    </div>
  );
}
