import { formatDicomDate, formatPersonName } from '../core/format';
import { type RecentCase, useRecentCasesStore } from '../state/recentCasesStore';
import { useAppActions } from './appActions';

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;

const when = (iso: string) => {
  const d = new Date(iso);
  return `${d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })} ${d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}`;
};

/**
 * The start screen's recent cases (issue 19): one click reopens a case and its plan from the copy of its
 * images kept in this browser; the space each takes is shown, and any can be forgotten.
 */
export function RecentCases() {
  const { cases, loaded, problem } = useRecentCasesStore();
  const { openRecent, forgetRecent } = useAppActions();
  if (!loaded) return null;
  const total = cases.reduce((n, c) => n + c.sizeBytes, 0);
  return (
    <section className="recent-cases" data-testid="recent-cases" aria-label="Recent cases">
      {problem && (
        <p className="error-text" role="alert">
          {problem}
        </p>
      )}
      {cases.length > 0 && (
        <>
          <h2>Recent cases</h2>
          <ul>
            {cases.map((c) => (
              <RecentCaseItem
                key={c.id}
                item={c}
                onOpen={() => openRecent(c.id)}
                onForget={() => forgetRecent(c.id)}
              />
            ))}
          </ul>
          <p className="hint" data-testid="recent-cases-size">
            Kept in this browser only: {megabytes(total)} of images. Plans are autosaved apart and stay when a
            case is forgotten.
          </p>
        </>
      )}
    </section>
  );
}

function RecentCaseItem({
  item,
  onOpen,
  onForget,
}: {
  item: RecentCase;
  onOpen: () => void;
  onForget: () => void;
}) {
  const patient = item.isDemo ? 'Demo - not patient data' : formatPersonName(item.patientName) || 'No name';
  const trajectories = `${item.trajectoryCount} trajector${item.trajectoryCount === 1 ? 'y' : 'ies'}`;
  return (
    <li data-testid="recent-case" data-case-id={item.id}>
      <button type="button" className="recent-open" onClick={onOpen} title={`Open ${item.name}`}>
        <span className="recent-name">{patient}</span>
        <span className="recent-meta">
          {[
            item.studyDate ? formatDicomDate(item.studyDate) : null,
            `${item.modality} ${item.seriesDescription || item.name}`.trim(),
            `${item.sliceCount} images`,
            trajectories,
          ]
            .filter(Boolean)
            .join(' · ')}
        </span>
        <span className="recent-meta">
          {item.lastEditAt ? `Plan edited ${when(item.lastEditAt)}` : `Opened ${when(item.openedAt)}`}
          {item.isDemo ? ' · generated demo' : ` · ${megabytes(item.sizeBytes)}`}
        </span>
      </button>
      <button
        type="button"
        className="ghost small"
        data-testid="recent-forget"
        onClick={onForget}
        title={item.isDemo ? 'Remove from this list' : "Delete this case's images from this browser"}
      >
        Forget
      </button>
    </li>
  );
}
