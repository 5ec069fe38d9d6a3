import type { Volume } from './volume';

/**
 * A coarser copy of a volume for display when an edge exceeds the GPU's MAX_3D_TEXTURE_SIZE
 * (often 2048, lower on mobile). Each axis longer than `maxEdge` is reduced by the smallest whole
 * factor that fits, averaging blocks of voxels (a box filter, so thin bone is thinned, not aliased);
 * other axes are kept. The matrix is adjusted so each display voxel sits at the centre of its block:
 * positions in the copy are the same patient positions as in the original. Measurements must keep
 * using the full volume. Returns the volume itself when it already fits.
 */
export function downsampleForDisplay(volume: Volume, maxEdge: number): Volume {
  if (!(maxEdge >= 1)) throw new RangeError(`maxEdge must be at least 1, got ${maxEdge}`);
  const factors = volume.dims.map((d) => Math.ceil(d / maxEdge)) as [number, number, number];
  if (factors.every((f) => f === 1)) return volume;
  const [nx, ny, nz] = volume.dims;
  const [fx, fy, fz] = factors;
  const dims = [Math.ceil(nx / fx), Math.ceil(ny / fy), Math.ceil(nz / fz)] as const;
  const [ox, oy, oz] = dims;
  const src = volume.data;
  const data = new Int16Array(ox * oy * oz);
  const rowSums = new Float64Array(ox);
  const rowCounts = new Uint32Array(ox);
  for (let k = 0; k < oz; k++) {
    const k1 = Math.min(nz, (k + 1) * fz);
    for (let j = 0; j < oy; j++) {
      const j1 = Math.min(ny, (j + 1) * fy);
      rowSums.fill(0);
      rowCounts.fill(0);
      for (let kk = k * fz; kk < k1; kk++) {
        for (let jj = j * fy; jj < j1; jj++) {
          const base = nx * (jj + ny * kk);
          for (let ii = 0; ii < nx; ii++) {
            const i = (ii / fx) | 0;
            rowSums[i] = rowSums[i]! + src[base + ii]!;
            rowCounts[i] = rowCounts[i]! + 1;
          }
        }
      }
      const out = ox * (j + oy * k);
      for (let i = 0; i < ox; i++) data[out + i] = Math.round(rowSums[i]! / rowCounts[i]!);
    }
  }

  // New voxel n covers old voxels n*f .. n*f+f-1: its centre is old index n*f + (f-1)/2.
  const m = volume.ijkToLps;
  const ijkToLps = [...m];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) ijkToLps[r * 4 + c] = m[r * 4 + c]! * factors[c]!;
    ijkToLps[r * 4 + 3] =
      m[r * 4 + 3]! + factors.reduce((sum, f, c) => sum + (m[r * 4 + c]! * (f - 1)) / 2, 0);
  }
  const axes = ['columns', 'rows', 'slices'].filter((_, a) => factors[a]! > 1);
  return {
    ...volume,
    id: `${volume.id}@display${factors.join('x')}`,
    dims,
    spacingMm: [volume.spacingMm[0] * fx, volume.spacingMm[1] * fy, volume.spacingMm[2] * fz],
    ijkToLps,
    data,
    warnings: [
      ...volume.warnings,
      `shown at reduced resolution (${volume.dims.join('x')} -> ${dims.join('x')}, ${axes.join(' and ')} ` +
        `averaged) to fit the graphics card's ${maxEdge}-voxel limit; measurements use the full volume`,
    ],
  };
}
