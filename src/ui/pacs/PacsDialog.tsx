import { type PacsSeries, type PacsStudy, usePacsStore } from '../../state/pacsStore';
import { PacsConnectionFields } from './PacsConnectionFields';
import { PacsResults } from './PacsResults';
import { PacsSearchForm } from './PacsSearchForm';

/** What the dialog asks the app to do (implemented in src/app/pacsSession.ts, passed in by main.tsx). */
export interface PacsUiActions {
  search: () => Promise<void>;
  listSeries: (study: PacsStudy) => Promise<void>;
  openSeries: (study: PacsStudy, series: PacsSeries) => void;
  storePlan: () => Promise<void>;
}

/** Connect to a DICOMweb server, search studies, list series and open one (issue 12). */
export function PacsDialog({ actions }: { actions: PacsUiActions }) {
  const open = usePacsStore((s) => s.dialogOpen);
  const setOpen = usePacsStore((s) => s.setDialogOpen);
  const notice = usePacsStore((s) => s.notice);
  if (!open) return null;
  return (
    <div className="modal-backdrop" role="presentation">
      <div
        className="modal"
        role="dialog"
        aria-label="Open from PACS"
        data-testid="pacs-dialog"
        style={{ display: 'grid', gap: 10, maxWidth: '90vw', minWidth: 640 }}
      >
        <h2>Open from PACS</h2>
        <PacsConnectionFields />
        <PacsSearchForm onSearch={() => void actions.search()} />
        {notice && (
          <p
            data-testid="pacs-notice"
            role={notice.kind === 'error' ? 'alert' : 'status'}
            className={notice.kind === 'error' ? 'error-text' : undefined}
            style={{ whiteSpace: 'pre-wrap', margin: 0 }}
          >
            {notice.text}
          </p>
        )}
        <PacsResults
          onListSeries={(study) => void actions.listSeries(study)}
          onOpenSeries={(study, series) => actions.openSeries(study, series)}
        />
        <div>
          <button type="button" data-testid="pacs-close" onClick={() => setOpen(false)}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
