import { generatePhantom } from '../../../src/phantom/index';
import type { Volume } from '../../../src/volume/volume';

/**
 * The app's demo volume (the phantom's 'default' size, seed 1, as src/app/demoCase.ts makes it) built
 * straight from the generator's HU: the voxels the demo's DICOM round trip yields, without the round trip.
 * The phantom's axes are LPS-aligned (PS3.3 C.7.6.2.1.1 with IOP 1\\0\\0\\0\\1\\0).
 */
export function phantomVolume(size: 'default' | 'small' = 'default'): Volume {
  const p = generatePhantom({ size, seed: 1 });
  const [sx, sy, sz] = p.spacingMm;
  const [ox, oy, oz] = p.originLps;
  return {
    id: `phantom-${size}`,
    dims: p.dims,
    spacingMm: p.spacingMm,
    ijkToLps: [sx, 0, 0, ox, 0, sy, 0, oy, 0, 0, sz, oz, 0, 0, 0, 1],
    data: p.hu,
    rescaleSlope: 1,
    rescaleIntercept: 0,
    metadata: {} as Volume['metadata'],
    warnings: [],
  };
}
