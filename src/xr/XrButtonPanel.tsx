import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { useXrStore } from '../state/xrStore';
import { buttonRow, type PanelPlacement } from './panelMath';
import { xrSessionStore } from './xrSessionStore';

export type XrButtonId = 'scale' | 'rehearse' | 'register' | 'volume' | 'exit';

/** Right of the table, below eye height, turned towards the user: reachable with a pointer, out of the way. */
export const BUTTON_PANEL: PanelPlacement = {
  position: [0.47, 1.15, -0.42],
  yawRad: -0.45,
  sizeM: [0.48, 0.07],
};
export const BUTTONS = buttonRow<XrButtonId>(['scale', 'rehearse', 'register', 'volume', 'exit']);
const PX_PER_M = 1800;

/** What each in-headset button does (the same store actions as the desktop buttons). */
export function pressXrButton(id: XrButtonId): void {
  const xr = useXrStore.getState();
  if (id === 'scale') xr.setScaleMode(xr.scaleMode === 'life' ? 'scaled' : 'life');
  else if (id === 'rehearse') xr.setRehearsing(!xr.rehearsing);
  else if (id === 'register') xr.setRegistering(!xr.registering);
  else if (id === 'volume') xr.setShowVolume(!xr.showVolume);
  else void xrSessionStore().getState().session?.end();
}

interface ButtonStates {
  scaleMode: 'scaled' | 'life';
  rehearsing: boolean;
  registering: boolean;
  registered: boolean;
  volume: boolean;
}

/** Short labels (five buttons share the row); a toggle that is on is drawn green and says so. */
function labelOf(id: XrButtonId, s: ButtonStates): string {
  if (id === 'scale') return s.scaleMode === 'life' ? 'Size 1:1' : 'Table-top';
  if (id === 'rehearse') return s.rehearsing ? 'Rehearse on' : 'Rehearse';
  if (id === 'register') return s.registering ? 'Register on' : s.registered ? 'On print' : 'Register';
  if (id === 'volume') return s.volume ? 'CT box on' : 'CT box';
  return 'Exit';
}

/**
 * The in-headset buttons (issues 8, 23): scale mode, rehearse on/off, register to a print, CT box around the
 * plan, exit. Pointed at and pressed with select.
 */
export function XrButtonPanel() {
  const scaleMode = useXrStore((s) => s.scaleMode);
  const rehearsing = useXrStore((s) => s.rehearsing);
  const registering = useXrStore((s) => s.registering);
  const registered = useXrStore((s) => s.registration !== null);
  const showVolume = useXrStore((s) => s.showVolume);
  const { canvas, texture } = useMemo(() => {
    const c = document.createElement('canvas');
    c.width = Math.round(BUTTON_PANEL.sizeM[0] * PX_PER_M);
    c.height = Math.round(BUTTON_PANEL.sizeM[1] * PX_PER_M);
    const t = new THREE.CanvasTexture(c);
    t.colorSpace = THREE.SRGBColorSpace;
    return { canvas: c, texture: t };
  }, []);
  useEffect(() => () => texture.dispose(), [texture]);

  useEffect(() => {
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const { width: w, height: h } = canvas;
    ctx.fillStyle = '#171b21';
    ctx.fillRect(0, 0, w, h);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const states: ButtonStates = { scaleMode, rehearsing, registering, registered, volume: showVolume };
    // One font for the row, the largest (up to 32 px) every label fits at, rather than squeezed letters.
    const buttonPx = (BUTTONS[0]!.u1 - BUTTONS[0]!.u0) * w - 16;
    let px = 32;
    const fits = () => BUTTONS.every((b) => ctx.measureText(labelOf(b.id, states)).width <= buttonPx);
    ctx.font = `bold ${px}px sans-serif`;
    while (px > 16 && !fits()) ctx.font = `bold ${--px}px sans-serif`;
    for (const b of BUTTONS) {
      const x = b.u0 * w;
      const y = (1 - b.v1) * h;
      const bw = (b.u1 - b.u0) * w;
      const bh = (b.v1 - b.v0) * h;
      const active =
        (b.id === 'rehearse' && rehearsing) ||
        (b.id === 'register' && (registering || registered)) ||
        (b.id === 'volume' && showVolume);
      ctx.fillStyle = b.id === 'exit' ? '#5a2630' : active ? '#1f5f46' : '#2b333d';
      ctx.fillRect(x, y, bw, bh);
      ctx.fillStyle = '#ffffff';
      const label = labelOf(b.id, states);
      ctx.fillText(label, x + bw / 2, y + bh / 2, bw - 12);
    }
    texture.needsUpdate = true;
  }, [canvas, texture, scaleMode, rehearsing, registering, registered, showVolume]);

  const p = BUTTON_PANEL;
  return (
    <mesh name="xr-button-panel" position={[...p.position]} rotation={[0, p.yawRad, 0]}>
      <planeGeometry args={[p.sizeM[0], p.sizeM[1]]} />
      <meshBasicMaterial map={texture} toneMapped={false} />
    </mesh>
  );
}
