import type { Vec3 } from '../../core/vec3';
import type { NudgeDirection } from '../../planning/trajectory';
import type { SliceOrientation } from '../../volume/slicePlanes';
import { ORIENTATION_AXES, SCROLL_AXIS } from '../../volume/slicePlanes';

/** The patient-axis nudge along a unit LPS axis (LPS: +x left, +y posterior, +z superior). */
export function nudgeAlongAxis(axisLps: Vec3): NudgeDirection | undefined {
  const names: [NudgeDirection, NudgeDirection][] = [
    ['left', 'right'],
    ['posterior', 'anterior'],
    ['superior', 'inferior'],
  ];
  for (let a = 0; a < 3; a++) {
    const c = axisLps[a]!;
    if (Math.abs(Math.abs(c) - 1) < 1e-9) return c > 0 ? names[a]![0] : names[a]![1];
  }
  return undefined;
}

const neg = (v: Vec3): Vec3 => [-v[0], -v[1], -v[2]];

/**
 * The nudge a key gives in a view, in that view's screen directions: arrows move the handle the way the
 * arrow points on screen, PageUp / PageDown move it to the next / previous slice (the direction the view
 * scrolls), so a handle follows the slice the user would scroll to.
 */
export function nudgeForKey(orientation: SliceOrientation, key: string): NudgeDirection | undefined {
  const { uLps, vLps } = ORIENTATION_AXES[orientation];
  const scroll = SCROLL_AXIS[orientation].axisLps;
  const axis: Record<string, Vec3> = {
    ArrowRight: uLps,
    ArrowLeft: neg(uLps),
    ArrowUp: vLps,
    ArrowDown: neg(vLps),
    PageUp: scroll,
    PageDown: neg(scroll),
  };
  const a = axis[key];
  return a && nudgeAlongAxis(a);
}
