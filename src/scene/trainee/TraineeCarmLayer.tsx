import { type CSSProperties, useEffect, useMemo, useState } from 'react';
import { useCarmStore } from '../../state/carmStore';
import { useTraineeStore } from '../../state/traineeStore';
import type { DrrGeometry } from '../../volume/drr';
import { lpsSampler } from '../../volume/sample';
import type { Volume } from '../../volume/volume';
import { imageFractionAt, needleOnSkinFromImage, type SteerDirection, steeredDirection } from './fluoroRay';
import type { AttemptNeedle } from './useAttemptNeedle';

/** Depth steps (mm): a key or button press, and with Shift. */
export const DEPTH_STEP_MM = 1;
export const DEPTH_STEP_SHIFT_MM = 5;
/** One steering step (deg) about an image axis. */
export const STEER_STEP_DEG = 1;

/**
 * Steering keys: the arrows move the tip that way on the image. (Letters are taken: L and Space are the
 * fluoroscopy pedal, 1-4 the viewport keys.) A 2D view that used an arrow to scroll has prevented its default.
 */
const STEER_KEYS: Record<string, SteerDirection> = {
  arrowup: 'up',
  arrowdown: 'down',
  arrowleft: 'left',
  arrowright: 'right',
};

const button: CSSProperties = { pointerEvents: 'auto', minWidth: 28 };
const panel: CSSProperties = {
  background: 'rgba(0, 0, 0, 0.65)',
  padding: 4,
  borderRadius: 4,
  display: 'flex',
  flexDirection: 'column',
  gap: 3,
  fontSize: 12,
};

const clock = (ms: number): string => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/** Re-renders every second while mounted (the elapsed-time readout). */
function useSecondTick(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  return now;
}

/**
 * The attempt on the C-arm monitor: a click on the exposed image puts the needle on the skin along that ray
 * (coaxial technique, fluoroRay.ts), buttons and keys advance/withdraw and steer it about the image's axes,
 * F takes a shot, and a HUD shows shots, fluoroscopy time, depth and elapsed time: never the distance to the
 * target, which the trainee must judge from the images as in the room.
 */
export function TraineeCarmLayer({
  volume,
  geometry,
  exposed,
  widthPx,
  heightPx,
  caseKey,
  needle,
}: {
  volume: Volume;
  /** Geometry of the image on the monitor (the last exposure). */
  geometry: DrrGeometry;
  exposed: boolean;
  widthPx: number;
  heightPx: number;
  caseKey: string;
  needle: AttemptNeedle;
}) {
  const sample = useMemo(() => lpsSampler(volume), [volume]);
  const [message, setMessage] = useState<string | null>(null);
  const now = useSecondTick();
  const pose = needle.pose;

  const shoot = () => useCarmStore.getState().expose(caseKey);
  const advance = (mm: number) => {
    if (!pose) return setMessage('Put the needle on the skin first: click the image.');
    // The hub stops at the skin: the tip goes no deeper than the needle is long.
    const step = Math.min(mm, needle.lengthMm - pose.depthMm);
    if (step <= 0)
      return setMessage(`The hub is at the skin: the needle is ${needle.lengthMm.toFixed(0)} mm long.`);
    setMessage(null);
    useTraineeStore.getState().advance(step);
  };
  const steer = (toward: SteerDirection) => {
    if (!pose) return setMessage('Put the needle on the skin first: click the image.');
    setMessage(null);
    useTraineeStore.getState().steer(steeredDirection(pose.directionLps, geometry, toward, STEER_STEP_DEG));
  };

  // Handlers read the latest closures through a ref-free re-subscription each render (cheap: one listener).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const key = e.key.toLowerCase();
      const step = e.shiftKey ? DEPTH_STEP_SHIFT_MM : DEPTH_STEP_MM;
      // F (the shot) is the C-arm's own key (ui/carm/ExposureIndicator.tsx useShotKey), whatever has focus.
      if (key === 'w') advance(step);
      else if (key === 's') advance(-step);
      else if (STEER_KEYS[key]) steer(STEER_KEYS[key]);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const onClick = (e: React.MouseEvent<HTMLDivElement>) => {
    if (!exposed) return setMessage('Take a shot first (Shot or F): the needle is placed on the image.');
    const box = e.currentTarget.getBoundingClientRect();
    const { fx, fy } = imageFractionAt(e.clientX - box.left, e.clientY - box.top, widthPx, heightPx);
    if (fx < 0 || fx > 1 || fy < 0 || fy > 1) return;
    const placed = needleOnSkinFromImage(geometry, fx, fy, sample);
    if (!placed) return setMessage('No skin under that point: click on the patient.');
    setMessage(null);
    useTraineeStore.getState().placeOnSkin(placed.entryLps, placed.directionLps);
  };

  const depthMm = pose?.depthMm ?? 0;
  return (
    <>
      <div
        className="view-fill"
        data-testid="trainee-click-layer"
        style={{ position: 'absolute', inset: 0, zIndex: 1, cursor: 'crosshair' }}
        onClick={onClick}
        onKeyDown={() => undefined}
        role="presentation"
        title="Click the image to put the needle on the skin along that ray (coaxial)"
      />
      <div className="viewport-overlay" style={{ right: 4, top: 4, ...panel }} data-testid="trainee-hud">
        <span data-testid="trainee-hud-shots">Shots {needle.shots}</span>
        <span data-testid="trainee-hud-runs">Runs {needle.runs}</span>
        <span data-testid="trainee-hud-fluoro">Fluoro {needle.fluoroSeconds.toFixed(1)} s</span>
        <span data-testid="trainee-hud-depth">Depth {pose ? `${depthMm.toFixed(0)} mm` : 'not placed'}</span>
        <span data-testid="trainee-hud-time">Time {clock(now - needle.startedAtMs)}</span>
      </div>
      <div
        className="viewport-overlay"
        style={{ right: 4, bottom: 4, ...panel }}
        data-testid="trainee-needle-controls"
      >
        <div style={{ display: 'flex', gap: 3 }}>
          <button
            type="button"
            className="primary small"
            style={button}
            data-testid="trainee-shot"
            onClick={shoot}
            title="Shot (F)"
          >
            Shot
          </button>
          <button
            type="button"
            className="ghost small"
            style={button}
            data-testid="trainee-withdraw"
            onClick={(e) => advance(-(e.shiftKey ? DEPTH_STEP_SHIFT_MM : DEPTH_STEP_MM))}
            title="Withdraw 1 mm (S; Shift: 5 mm)"
          >
            Withdraw
          </button>
          <button
            type="button"
            className="ghost small"
            style={button}
            data-testid="trainee-advance"
            onClick={(e) => advance(e.shiftKey ? DEPTH_STEP_SHIFT_MM : DEPTH_STEP_MM)}
            title="Advance 1 mm (W; Shift: 5 mm)"
          >
            Advance
          </button>
        </div>
        <div style={{ display: 'flex', gap: 3, alignItems: 'center' }}>
          <span title="Turn the needle 1 degree about the image's axes: the tip moves that way on the image">
            Steer
          </span>
          {(
            [
              ['left', '\u2190', 'Left arrow'],
              ['up', '\u2191', 'Up arrow'],
              ['down', '\u2193', 'Down arrow'],
              ['right', '\u2192', 'Right arrow'],
            ] as const
          ).map(([dir, arrow, key]) => (
            <button
              key={dir}
              type="button"
              className="ghost small"
              style={button}
              data-testid={`trainee-steer-${dir}`}
              onClick={() => steer(dir)}
              title={`Steer the tip ${dir} on the image, 1\u00b0 (${key})`}
            >
              {arrow}
            </button>
          ))}
        </div>
        {message && (
          <span data-testid="trainee-message" style={{ maxWidth: 220 }}>
            {message}
          </span>
        )}
      </div>
    </>
  );
}
