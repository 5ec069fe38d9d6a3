import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildPhantomModel, generatePhantom, phantomToDicomFiles } from '../../src/phantom/index';
import { type Grid, paint } from '../../src/phantom/raster';

/**
 * Issue 20 made the generator faster (each row visits only its part of a shape's frame box; HU, blur and
 * noise in one pass): the phantom must stay exactly what it was. These digests were taken from the generator
 * before that work; a change to the anatomy on purpose changes them (and says so in its commit).
 */
const DIGESTS: [seed: number, variant: 'normal' | 'six-lumbar' | 'sacralised-l5', sha1: string][] = [
  [1, 'normal', 'da4df116fda7fcba305aa29ee5c17a8506c02f09'],
  [1, 'six-lumbar', '278b855c446f1af7edd5519aedabb07d92c1a0b5'],
  [5, 'sacralised-l5', 'cdafb58918f7955fc64d4f0eb93f8df02e5746cc'],
];

/** SHA-1 over HU, labels, the truth as JSON and every DICOM file's bytes. */
function phantomDigest(seed: number, variant: (typeof DIGESTS)[number][1]): string {
  const phantom = generatePhantom({ size: 'small', seed, variant });
  const hash = createHash('sha1');
  hash.update(new Uint8Array(phantom.hu.buffer));
  hash.update(phantom.labels);
  hash.update(JSON.stringify(phantom.truth));
  for (const file of phantomToDicomFiles(phantom)) hash.update(file.bytes);
  return hash.digest('hex');
}

describe('demo phantom stays exactly the same (issue 20 speed work)', () => {
  for (const [seed, variant, sha1] of DIGESTS)
    it(`small, seed ${seed}, ${variant}: voxels, labels, truth and DICOM bytes as before`, () => {
      expect(phantomDigest(seed, variant)).toBe(sha1);
    });

  for (const variant of ['normal', 'sacralised-l5'] as const)
    it(`${variant}: every shape paints the same voxels with and without its frame box`, () => {
      // At the default pixel size over the lumbar spine (bones, discs, tubes, kidneys), where the boxes matter.
      const model = buildPhantomModel(3, variant);
      const grid: Grid = {
        dims: [180, 160, 100],
        spacingMm: [0.75, 0.75, 1],
        originLps: [-67.125, -50, -50],
      };
      const withBoxes = new Uint8Array(180 * 160 * 100);
      const without = new Uint8Array(withBoxes.length);
      let boxed = 0;
      for (const op of model.ops) {
        if (op.shape.frameBox) boxed++;
        paint(withBoxes, grid, op);
        paint(without, grid, { ...op, shape: { ...op.shape, frameBox: undefined } });
      }
      expect(boxed).toBeGreaterThan(model.ops.length / 2);
      let differing = 0;
      for (let i = 0; i < without.length; i++) if (withBoxes[i] !== without[i]) differing++;
      expect(differing).toBe(0);
      // Not an empty window: bone and disc were painted.
      expect(without.includes(6) && without.includes(8)).toBe(true);
    });
});
