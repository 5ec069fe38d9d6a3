import { formatDicomDate, formatPersonName } from '../core/format';
import { useStudyStore } from '../state/studyStore';
import { useViewStore, VIEW_LAYOUTS, type ViewLayout } from '../state/viewStore';
import { useAppActions } from './appActions';

const LAYOUT_LABEL: Record<ViewLayout, string> = {
  '2x2': 'Layout 2x2',
  '1+3 right': 'Layout 1+3 (beside)',
  '1+3 below': 'Layout 1+3 (below)',
};

/** Case and patient identity: always visible so a plan is never made on the wrong patient. */
export function Header() {
  const caseName = useStudyStore((s) => s.caseName);
  const meta = useStudyStore((s) => s.volume?.metadata);
  const setHelpOpen = useViewStore((s) => s.setHelpOpen);
  const layout = useViewStore((s) => s.layout);
  const ready = useStudyStore((s) => s.status === 'ready');
  const { closeCase } = useAppActions();
  return (
    <header className="app-header" data-testid="header">
      <span className="brand">Spineplan</span>
      {meta?.isDemo && (
        <span className="demo-banner" data-testid="demo-banner" role="status">
          Demo - not patient data
        </span>
      )}
      <span className="case-name" data-testid="case-name">
        {caseName || 'No case open'}
      </span>
      {meta && !meta.isDemo && (
        <span className="patient" data-testid="patient">
          <span title="Patient name">{formatPersonName(meta.patientName) || 'Unnamed patient'}</span>
          <span title="Patient ID">ID {meta.patientId || '-'}</span>
          <span title="Study date">{formatDicomDate(meta.studyDate) || 'no date'}</span>
        </span>
      )}
      {ready && (
        <button
          type="button"
          className="ghost"
          data-testid="close-case"
          onClick={closeCase}
          title="Close this case: its images leave the browser's memory (the plan stays saved in this browser)"
        >
          Close case
        </button>
      )}
      {ready && (
        <select
          aria-label="Layout"
          data-testid="layout-select"
          value={layout}
          title="Views layout: 2x2, or one view enlarged with the other three beside or below it"
          onChange={(e) => useViewStore.getState().setLayout(e.target.value as ViewLayout)}
        >
          {VIEW_LAYOUTS.map((l) => (
            <option key={l} value={l}>
              {LAYOUT_LABEL[l]}
            </option>
          ))}
        </select>
      )}
      <span className="spacer" />
      <button
        type="button"
        className="ghost"
        onClick={() => setHelpOpen(true)}
        title="Keyboard shortcuts and mouse controls (?)"
      >
        ? Help
      </button>
    </header>
  );
}
