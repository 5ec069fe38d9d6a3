import type { CSSProperties } from 'react';
import { useAnalysisStore } from '../../state/analysisStore';

/** Shows or hides the vertebra names in every 2D view and in 3D (one switch for all views). */
export function LevelLabelsToggle({ testId, style }: { testId: string; style?: CSSProperties }) {
  const visible = useAnalysisStore((s) => s.labelsVisible);
  const found = useAnalysisStore((s) => s.analysis?.found === true);
  if (!found) return null;
  return (
    <button
      type="button"
      style={{ pointerEvents: 'auto', ...style, fontWeight: visible ? 700 : undefined }}
      data-testid={testId}
      aria-pressed={visible}
      title="Vertebra names from the automatic spine analysis, in every view"
      onClick={() => useAnalysisStore.getState().setLabelsVisible(!visible)}
    >
      Levels
    </button>
  );
}
