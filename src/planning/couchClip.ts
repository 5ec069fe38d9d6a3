import { BODY_COUCH, BODY_INSIDE, type BodyMask } from '../analysis/types';
import { transformPoint } from '../core/mat4';
import type { Vec3 } from '../core/vec3';
import type { DrrClip } from '../volume/drr';

/** Half-width (mm) of the band behind the body's centre where the couch top is measured. */
const CENTRE_BAND_MM = 30;

/**
 * The CT couch as a half-space the simulated fluoroscopy leaves out (the patient lies on another table in
 * the procedure room, and a couch's cross-bars draw lines across every projection). From the spine
 * analysis's body mask: the couch lies on the side of the body its voxels' centroid is (along the left-right
 * or front-back axis, whichever is larger); the plane is the couch surface the back touches, the 5th
 * percentile of the couch voxels along that axis within 30 mm of the body's centre. Undefined without a
 * couch.
 */
export function couchClip(body: BodyMask): DrrClip | undefined {
  if (!body.couchFound) return undefined;
  const [nx, ny, nz] = body.grid.dims;
  const couch: Vec3[] = [];
  const bodySum = [0, 0, 0];
  let bodyCount = 0;
  const stride = Math.max(1, Math.round(nz / 40));
  for (let k = 0; k < nz; k += stride)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const label = body.labels[i + nx * (j + ny * k)];
        if (label !== BODY_COUCH && label !== BODY_INSIDE) continue;
        const p = transformPoint(body.grid.ijkToLps, [i, j, k]);
        if (label === BODY_COUCH) couch.push(p);
        else {
          for (let a = 0; a < 3; a++) bodySum[a] = bodySum[a]! + p[a]!;
          bodyCount++;
        }
      }
  if (couch.length === 0 || bodyCount === 0) return undefined;
  const bodyCentre = bodySum.map((v) => v / bodyCount);
  const couchCentre = [0, 1, 2].map((a) => couch.reduce((s, p) => s + p[a]!, 0) / couch.length);
  const dx = couchCentre[0]! - bodyCentre[0]!;
  const dy = couchCentre[1]! - bodyCentre[1]!;
  const axis = Math.abs(dy) >= Math.abs(dx) ? 1 : 0;
  const sign = (axis === 1 ? dy : dx) >= 0 ? 1 : -1;
  const across = 1 - axis;
  const along = couch
    .filter((p) => Math.abs(p[across]! - bodyCentre[across]!) <= CENTRE_BAND_MM)
    .map((p) => sign * p[axis]!)
    .sort((a, b) => a - b);
  if (along.length === 0) return undefined;
  const surface = along[Math.floor(0.05 * along.length)]!;
  const normalLps: Vec3 = axis === 1 ? [0, sign, 0] : [sign, 0, 0];
  const pointLps = bodyCentre.map((v, a) => (a === axis ? sign * surface : v)) as unknown as Vec3;
  return { pointLps, normalLps };
}
