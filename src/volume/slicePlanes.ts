import { transformPoint } from '../core/mat4';
import type { Vec3 } from '../core/vec3';
import { add, dot, scale, sub } from '../core/vec3';
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
 * Radiological display (domain.md s.3): axial seen from the feet (patient left on screen right, anterior up),
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
