import { type CSSProperties, useEffect } from 'react';
import { clickPrompt } from '../../planning/templates';
import { cancelAllPlacement } from '../../state/placementActions';
import { usePlacementStore } from '../../state/placementStore';

const PROMPTS = {
  target: 'Click the target (1/2)',
  entry: 'Click the skin entry (2/2)',
} as const;

const banner: CSSProperties = {
  bottom: 44,
  left: '50%',
  transform: 'translateX(-50%)',
  pointerEvents: 'auto',
  background: 'rgba(13,17,23,0.85)',
  padding: '2px 8px',
  borderRadius: 4,
  whiteSpace: 'nowrap',
  maxWidth: '96%',
  overflow: 'hidden',
  textOverflow: 'ellipsis',
};

/**
 * While a trajectory is being placed or a template asks for its landmarks: what the next click does, the
 * step count, and a way out (button or Esc). Rendered in every 2D view; Esc handling is idempotent, so three
 * listeners do no harm.
 */
export function PlacementHint({ testId }: { testId: string }) {
  const mode = usePlacementStore((s) => s.mode);
  const guided = usePlacementStore((s) => s.guided);
  const active = mode !== 'none' || guided !== null;
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') cancelAllPlacement();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);
  if (!active) return null;
  const step = guided?.steps[guided.step];
  const text =
    guided && step
      ? `${clickPrompt(step, guided.level, guided.side)} (${guided.step + 1}/${guided.steps.length})`
      : mode !== 'none'
        ? PROMPTS[mode]
        : '';
  return (
    <div className="viewport-overlay" data-testid={testId} data-guided={guided !== null} style={banner}>
      {text}{' '}
      <button type="button" className="ghost small" onClick={cancelAllPlacement} title="Stop (Esc)">
        Cancel
      </button>
    </div>
  );
}
