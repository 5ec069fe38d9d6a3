import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { draggedPoint, pickTrajectory, rayFromPose } from '../../src/xr/rayPick';
import {
  baseModelMatrix,
  initialPlacement,
  lpsToWorld,
  MAX_USER_SCALE,
  modelScale,
  oneHandGrab,
  twoHandGrab,
  volumeBoxLps,
  worldToLps,
} from '../../src/xr/tabletopMath';

const box = volumeBoxLps([64, 64, 64], [2, 0, 0, -64, 0, 2, 0, -64, 0, 0, 2, -64, 0, 0, 0, 1]);
const model = (mode: 'scaled' | 'life') => {
  const s = modelScale(mode, box);
  return initialPlacement(box, s).multiply(baseModelMatrix(box, s));
};

describe('table-top model', () => {
  it('maps prone LPS: posterior up, head away, patient left on the user left; 1:1 is mm to mm', () => {
    const m = model('life');
    const o = lpsToWorld(m, [0, 0, 0]);
    expect(lpsToWorld(m, [0, 10, 0]).y - o.y).toBeCloseTo(0.01, 9);
    expect(lpsToWorld(m, [0, 0, 10]).z - o.z).toBeCloseTo(-0.01, 9);
    expect(lpsToWorld(m, [10, 0, 0]).x - o.x).toBeCloseTo(-0.01, 9);
    const back = worldToLps(m, lpsToWorld(m, [3, -4, 5]));
    for (const [i, v] of back.entries()) expect(v).toBeCloseTo([3, -4, 5][i]!, 9);
  });
  it('scaled mode fits the largest side into 0.5 m', () => {
    expect(box.sizeMm[0]).toBeCloseTo(128, 9);
    expect(modelScale('scaled', box) * 128).toBeCloseTo(0.5, 9);
  });
  it('one-hand grab follows the hand; two hands scale by their spread, clamped', () => {
    const p0 = new THREE.Matrix4().makeTranslation(0, 1, -0.5);
    const h0 = new THREE.Matrix4().makeTranslation(0.2, 1, -0.3);
    const h1 = new THREE.Matrix4().makeTranslation(0.3, 1.1, -0.3);
    const p1 = oneHandGrab(p0, h0, h1);
    expect(new THREE.Vector3().setFromMatrixPosition(p1).toArray()).toEqual(
      expect.arrayContaining([expect.closeTo(0.1, 9), expect.closeTo(1.1, 9), expect.closeTo(-0.5, 9)]),
    );
    const a = new THREE.Vector3(-0.1, 1, -0.4);
    const b = new THREE.Vector3(0.1, 1, -0.4);
    const twice = twoHandGrab(
      p0,
      [a, b],
      [new THREE.Vector3(-0.2, 1, -0.4), new THREE.Vector3(0.2, 1, -0.4)],
    );
    expect(new THREE.Vector3().setFromMatrixScale(twice).x).toBeCloseTo(2, 9);
    const huge = twoHandGrab(p0, [a, b], [new THREE.Vector3(-50, 1, -0.4), new THREE.Vector3(50, 1, -0.4)]);
    expect(new THREE.Vector3().setFromMatrixScale(huge).x).toBeCloseTo(MAX_USER_SCALE, 9);
  });
});

describe('pointing', () => {
  const t = { id: 't1', entryLps: [0, 60, 0], targetLps: [0, 0, 0], needleId: 'x' };
  it('a ray at a handle picks that end; a miss picks nothing; the dragged point follows the pointer', () => {
    const m = model('scaled');
    const h = lpsToWorld(m, [0, 0, 0]);
    const pose = new THREE.Matrix4().makeTranslation(h.x, h.y, h.z + 0.15);
    // biome-ignore lint/suspicious/noExplicitAny: only the fields pickTrajectory reads
    const hit = pickTrajectory(rayFromPose(pose), [t as any], m, 3);
    expect(hit).toMatchObject({ kind: 'handle', end: 'target', trajectoryId: 't1' });
    const away = new THREE.Matrix4().makeTranslation(h.x + 0.3, h.y, h.z + 0.15);
    // biome-ignore lint/suspicious/noExplicitAny: as above
    expect(pickTrajectory(rayFromPose(away), [t as any], m, 3)).toBeUndefined();
    const moved = draggedPoint(h, pose, new THREE.Matrix4().makeTranslation(h.x + 0.05, h.y, h.z + 0.15));
    expect(worldToLps(m, moved)[0]).toBeCloseTo(-0.05 / modelScale('scaled', box), 6);
  });
});
