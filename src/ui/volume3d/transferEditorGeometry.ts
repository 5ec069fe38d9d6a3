/**
 * Plot geometry of the transfer-function editor: HU along x, opacity up y, in SVG user units. Pure.
 */
import { TF_EDITOR_HU_RANGE } from '../../volume/transfer/transferFunctionHistogram';

export interface EditorAxes {
  width: number;
  height: number;
  minHu: number;
  maxHu: number;
}

/** HU shown by the editor (TF_EDITOR_HU_RANGE, which its histogram covers too), in a 300 x 110 plot. */
export const EDITOR_AXES: EditorAxes = { width: 300, height: 110, ...TF_EDITOR_HU_RANGE };

export const huToX = (a: EditorAxes, hu: number): number =>
  ((Math.min(a.maxHu, Math.max(a.minHu, hu)) - a.minHu) / (a.maxHu - a.minHu)) * a.width;
export const xToHu = (a: EditorAxes, x: number): number =>
  Math.round(a.minHu + (Math.min(a.width, Math.max(0, x)) / a.width) * (a.maxHu - a.minHu));
export const opacityToY = (a: EditorAxes, opacity: number): number => (1 - opacity) * a.height;
export const yToOpacity = (a: EditorAxes, y: number): number =>
  Math.round(Math.min(1, Math.max(0, 1 - y / a.height)) * 1000) / 1000;

/** Keyboard steps for a focused point (arrows; Shift for coarse). */
export function keyStep(key: string, shift: boolean): { dHu: number; dOpacity: number } | null {
  const hu = shift ? 100 : 10;
  const op = shift ? 0.1 : 0.02;
  switch (key) {
    case 'ArrowLeft':
      return { dHu: -hu, dOpacity: 0 };
    case 'ArrowRight':
      return { dHu: hu, dOpacity: 0 };
    case 'ArrowUp':
      return { dHu: 0, dOpacity: op };
    case 'ArrowDown':
      return { dHu: 0, dOpacity: -op };
    default:
      return null;
  }
}
