import { cross, normalize, type Vec3 } from '../core/vec3';

/**
 * An orthonormal local frame in LPS mm: `ex, ey, ez` are the local axes written in LPS.
 * Vertebral frames use x = patient left, y = posterior, z = cranial (superior endplate normal),
 * tilted by the lordotic curve.
 */
export interface Frame {
  originLps: Vec3;
  ex: Vec3;
  ey: Vec3;
  ez: Vec3;
}

const rad = (deg: number): number => (deg * Math.PI) / 180;

/** Rotates about the x axis so that +z leans towards +y (posterior) by `deg`. */
function pitch(v: Vec3, deg: number): Vec3 {
  const c = Math.cos(rad(deg));
  const s = Math.sin(rad(deg));
  return [v[0], v[1] * c + v[2] * s, -v[1] * s + v[2] * c];
}
/** Rotates about the z axis (axial rotation); positive turns +y (posterior) towards +x (left). */
function yaw(v: Vec3, deg: number): Vec3 {
  const c = Math.cos(rad(deg));
  const s = Math.sin(rad(deg));
  return [v[0] * c + v[1] * s, -v[0] * s + v[1] * c, v[2]];
}
/** Rotates about the y axis (lateral bend); positive leans +z towards +x (left). */
function roll(v: Vec3, deg: number): Vec3 {
  const c = Math.cos(rad(deg));
  const s = Math.sin(rad(deg));
  return [v[0] * c + v[2] * s, v[1], -v[0] * s + v[2] * c];
}

/** A frame at `originLps` whose z axis leans posteriorly by `tiltDeg`, then bends and rotates slightly. */
export function tiltedFrame(originLps: Vec3, tiltDeg: number, yawDeg = 0, rollDeg = 0): Frame {
  const axis = (v: Vec3): Vec3 => pitch(roll(yaw(v, yawDeg), rollDeg), tiltDeg);
  return { originLps, ex: axis([1, 0, 0]), ey: axis([0, 1, 0]), ez: axis([0, 0, 1]) };
}

export const toWorld = (f: Frame, l: Vec3): Vec3 => [
  f.originLps[0] + l[0] * f.ex[0] + l[1] * f.ey[0] + l[2] * f.ez[0],
  f.originLps[1] + l[0] * f.ex[1] + l[1] * f.ey[1] + l[2] * f.ez[1],
  f.originLps[2] + l[0] * f.ex[2] + l[1] * f.ey[2] + l[2] * f.ez[2],
];

export const dirToWorld = (f: Frame, d: Vec3): Vec3 => [
  d[0] * f.ex[0] + d[1] * f.ey[0] + d[2] * f.ez[0],
  d[0] * f.ex[1] + d[1] * f.ey[1] + d[2] * f.ez[1],
  d[0] * f.ex[2] + d[1] * f.ey[2] + d[2] * f.ez[2],
];

export function toLocal(f: Frame, p: Vec3): Vec3 {
  const d: Vec3 = [p[0] - f.originLps[0], p[1] - f.originLps[1], p[2] - f.originLps[2]];
  return [
    d[0] * f.ex[0] + d[1] * f.ex[1] + d[2] * f.ex[2],
    d[0] * f.ey[0] + d[1] * f.ey[1] + d[2] * f.ey[2],
    d[0] * f.ez[0] + d[1] * f.ez[1] + d[2] * f.ez[2],
  ];
}

/**
 * A frame inside `parent`: origin and two axes given in parent-local coordinates; the third axis is
 * ex x ey (right-handed). `ey` is re-orthogonalised against `ex`.
 */
export function childFrame(parent: Frame, localOrigin: Vec3, localEx: Vec3, localEy: Vec3): Frame {
  const ex = normalize(dirToWorld(parent, localEx));
  const eyRaw = dirToWorld(parent, localEy);
  const proj = eyRaw[0] * ex[0] + eyRaw[1] * ex[1] + eyRaw[2] * ex[2];
  const ey = normalize([eyRaw[0] - proj * ex[0], eyRaw[1] - proj * ex[1], eyRaw[2] - proj * ex[2]]);
  return { originLps: toWorld(parent, localOrigin), ex, ey, ez: cross(ex, ey) };
}

/** A world frame from an origin and two world axes (ey re-orthogonalised, ez = ex x ey). */
export function worldFrame(originLps: Vec3, ex: Vec3, ey: Vec3): Frame {
  const identity: Frame = { originLps: [0, 0, 0], ex: [1, 0, 0], ey: [0, 1, 0], ez: [0, 0, 1] };
  return childFrame(identity, originLps, ex, ey);
}
