import { transformPoint } from '../core/mat4';
import type { Vec3 } from '../core/vec3';
import { add, cross, dot, length, normalize, scale, sub } from '../core/vec3';
import type { Volume } from './volume';
import { lpsToIjk } from './volume';

export type SliceOrientation = 'axial' | 'sagittal' | 'coronal';
export const SLICE_ORIENTATIONS: readonly SliceOrientation[] = ['axial', 'sagittal', 'coronal'];

/**
 * A plane in patient LPS (mm): `originLps` plus in-plane unit axes. `uLps` points to screen right, `vLps` to
 * screen up, `normalLps` = u x v points towards the viewer. Any origin and orthonormal u/v make a plane, so
 * oblique and needle-locked planes later use the same type.
 */
export interface SlicePlane {
  originLps: Vec3;
  uLps: Vec3;
  vLps: Vec3;
  normalLps: Vec3;
}

/**
 * Radiological display (the convention radiology reads in): axial seen from the feet (patient left on screen right, anterior up),
 * coronal from the front (left on the right, superior up), sagittal from the patient's left (anterior on the
 * screen left, superior up). LPS: +x left, +y posterior, +z superior (PS3.3 C.7.6.2.1.1).
 */
export const ORIENTATION_AXES: Record<SliceOrientation, { uLps: Vec3; vLps: Vec3; normalLps: Vec3 }> = {
  axial: { uLps: [1, 0, 0], vLps: [0, -1, 0], normalLps: [0, 0, -1] },
  coronal: { uLps: [1, 0, 0], vLps: [0, 0, 1], normalLps: [0, -1, 0] },
  sagittal: { uLps: [0, 1, 0], vLps: [0, 0, 1], normalLps: [1, 0, 0] },
};

/**
 * The direction a view scrolls towards for "next slice" (+1), and the LPS axis its slice position is read
 * along: superior for axial, patient left for sagittal, posterior for coronal (the LPS axis, so the readout
 * matches the status bar's coordinates).
 */
export const SCROLL_AXIS: Record<SliceOrientation, { axisLps: Vec3; component: 0 | 1 | 2 }> = {
  axial: { axisLps: [0, 0, 1], component: 2 },
  sagittal: { axisLps: [1, 0, 0], component: 0 },
  coronal: { axisLps: [0, 1, 0], component: 1 },
};

/** The eight outer corners of the volume (voxel edges, ijk -0.5 .. n-0.5) in LPS. */
export function volumeCornersLps(volume: Pick<Volume, 'dims' | 'ijkToLps'>): Vec3[] {
  const [nx, ny, nz] = volume.dims;
  const corners: Vec3[] = [];
  for (const k of [-0.5, nz - 0.5])
    for (const j of [-0.5, ny - 0.5])
      for (const i of [-0.5, nx - 0.5]) corners.push(transformPoint(volume.ijkToLps, [i, j, k]));
  return corners;
}

export function volumeCentreLps(volume: Pick<Volume, 'dims' | 'ijkToLps'>): Vec3 {
  const [nx, ny, nz] = volume.dims;
  return transformPoint(volume.ijkToLps, [(nx - 1) / 2, (ny - 1) / 2, (nz - 1) / 2]);
}

/**
 * The view plane of an orientation through `throughLps` (the crosshair). Its origin is the volume centre
 * projected onto the plane, so in-plane coordinates (and hence pan/zoom) do not change while scrolling.
 */
export function orientationPlane(
  orientation: SliceOrientation,
  throughLps: Vec3,
  centreLps: Vec3,
): SlicePlane {
  const axes = ORIENTATION_AXES[orientation];
  const n = axes.normalLps;
  const originLps = add(centreLps, scale(n, dot(sub(throughLps, centreLps), n)));
  return { originLps, ...axes };
}

/** LPS of in-plane coordinates (mm along u, mm along v). */
export function planeToLps(plane: SlicePlane, x: number, y: number): Vec3 {
  return add(plane.originLps, add(scale(plane.uLps, x), scale(plane.vLps, y)));
}

/** In-plane coordinates (mm) of an LPS point projected onto the plane. */
export function lpsToPlane(plane: SlicePlane, lps: Vec3): [number, number] {
  const d = sub(lps, plane.originLps);
  return [dot(d, plane.uLps), dot(d, plane.vLps)];
}

/** Half extents (mm) of the volume's projection onto the plane's u and v axes, about the plane origin. */
export function projectedHalfExtentMm(plane: SlicePlane, corners: readonly Vec3[]): [number, number] {
  let hu = 0;
  let hv = 0;
  for (const c of corners) {
    const [x, y] = lpsToPlane(plane, c);
    hu = Math.max(hu, Math.abs(x));
    hv = Math.max(hv, Math.abs(y));
  }
  return [hu, hv];
}

/** Where a slice sits: mm along the scroll axis, and the nearest voxel index along the best-aligned ijk axis. */
export interface SlicePosition {
  positionMm: number;
  /** Which ijk axis (0 = i, 1 = j, 2 = k) runs closest to the scroll direction. */
  ijkAxis: 0 | 1 | 2;
  index: number;
  count: number;
}

/**
 * The ijk axis whose index changes fastest per mm along `directionLps`, and that rate (index per mm).
 * For an axis-aligned volume this is the axis along the direction and +-1/spacing.
 */
function alignedIjkAxis(
  volume: Pick<Volume, 'ijkToLps'>,
  directionLps: Vec3,
): { axis: 0 | 1 | 2; rate: number } {
  const base = lpsToIjk(volume, [0, 0, 0]);
  const moved = sub(lpsToIjk(volume, directionLps), base);
  let axis: 0 | 1 | 2 = 0;
  for (const a of [1, 2] as const) if (Math.abs(moved[a]) > Math.abs(moved[axis])) axis = a;
  return { axis, rate: moved[axis] };
}

export function slicePosition(
  volume: Pick<Volume, 'dims' | 'ijkToLps'>,
  orientation: SliceOrientation,
  lps: Vec3,
) {
  const { axisLps, component } = SCROLL_AXIS[orientation];
  const { axis } = alignedIjkAxis(volume, axisLps);
  const ijk = lpsToIjk(volume, lps);
  const position: SlicePosition = {
    positionMm: lps[component],
    ijkAxis: axis,
    index: Math.round(ijk[axis]),
    count: volume.dims[axis],
  };
  return position;
}

/**
 * Moves `lps` along the view's scroll axis by `steps` voxel planes, landing on a voxel centre of the
 * best-aligned ijk axis (exact for axis-aligned volumes; for tilted volumes the nearest plane of centres
 * along the scroll axis). The point stays fixed in-plane, so the other views keep their crosshair.
 */
export function stepSlice(
  volume: Pick<Volume, 'dims' | 'ijkToLps'>,
  orientation: SliceOrientation,
  lps: Vec3,
  steps: number,
): Vec3 {
  const { axisLps } = SCROLL_AXIS[orientation];
  const { axis, rate } = alignedIjkAxis(volume, axisLps);
  const current = lpsToIjk(volume, lps)[axis];
  const forward = Math.sign(rate) * steps;
  const target = Math.min(volume.dims[axis] - 1, Math.max(0, Math.round(current) + forward));
  return add(lps, scale(axisLps, (target - current) / rate));
}

/**
 * Anatomical letters for a screen direction given in LPS (what a view edge faces): the letters of every
 * component above ~15 deg off the edge, strongest first, e.g. [1,0,0] -> "L", an oblique edge -> "LA".
 */
export function orientationLetters(directionLps: Vec3): string {
  const letters: [string, number][] = [
    [directionLps[0] >= 0 ? 'L' : 'R', Math.abs(directionLps[0])],
    [directionLps[1] >= 0 ? 'P' : 'A', Math.abs(directionLps[1])],
    [directionLps[2] >= 0 ? 'S' : 'I', Math.abs(directionLps[2])],
  ];
  const strongest = Math.max(...letters.map(([, m]) => m));
  return letters
    .filter(([, m]) => m >= 0.26 * strongest && m > 1e-6)
    .sort((a, b) => b[1] - a[1])
    .map(([l]) => l)
    .join('');
}

// ---- needle-locked planes (issue 6) ----

/** The three needle-locked views: two planes containing the needle (B = A turned 90 deg about it) and one across it. */
export type NeedleViewKind = 'inPlaneA' | 'inPlaneB' | 'down';

/** Which patient axis the needle views keep "up": superior, or anterior while the needle runs nearly S-I. */
export type NeedleUpReference = 'superior' | 'anterior';

const SUPERIOR_LPS: Vec3 = [0, 0, 1];
const ANTERIOR_LPS: Vec3 = [0, -1, 0];
/**
 * Hysteresis on the superior component left after removing the needle direction: below 0.3 (needle within
 * ~17 deg of S-I) superior is too unstable to be "up" and anterior takes over; it switches back only above
 * 0.45 (~27 deg), so dragging a handle near the threshold does not flip the views back and forth.
 */
const SUPERIOR_DROP_BELOW = 0.3;
const SUPERIOR_RESUME_ABOVE = 0.45;

/** The component of `a` perpendicular to the unit vector `d`. */
const perpendicular = (a: Vec3, d: Vec3): Vec3 => sub(a, scale(d, dot(a, d)));

/**
 * The up reference for a needle direction: superior unless the needle is nearly S-I, with hysteresis
 * around `previous` (the reference in use before this change; null on first use).
 */
export function needleUpReference(directionLps: Vec3, previous: NeedleUpReference | null): NeedleUpReference {
  const superiorLeft = length(perpendicular(SUPERIOR_LPS, directionLps));
  const limit = previous === 'anterior' ? SUPERIOR_RESUME_ABOVE : SUPERIOR_DROP_BELOW;
  return superiorLeft >= limit ? 'superior' : 'anterior';
}

/**
 * The unit "up" across the needle: the reference axis with its along-needle part removed. A function of the
 * direction alone (no history beyond the reference choice), so the views never spin while a handle moves.
 */
export function needleUpLps(directionLps: Vec3, reference: NeedleUpReference): Vec3 {
  return normalize(perpendicular(reference === 'superior' ? SUPERIOR_LPS : ANTERIOR_LPS, directionLps));
}

export interface NeedleLine {
  entryLps: Vec3;
  targetLps: Vec3;
}

/**
 * A needle-locked view plane (null while entry and target coincide).
 * - In-plane views contain the needle: screen up is the needle's "up" turned by `rotationDeg` about the needle
 *   (view B adds 90 deg), screen right is the needle pointing back to the entry (target on the left, like a
 *   sagittal view of a posterior approach). The origin is the needle's midpoint, so both ends show.
 * - The down view is perpendicular to the needle at `depthMm` from the entry (clamped to the needle), seen
 *   from the entry looking towards the target ("down the barrel", the fluoroscopic coaxial view), screen up = needle up.
 */
export function needlePlane(
  line: NeedleLine,
  kind: NeedleViewKind,
  options: { rotationDeg: number; depthMm: number; reference: NeedleUpReference },
): SlicePlane | null {
  const axis = sub(line.targetLps, line.entryLps);
  const lengthMm = length(axis);
  if (lengthMm < 1e-6) return null;
  const d = scale(axis, 1 / lengthMm);
  const up = needleUpLps(d, options.reference);
  if (kind === 'down') {
    const depth = Math.min(lengthMm, Math.max(0, options.depthMm));
    // Viewer at the entry looking along d: the normal (towards the viewer) is -d and u = v x n.
    const normalLps = scale(d, -1);
    return {
      originLps: add(line.entryLps, scale(d, depth)),
      uLps: cross(up, normalLps),
      vLps: up,
      normalLps,
    };
  }
  const theta = ((options.rotationDeg + (kind === 'inPlaneB' ? 90 : 0)) * Math.PI) / 180;
  // Rodrigues' rotation of `up` about d (up is perpendicular to d, so the d(d.up) term vanishes).
  const vLps = add(scale(up, Math.cos(theta)), scale(cross(d, up), Math.sin(theta)));
  const uLps = scale(d, -1);
  return {
    originLps: scale(add(line.entryLps, line.targetLps), 0.5),
    uLps,
    vLps,
    normalLps: cross(uLps, vLps),
  };
}

/** Depths (mm from the entry) of the ticks on a needle of `lengthMm`: every `stepMm`, entry and target excluded. */
export function needleDepthTicksMm(lengthMm: number, stepMm = 10): number[] {
  const ticks: number[] = [];
  for (let mm = stepMm; mm < lengthMm - 1e-6; mm += stepMm) ticks.push(mm);
  return ticks;
}
