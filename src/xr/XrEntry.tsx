import { lazy, Suspense, useEffect, useState } from 'react';
import type { ReadoutContext } from '../planning/readouts';
import { useStudyStore } from '../state/studyStore';
import { useXrStore, type XrSessionMode } from '../state/xrStore';
import { checkXrAvailability } from './xrAvailability';

/** The XR canvas and @react-three/xr load only when a session is asked for. */
const XrCanvas = lazy(() => import('./XrCanvas').then((m) => ({ default: m.XrCanvas })));

export interface XrEntryProps {
  /** Readout context (HU sampler, no-go structures) for a level; default none (length and angles only). */
  readoutContextFor?: (level: string) => ReadoutContext;
}

const WHY_ID = 'xr-why-popover';

const MODE_LABEL: Record<XrSessionMode, string> = {
  'immersive-vr': 'VR',
  'immersive-ar': 'AR (passthrough)',
};

/**
 * "View in headset" (issue 8): offered when the browser has an immersive mode, explained when it has not.
 * Floats at the header's right so it needs no slot in the shell; mounts the XR canvas while a session runs.
 */
export function XrEntry({ readoutContextFor }: XrEntryProps) {
  const availability = useXrStore((s) => s.availability);
  const requestedMode = useXrStore((s) => s.requestedMode);
  const phase = useXrStore((s) => s.phase);
  const error = useXrStore((s) => s.error);
  const caseReady = useStudyStore((s) => s.status === 'ready');
  const [showWhy, setShowWhy] = useState(false);

  useEffect(() => {
    let live = true;
    void checkXrAvailability(navigator.xr, window.isSecureContext).then((a) => {
      if (live) useXrStore.getState().setAvailability(a);
    });
    return () => {
      live = false;
    };
  }, []);

  if (!availability.checked) return null;
  const modes: XrSessionMode[] = [];
  if (availability.ar) modes.push('immersive-ar');
  if (availability.vr) modes.push('immersive-vr');
  const offered = modes.length > 0;
  const why = !offered ? availability.reason : !caseReady ? 'Open a case first.' : null;

  return (
    <div
      data-testid="xr-entry"
      style={{
        position: 'fixed',
        top: 6,
        right: 96,
        zIndex: 6,
        display: 'flex',
        gap: 6,
        alignItems: 'center',
      }}
    >
      {modes.map((mode) => (
        <button
          key={mode}
          type="button"
          data-testid={`xr-enter-${mode === 'immersive-ar' ? 'ar' : 'vr'}`}
          disabled={!caseReady || requestedMode !== null}
          title={why ?? `Open the case and plan in the headset (${MODE_LABEL[mode]})`}
          onClick={() => useXrStore.getState().request(mode)}
        >
          {modes.length > 1 ? `View in headset: ${MODE_LABEL[mode]}` : 'View in headset'}
        </button>
      ))}
      {!offered && (
        <button
          type="button"
          className="ghost small"
          data-testid="xr-unavailable"
          aria-expanded={showWhy}
          popoverTarget={WHY_ID}
          title={why ?? undefined}
        >
          Headset: not available
        </button>
      )}
      {!offered && why && (
        // A light-dismiss popover (HTML popover="auto"): Esc, a click outside or the button again closes it,
        // so it never stays over the series list (issue 19).
        <span
          id={WHY_ID}
          popover="auto"
          role="note"
          data-testid="xr-why"
          onToggle={(e) => setShowWhy((e as unknown as { newState: string }).newState === 'open')}
          style={{
            position: 'fixed',
            inset: 'auto',
            top: 36,
            right: 96,
            margin: 0,
            width: 300,
            background: 'var(--panel)',
            color: 'inherit',
            border: '1px solid var(--line)',
            borderRadius: 6,
            padding: 8,
            fontSize: 12,
          }}
        >
          {why}
        </span>
      )}
      {phase === 'failed' && error && (
        <span role="alert" data-testid="xr-error" style={{ fontSize: 12, color: '#ff8a7a' }}>
          {error}
        </span>
      )}
      {requestedMode && (
        <Suspense fallback={null}>
          <XrCanvas mode={requestedMode} readoutContextFor={readoutContextFor} />
        </Suspense>
      )}
    </div>
  );
}
