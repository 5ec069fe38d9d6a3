import { useEffect, useRef, useState } from 'react';
import { isSacral, PRESACRAL_NAMES } from '../../analysis/relabel';
import { useAnalysisStore } from '../../state/analysisStore';
import { correctionWords } from './levelCheck';

/**
 * The vertebra names the analysis gave, correctable (issue 16): pick a vertebra (here or by clicking its
 * label in a view) and give it its right name, or shift every name one level; the other names, the
 * segments, the no-go structures' names and the plan's trajectory levels follow.
 */
export function LevelNames() {
  const analysis = useAnalysisStore((s) => s.analysis);
  const correction = useAnalysisStore((s) => s.correction);
  const selected = useAnalysisStore((s) => s.selectedVertebra);
  const [open, setOpen] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const pickRef = useRef<HTMLSelectElement>(null);
  // A label clicked in a view opens the list with that vertebra's name ready to change.
  useEffect(() => {
    if (selected === null) return;
    setOpen(true);
    requestAnimationFrame(() => pickRef.current?.focus());
  }, [selected]);
  if (!analysis?.found || analysis.vertebrae.length === 0) return null;
  const store = useAnalysisStore.getState;
  const act = (ok: boolean, what: string) =>
    setRefused(ok ? null : `Cannot ${what}: a name would leave T1-L6.`);
  const corrected = correctionWords(correction);
  return (
    <details
      className="level-names"
      data-testid="level-names"
      open={open}
      onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}
    >
      <summary>Vertebra names{corrected ? ` (${corrected})` : ''}</summary>
      <p className="muted">
        Wrong name? Pick the vertebra’s right name (its neighbours follow), or shift them all. Trajectory
        levels follow.
      </p>
      <ol className="level-names-list">
        {analysis.vertebrae.map((v, i) => (
          <li
            key={v.bodyCentreLps.join(',')}
            className={i === selected ? 'selected' : undefined}
            data-testid="level-name-row"
            data-name={v.name}
          >
            {isSacral(v.name) ? (
              <span className="level-name-fixed">{v.name} (sacrum)</span>
            ) : (
              <select
                ref={i === selected ? pickRef : undefined}
                aria-label={`Name of vertebra ${v.name}`}
                data-testid={`level-name-${v.name}`}
                value={v.name}
                onFocus={() => store().selectVertebra(i)}
                onChange={(e) => act(store().renameVertebra(i, e.target.value), `call it ${e.target.value}`)}
              >
                {PRESACRAL_NAMES.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            )}{' '}
            <span className="muted">confidence {Math.round(v.confidence * 100)}%</span>
          </li>
        ))}
      </ol>
      <div className="row">
        <button
          type="button"
          className="small"
          data-testid="level-names-up"
          title="Every name one level higher (L5 becomes L4)"
          onClick={() => act(store().shiftAll(-1), 'shift up')}
        >
          All one up
        </button>
        <button
          type="button"
          className="small"
          data-testid="level-names-down"
          title="Every name one level lower (L4 becomes L5)"
          onClick={() => act(store().shiftAll(1), 'shift down')}
        >
          All one down
        </button>
        {correction && correction.shift !== 0 && (
          <button
            type="button"
            className="small"
            data-testid="level-names-reset"
            onClick={() => store().resetLabels()}
          >
            Names as found
          </button>
        )}
      </div>
      {refused && (
        <p className="danger-text" role="alert">
          {refused}
        </p>
      )}
    </details>
  );
}
