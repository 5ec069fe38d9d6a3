import { invert4, transformDirection, transformPoint } from '../../../src/core/mat4';
import { add, cross, normalize, scale, type Vec3 } from '../../../src/core/vec3';
import type { ResliceGrid } from '../../../src/volume/reslice';
import type { Volume } from '../../../src/volume/volume';

// Browser-safe (no node: imports): the Node reslice stage and the bench page both use these.

/** An oblique 512 x 512 plane through the volume's centre, tilted about two axes (a typical needle view). */
export function obliqueGrid(volume: Volume, size = 512): ResliceGrid {
  const [nx, ny, nz] = volume.dims;
  const centre = transformPoint(volume.ijkToLps, [(nx - 1) / 2, (ny - 1) / 2, (nz - 1) / 2]);
  const normal = normalize([0.25, -0.35, 1]);
  const uLps = normalize(cross([0, 1, 0], normal));
  const vLps = normalize(cross(normal, uLps));
  const pixelSizeMm = 0.8;
  const half = ((size - 1) / 2) * pixelSizeMm;
  return {
    originLps: add(centre, add(scale(uLps, -half), scale(vLps, -half))),
    uLps,
    vLps,
    pixelSizeMm,
    width: size,
    height: size,
  };
}

/**
 * The plain loop anyone would write: step through the plane in voxel coordinates (the mapping is affine,
 * so two adds per pixel), trilinear with clamp-to-edge inside the outer edge, NaN beyond it.
 */
export function plainTrilinear(volume: Volume, grid: ResliceGrid): Float32Array {
  const [nx, ny, nz] = volume.dims;
  const toIjk = invert4(volume.ijkToLps);
  const o = transformPoint(toIjk, grid.originLps);
  const du: Vec3 = transformDirection(toIjk, scale(grid.uLps, grid.pixelSizeMm));
  const dv: Vec3 = transformDirection(toIjk, scale(grid.vLps, grid.pixelSizeMm));
  const d = volume.data;
  const sx = 1;
  const sy = nx;
  const sz = nx * ny;
  const out = new Float32Array(grid.width * grid.height);
  for (let r = 0; r < grid.height; r++) {
    for (let c = 0; c < grid.width; c++) {
      const fi = o[0] + c * du[0] + r * dv[0];
      const fj = o[1] + c * du[1] + r * dv[1];
      const fk = o[2] + c * du[2] + r * dv[2];
      if (fi < -0.5 || fj < -0.5 || fk < -0.5 || fi > nx - 0.5 || fj > ny - 0.5 || fk > nz - 0.5) {
        out[c + r * grid.width] = Number.NaN;
        continue;
      }
      const ci = Math.min(nx - 1, Math.max(0, fi));
      const cj = Math.min(ny - 1, Math.max(0, fj));
      const ck = Math.min(nz - 1, Math.max(0, fk));
      const a = Math.min(nx - 2, Math.floor(ci));
      const b = Math.min(ny - 2, Math.floor(cj));
      const k = Math.min(nz - 2, Math.floor(ck));
      const x = ci - a;
      const y = cj - b;
      const z = ck - k;
      const p = a * sx + b * sy + k * sz;
      const c00 = d[p]! * (1 - x) + d[p + sx]! * x;
      const c10 = d[p + sy]! * (1 - x) + d[p + sy + sx]! * x;
      const c01 = d[p + sz]! * (1 - x) + d[p + sz + sx]! * x;
      const c11 = d[p + sz + sy]! * (1 - x) + d[p + sz + sy + sx]! * x;
      const stored = (c00 * (1 - y) + c10 * y) * (1 - z) + (c01 * (1 - y) + c11 * y) * z;
      out[c + r * grid.width] = stored * volume.rescaleSlope + volume.rescaleIntercept;
    }
  }
  return out;
}
