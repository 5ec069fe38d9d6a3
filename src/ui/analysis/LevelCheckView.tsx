import { useAnalysisStore } from '../../state/analysisStore';
import { levelCheck } from './levelCheck';
import './analysis.css';

/**
 * The level check of a trajectory (plan panel and report): "L4-L5, counted from the sacrum: 5 lumbar
 * vertebrae, last rib at T12", with the analysis's warnings in a prominent box when it is not sure.
 */
export function LevelCheckView({ level, testId = 'level-check' }: { level: string; testId?: string }) {
  const analysis = useAnalysisStore((s) => s.analysis);
  const correction = useAnalysisStore((s) => s.correction);
  const check = levelCheck(level, analysis, correction);
  if (!check) return null;
  return (
    <div
      className={check.uncertain ? 'level-check level-check-uncertain' : 'level-check'}
      data-testid={testId}
      data-uncertain={check.uncertain}
      role={check.uncertain ? 'alert' : undefined}
    >
      <p className="level-check-line">
        <strong>Level check:</strong> {check.line}
      </p>
      {check.warnings.length > 0 && (
        <ul className="level-check-warnings" data-testid={`${testId}-warnings`}>
          {check.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
