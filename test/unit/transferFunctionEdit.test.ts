import { describe, expect, it } from 'vitest';
import {
  EDITOR_AXES,
  huToX,
  keyStep,
  opacityToY,
  xToHu,
  yToOpacity,
} from '../../src/ui/volume3d/transferEditorGeometry';
import {
  buildTransferFunctionLut,
  evaluateTransferFunction,
  type TransferFunction,
  transferFunctionRange,
} from '../../src/volume/transfer/transferFunction';
import {
  addControlPoint,
  colorToHex,
  hexToColor,
  moveControlPoint,
  removeControlPoint,
  setControlPointColor,
  windowLevelFromDrag,
  windowLevelTransferFunction,
} from '../../src/volume/transfer/transferFunctionEdit';
import { VOLUME_PRESETS } from '../../src/volume/transfer/transferFunctionPresets';

const bone = VOLUME_PRESETS.bone.transferFunction;
const alphaAt = (tf: TransferFunction, hu: number) => {
  const range = transferFunctionRange(tf);
  const lut = buildTransferFunctionLut(tf, range);
  const e = Math.round(((hu - range.minHu) / (range.maxHu - range.minHu)) * 256 - 0.5);
  return lut[Math.min(255, Math.max(0, e)) * 4 + 3]!;
};

describe('transfer-function editing (points -> LUT)', () => {
  it('adds a point with the colour already there, at the sorted index, and the LUT follows it', () => {
    const { transferFunction: tf, index } = addControlPoint(bone, 1000, 0.1);
    expect(index).toBe(3);
    expect(tf.points.map((p) => p.hu)).toEqual([150, 300, 700, 1000, 1500]);
    const before = evaluateTransferFunction([...bone.points], 1000);
    expect(tf.points[3]!.color).toEqual(before.slice(0, 3));
    // Opacity at 1000 HU was ~0.71; now the point pins it to 0.1.
    expect(alphaAt(bone, 1000)).toBeGreaterThan(150);
    expect(alphaAt(tf, 1000)).toBeLessThan(35);
    expect(bone.points).toHaveLength(4); // immutable
  });

  it('moves a point between its neighbours only, clamping opacity to 0..1', () => {
    const moved = moveControlPoint(bone, 1, 5000, 2);
    expect(moved.points[1]!.hu).toBe(699.5);
    expect(moved.points[1]!.opacity).toBe(1);
    const low = moveControlPoint(bone, 1, -5000, -1);
    expect(low.points[1]!.hu).toBe(150.5);
    expect(low.points[1]!.opacity).toBe(0);
    // The end points move freely outward.
    expect(moveControlPoint(bone, 0, -400, 0).points[0]!.hu).toBe(-400);
    // Moving the first point of the bone ramp into soft tissue makes soft tissue visible.
    expect(alphaAt(bone, 60)).toBe(0);
    expect(alphaAt(moveControlPoint(bone, 0, -100, 0), 60)).toBeGreaterThan(0);
  });

  it('removes points but never the last one, and recolours a point', () => {
    const tf = removeControlPoint(bone, 3);
    expect(tf.points.map((p) => p.hu)).toEqual([150, 300, 700]);
    let one: TransferFunction = bone;
    for (let i = 0; i < 6; i++) one = removeControlPoint(one, 0);
    expect(one.points).toHaveLength(1);
    const red = setControlPointColor(bone, 2, [1, 0, 0]);
    const lut = buildTransferFunctionLut(red, transferFunctionRange(red));
    const e = Math.round(((700 - 136.5) / (1513.5 - 136.5)) * 256 - 0.5); // range 150..1500 padded 1%
    expect(lut[e * 4]).toBeGreaterThan(240);
    expect(lut[e * 4 + 1]).toBeLessThan(15);
  });

  it('window/level scales the HU span about its centre and shifts it, like the 2D right drag', () => {
    const wl = windowLevelTransferFunction(bone, 100, 2);
    // centre 825: 150 -> 825 - 1350 + 100, 1500 -> 825 + 1350 + 100
    expect(wl.points.map((p) => p.hu)).toEqual([-425, -125, 675, 2275]);
    expect(wl.points.map((p) => p.opacity)).toEqual(bone.points.map((p) => p.opacity));
    const drag = windowLevelFromDrag(bone, 0, 30);
    expect(drag.widthScale).toBe(1);
    expect(drag.levelShiftHu).toBeCloseTo(30 * (1350 / 300), 9); // down = higher level
    expect(windowLevelFromDrag(bone, 100, 0).widthScale).toBeGreaterThan(1); // right = wider
    expect(windowLevelFromDrag(bone, -10_000, 0).widthScale).toBe(0.05);
  });

  it('converts colours to and from #rrggbb', () => {
    expect(colorToHex([1, 0.5, 0])).toBe('#ff8000');
    expect(hexToColor('#ff8000')).toEqual([1, 128 / 255, 0]);
    expect(hexToColor('red')).toBeUndefined();
  });

  it('maps editor plot coordinates both ways and steps points by keyboard', () => {
    for (const hu of [-1024, -300, 0, 700, 2048]) expect(xToHu(EDITOR_AXES, huToX(EDITOR_AXES, hu))).toBe(hu);
    expect(huToX(EDITOR_AXES, 3000)).toBe(EDITOR_AXES.width); // beyond the axis: drawn at the edge
    expect(yToOpacity(EDITOR_AXES, opacityToY(EDITOR_AXES, 0.25))).toBe(0.25);
    expect(yToOpacity(EDITOR_AXES, -10)).toBe(1);
    expect(keyStep('ArrowRight', false)).toEqual({ dHu: 10, dOpacity: 0 });
    expect(keyStep('ArrowDown', true)).toEqual({ dHu: 0, dOpacity: -0.1 });
    expect(keyStep('a', false)).toBeNull();
  });
});
