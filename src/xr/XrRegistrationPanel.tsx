import { useEffect } from 'react';
import { useXrStore, type XrFiducial } from '../state/xrStore';
import { drawButtons, drawLines, usePanelTexture } from './panelCanvas';
import { buttonRow, type PanelPlacement } from './panelMath';
import { registrationLines } from './registrationLines';

export type RegistrationButtonId = 'skip' | 'undo' | 'clear' | 'done';

/** Below the readout panel, left of the table, turned the same way: the list grows as pits are touched. */
export const REGISTRATION_PANEL: PanelPlacement = {
  position: [-0.42, 1.03, -0.5],
  yawRad: 0.45,
  sizeM: [0.32, 0.3],
};
const PANEL_PX: [number, number] = [512, 480];
/** The buttons' strip along the panel's bottom (v from the bottom edge). */
export const REGISTRATION_BUTTONS = buttonRow<RegistrationButtonId>(['skip', 'undo', 'clear', 'done']).map(
  (b) => ({ ...b, v0: 0.02, v1: 0.13 }),
);
const LABEL: Record<RegistrationButtonId, string> = {
  skip: 'Skip pit',
  undo: 'Undo',
  clear: 'Clear',
  done: 'Done',
};

/** The "Register to print" panel (issue 23): next pit, touched points with residuals, FRE, expected errors. */
export function XrRegistrationPanel({ fiducials }: { fiducials: readonly XrFiducial[] }) {
  const touches = useXrStore((s) => s.touches);
  const fiducialCursor = useXrStore((s) => s.fiducialCursor);
  const registration = useXrStore((s) => s.registration);
  const registrationMessage = useXrStore((s) => s.registrationMessage);
  const { canvas, texture } = usePanelTexture(PANEL_PX[0], PANEL_PX[1]);

  useEffect(() => {
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#171b21';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.strokeStyle = registration ? '#1f8f5f' : '#2b333d';
    ctx.lineWidth = 6;
    ctx.strokeRect(3, 3, canvas.width - 6, canvas.height - 6);
    drawLines(
      ctx,
      registrationLines({ fiducials, touches, fiducialCursor, registration, registrationMessage }),
      40,
    );
    drawButtons(ctx, REGISTRATION_BUTTONS, (id) => LABEL[id]);
    texture.needsUpdate = true;
  }, [canvas, texture, fiducials, touches, fiducialCursor, registration, registrationMessage]);

  const p = REGISTRATION_PANEL;
  return (
    <mesh name="xr-registration-panel" position={[...p.position]} rotation={[0, p.yawRad, 0]}>
      <planeGeometry args={[p.sizeM[0], p.sizeM[1]]} />
      <meshBasicMaterial map={texture} toneMapped={false} />
    </mesh>
  );
}
