import { useEffect } from 'react';
import { usePlacementStore } from '../../state/placementStore';
import { cancelPlacement } from './slicePlanInput';

const PROMPTS = {
  target: 'Click the target (1/2)',
  entry: 'Click the skin entry (2/2)',
} as const;

/**
 * While a trajectory is being placed: what the next click does, and a way out (button or Esc). Rendered in
 * every 2D view; Esc handling is idempotent, so three listeners do no harm.
 */
export function PlacementHint({ testId }: { testId: string }) {
  const mode = usePlacementStore((s) => s.mode);
  useEffect(() => {
    if (mode === 'none') return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') cancelPlacement();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [mode]);
  if (mode === 'none') return null;
  return (
    <div
      className="viewport-overlay"
      data-testid={testId}
      style={{
        bottom: 44,
        left: '50%',
        transform: 'translateX(-50%)',
        pointerEvents: 'auto',
        background: 'rgba(13,17,23,0.85)',
        padding: '2px 8px',
        borderRadius: 4,
        whiteSpace: 'nowrap',
      }}
    >
      {PROMPTS[mode]}{' '}
      <button type="button" className="ghost small" onClick={cancelPlacement} title="Stop placing (Esc)">
        Cancel
      </button>
    </div>
  );
}
