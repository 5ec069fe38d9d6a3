import { invert4, type Mat4, transformDirection, transformPoint } from '../../core/mat4';
import { add, scale, type Vec3 } from '../../core/vec3';
import type { ClipPlane, CropBox } from '../../core/volumeRendering';
import { textureToLpsMatrix } from '../../render/volumeBox';
import type { Volume } from '../../volume/volume';
import { firstHitLps } from '../plan/firstHit';

/**
 * The part of a ray (LPS mm, `originLps + t * directionLps`, t >= 0) the 3D view shows: inside the crop box
 * (voxel-index fractions, i.e. texture space) and on the kept side of the clip plane. The same tests as the
 * raymarch shader, so a pick lands on what is drawn, never on bone that cropping or clipping removed.
 * `textureToLps`: render/volumeBox.ts textureToLpsMatrix; `centreLps`: the box centre the plane's offset is
 * measured from. Null when the ray misses the visible part. t is in units of `directionLps` (mm when unit).
 */
export function visibleRaySpan(
  originLps: Vec3,
  directionLps: Vec3,
  textureToLps: Mat4,
  crop: CropBox,
  clip: ClipPlane,
  centreLps: Vec3,
): { nearT: number; farT: number } | null {
  // The ray in texture space keeps its parameter t (the map is affine).
  const lpsToTexture = invert4(textureToLps);
  const o = transformPoint(lpsToTexture, originLps);
  const d = transformDirection(lpsToTexture, directionLps);
  let near = 0;
  let far = Number.POSITIVE_INFINITY;
  for (let a = 0; a < 3; a++) {
    const lo = crop.min[a]!;
    const hi = crop.max[a]!;
    if (Math.abs(d[a]!) < 1e-12) {
      if (o[a]! < lo || o[a]! > hi) return null;
      continue;
    }
    const t0 = (lo - o[a]!) / d[a]!;
    const t1 = (hi - o[a]!) / d[a]!;
    near = Math.max(near, Math.min(t0, t1));
    far = Math.min(far, Math.max(t0, t1));
  }
  const n = clip.normalLps;
  const length = Math.hypot(n[0], n[1], n[2]);
  if (clip.enabled && length > 0) {
    // Kept side: dot(n, p - centre) <= offset (what shaders/volumeRaymarch.frag keeps, in LPS).
    const u: Vec3 = [n[0] / length, n[1] / length, n[2] / length];
    const side0 =
      u[0] * (originLps[0] - centreLps[0]) +
      u[1] * (originLps[1] - centreLps[1]) +
      u[2] * (originLps[2] - centreLps[2]) -
      clip.offsetMm;
    const rate = u[0] * directionLps[0] + u[1] * directionLps[1] + u[2] * directionLps[2];
    if (Math.abs(rate) < 1e-12) {
      if (side0 > 0) return null;
    } else {
      const tPlane = -side0 / rate;
      if (rate > 0) far = Math.min(far, tPlane);
      else near = Math.max(near, tPlane);
    }
  }
  return near < far ? { nearT: near, farT: far } : null;
}

/**
 * What a click in the 3D view should land on: the first point at `thresholdHu` along the ray within the
 * visible span (plan/firstHit.ts marching from the span's start). A ray that enters through a crop or clip
 * face inside bone lands on that cut face, as drawn. For PlanPicker3D: a drop-in for `firstHitLps` that
 * takes the render store's crop box and clip plane.
 */
export function firstVisibleHitLps(
  volume: Volume,
  originLps: Vec3,
  directionLps: Vec3,
  thresholdHu: number,
  maxDistanceMm: number,
  crop: CropBox,
  clip: ClipPlane,
): Vec3 | undefined {
  const textureToLps = textureToLpsMatrix(volume.ijkToLps, volume.dims);
  const centreLps = transformPoint(textureToLps, [0.5, 0.5, 0.5]);
  const span = visibleRaySpan(originLps, directionLps, textureToLps, crop, clip, centreLps);
  if (!span) return undefined;
  const far = Math.min(span.farT, maxDistanceMm);
  if (far <= span.nearT) return undefined;
  const start = add(originLps, scale(directionLps, span.nearT));
  return firstHitLps(volume, start, directionLps, thresholdHu, far - span.nearT);
}
