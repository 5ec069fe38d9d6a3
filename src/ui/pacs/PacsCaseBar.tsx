import { usePacsStore } from '../../state/pacsStore';
import { useStudyStore } from '../../state/studyStore';

/**
 * Shown while a case opened from the PACS is on screen: store the plan back into its study (STOW-RS), or
 * search again. main.tsx puts it at the top of the plan panel (it used to float over the slice views).
 */
export function PacsCaseBar({ onStorePlan }: { onStorePlan: () => void }) {
  const origin = usePacsStore((s) => s.origin);
  const busy = usePacsStore((s) => s.busy);
  const storeNotice = usePacsStore((s) => s.storeNotice);
  const setOpen = usePacsStore((s) => s.setDialogOpen);
  const fromPacs = useStudyStore(
    (s) => s.status === 'ready' && s.volume?.metadata.seriesInstanceUid === origin?.series.seriesInstanceUid,
  );
  if (!origin || !fromPacs) return null;
  return (
    <div
      data-testid="pacs-case-bar"
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: 6,
        alignItems: 'center',
        background: 'var(--panel-2)',
        border: '1px solid var(--line)',
        borderRadius: 6,
        padding: '4px 8px',
        fontSize: 12,
      }}
    >
      <span>PACS</span>
      <button type="button" data-testid="pacs-store-plan" disabled={busy === 'storing'} onClick={onStorePlan}>
        {busy === 'storing' ? 'Storing...' : 'Store plan to PACS'}
      </button>
      <button type="button" onClick={() => setOpen(true)}>
        Search PACS...
      </button>
      {storeNotice && (
        <span
          data-testid="pacs-store-notice"
          className={storeNotice.kind === 'error' ? 'error-text' : undefined}
        >
          {storeNotice.text}
        </span>
      )}
    </div>
  );
}
