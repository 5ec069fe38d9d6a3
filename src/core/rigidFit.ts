import { fail, ok, type Result } from './errors';
import type { Mat4 } from './mat4';
import { symmetricEigen } from './symmetricEigen';
import type { Vec3 } from './vec3';

/**
 * Point-based rigid registration: the rotation and translation that best map measured points onto their
 * model counterparts in the least-squares sense, its fiducial registration error and the expected target
 * registration error. Both point lists are in millimetres (the headset's metres are converted by the caller).
 *
 * Method: Horn, "Closed-form solution of absolute orientation using unit quaternions", J Opt Soc Am A 4(4),
 * 1987: the optimal rotation is the unit quaternion that is the eigenvector of the largest eigenvalue of a
 * symmetric 4x4 matrix built from the cross-covariance of the centred points. A unit quaternion is always a
 * proper rotation (determinant +1): a mirror image is never returned, whatever the points.
 *
 * Error model: Fitzpatrick, West & Maurer, "Predicting error in rigid-body point-based registration",
 * IEEE Trans Med Imaging 17(5), 1998, for independent isotropic localisation error of the fiducials (FLE):
 *   <FRE^2> ~ (1 - 2/N) <FLE^2>
 *   <TRE^2(r)> ~ <FLE^2>/N * (1 + 1/3 * sum_k d_k^2 / f_k^2)
 * with d_k the target's distance from principal axis k of the fiducial configuration and f_k the RMS
 * distance of the fiducials from that axis.
 */

/** Row-major 3x3 rotation. */
export type Mat3 = readonly number[];

export interface RigidTransform {
  /** Proper rotation (determinant +1), row-major. */
  rotation: Mat3;
  translationMm: Vec3;
}

export interface RigidFit {
  /** `to ~ rotation * from + translation`. */
  transform: RigidTransform;
  /** The same as a row-major 4x4 (core/mat4.ts convention). */
  matrix: Mat4;
  /** RMS distance between the mapped `from` points and their `to` points (mm). */
  freMm: number;
  /** Each pair's distance after the fit (mm), in input order. */
  residualsMm: number[];
  /** FLE (RMS, 3D) estimated from the FRE, `sqrt(FRE^2 N / (N - 2))`; N = 3 gives a rough estimate. */
  fleEstimateMm: number;
  /** The fit's own fiducial configuration in `to` space, for `targetErrorMm`. */
  fiducialsTo: readonly Vec3[];
}

export interface RigidFitOptions {
  /**
   * Points whose spread off their best-fit line (RMS along the second principal axis) is below this are
   * refused: a rotation about that line is then not determined by them. Default 5 mm.
   */
  minSpreadMm?: number;
}

/** Fewer than three points, or points close to a line, do not fix a rotation. */
export const MIN_FIT_POINTS = 3;
export const DEFAULT_MIN_SPREAD_MM = 5;

const centroid = (points: readonly Vec3[]): Vec3 => {
  const c = [0, 0, 0];
  for (const p of points) for (let i = 0; i < 3; i++) c[i]! += p[i]!;
  return [c[0]! / points.length, c[1]! / points.length, c[2]! / points.length];
};

/** Principal axes of a point set about its centroid: eigen-decomposition of the scatter matrix / N. */
export function principalAxes(points: readonly Vec3[]): { centre: Vec3; variances: number[]; axes: Vec3[] } {
  const c = centroid(points);
  const m = new Array<number>(9).fill(0);
  for (const p of points) {
    const d = [p[0] - c[0], p[1] - c[1], p[2] - c[2]];
    for (let r = 0; r < 3; r++) for (let s = 0; s < 3; s++) m[r * 3 + s]! += (d[r]! * d[s]!) / points.length;
  }
  const e = symmetricEigen(m, 3);
  return {
    centre: c,
    variances: e.values.map((v) => Math.max(0, v)),
    axes: e.vectors.map((v) => [v[0]!, v[1]!, v[2]!] as Vec3),
  };
}

/** Why a point set cannot fix a rigid pose, or undefined when it can. */
export function degeneracyReason(
  points: readonly Vec3[],
  minSpreadMm = DEFAULT_MIN_SPREAD_MM,
): string | undefined {
  if (points.length < MIN_FIT_POINTS)
    return `${points.length} point${points.length === 1 ? '' : 's'}: at least ${MIN_FIT_POINTS} are needed`;
  if (!points.every((p) => p.every(Number.isFinite))) return 'a point has no finite position';
  const spread = Math.sqrt(principalAxes(points).variances[1]!);
  if (spread < minSpreadMm)
    return `the points lie almost on a line (${spread.toFixed(1)} mm off it, at least ${minSpreadMm} mm needed): add a point away from that line`;
  return undefined;
}

/** Row-major rotation of a unit quaternion (w, x, y, z). */
function quaternionToMatrix([w, x, y, z]: readonly number[]): number[] {
  const [ww, xx, yy, zz] = [w! * w!, x! * x!, y! * y!, z! * z!];
  return [
    ww + xx - yy - zz,
    2 * (x! * y! - w! * z!),
    2 * (x! * z! + w! * y!),
    2 * (x! * y! + w! * z!),
    ww - xx + yy - zz,
    2 * (y! * z! - w! * x!),
    2 * (x! * z! - w! * y!),
    2 * (y! * z! + w! * x!),
    ww - xx - yy + zz,
  ];
}

const rotate = (r: Mat3, p: Vec3): Vec3 => [
  r[0]! * p[0] + r[1]! * p[1] + r[2]! * p[2],
  r[3]! * p[0] + r[4]! * p[1] + r[5]! * p[2],
  r[6]! * p[0] + r[7]! * p[1] + r[8]! * p[2],
];

/** Applies a rigid transform to a point. */
export function applyRigid(t: RigidTransform, p: Vec3): Vec3 {
  const q = rotate(t.rotation, p);
  return [q[0] + t.translationMm[0], q[1] + t.translationMm[1], q[2] + t.translationMm[2]];
}

/** FLE (RMS, 3D) from the FRE of N fiducials (Fitzpatrick et al. 1998, eq. for <FRE^2>). */
export const fleFromFreMm = (freMm: number, n: number): number =>
  n > 2 ? freMm * Math.sqrt(n / (n - 2)) : Number.POSITIVE_INFINITY;

/**
 * Expected RMS target registration error (mm) at `target` for fiducials at `fiducials` (same space) with
 * RMS localisation error `fleMm` (Fitzpatrick, West & Maurer 1998, eq. 46).
 */
export function targetErrorMm(fiducials: readonly Vec3[], target: Vec3, fleMm: number): number {
  const n = fiducials.length;
  const { centre, axes } = principalAxes(fiducials);
  const rel: Vec3 = [target[0] - centre[0], target[1] - centre[1], target[2] - centre[2]];
  const distSqFromAxis = (p: Vec3, axis: Vec3) => {
    const along = p[0] * axis[0] + p[1] * axis[1] + p[2] * axis[2];
    return Math.max(0, p[0] ** 2 + p[1] ** 2 + p[2] ** 2 - along * along);
  };
  let sum = 0;
  for (const axis of axes) {
    let fSq = 0;
    for (const f of fiducials)
      fSq += distSqFromAxis([f[0] - centre[0], f[1] - centre[1], f[2] - centre[2]], axis) / n;
    // f_k = 0 only for collinear fiducials, which the fit refuses; a target on that axis adds nothing.
    const dSq = distSqFromAxis(rel, axis);
    sum += dSq === 0 ? 0 : dSq / Math.max(fSq, Number.MIN_VALUE);
  }
  return Math.sqrt(((fleMm * fleMm) / n) * (1 + sum / 3));
}

/**
 * The least-squares rigid transform taking `from[i]` onto `to[i]` (Horn 1987), or why it cannot be found:
 * different counts, fewer than three pairs, or either set close to a line.
 */
export function fitRigid(
  from: readonly Vec3[],
  to: readonly Vec3[],
  options: RigidFitOptions = {},
): Result<RigidFit> {
  if (from.length !== to.length)
    return fail(`${from.length} measured points for ${to.length} model points: each needs its partner`);
  const minSpreadMm = options.minSpreadMm ?? DEFAULT_MIN_SPREAD_MM;
  const reason = degeneracyReason(to, minSpreadMm) ?? degeneracyReason(from, minSpreadMm);
  if (reason) return fail(`Cannot register: ${reason}.`);
  const n = from.length;
  const cf = centroid(from);
  const ct = centroid(to);
  // Cross-covariance S[a][b] = sum (from_a - cf_a)(to_b - ct_b) (Horn 1987 s.4).
  const s = new Array<number>(9).fill(0);
  for (let i = 0; i < n; i++) {
    const a = [from[i]![0] - cf[0], from[i]![1] - cf[1], from[i]![2] - cf[2]];
    const b = [to[i]![0] - ct[0], to[i]![1] - ct[1], to[i]![2] - ct[2]];
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) s[r * 3 + c]! += a[r]! * b[c]!;
  }
  const [sxx, sxy, sxz, syx, syy, syz, szx, szy, szz] = s as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Horn 1987 eq. for N: the quaternion maximising sum b . (q a q*) is N's top eigenvector.
  const nMatrix = [
    sxx + syy + szz,
    syz - szy,
    szx - sxz,
    sxy - syx,
    syz - szy,
    sxx - syy - szz,
    sxy + syx,
    szx + sxz,
    szx - sxz,
    sxy + syx,
    -sxx + syy - szz,
    syz + szy,
    sxy - syx,
    szx + sxz,
    syz + szy,
    -sxx - syy + szz,
  ];
  const q = symmetricEigen(nMatrix, 4).vectors[0]!;
  const norm = Math.hypot(...q);
  const rotation = quaternionToMatrix(q.map((v) => v / norm));
  const rc = rotate(rotation, cf);
  const translationMm: Vec3 = [ct[0] - rc[0], ct[1] - rc[1], ct[2] - rc[2]];
  const transform: RigidTransform = { rotation, translationMm };
  const residualsMm = from.map((p, i) => {
    const m = applyRigid(transform, p);
    const t = to[i]!;
    return Math.hypot(m[0] - t[0], m[1] - t[1], m[2] - t[2]);
  });
  const freMm = Math.sqrt(residualsMm.reduce((acc, r) => acc + r * r, 0) / n);
  const r = rotation;
  return ok({
    transform,
    matrix: [
      r[0]!,
      r[1]!,
      r[2]!,
      translationMm[0],
      r[3]!,
      r[4]!,
      r[5]!,
      translationMm[1],
      r[6]!,
      r[7]!,
      r[8]!,
      translationMm[2],
      0,
      0,
      0,
      1,
    ],
    freMm,
    residualsMm,
    fleEstimateMm: fleFromFreMm(freMm, n),
    fiducialsTo: to.slice(),
  });
}
