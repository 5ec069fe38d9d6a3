import { fail, ok, type Result } from '../../core/errors';
import { add, length, scale, sub, type Vec3 } from '../../core/vec3';
import { lowerMedian, mm, slicePositionMm } from './geometry';

/** Output slice k = (1 - weight) * source[below] + weight * source[above] (sources in sorted order). */
export interface SlicePlan {
  below: number;
  above: number;
  weight: number;
}

/** Where the slices of a sorted stack go on an even grid, and what had to be done to get there. */
export interface StackLayout {
  /** IPP of output slice 0 (= the first sorted slice). */
  originLps: Vec3;
  /** LPS mm from output slice k to k + 1: column 2 of ijkToLps. Not parallel to the normal under gantry tilt. */
  stepLps: Vec3;
  /** |stepLps|: the distance between voxel centres along k. */
  stepMm: number;
  /** Distance between slice planes along the normal (= stepMm without tilt). */
  planeSpacingMm: number;
  /** One entry per output slice. */
  plan: SlicePlan[];
  /** Angle between the slice-to-slice direction and the normal (0 without gantry tilt). */
  tiltDeg: number;
  resampled: boolean;
  warnings: string[];
}

/** IPP noise in real files is ~0.01 mm (few DS decimals); a slice off its line by more is not a stack. */
const OFF_LINE_TOLERANCE_MM = 0.2;
/** Below this the in-plane drift is rounding noise, not a gantry tilt. */
const TILT_THRESHOLD_DEG = 0.1;
/** A slice may sit this far from the even grid (max of absolute and relative to the step) and still count as even. */
const EVEN_TOLERANCE_MM = 0.02;
const EVEN_TOLERANCE_FRACTION = 0.02;
/** Gaps larger than this are not filled: interpolating across them would invent anatomy. */
const MAX_FILL_GAP_MM = 10;
const MAX_FILL_GAP_STEPS = 5;

/**
 * Lays a sorted, duplicate-free stack of slice positions on an even grid (shuffle-proof: only IPPs count).
 *
 * Even stacks map 1:1 (no resampling) with step = (last - first) / (n - 1). Gantry tilt keeps the
 * stack exact: the step vector carries the shear, so ijkToLps stays an exact affine map (PS3.3
 * C.7.6.2.1.1 applied per slice). Uneven spacing or missing slices are resampled linearly between the
 * two neighbouring slices at the (lower) MEDIAN step, adjusted so the first and last slices stay exact: the
 * median is the spacing most of the stack was acquired at, so most slices keep their native resolution
 * and a single odd thin step does not multiply the memory; every such case gets a warning.
 *
 * @param ippsLps ImagePositionPatient of each slice, sorted by position along `normal`.
 * @param singleSliceThicknessMm used as the step of a one-slice "volume".
 */
export function layoutStack(
  ippsLps: readonly Vec3[],
  normal: Vec3,
  singleSliceThicknessMm = 1,
): Result<StackLayout> {
  const n = ippsLps.length;
  if (n === 0) return fail('no slices');
  const origin = ippsLps[0]!;
  if (n === 1) {
    const thickness = singleSliceThicknessMm > 0 ? singleSliceThicknessMm : 1;
    return ok({
      originLps: origin,
      stepLps: scale(normal, thickness),
      stepMm: thickness,
      planeSpacingMm: thickness,
      plan: [{ below: 0, above: 0, weight: 0 }],
      tiltDeg: 0,
      resampled: false,
      warnings: ['a single image: the volume is one slice thick'],
    });
  }

  const along = ippsLps.map((p) => slicePositionMm(p, normal) - slicePositionMm(origin, normal));
  const extent = along[n - 1]!;
  if (!(extent > 0)) return fail('all images lie in the same plane: no slice spacing');

  // Direction of travel per mm along the normal; its normal component is 1, the rest is shear.
  const travelPerMm = scale(sub(ippsLps[n - 1]!, origin), 1 / extent);
  for (let k = 1; k < n - 1; k++) {
    const offLine = length(sub(ippsLps[k]!, add(origin, scale(travelPerMm, along[k]!))));
    if (offLine > OFF_LINE_TOLERANCE_MM) {
      return fail(
        `slice positions do not lie on one straight line (slice ${k + 1} of ${n} is ${mm(offLine)} mm off): ` +
          'the images cannot form one volume',
      );
    }
  }
  const shearMm = length(sub(travelPerMm, normal));
  const tiltDeg = (Math.atan(shearMm) * 180) / Math.PI;
  const warnings: string[] = [];
  if (tiltDeg > TILT_THRESHOLD_DEG) {
    warnings.push(`gantry tilt ${tiltDeg.toFixed(1)} deg: volume is sheared to match patient geometry`);
  }

  const steps = along.slice(1).map((d, k) => d - along[k]!);
  const meanStep = extent / (n - 1);
  const tolerance = Math.max(EVEN_TOLERANCE_MM, EVEN_TOLERANCE_FRACTION * meanStep);
  const even = along.every((d, k) => Math.abs(d - k * meanStep) <= tolerance);
  if (even) {
    return ok({
      originLps: origin,
      stepLps: scale(travelPerMm, meanStep),
      stepMm: meanStep * length(travelPerMm),
      planeSpacingMm: meanStep,
      plan: along.map((_, k) => ({ below: k, above: k, weight: 0 })),
      tiltDeg,
      resampled: false,
      warnings,
    });
  }

  const medianStep = lowerMedian(steps);
  const largestGap = Math.max(...steps);
  const gapAt = steps.indexOf(largestGap);
  if (largestGap > Math.max(MAX_FILL_GAP_MM, MAX_FILL_GAP_STEPS * medianStep)) {
    const from = slicePositionMm(ippsLps[gapAt]!, normal);
    return fail(
      `slices are missing: a ${mm(largestGap)} mm gap between positions ${mm(from)} and ` +
        `${mm(from + largestGap)} mm (usual step ${mm(medianStep)} mm) is too large to fill by interpolation`,
    );
  }
  const count = Math.max(2, Math.round(extent / medianStep) + 1);
  const step = extent / (count - 1);
  const plan = planResampling(along, step, count);

  const onMultiples = steps.every((s) => {
    const m = Math.round(s / medianStep);
    return m >= 1 && Math.abs(s - m * medianStep) <= tolerance;
  });
  const missing = steps.reduce((sum, s) => sum + Math.max(0, Math.round(s / medianStep) - 1), 0);
  const grid = `an even ${mm(step)} mm grid by linear interpolation between neighbouring slices`;
  if (onMultiples && missing > 0) {
    warnings.push(
      `${missing} slice${missing > 1 ? 's' : ''} missing (largest gap ${mm(largestGap)} mm): ` +
        `filled on ${grid}; values there are estimated`,
    );
  } else {
    const smallest = Math.min(...steps);
    warnings.push(
      `uneven slice spacing (${mm(smallest)}-${mm(largestGap)} mm): resampled to ${grid} ` +
        `(${n} images -> ${count} slices)`,
    );
  }
  return ok({
    originLps: origin,
    stepLps: scale(travelPerMm, step),
    stepMm: step * length(travelPerMm),
    planeSpacingMm: step,
    plan,
    tiltDeg,
    resampled: true,
    warnings,
  });
}

/** Below this weight an output slice is a straight copy of its neighbour (no blur from rounding noise). */
const SNAP_WEIGHT = 1e-3;

function planResampling(along: readonly number[], step: number, count: number): SlicePlan[] {
  const plan: SlicePlan[] = [];
  let below = 0;
  for (let k = 0; k < count; k++) {
    const pos = k * step;
    while (below < along.length - 2 && along[below + 1]! <= pos) below++;
    const lo = along[below]!;
    const hi = along[below + 1]!;
    let weight = Math.min(1, Math.max(0, (pos - lo) / (hi - lo)));
    if (weight < SNAP_WEIGHT) weight = 0;
    if (weight > 1 - SNAP_WEIGHT) weight = 1;
    if (weight === 1) plan.push({ below: below + 1, above: below + 1, weight: 0 });
    else plan.push({ below, above: weight === 0 ? below : below + 1, weight });
  }
  return plan;
}
