import { useStudyStore } from '../state/studyStore';
import { useAppActions } from './appActions';
import { GreyThumbnail } from './GreyThumbnail';

/** Progress of an open: phase, counts and a bar, and a real image of the case while the rest loads. */
export function LoadingState() {
  const progress = useStudyStore((s) => s.progress);
  const caseName = useStudyStore((s) => s.caseName);
  const { cancelLoading } = useAppActions();
  // The first image read, then the chosen series' middle image (dicom/openSources.ts), windowed as the views open.
  const preview = useStudyStore((s) => s.preview);
  const fraction = progress && progress.total > 0 ? progress.done / progress.total : 0;
  return (
    <div className="empty-state" data-testid="loading-state" aria-busy="true">
      <h1>Opening {caseName}</h1>
      {preview && (
        <figure className="loading-preview" data-testid="loading-preview">
          <GreyThumbnail image={preview.image} size={360} />
          <figcaption>{preview.caption}</figcaption>
        </figure>
      )}
      <p data-testid="load-phase">
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
