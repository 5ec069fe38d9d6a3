import { invert4, type Mat4, transformPoint } from '../../core/mat4';
import type { Vec3 } from '../../core/vec3';
import { type RowRunLabels, rowRunLabelAt } from '../rowRunLabels';
import { trilinearStored } from '../sample';
import type { Volume } from '../volume';
import { marchingCubes } from './marchingCubes';
import { dilateCube, erodeCube, fillCavities, floodFill6, type MaskDims } from './maskOps';
import { computeVertexNormals, type SurfaceMesh } from './mesh';
import { skinShellMask } from './printShell';

/** A registration pit of the print: the centre of its hemispherical divot, where a touching tip sits. */
export interface PrintFiducial {
  id: string;
  /** Shown to the user: "Base, left cranial corner", "Spinous process L2". */
  label: string;
  positionLps: Vec3;
}

/** A pit wanted on a spinous process: the pit goes on the bone's posterior surface nearest this point. */
export interface SpinousPitRequest {
  id: string;
  label: string;
  nearLps: Vec3;
}

/**
 * What to print, in LPS millimetres. The box is axis-aligned in LPS; its anterior face (min y) carries the
 * base plate, so the print lies on the table back-up as a prone patient does.
 */
export interface PrintModelRequest {
  boxMinLps: Vec3;
  boxMaxLps: Vec3;
  /** Print grid spacing, mm (isotropic). */
  spacingMm: number;
  /**
   * Width of the base's rim beyond the bone in x and z (left-right, cranio-caudal), mm: the corner pits
   * sit there, where no bone can overhang them.
   */
  baseRimMm: number;
  /** Bone at and above this value (HU) is printed. */
  boneHu: number;
  baseThicknessMm: number;
  /**
   * Columns from the base up to the first bone (the vertebral bodies' anterior surface), within this
   * half-width of the midline: they carry each vertebra, since discs are not printed.
   */
  pedestal: { midlineXLps: number; halfWidthMm: number; maxHeightMm: number };
  spinousPits: SpinousPitRequest[];
  pitRadiusMm: number;
  /**
   * Also make the skin shell (printShell.ts): its wall thickness (mm) and the skin threshold (HU). The box
   * must then reach past the back skin.
   */
  skinShell?: { wallMm: number; skinHu: number };
  /** Voxels that are not the patient (the CT couch): never printed. Plain data, so it posts to a worker. */
  exclude?: ExcludeMask;
}

/** A label grid kept as row runs (the analysis's body mask) and the label whose voxels are excluded; nearest-voxel lookup. */
export interface ExcludeMask {
  ijkToLps: Mat4;
  runs: RowRunLabels;
  label: number;
}

function excludedAt(mask: ExcludeMask | undefined): (p: Vec3) => boolean {
  if (!mask) return () => false;
  const toIjk = invert4(mask.ijkToLps);
  return (p) => {
    const [i, j, k] = transformPoint(toIjk, p).map(Math.round) as [number, number, number];
    // Outside the grid the runs answer 0, never an excluded label (labels are >= 1).
    return rowRunLabelAt(mask.runs, i, j, k) === mask.label;
  };
}

export interface PrintModel {
  /** Watertight, consistently wound (counter-clockwise from outside) mesh in LPS mm. */
  mesh: SurfaceMesh;
  /** The skin shell, a separate part (same frame), when asked for and the CT shows skin in the box. */
  shell?: SurfaceMesh;
  fiducials: PrintFiducial[];
  /**
   * LPS mm -> print frame mm (row-major): origin at the centre of the base's underside, +z up from the
   * base (= patient posterior), +x = patient left, +y = patient inferior; a proper rotation.
   */
  lpsToPrint: Mat4;
  stats: {
    dims: [number, number, number];
    spacingMm: number;
    sizeMm: [number, number, number];
    triangles: number;
    vertices: number;
    /** Voxels of bone pieces not joined to the base (dropped: they would print loose). */
    droppedVoxels: number;
    volumeMm3: number;
  };
  warnings: string[];
}

/** Pit depth is its radius; keep the base this much thicker than the pit so it never holes through. */
const BASE_FLOOR_MM = 1.5;

/**
 * Builds a print-ready solid of the chosen spine region (issue: 3D print rehearsal): bone above the
 * threshold inside the box, small gaps closed (a 1-voxel closing joins facet joints), marrow cavities
 * filled, a base plate with pedestals under the vertebral bodies, only the piece joined to the base kept,
 * hemispherical registration pits carved into the base's top face (four corners) and into the posterior
 * surface of the requested spinous processes; then marching cubes on that binary solid (every boundary
 * voxel face separated consistently, the grid padded with empty space: a closed 2-manifold surface).
 * Vertex positions are smoothed without changing which voxels are inside (see `smoothField`).
 */
export function buildPrintModel(
  volume: Volume,
  request: PrintModelRequest,
  onProgress?: (fraction: number) => void,
): PrintModel {
  const h = request.spacingMm;
  const [x0, y0, z0] = request.boxMinLps;
  const dims: [number, number, number] = [0, 1, 2].map((a) =>
    Math.max(2, Math.round((request.boxMaxLps[a]! - request.boxMinLps[a]!) / h) + 1),
  ) as [number, number, number];
  const [nx, ny, nz] = dims;
  if (nx * ny * nz > 60_000_000)
    throw new RangeError(
      `print region ${nx}x${ny}x${nz} voxels is too large; choose fewer levels or a coarser grid`,
    );
  const lpsOf = (i: number, j: number, k: number): Vec3 => [x0 + i * h, y0 + j * h, z0 + k * h];
  const toIjk = invert4(volume.ijkToLps);
  const [vx, vy, vz] = volume.dims;
  // Called once or twice per print voxel (millions): scalar matrix terms, no arrays.
  const m = toIjk;
  const huAt = (p: Vec3): number => {
    const fi = m[0]! * p[0] + m[1]! * p[1] + m[2]! * p[2] + m[3]!;
    const fj = m[4]! * p[0] + m[5]! * p[1] + m[6]! * p[2] + m[7]!;
    const fk = m[8]! * p[0] + m[9]! * p[1] + m[10]! * p[2] + m[11]!;
    const stored = trilinearStored(volume.data, vx, vy, vz, fi, fj, fk);
    return Number.isNaN(stored)
      ? Number.NEGATIVE_INFINITY
      : stored * volume.rescaleSlope + volume.rescaleIntercept;
  };
  const warnings: string[] = [];
  const excluded = excludedAt(request.exclude);

  // 1. Bone inside the box.
  let mask: Uint8Array = new Uint8Array(nx * ny * nz);
  const rim = Math.round(request.baseRimMm / h);
  for (let k = rim; k < nz - rim; k++) {
    for (let j = 0; j < ny; j++)
      for (let i = rim; i < nx - rim; i++) {
        const p = lpsOf(i, j, k);
        if (huAt(p) >= request.boneHu && !excluded(p)) mask[i + nx * (j + ny * k)] = 1;
      }
    onProgress?.((0.5 * (k + 1)) / nz);
  }
  // 2. Closing (1 voxel) then cavities.
  mask = erodeCube(dilateCube(mask, dims, 1), dims, 1);
  mask = fillCavities(mask, dims);

  // 3. Base plate on the anterior face and pedestals up to the vertebral bodies.
  const baseLayers = Math.max(2, Math.round(request.baseThicknessMm / h));
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < baseLayers; j++) for (let i = 0; i < nx; i++) mask[i + nx * (j + ny * k)] = 1;
  const { midlineXLps, halfWidthMm, maxHeightMm } = request.pedestal;
  const maxPedestal = Math.round(maxHeightMm / h);
  for (let k = 0; k < nz; k++)
    for (let i = 0; i < nx; i++) {
      if (Math.abs(x0 + i * h - midlineXLps) > halfWidthMm) continue;
      let hit = -1;
      for (let j = baseLayers; j < Math.min(ny, baseLayers + maxPedestal); j++)
        if (mask[i + nx * (j + ny * k)]) {
          hit = j;
          break;
        }
      for (let j = baseLayers; j < hit; j++) mask[i + nx * (j + ny * k)] = 1;
    }
  onProgress?.(0.6);

  // 4. Keep what is joined to the base.
  const baseSeeds = function* () {
    for (let k = 0; k < nz; k++) for (let i = 0; i < nx; i++) yield i + nx * ny * k;
  };
  const joined = floodFill6(dims, baseSeeds(), (v) => mask[v] === 1);
  let droppedVoxels = 0;
  for (let v = 0; v < mask.length; v++)
    if (mask[v] && !joined[v]) {
      mask[v] = 0;
      droppedVoxels++;
    }
  if (droppedVoxels > 0)
    warnings.push(
      `${Math.round(droppedVoxels * h ** 3)} mm3 of bone not joined to the base were left out (they would print loose).`,
    );

  // 5. Registration pits.
  const fiducials: PrintFiducial[] = [];
  const radius = request.pitRadiusMm;
  if (request.baseThicknessMm < radius + BASE_FLOOR_MM)
    throw new RangeError(
      `the base must be at least ${radius + BASE_FLOOR_MM} mm thick for ${radius} mm pits`,
    );
  const baseTopY = y0 + (baseLayers - 0.5) * h;
  const insetMm = request.baseRimMm / 2;
  const corners: [string, string, number, number][] = [
    ['base-right-cranial', 'Base, right cranial corner', x0 + insetMm, request.boxMaxLps[2] - insetMm],
    [
      'base-left-cranial',
      'Base, left cranial corner',
      request.boxMaxLps[0] - insetMm,
      request.boxMaxLps[2] - insetMm,
    ],
    ['base-right-caudal', 'Base, right caudal corner', x0 + insetMm, z0 + insetMm],
    ['base-left-caudal', 'Base, left caudal corner', request.boxMaxLps[0] - insetMm, z0 + insetMm],
  ];
  for (const [id, label, x, z] of corners) {
    const centre = clearBaseSpot(
      mask,
      dims,
      [x0, y0, z0],
      h,
      [x, baseTopY, z],
      radius,
      request.pedestal.midlineXLps,
    );
    if (!centre) {
      warnings.push(`${label}: no free spot for a pit (bone above the base there).`);
      continue;
    }
    carveSphere(mask, dims, [x0, y0, z0], h, centre, radius);
    fiducials.push({ id, label, positionLps: centre });
  }
  for (const pit of request.spinousPits) {
    const centre = posteriorSurface(mask, dims, [x0, y0, z0], h, pit.nearLps);
    if (!centre) {
      warnings.push(`${pit.label}: no bone surface found for a pit.`);
      continue;
    }
    carveSphere(mask, dims, [x0, y0, z0], h, centre, radius);
    fiducials.push({ id: pit.id, label: pit.label, positionLps: centre });
  }
  onProgress?.(0.7);

  // 6. Surfaces.
  const ijkToLps: Mat4 = [h, 0, 0, x0, 0, h, 0, y0, 0, 0, h, z0, 0, 0, 0, 1];
  const surfaceOf = (solid: Uint8Array): SurfaceMesh => {
    const raw = marchingCubes(
      { dims, data: smoothField(solid, dims), ijkToLps, rescaleSlope: 1, rescaleIntercept: 0 },
      { isoValue: FIELD_ISO },
    );
    return { ...raw, normals: computeVertexNormals(raw.positions, raw.indices) };
  };
  const mesh = surfaceOf(mask);
  onProgress?.(0.85);
  let shell: SurfaceMesh | undefined;
  if (request.skinShell) {
    const { wallMm, skinHu } = request.skinShell;
    const shellMask = skinShellMask(dims, baseLayers, Math.max(1, Math.round(wallMm / h)), (i, j, k) => {
      const p = lpsOf(i, j, k);
      return huAt(p) >= skinHu && !excluded(p);
    });
    if (shellMask.some((v) => v === 1)) shell = surfaceOf(shellMask);
    else warnings.push('No skin in the printed region: no skin shell made.');
  }
  onProgress?.(1);

  const cx = (x0 + request.boxMaxLps[0]) / 2;
  const cz = (z0 + request.boxMaxLps[2]) / 2;
  const baseBottomY = y0 - h / 2;
  const lpsToPrint: Mat4 = [1, 0, 0, -cx, 0, 0, -1, cz, 0, 1, 0, -baseBottomY, 0, 0, 0, 1];
  return {
    mesh,
    ...(shell ? { shell } : {}),
    fiducials,
    lpsToPrint,
    stats: {
      dims,
      spacingMm: h,
      sizeMm: [nx * h, ny * h, nz * h],
      triangles: mesh.indices.length / 3,
      vertices: mesh.positions.length / 3,
      droppedVoxels,
      volumeMm3: signedVolumeMm3(mesh),
    },
    warnings,
  };
}

/** Inside voxels hold >= 501, outside <= 499: marching cubes' iso value sits between. */
const FIELD_ISO = 500;

/**
 * Field for marching cubes: a [1 2 1]^3 blur of the mask moves each surface vertex along its grid edge
 * (smoother than the binary 0.5 midpoints), clamped so every inside voxel stays above the iso value and
 * every outside voxel below it: the surface's topology is exactly the mask's.
 */
function smoothField(mask: Uint8Array, dims: MaskDims): Int16Array {
  const [nx, ny, nz] = dims;
  let src = new Float32Array(mask.length);
  for (let v = 0; v < mask.length; v++) src[v] = mask[v] ? 1000 : 0;
  const strides = [1, nx, nx * ny];
  for (let axis = 0; axis < 3; axis++) {
    const n = dims[axis]!;
    const s = strides[axis]!;
    const dst = new Float32Array(src.length);
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          const v = i + nx * (j + ny * k);
          const t = axis === 0 ? i : axis === 1 ? j : k;
          const before = t > 0 ? src[v - s]! : 0;
          const after = t < n - 1 ? src[v + s]! : 0;
          dst[v] = (before + 2 * src[v]! + after) / 4;
        }
    src = dst;
  }
  const field = new Int16Array(mask.length);
  for (let v = 0; v < mask.length; v++) {
    const x = Math.round(src[v]!);
    field[v] = mask[v] ? Math.max(FIELD_ISO + 1, x) : Math.min(FIELD_ISO - 1, x);
  }
  return field;
}

function voxelOf(origin: Vec3, h: number, p: Vec3): [number, number, number] {
  return [0, 1, 2].map((a) => Math.round((p[a]! - origin[a]!) / h)) as [number, number, number];
}

/** Empties the voxels whose centres lie within `radius` of `centre`. */
function carveSphere(
  mask: Uint8Array,
  dims: MaskDims,
  origin: Vec3,
  h: number,
  centre: Vec3,
  radius: number,
): void {
  const [nx, ny, nz] = dims;
  const [ci, cj, ck] = voxelOf(origin, h, centre);
  const r = Math.ceil(radius / h) + 1;
  for (let k = Math.max(0, ck - r); k <= Math.min(nz - 1, ck + r); k++)
    for (let j = Math.max(0, cj - r); j <= Math.min(ny - 1, cj + r); j++)
      for (let i = Math.max(0, ci - r); i <= Math.min(nx - 1, ci + r); i++) {
        const dx = origin[0] + i * h - centre[0];
        const dy = origin[1] + j * h - centre[1];
        const dz = origin[2] + k * h - centre[2];
        if (dx * dx + dy * dy + dz * dz <= radius * radius) mask[i + nx * (j + ny * k)] = 0;
      }
}

/**
 * A spot on the base's top face near `wanted` with nothing printed above it within two pit radii (so a
 * controller tip can reach it): tried at `wanted`, then stepping towards the midline in x.
 */
function clearBaseSpot(
  mask: Uint8Array,
  dims: MaskDims,
  origin: Vec3,
  h: number,
  wanted: Vec3,
  radius: number,
  midlineX: number,
): Vec3 | undefined {
  const [nx, ny, nz] = dims;
  const [, cj] = voxelOf(origin, h, wanted);
  const reach = Math.ceil((2 * radius) / h);
  const step = Math.sign(midlineX - wanted[0]) * h;
  for (let tries = 0; tries < 40; tries++) {
    const x = wanted[0] + tries * step;
    const [ci, , ck] = voxelOf(origin, h, [x, wanted[1], wanted[2]]);
    let free = ci - reach >= 0 && ci + reach < nx && ck - reach >= 0 && ck + reach < nz;
    for (let k = ck - reach; free && k <= ck + reach; k++)
      for (let i = ci - reach; free && i <= ci + reach; i++)
        for (let j = cj + 1; j < ny; j++)
          if (mask[i + nx * (j + ny * k)]) {
            free = false;
            break;
          }
    if (free) return [origin[0] + ci * h, wanted[1], origin[2] + ck * h];
  }
  return undefined;
}

/**
 * The posterior-most solid voxel of the column through `near` (searched within 15 mm of it in y, and
 * 3 mm around it in x and z for the tallest column), as the point on the bone surface.
 */
function posteriorSurface(
  mask: Uint8Array,
  dims: MaskDims,
  origin: Vec3,
  h: number,
  near: Vec3,
): Vec3 | undefined {
  const [nx, ny, nz] = dims;
  const [ci, cj, ck] = voxelOf(origin, h, near);
  const around = Math.round(3 / h);
  const span = Math.round(15 / h);
  let best: [number, number, number] | undefined;
  for (let k = ck - around; k <= ck + around; k++)
    for (let i = ci - around; i <= ci + around; i++) {
      if (i < 0 || k < 0 || i >= nx || k >= nz) continue;
      for (let j = Math.min(ny - 1, cj + span); j >= Math.max(0, cj - span); j--)
        if (mask[i + nx * (j + ny * k)]) {
          if (!best || j > best[1]) best = [i, j, k];
          break;
        }
    }
  if (!best) return undefined;
  // The surface lies half a voxel beyond the last solid voxel centre.
  return [origin[0] + best[0] * h, origin[1] + (best[1] + 0.5) * h, origin[2] + best[2] * h];
}

/** Volume enclosed by a closed, outward-wound mesh (divergence theorem over signed tetrahedra), mm^3. */
export function signedVolumeMm3(mesh: Pick<SurfaceMesh, 'positions' | 'indices'>): number {
  const p = mesh.positions;
  let sum = 0;
  for (let t = 0; t < mesh.indices.length; t += 3) {
    const a = 3 * mesh.indices[t]!;
    const b = 3 * mesh.indices[t + 1]!;
    const c = 3 * mesh.indices[t + 2]!;
    sum +=
      p[a]! * (p[b + 1]! * p[c + 2]! - p[b + 2]! * p[c + 1]!) -
      p[a + 1]! * (p[b]! * p[c + 2]! - p[b + 2]! * p[c]!) +
      p[a + 2]! * (p[b]! * p[c + 1]! - p[b + 1]! * p[c]!);
  }
  return sum / 6;
}
