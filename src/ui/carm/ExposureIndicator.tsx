import { useEffect, useRef, useState } from 'react';
import { useCarmStore } from '../../state/carmStore';
import { elementOwnsKey, SHOT_KEYS } from './carmKeys';

/** How long the monitor shows a shot's indicator (ms). */
const FLASH_MS = 600;

/**
 * F takes a shot whatever control of the C-arm panel has focus (text fields elsewhere keep their keys), in
 * every mode: planning, rehearsal and trainee attempts count it the same way (the store's `expose`).
 */
export function useShotKey(caseKey: string): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!SHOT_KEYS.has(e.key) || e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
      if (elementOwnsKey(e.target, e.key)) return;
      e.preventDefault();
      useCarmStore.getState().expose(caseKey);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [caseKey]);
}

/**
 * The room's exposure light on the monitor: a yellow "X-RAY" sign and frame for a moment after each shot,
 * a steady red "LIVE" while the pedal is held, and the shot number, so every exposure is seen.
 */
export function ExposureIndicator({ caseKey }: { caseKey: string }) {
  useShotKey(caseKey);
  const shots = useCarmStore((s) => s.counters[caseKey]?.shots ?? 0);
  const live = useCarmStore((s) => s.pedal !== null);
  const [flashing, setFlashing] = useState(false);
  const previous = useRef(shots);
  useEffect(() => {
    if (shots <= previous.current) {
      previous.current = shots;
      return;
    }
    previous.current = shots;
    setFlashing(true);
    const timer = setTimeout(() => setFlashing(false), FLASH_MS);
    return () => clearTimeout(timer);
  }, [shots]);
  if (!flashing && !live) return null;
  const colour = live ? '#ff3b30' : '#ffd24d';
  return (
    <>
      <div
        className="viewport-overlay"
        aria-hidden="true"
        style={{ inset: 0, border: `3px solid ${colour}`, pointerEvents: 'none' }}
      />
      <div
        className="viewport-overlay"
        data-testid="carm-exposure-indicator"
        role="status"
        style={{
          left: '50%',
          bottom: 8,
          transform: 'translateX(-50%)',
          background: colour,
          color: '#000',
          fontWeight: 700,
          padding: '2px 6px',
          borderRadius: 3,
        }}
      >
        {live ? 'LIVE' : `X-RAY · shot ${shots}`}
      </div>
    </>
  );
}
