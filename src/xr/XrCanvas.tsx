import { Canvas, useFrame } from '@react-three/fiber';
import { XR } from '@react-three/xr';
import { useEffect, useMemo, useRef } from 'react';
import type { ReadoutContext } from '../planning/readouts';
import { useXrStore, type XrSessionMode } from '../state/xrStore';
import { FrameIntervalAverage } from './frameTiming';
import { XrTabletop } from './XrTabletop';
import { xrSessionStore } from './xrSessionStore';

/**
 * Counts XR frames (the third useFrame argument is the XRFrame only while a session presents) and keeps the
 * moving average of their interval for the panel's frame-time line (frameTiming.ts).
 */
function FrameCounter() {
  const average = useMemo(() => new FrameIntervalAverage(), []);
  useFrame((_state, _delta, frame?: XRFrame) => {
    if (!frame) return;
    const xr = useXrStore.getState();
    xr.countFrame();
    const t = (frame as XRFrame & { predictedDisplayTime?: number }).predictedDisplayTime;
    const published = average.add(typeof t === 'number' && t > 0 ? t : performance.now());
    if (published !== undefined) xr.setFrameMs(Math.round(published * 10) / 10);
  });
  return null;
}

/**
 * Starts the session once the canvas has connected the XR store to its renderer (enterXR needs it), and
 * closes the canvas when the session ends. The plan lives in the plan store, so leaving keeps every change.
 */
function SessionStarter({ mode }: { mode: XrSessionMode }) {
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const store = xrSessionStore();
    const xr = useXrStore.getState();
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.session && !previous.session) useXrStore.getState().setPhase('running');
      if (!state.session && previous.session) {
        unsubscribe();
        useXrStore.getState().setPhase('ended');
        useXrStore.getState().close();
      }
    });
    store.enterXR(mode).then(
      (session) => {
        if (!session) {
          xr.setPhase('failed', 'The headset session did not start.');
          xr.close();
        }
      },
      (e: unknown) => {
        xr.setPhase(
          'failed',
          `The headset session did not start: ${e instanceof Error ? e.message : String(e)}`,
        );
        xr.close();
      },
    );
    // One session per mounted canvas: `started` keeps StrictMode's second effect run from asking twice.
  }, [mode]);
  return null;
}

/** The headset's own canvas (not the shared desktop canvas: XR owns its render loop and framebuffer). */
export function XrCanvas({
  mode,
  readoutContextFor,
}: {
  mode: XrSessionMode;
  readoutContextFor?: (level: string) => ReadoutContext;
}) {
  const phase = useXrStore((s) => s.phase);
  const scaleMode = useXrStore((s) => s.scaleMode);
  const rehearsing = useXrStore((s) => s.rehearsing);
  const store = xrSessionStore();
  return (
    <div
      data-testid="xr-overlay"
      style={{
        position: 'fixed',
        right: 8,
        bottom: 34,
        zIndex: 7,
        width: 260,
        background: 'var(--panel)',
        border: '1px solid var(--line)',
        borderRadius: 6,
        padding: 8,
        fontSize: 12,
        display: 'flex',
        flexDirection: 'column',
        gap: 6,
      }}
    >
      <span data-testid="xr-phase">
        {phase === 'running' ? 'Plan open in the headset' : 'Starting the headset session...'}
      </span>
      <div style={{ display: 'flex', gap: 6 }}>
        <button
          type="button"
          data-testid="xr-scale-mode"
          onClick={() => useXrStore.getState().setScaleMode(scaleMode === 'life' ? 'scaled' : 'life')}
        >
          {scaleMode === 'life' ? 'Size: 1:1' : 'Size: table-top'}
        </button>
        <button
          type="button"
          data-testid="xr-rehearse"
          aria-pressed={rehearsing}
          onClick={() => useXrStore.getState().setRehearsing(!rehearsing)}
        >
          {rehearsing ? 'Rehearse: on' : 'Rehearse: off'}
        </button>
        <button type="button" data-testid="xr-exit" onClick={() => void store.getState().session?.end()}>
          Exit headset
        </button>
      </div>
      <Canvas
        style={{ width: 240, height: 135 }}
        gl={{ antialias: false, alpha: mode === 'immersive-ar', powerPreference: 'high-performance' }}
        camera={{ position: [0, 1.6, 0.3], fov: 60, near: 0.01, far: 20 }}
      >
        <XR store={store}>
          <SessionStarter mode={mode} />
          <FrameCounter />
          <XrTabletop mode={mode} readoutContextFor={readoutContextFor} />
        </XR>
      </Canvas>
    </div>
  );
}
