import { describe, expect, it } from 'vitest';
import { poseOfView, rotateTurntable, turntableFrame } from '../../src/core/turntable';
import { STANDARD_VIEWS } from '../../src/render/volumeViews';

function close(a: readonly number[], b: readonly number[]) {
  for (const [i, x] of a.entries()) expect(x).toBeCloseTo(b[i]!, 9);
}

describe('turntable rotation (issue 19)', () => {
  it('reproduces every standard view, the poles included', () => {
    for (const [name, v] of Object.entries(STANDARD_VIEWS)) {
      const axis = name.startsWith('prone') ? ([0, 1, 0] as const) : ([0, 0, 1] as const);
      const f = turntableFrame(poseOfView(axis, v.towardsCameraLps, v.upLps));
      close(f.towardsCamera, v.towardsCameraLps);
      close(f.up, v.upLps);
    }
  });

  it('keeps the axis up on screen however it is dragged, and never tilts over the pole', () => {
    let pose = poseOfView([0, 0, 1], [0, -1, 0], [0, 0, 1]);
    for (const [dx, dy] of [
      [0.7, 0.3],
      [-2, 1.4],
      [0.1, 3],
      [5, -7],
    ] as const) {
      pose = rotateTurntable(pose, dx, dy);
      const { towardsCamera, up } = turntableFrame(pose);
      // Up is the projection of the axis on the screen: never below the horizon, no roll.
      expect(up[2]).toBeGreaterThanOrEqual(-1e-12);
      expect(
        Math.abs(towardsCamera[0] * up[0] + towardsCamera[1] * up[1] + towardsCamera[2] * up[2]),
      ).toBeLessThan(1e-12);
      expect(Math.abs(pose.elevation)).toBeLessThanOrEqual(Math.PI / 2);
    }
  });

  it('a horizontal drag turns about the axis only', () => {
    const before = turntableFrame(poseOfView([0, 0, 1], [0, -1, 0], [0, 0, 1]));
    const after = turntableFrame(
      rotateTurntable(poseOfView([0, 0, 1], [0, -1, 0], [0, 0, 1]), Math.PI / 2, 0),
    );
    expect(after.towardsCamera[2]).toBeCloseTo(before.towardsCamera[2], 12);
    close(after.up, [0, 0, 1]);
  });
});
