import { useEffect } from 'react';
import { useCarmStore } from '../../state/carmStore';
import { elementOwnsKey, PEDAL_KEYS } from './carmKeys';

/**
 * The fluoroscopy pedal: live (pulsed) fluoroscopy while the button or the L / Space key is held (whatever
 * control of the C-arm panel has focus, carmKeys.ts). The store
 * counts the pulses from the clock given here (performance.now); this component only ticks it while the
 * pedal is down so the counters move, and releases the pedal when the window loses focus (a key-up would
 * otherwise be lost and the beam left on).
 */
export function FluoroPedal({ caseKey }: { caseKey: string }) {
  const held = useCarmStore((s) => s.pedal !== null);

  useEffect(() => {
    const { pedalDown, pedalUp } = useCarmStore.getState();
    const onDown = (e: KeyboardEvent) => {
      if (!PEDAL_KEYS.has(e.key) || e.ctrlKey || e.metaKey || e.altKey || elementOwnsKey(e.target, e.key))
        return;
      e.preventDefault();
      if (!e.repeat) pedalDown(caseKey, performance.now());
    };
    const onUp = (e: KeyboardEvent) => {
      if (!PEDAL_KEYS.has(e.key)) return;
      // A focused button or checkbox in the panel clicks on Space's key-up: the pedal keeps it.
      if (!elementOwnsKey(e.target, e.key)) e.preventDefault();
      pedalUp(performance.now());
    };
    const release = () => pedalUp(performance.now());
    window.addEventListener('keydown', onDown);
    window.addEventListener('keyup', onUp);
    window.addEventListener('blur', release);
    return () => {
      window.removeEventListener('keydown', onDown);
      window.removeEventListener('keyup', onUp);
      window.removeEventListener('blur', release);
      release();
    };
  }, [caseKey]);

  useEffect(() => {
    if (!held) return;
    let frame = 0;
    const loop = () => {
      useCarmStore.getState().pedalTick(performance.now());
      frame = requestAnimationFrame(loop);
    };
    frame = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(frame);
  }, [held]);

  const down = (e: React.PointerEvent) => {
    (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
    useCarmStore.getState().pedalDown(caseKey, performance.now());
  };
  const up = () => useCarmStore.getState().pedalUp(performance.now());
  return (
    <button
      type="button"
      className={held ? 'primary small' : 'ghost small'}
      style={{ pointerEvents: 'auto', touchAction: 'none', ...(held ? { background: '#c62828' } : {}) }}
      data-testid="carm-pedal"
      aria-pressed={held}
      title="Live fluoroscopy while held (or hold L / Space): the image follows the C-arm, time counts per 1/15 s pulse"
      onPointerDown={down}
      onPointerUp={up}
      onPointerCancel={up}
      onLostPointerCapture={up}
    >
      {held ? 'LIVE' : 'Fluoro (hold)'}
    </button>
  );
}
