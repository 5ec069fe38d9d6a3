import { useAnalysisStore } from '../../state/analysisStore';

/**
 * The automatic spine analysis in the status bar: progress with Cancel while it runs, then its one-line
 * summary (a warning colour when the names are uncertain), or why there is none, with Analyse again.
 */
export function AnalysisStatus({ onCancel, onRestart }: { onCancel?: () => void; onRestart?: () => void }) {
  const status = useAnalysisStore((s) => s.status);
  const progress = useAnalysisStore((s) => s.progress);
  const analysis = useAnalysisStore((s) => s.analysis);
  const error = useAnalysisStore((s) => s.error);
  const elapsedMs = useAnalysisStore((s) => s.elapsedMs);
  if (status === 'idle') return null;
  if (status === 'running') {
    const percent = Math.round((progress?.fraction ?? 0) * 100);
    return (
      <span className="analysis-status" data-testid="analysis-status" data-status={status}>
        Finding the spine… {percent}%{' '}
        <progress max={100} value={percent} aria-label="Spine analysis progress" />{' '}
        {onCancel && (
          <button type="button" className="small" data-testid="analysis-cancel" onClick={onCancel}>
            Cancel
          </button>
        )}
      </span>
    );
  }
  const again = onRestart && (
    <button type="button" className="small" data-testid="analysis-restart" onClick={onRestart}>
      Analyse again
    </button>
  );
  if (status === 'cancelled')
    return (
      <span className="analysis-status muted" data-testid="analysis-status" data-status={status}>
        Spine analysis stopped. {again}
      </span>
    );
  if (status === 'failed')
    return (
      <span
        className="analysis-status warn-text"
        data-testid="analysis-status"
        data-status={status}
        title={error ?? ''}
      >
        Spine analysis failed: {error} {again}
      </span>
    );
  const uncertain = analysis?.found === true && analysis.uncertain;
  return (
    <span
      className={uncertain ? 'analysis-status warn-text' : 'analysis-status'}
      data-testid="analysis-status"
      data-status={status}
      data-found={analysis?.found === true}
    >
      {uncertain ? '⚠ ' : ''}
      {analysis?.summary ?? 'No spine found'}
      {elapsedMs !== null ? ` (${(elapsedMs / 1000).toFixed(1)} s)` : ''}
    </span>
  );
}
