import { useEffect } from 'react';
import { type PacsStudyObject, usePacsStore } from '../../state/pacsStore';
import { useStudyStore } from '../../state/studyStore';

/** What the case bar asks the app to do (src/app/pacsSession.ts). */
export interface PacsCaseActions {
  storePlan: () => Promise<void>;
  findStudyObjects: () => Promise<void>;
  openStudyObject: (object: PacsStudyObject) => Promise<void>;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const KIND_LABEL: Record<PacsStudyObject['kind'], string> = {
  'plan-sr': 'Plan (SR)',
  seg: 'No-go structures (SEG)',
  pdf: 'Report (PDF)',
};

/**
 * Shown while a case opened from the PACS is on screen: store the plan, its no-go structures and the report
 * back into its study on the server it came from (named here), and open a plan or Segmentation found in
 * that study. main.tsx puts it at the top of the plan panel.
 */
export function PacsCaseBar({ actions }: { actions: PacsCaseActions }) {
  const origin = usePacsStore((s) => s.origin);
  const busy = usePacsStore((s) => s.busy);
  const storeNotice = usePacsStore((s) => s.storeNotice);
  const objects = usePacsStore((s) => s.studyObjects);
  const setOpen = usePacsStore((s) => s.setDialogOpen);
  const fromPacs = useStudyStore(
    (s) => s.status === 'ready' && s.volume?.metadata.seriesInstanceUid === origin?.series.seriesInstanceUid,
  );
  // Look once per opened case for what earlier sessions stored in the study.
  useEffect(() => {
    if (fromPacs && objects === null) void actions.findStudyObjects();
  }, [fromPacs, objects, actions]);
  if (!origin || !fromPacs) return null;
  const openable = (objects ?? []).filter((o) => o.kind !== 'pdf');
  const reports = (objects ?? []).filter((o) => o.kind === 'pdf').length;
  return (
    <div
      data-testid="pacs-case-bar"
      style={{
        display: 'grid',
        gap: 4,
        background: 'var(--panel-2)',
        border: '1px solid var(--line)',
        borderRadius: 6,
        padding: '4px 8px',
        fontSize: 12,
      }}
    >
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
        <span
          data-testid="pacs-origin"
          title="The server this case came from; the plan is stored back there."
        >
          PACS <code>{origin.baseUrl}</code>
        </span>
        <button
          type="button"
          data-testid="pacs-store-plan"
          disabled={busy === 'storing'}
          onClick={() => void actions.storePlan()}
          title="Stores the plan (SR), the no-go structures (SEG) and the report (PDF) into this study"
        >
          {busy === 'storing' ? 'Storing...' : 'Store plan to PACS'}
        </button>
        <button type="button" onClick={() => setOpen(true)}>
          Search PACS...
        </button>
      </div>
      {openable.length > 0 && (
        <ul data-testid="pacs-study-objects" style={{ margin: 0, paddingLeft: 16 }}>
          {openable.map((o) => (
            <li key={o.sopInstanceUid} data-testid="pacs-study-object">
              {KIND_LABEL[o.kind]}: {o.seriesDescription || o.seriesInstanceUid}{' '}
              <button
                type="button"
                data-testid={`pacs-open-${o.kind}`}
                disabled={busy !== 'idle'}
                onClick={() => void actions.openStudyObject(o)}
              >
                {o.kind === 'seg' ? 'Add regions' : 'Open'}
              </button>
            </li>
          ))}
        </ul>
      )}
      {objects !== null && (
        <small data-testid="pacs-study-objects-count">
          In this study: {count(objects.filter((o) => o.kind === 'plan-sr').length, 'plan', 'plans')},{' '}
          {count(objects.filter((o) => o.kind === 'seg').length, 'Segmentation', 'Segmentations')},{' '}
          {count(reports, 'report', 'reports')}.
        </small>
      )}
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
