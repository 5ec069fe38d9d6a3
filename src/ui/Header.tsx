import { formatDicomDate, formatPersonName } from '../core/format';
import { useStudyStore } from '../state/studyStore';
import { useViewStore } from '../state/viewStore';

/** Case and patient identity: always visible so a plan is never made on the wrong patient. */
export function Header() {
  const caseName = useStudyStore((s) => s.caseName);
  const meta = useStudyStore((s) => s.volume?.metadata);
  const setHelpOpen = useViewStore((s) => s.setHelpOpen);
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
      <span className="spacer" />
      <button
        type="button"
        className="ghost"
        onClick={() => setHelpOpen(true)}
        title="Keyboard shortcuts (?)"
      >
        ? Help
      </button>
    </header>
  );
}
