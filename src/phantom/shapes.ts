import { cross, normalize, type Vec3 } from '../core/vec3';
import type { Frame } from './frame';

/**
 * An analytic solid: a signed distance (mm, negative inside) and a conservative LPS bounding box.
 * Distances of ellipses/ellipsoids are the usual first-order approximations (exact sign, magnitude
 * close to Euclidean near the surface: Quilez, "Ellipsoid SDF"), which is all rasterising needs.
 */
export interface Shape {
  minLps: Vec3;
  maxLps: Vec3;
  sd: (x: number, y: number, z: number) => number;
  /**
   * A tighter bound than the LPS box, when the shape has one: an oriented box (a frame's local |x| <= hx,
   * |y| <= hy, |z| <= hz) outside which sd > 0. Rasterising visits only the voxels of each row inside it
   * (issue 20: a tilted vertebra or an oblique tube fills a fraction of its LPS box).
   */
  frameBox?: FrameBox;
}

export interface FrameBox {
  frame: Frame;
  halfMm: Vec3;
}

type LocalSd = (x: number, y: number, z: number) => number;

/** Approximate signed distance to an axis-aligned ellipse with semi-axes a, b. */
export function ellipseSd(x: number, y: number, a: number, b: number): number {
  // Math.sqrt, not Math.hypot: this runs per voxel and hypot is several times slower in V8.
  const k0 = Math.sqrt((x / a) ** 2 + (y / b) ** 2);
  const k1 = Math.sqrt((x / (a * a)) ** 2 + (y / (b * b)) ** 2);
  return k1 === 0 ? -Math.min(a, b) : (k0 * (k0 - 1)) / k1;
}

/**
 * Approximate signed distance to a superellipse |x/a|^n + |y/b|^n = 1 (n = 2: ellipse; larger n: squarer
 * corners): the implicit value over its gradient length, exact in sign and first-order near the curve.
 */
export function superellipseSd(x: number, y: number, a: number, b: number, n: number): number {
  const u = Math.abs(x) / a;
  const v = Math.abs(y) / b;
  const un = u ** n;
  const vn = v ** n;
  const sum = un + vn;
  if (sum === 0) return -Math.min(a, b);
  const k = sum ** (1 / n);
  // d k / d x = u^(n-1) k^(1-n) / a, likewise for y.
  const scale = k ** (1 - n);
  const gx = ((un / (u || 1)) * scale) / a;
  const gy = ((vn / (v || 1)) * scale) / b;
  const g = Math.sqrt(gx * gx + gy * gy);
  return g === 0 ? (k - 1) * Math.min(a, b) : (k - 1) / g;
}

export function ellipsoidSd(x: number, y: number, z: number, a: number, b: number, c: number): number {
  const k0 = Math.sqrt((x / a) ** 2 + (y / b) ** 2 + (z / c) ** 2);
  const k1 = Math.sqrt((x / (a * a)) ** 2 + (y / (b * b)) ** 2 + (z / (c * c)) ** 2);
  return k1 === 0 ? -Math.min(a, b, c) : (k0 * (k0 - 1)) / k1;
}

/** Rounded box centred at the origin with half extents h and corner radius r (exact). */
export function boxSd(x: number, y: number, z: number, hx: number, hy: number, hz: number, r = 0): number {
  const qx = Math.abs(x) - hx + r;
  const qy = Math.abs(y) - hy + r;
  const qz = Math.abs(z) - hz + r;
  const ox = Math.max(qx, 0);
  const oy = Math.max(qy, 0);
  const oz = Math.max(qz, 0);
  const outside = Math.sqrt(ox * ox + oy * oy + oz * oz);
  return outside + Math.min(Math.max(qx, qy, qz), 0) - r;
}

/** A shape defined in a frame's local coordinates, bounded locally by |x|<=hx, |y|<=hy, |z|<=hz. */
export function inFrame(f: Frame, halfExtent: Vec3, localSd: LocalSd): Shape {
  const [ox, oy, oz] = f.originLps;
  const [a0, a1, a2] = f.ex;
  const [b0, b1, b2] = f.ey;
  const [c0, c1, c2] = f.ez;
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (const sx of [-1, 1])
    for (const sy of [-1, 1])
      for (const sz of [-1, 1]) {
        const lx = sx * halfExtent[0];
        const ly = sy * halfExtent[1];
        const lz = sz * halfExtent[2];
        const p = [
          ox + lx * a0 + ly * b0 + lz * c0,
          oy + lx * a1 + ly * b1 + lz * c1,
          oz + lx * a2 + ly * b2 + lz * c2,
        ];
        for (let i = 0; i < 3; i++) {
          min[i] = Math.min(min[i]!, p[i]!);
          max[i] = Math.max(max[i]!, p[i]!);
        }
      }
  return {
    minLps: min,
    maxLps: max,
    frameBox: { frame: f, halfMm: halfExtent },
    sd: (x, y, z) => {
      const dx = x - ox;
      const dy = y - oy;
      const dz = z - oz;
      return localSd(a0 * dx + a1 * dy + a2 * dz, b0 * dx + b1 * dy + b2 * dz, c0 * dx + c1 * dy + c2 * dz);
    },
  };
}

export const ellipsoid = (f: Frame, r: Vec3): Shape =>
  inFrame(f, r, (x, y, z) => ellipsoidSd(x, y, z, r[0], r[1], r[2]));

/** Elliptic cylinder along local z: semi-axes rx, ry, half length hz. */
export const ellipticCylinder = (f: Frame, rx: number, ry: number, hz: number): Shape =>
  inFrame(f, [rx, ry, hz], (x, y, z) => Math.max(ellipseSd(x, y, rx, ry), Math.abs(z) - hz));

export const box = (f: Frame, half: Vec3, roundMm = 0): Shape =>
  inFrame(f, half, (x, y, z) => boxSd(x, y, z, half[0], half[1], half[2], roundMm));

/** Signed distance to a round cone from a (radius ra) to b (radius rb), radius taken at the closest axis point. */
function roundConeSd(x: number, y: number, z: number, a: Vec3, b: Vec3, ra: number, rb: number): number {
  const abx = b[0] - a[0];
  const aby = b[1] - a[1];
  const abz = b[2] - a[2];
  const len2 = abx * abx + aby * aby + abz * abz;
  const px = x - a[0];
  const py = y - a[1];
  const pz = z - a[2];
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, (px * abx + py * aby + pz * abz) / len2));
  const qx = px - t * abx;
  const qy = py - t * aby;
  const qz = pz - t * abz;
  return Math.sqrt(qx * qx + qy * qy + qz * qz) - (ra + t * (rb - ra));
}

/**
 * Signed distance to a tube: a chain of segments whose radius varies linearly along each segment
 * (the union of round cones, with the radius taken at the closest axis point; exact for constant radius).
 */
export function tubeSd(p: Vec3, points: readonly Vec3[], radiiMm: readonly number[]): number {
  if (points.length === 1)
    return Math.hypot(p[0] - points[0]![0], p[1] - points[0]![1], p[2] - points[0]![2]) - radiiMm[0]!;
  let best = Infinity;
  for (let i = 0; i + 1 < points.length; i++)
    best = Math.min(
      best,
      roundConeSd(p[0], p[1], p[2], points[i]!, points[i + 1]!, radiiMm[i]!, radiiMm[i + 1]!),
    );
  return best;
}

/**
 * The box around a round cone from a to b whose radii are at most r: along the axis |ab|/2 + r from the
 * middle, r across it (every point within r of the segment lies inside). None for a zero-length segment.
 */
function segmentBox(a: Vec3, b: Vec3, r: number): FrameBox | undefined {
  const axis: Vec3 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const length = Math.hypot(axis[0], axis[1], axis[2]);
  if (!(length > 0)) return undefined;
  const ex: Vec3 = [axis[0] / length, axis[1] / length, axis[2] / length];
  // Any unit vector across the axis: the world axis least aligned with it, made orthogonal.
  const least =
    Math.abs(ex[0]) <= Math.abs(ex[1]) && Math.abs(ex[0]) <= Math.abs(ex[2])
      ? 0
      : Math.abs(ex[1]) <= Math.abs(ex[2])
        ? 1
        : 2;
  const pick: Vec3 = [least === 0 ? 1 : 0, least === 1 ? 1 : 0, least === 2 ? 1 : 0];
  const ey = normalize(cross(ex, pick));
  const ez = cross(ex, ey);
  const centre: Vec3 = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
  return { frame: { originLps: centre, ex, ey, ez }, halfMm: [length / 2 + r, r, r] };
}

/**
 * A tube as one shape per segment: their union is the tube, and small per-segment bounding boxes
 * keep rasterising a long curved tube cheap.
 */
export function tubeSegments(points: readonly Vec3[], radiiMm: readonly number[]): Shape[] {
  const shapes: Shape[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    const ra = radiiMm[i]!;
    const rb = radiiMm[i + 1]!;
    const r = Math.max(ra, rb);
    const box = segmentBox(a, b, r);
    shapes.push({
      minLps: [Math.min(a[0], b[0]) - r, Math.min(a[1], b[1]) - r, Math.min(a[2], b[2]) - r],
      maxLps: [Math.max(a[0], b[0]) + r, Math.max(a[1], b[1]) + r, Math.max(a[2], b[2]) + r],
      ...(box ? { frameBox: box } : {}),
      sd: (x, y, z) => roundConeSd(x, y, z, a, b, ra, rb),
    });
  }
  return shapes;
}

export function tube(points: readonly Vec3[], radiiMm: readonly number[]): Shape {
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  points.forEach((q, i) => {
    for (let a = 0; a < 3; a++) {
      min[a] = Math.min(min[a]!, q[a]! - radiiMm[i]!);
      max[a] = Math.max(max[a]!, q[a]! + radiiMm[i]!);
    }
  });
  return { minLps: min, maxLps: max, sd: (x, y, z) => tubeSd([x, y, z], points, radiiMm) };
}

/** Keeps the part of `shape` on the negative side of a plane (dot(p - point, normal) <= offset). */
export function clipByPlane(shape: Shape, pointLps: Vec3, normal: Vec3, offsetMm = 0): Shape {
  const [px, py, pz] = pointLps;
  const [nx, ny, nz] = normal;
  return {
    minLps: shape.minLps,
    maxLps: shape.maxLps,
    // The clipped sd is never below the shape's: its bound still holds.
    ...(shape.frameBox ? { frameBox: shape.frameBox } : {}),
    sd: (x, y, z) => Math.max(shape.sd(x, y, z), (x - px) * nx + (y - py) * ny + (z - pz) * nz - offsetMm),
  };
}
