import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { placementOnSurface, volumeBoxLps } from '../../src/xr/tabletopMath';

/** 128 mm cube (the synthetic sphere's volume) at 1 mm = 1 mm. */
const box = volumeBoxLps([64, 64, 64], [2, 0, 0, -64, 0, 2, 0, -64, 0, 0, 2, -64, 0, 0, 0, 1]);

describe('AR: model set on a detected surface', () => {
  it('underside on the point, level, current yaw and user scale kept, a grab tilt dropped', () => {
    const yaw = 0.3;
    const tilt = 0.2;
    const current = new THREE.Matrix4().compose(
      new THREE.Vector3(1, 2, 3),
      new THREE.Quaternion()
        .setFromAxisAngle(new THREE.Vector3(0, 1, 0), yaw)
        .multiply(new THREE.Quaternion().setFromAxisAngle(new THREE.Vector3(1, 0, 0), tilt)),
      new THREE.Vector3(2, 2, 2),
    );
    const table = new THREE.Vector3(0.1, 0.75, -0.6);
    const placed = placementOnSurface(table, box, 0.001, current);
    const position = new THREE.Vector3();
    const rotation = new THREE.Quaternion();
    const scale = new THREE.Vector3();
    placed.decompose(position, rotation, scale);
    // half of 128 mm at 1 mm/mm, doubled by the user's scale: 0.128 m above the table
    expect(position.x).toBeCloseTo(0.1, 12);
    expect(position.y).toBeCloseTo(0.75 + 0.128, 12);
    expect(position.z).toBeCloseTo(-0.6, 12);
    expect(scale.x).toBeCloseTo(2, 12);
    const up = new THREE.Vector3(0, 1, 0).applyQuaternion(rotation);
    expect(up.y).toBeCloseTo(1, 12);
    const forward = new THREE.Vector3(0, 0, -1).applyQuaternion(rotation);
    expect(forward.x).toBeCloseTo(-Math.sin(yaw), 12);
    expect(forward.z).toBeCloseTo(-Math.cos(yaw), 12);
    // The model's lowest point (LPS anterior face, centred) sits on the table: the base centres the box.
    const bottom = new THREE.Vector3(0, -64 * 0.001, 0).applyMatrix4(
      new THREE.Matrix4().compose(position, rotation, new THREE.Vector3(2, 2, 2)),
    );
    expect(bottom.y).toBeCloseTo(0.75, 12);
  });
});
