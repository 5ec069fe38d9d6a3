/**
 * Narrows a boundary along a ray by bisection: `holdsAt(a)` is false and `holdsAt(b)` true (e.g. air then
 * tissue), and the interval is halved until it is at most `toleranceMm` wide. Returns the narrowed ends, so
 * a caller takes the side it needs (last point in air, first in tissue). Used by every skin/bone crossing
 * search (picking, template entries, the trainee's and the headset's needle on the skin).
 */
export function bisectBoundary(
  a: number,
  b: number,
  holdsAt: (tMm: number) => boolean,
  toleranceMm: number,
): { a: number; b: number } {
  let lo = a;
  let hi = b;
  while (Math.abs(hi - lo) > toleranceMm) {
    const mid = (lo + hi) / 2;
    if (holdsAt(mid)) hi = mid;
    else lo = mid;
  }
  return { a: lo, b: hi };
}
