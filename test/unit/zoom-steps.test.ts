import { describe, expect, it } from 'vitest';
import { wheelZoomFactor, ZOOM_STEP } from '../../src/core/zoomSteps';

describe('wheel zoom steps (issue 19)', () => {
  it('one notch is one button step, in and out, whatever the device reports', () => {
    for (const [dy, mode] of [
      [-100, 0],
      [-120, 0],
      [-53, 0],
      [-3, 1],
      [-1, 2],
    ] as const) {
      expect(wheelZoomFactor(dy, mode)).toBeCloseTo(ZOOM_STEP, 12);
      expect(wheelZoomFactor(-dy, mode)).toBeCloseTo(1 / ZOOM_STEP, 12);
    }
    expect(wheelZoomFactor(-200, 0)).toBeCloseTo(ZOOM_STEP ** 2, 12);
  });

  it('a pinch zooms continuously and adds up to the same rate', () => {
    let f = 1;
    for (let i = 0; i < 25; i++) f *= wheelZoomFactor(-4, 0);
    expect(f).toBeCloseTo(ZOOM_STEP, 12);
    expect(wheelZoomFactor(0, 0)).toBe(1);
  });
});
