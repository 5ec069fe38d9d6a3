import { useStudyStore } from '../state/studyStore';
import { useAppActions } from './appActions';
import { GreyThumbnail } from './GreyThumbnail';

/** Progress of an open: phase, counts and a bar. */
export function LoadingState() {
  const progress = useStudyStore((s) => s.progress);
  const caseName = useStudyStore((s) => s.caseName);
  const { cancelLoading } = useAppActions();
  // The middle image of the series being opened is decoded first, so the user sees it before the volume is done.
  const preview = useStudyStore((s) => s.series.find((item) => item.key === s.activeSeriesKey)?.thumbnail);
  const fraction = progress && progress.total > 0 ? progress.done / progress.total : 0;
  return (
    <div className="empty-state" data-testid="loading-state" aria-busy="true">
      <h1>Opening {caseName}</h1>
      <p>
        {progress?.phase ?? 'Starting'}
        {progress && progress.total > 0 ? ` - ${progress.done} of ${progress.total}` : ''}
      </p>
      {preview && <GreyThumbnail image={preview} size={192} />}
      <progress max={1} value={fraction} data-testid="load-progress" />
      <button type="button" onClick={cancelLoading}>
        Cancel
      </button>
    </div>
  );
}
