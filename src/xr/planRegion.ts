import { transformPoint } from '../core/mat4';
import type { Vec3 } from '../core/vec3';
import { downsampleForDisplay } from '../volume/downsample';
import type { Volume } from '../volume/volume';
import { lpsBoxAround, type VoxelGrid, voxelBoundsOfLpsBox } from '../volume/voxelBox';

/** Around the plan: this much CT beyond the needle's ends on every side (mm). */
export const PLAN_REGION_MARGIN_MM = 25;
/**
 * The headset's clipped volume has at most this many voxels per edge (a raymarch is drawn once per eye, WebXR
 * Device API s.3.8 XRView, so it costs ~2x a desktop frame; clip to a region around the plan). 96^3 half floats are under 2 MB.
 */
export const XR_VOLUME_MAX_EDGE = 96;

/**
 * The voxel block (inclusive index bounds) covering the LPS box around `pointsLps` grown by `marginMm`, clamped
 * to the volume; undefined when the box misses the volume.
 */
export function regionIjk(
  volume: VoxelGrid,
  pointsLps: readonly Vec3[],
  marginMm: number,
): { lo: Vec3; hi: Vec3 } | undefined {
  const { loLps, hiLps } = lpsBoxAround(pointsLps, marginMm);
  return voxelBoundsOfLpsBox(volume, loLps, hiLps);
}

/** A copy of the voxel block `lo..hi` (inclusive) with its matrix moved so every voxel keeps its LPS position. */
export function cropVolume(volume: Volume, lo: Vec3, hi: Vec3): Volume {
  const dims = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1] as const;
  const [nx, ny] = volume.dims;
  const data = new Int16Array(dims[0] * dims[1] * dims[2]);
  for (let k = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++) {
      const start = lo[0] + nx * (lo[1] + j + ny * (lo[2] + k));
      data.set(volume.data.subarray(start, start + dims[0]), dims[0] * (j + dims[1] * k));
    }
  const m = volume.ijkToLps;
  const origin = transformPoint(m, lo);
  const ijkToLps = [...m];
  for (let r = 0; r < 3; r++) ijkToLps[r * 4 + 3] = origin[r]!;
  return { ...volume, id: `${volume.id}@crop${lo.join(',')}-${hi.join(',')}`, dims, data, ijkToLps };
}

/** The CT around a planned needle, cropped and coarsened for the headset; undefined when it misses the volume. */
export function planRegionVolume(volume: Volume, entryLps: Vec3, targetLps: Vec3): Volume | undefined {
  const r = regionIjk(volume, [entryLps, targetLps], PLAN_REGION_MARGIN_MM);
  return r && downsampleForDisplay(cropVolume(volume, r.lo, r.hi), XR_VOLUME_MAX_EDGE);
}
