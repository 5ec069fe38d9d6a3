import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import type { PanelButton } from './panelMath';
import type { PanelLine } from './readoutLines';

/**
 * A 2D canvas as a panel's texture: no font download (drei <Text> fetches its font from a CDN) and one draw
 * call per panel.
 */
export function usePanelTexture(widthPx: number, heightPx: number) {
  const value = useMemo(() => {
    const canvas = document.createElement('canvas');
    canvas.width = widthPx;
    canvas.height = heightPx;
    const texture = new THREE.CanvasTexture(canvas);
    texture.colorSpace = THREE.SRGBColorSpace;
    return { canvas, texture };
  }, [widthPx, heightPx]);
  useEffect(() => () => value.texture.dispose(), [value]);
  return value;
}

/** Lines top-down from `y` (px); returns where the next line would go. */
export function drawLines(ctx: CanvasRenderingContext2D, lines: readonly PanelLine[], y: number): number {
  const width = ctx.canvas.width;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  for (const line of lines) {
    ctx.fillStyle = line.warn ? '#ff8a7a' : line.title ? '#ffffff' : '#c9d1d9';
    ctx.font = `${line.title ? 'bold 26px' : '22px'} sans-serif`;
    ctx.fillText(line.text, 18, y, width - 36);
    y += line.title ? 34 : 28;
  }
  return y;
}

/** Buttons drawn at their panel (u, v) rectangles. */
export function drawButtons<Id extends string>(
  ctx: CanvasRenderingContext2D,
  buttons: readonly PanelButton<Id>[],
  label: (id: Id) => string,
  colour: (id: Id) => string = () => '#2b333d',
): void {
  const { width: w, height: h } = ctx.canvas;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.font = 'bold 24px sans-serif';
  for (const b of buttons) {
    const x = b.u0 * w;
    const y = (1 - b.v1) * h;
    const bw = (b.u1 - b.u0) * w;
    const bh = (b.v1 - b.v0) * h;
    ctx.fillStyle = colour(b.id);
    ctx.fillRect(x, y, bw, bh);
    ctx.fillStyle = '#ffffff';
    ctx.fillText(label(b.id), x + bw / 2, y + bh / 2, bw - 10);
  }
}
