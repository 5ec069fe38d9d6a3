import { forEachBodyRun } from '../analysis/labels';
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
  const known = computed.get(body);
  if (known !== undefined) return known ?? undefined;
  const clip = findCouchClip(body);
  computed.set(body, clip ?? null);
  return clip;
}

/**
 * One answer per body mask: the 3D view, the C-arm view and its monitor each ask for it when the analysis
 * arrives, on the page's main thread.
 */
const computed = new WeakMap<BodyMask, DrrClip | null>();

function findCouchClip(body: BodyMask): DrrClip | undefined {
  if (!body.couchFound) return undefined;
  const [, ny, nz] = body.grid.dims;
  const couch: Vec3[] = [];
  // Body voxels are summed in grid indices and their mean mapped once (the map is affine): the body is most
  // of the grid, and a mapped point per voxel made this a long task on the page (issue 20).
  let si = 0;
  let sj = 0;
  let sk = 0;
  let bodyCount = 0;
  const stride = Math.max(1, Math.round(nz / 40));
  // Whole runs at once: the sums of i over a run are exact integers, so the mean is as voxel by voxel.
  for (let k = 0; k < nz; k += stride)
    for (let j = 0; j < ny; j++)
      forEachBodyRun(body, j, k, (start, end, label) => {
        const n = end - start;
        if (label === BODY_INSIDE) {
          si += ((start + end - 1) * n) / 2;
          sj += j * n;
          sk += k * n;
          bodyCount += n;
        } else if (label === BODY_COUCH)
          for (let i = start; i < end; i++) couch.push(transformPoint(body.grid.ijkToLps, [i, j, k]));
      });
  if (couch.length === 0 || bodyCount === 0) return undefined;
  const bodyCentre = transformPoint(body.grid.ijkToLps, [si / bodyCount, sj / bodyCount, sk / bodyCount]);
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
