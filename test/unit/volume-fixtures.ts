import type { Mat4 } from '../../src/core/mat4';
import type { Phantom } from '../../src/phantom/index';
import type { Volume, VolumeMetadata } from '../../src/volume/volume';

type Dims = readonly [number, number, number];

/** Axis-aligned grid of `spacingMm` voxels whose voxel (0, 0, 0) sits at LPS (originMm, originMm, originMm). */
export const isotropicGrid = (spacingMm: number, originMm: number): Mat4 => [
  spacingMm,
  0,
  0,
  originMm,
  0,
  spacingMm,
  0,
  originMm,
  0,
  0,
  spacingMm,
  originMm,
  0,
  0,
  0,
  1,
];

/** Empty text metadata of a non-demo CT; override what a test is about. */
export const blankMetadata = (overrides: Partial<VolumeMetadata> = {}): VolumeMetadata => ({
  patientName: '',
  patientId: '',
  studyDate: '',
  studyDescription: '',
  seriesDescription: '',
  seriesInstanceUid: '',
  studyInstanceUid: '',
  frameOfReferenceUid: '',
  modality: 'CT',
  isDemo: false,
  ...overrides,
});

/**
 * A synthetic CT volume: HU stored directly (slope 1, intercept 0), `valueAt` of each voxel index, blank
 * metadata. spacingMm defaults to the lengths of the matrix columns; override what a test is about.
 */
export function syntheticVolume(
  dims: Dims,
  ijkToLps: Mat4,
  valueAt: (i: number, j: number, k: number) => number,
  options: { id?: string; spacingMm?: Dims; metadata?: Partial<VolumeMetadata> } = {},
): Volume {
  const [nx, ny, nz] = dims;
  const data = new Int16Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) data[i + nx * (j + ny * k)] = valueAt(i, j, k);
  const column = (c: number) => Math.hypot(ijkToLps[c]!, ijkToLps[4 + c]!, ijkToLps[8 + c]!);
  return {
    id: options.id ?? 'synthetic',
    dims,
    spacingMm: options.spacingMm ?? [column(0), column(1), column(2)],
    ijkToLps,
    data,
    rescaleSlope: 1,
    rescaleIntercept: 0,
    metadata: blankMetadata(options.metadata),
    warnings: [],
  };
}

/** n^3 isotropic voxels, each `huAtLps` of its centre's LPS position (mm). */
export function isotropicVolume(
  id: string,
  n: number,
  spacingMm: number,
  originMm: number,
  huAtLps: (x: number, y: number, z: number) => number,
): Volume {
  const at = (index: number) => originMm + index * spacingMm;
  return syntheticVolume(
    [n, n, n],
    isotropicGrid(spacingMm, originMm),
    (i, j, k) => huAtLps(at(i), at(j), at(k)),
    {
      id,
    },
  );
}

/**
 * A generated phantom's voxels as a Volume, straight from the generator's HU (no DICOM round trip). The
 * phantom's axes are LPS-aligned (PS3.3 C.7.6.2.1.1 with IOP 1\0\0\0\1\0), voxel (0, 0, 0) at originLps.
 */
export function phantomVolume(
  phantom: Pick<Phantom, 'hu' | 'dims' | 'spacingMm' | 'originLps'>,
  options: { id?: string; metadata?: Partial<VolumeMetadata> } = {},
): Volume {
  const [sx, sy, sz] = phantom.spacingMm;
  const [ox, oy, oz] = phantom.originLps;
  return {
    id: options.id ?? 'phantom',
    dims: phantom.dims,
    spacingMm: phantom.spacingMm,
    ijkToLps: [sx, 0, 0, ox, 0, sy, 0, oy, 0, 0, sz, oz, 0, 0, 0, 1],
    data: phantom.hu,
    rescaleSlope: 1,
    rescaleIntercept: 0,
    metadata: blankMetadata(options.metadata),
    warnings: [],
  };
}
