import { useAppActions } from './appActions';
import { RecentCases } from './RecentCases';

/** What a user sees with no case open: the two ways in, stated plainly. */
export function EmptyState({
  onPickFiles,
  onPickFolder,
}: {
  onPickFiles: () => void;
  onPickFolder: () => void;
}) {
  const { openDemo, openPacs } = useAppActions();
  return (
    <div className="empty-state" data-testid="empty-state">
      <h1>Drop a DICOM folder here</h1>
      <p>Files, folders, CD copies (DICOMDIR) and .zip archives. Nothing leaves this computer.</p>
      <div className="empty-actions">
        <button type="button" onClick={onPickFolder}>
          Open folder...
        </button>
        <button type="button" onClick={onPickFiles}>
          Open files...
        </button>
        <button type="button" data-testid="open-pacs" onClick={openPacs}>
          Open from PACS...
        </button>
        <span className="or">or</span>
        <button type="button" className="primary" data-testid="open-demo" onClick={openDemo}>
          Open the demo case
        </button>
      </div>
      <RecentCases />
      <p className="hint">Press ? for keyboard shortcuts and mouse controls.</p>
    </div>
  );
}
