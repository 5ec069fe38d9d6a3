import type { AcquiredFrame } from '../../core/acquiredImages';
import { add, cross, dot, normalize, scale, sub, type Vec3 } from '../../core/vec3';

/**
 * Stored-image geometry (PS3.3 C.7.6.2.1.1): the voxel (column c, row r) of a frame sits at
 * IPP + c * columnSpacing * rowDir + r * rowSpacing * columnDir, PixelSpacing = [row spacing, column spacing].
 */
export const frameNormal = (f: AcquiredFrame): Vec3 => normalize(cross(f.rowDirLps, f.columnDirLps));

/** A patient point in a frame: its (column, row) pixel position and its distance from the image plane (mm). */
export function lpsToFramePixel(
  f: AcquiredFrame,
  p: Vec3,
): { column: number; row: number; offPlaneMm: number } {
  const d = sub(p, f.positionLps);
  return {
    column: dot(d, f.rowDirLps) / f.pixelSpacing[1],
    row: dot(d, f.columnDirLps) / f.pixelSpacing[0],
    offPlaneMm: dot(d, frameNormal(f)),
  };
}

export function framePixelToLps(f: AcquiredFrame, column: number, row: number): Vec3 {
  return add(
    f.positionLps,
    add(scale(f.rowDirLps, column * f.pixelSpacing[1]), scale(f.columnDirLps, row * f.pixelSpacing[0])),
  );
}

/** The frame whose plane lies nearest a patient point (frames in any order). */
export function nearestFrame(frames: readonly AcquiredFrame[], p: Vec3): number {
  let best = 0;
  let bestMm = Number.POSITIVE_INFINITY;
  frames.forEach((f, i) => {
    const mm = Math.abs(lpsToFramePixel(f, p).offPlaneMm);
    if (mm < bestMm) {
      bestMm = mm;
      best = i;
    }
  });
  return best;
}

/** Half the distance to the neighbouring frames (at least 0.5 mm): how far a plan point may lie and show. */
export function halfSpacingMm(frames: readonly AcquiredFrame[], index: number): number {
  const f = frames[index];
  if (!f) return 0.5;
  const n = frameNormal(f);
  const gaps = [frames[index - 1], frames[index + 1]]
    .filter((g): g is AcquiredFrame => g !== undefined)
    .map((g) => Math.abs(dot(sub(g.positionLps, f.positionLps), n)));
  return Math.max(0.5, (gaps.length ? Math.min(...gaps) : 1) / 2);
}
