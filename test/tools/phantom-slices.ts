/**
 * Writes views of the demo phantom for eyeballing: axial (L4 pedicles, L4-L5 disc, S1, L1), mid-sagittal,
 * parasagittal through the left foramina, coronal through the bodies and through the canal, in a bone and
 * a soft-tissue window, as PGM converted to PNG with ImageMagick.
 * Run: npx tsx test/tools/phantom-slices.ts [outDir=/tmp/phantom-png] [size=default] [seed=1]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePhantom } from '../../src/phantom/generate';

const outDir = process.argv[2] ?? '/tmp/phantom-png';
const size = (process.argv[3] ?? 'default') as 'default' | 'small';
const seed = Number(process.argv[4] ?? 1);
mkdirSync(outDir, { recursive: true });

const t0 = performance.now();
const p = generatePhantom({ size, seed });
console.log(`generated ${p.dims.join('x')} in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
const [nx, ny, nz] = p.dims;
const [dx, dy, dz] = p.spacingMm;
const [ox, oy, oz] = p.originLps;
const at = (i: number, j: number, k: number): number => p.hu[i + nx * (j + ny * k)]!;
const idx = (v: number, o: number, s: number, n: number): number =>
  Math.min(n - 1, Math.max(0, Math.round((v - o) / s)));

type Window = [number, number];
const WINDOWS: Record<string, Window> = { bone: [500, 2000], soft: [40, 400] };

/** Writes w x h samples (row-major, top row first) as PGM then PNG, resampled to square pixels in mm. */
function write(
  name: string,
  w: number,
  h: number,
  sample: (c: number, r: number) => number,
  aspect: number,
): void {
  for (const [wname, [level, width]] of Object.entries(WINDOWS)) {
    const bytes = new Uint8Array(w * h);
    for (let r = 0; r < h; r++)
      for (let c = 0; c < w; c++) {
        const v = (sample(c, r) - (level - width / 2)) / width;
        bytes[c + r * w] = Math.round(255 * Math.min(1, Math.max(0, v)));
      }
    const pgm = join(outDir, `${name}-${wname}.pgm`);
    writeFileSync(pgm, Buffer.concat([Buffer.from(`P5\n${w} ${h}\n255\n`), bytes]));
    const png = pgm.replace(/\.pgm$/, '.png');
    execFileSync('convert', [pgm, '-resize', `${100}%x${Math.round(aspect * 100)}%`, png]);
    console.log(png);
  }
}

const t = p.truth;
const l4 = t.vertebrae.find((v) => v.name === 'L4')!;
const l1 = t.vertebrae.find((v) => v.name === 'L1')!;
const disc45 = t.segments.find((s) => s.name === 'L4-L5')!;
// Axial: radiological convention, patient left on screen right: column c -> i = c (x grows to the left = screen right).
const axial = (name: string, z: number): void => {
  const k = idx(z, oz, dz, nz);
  write(name, nx, ny, (c, r) => at(c, r, k), 1);
};
axial('axial-L4-pedicles', l4.left.pedicleCentreLps[2]);
axial('axial-L4-L5-disc', disc45.discCentreLps[2]);
axial('axial-L1', l1.bodyCentreLps[2]);
axial('axial-S1', t.sacrum.s1SuperiorEndplateCentreLps[2] - 15);
axial('axial-SI-lower', t.sacrum.siJointLowerThirdLps.left[2]);
// Sagittal viewed from the patient's left: anterior on screen left, superior up.
const sagittal = (name: string, x: number): void => {
  const i = idx(x, ox, dx, nx);
  write(name, ny, nz, (c, r) => at(i, c, nz - 1 - r), dz / dy);
};
sagittal('sagittal-mid', 0);
sagittal('sagittal-left-foramina', l4.left.pedicleCentreLps[0]);
sagittal('sagittal-left-facets', disc45.left.facetJointCentreLps[0]);
// Coronal viewed from the front: patient right on screen left.
const coronal = (name: string, y: number): void => {
  const j = idx(y, oy, dy, ny);
  write(name, nx, nz, (c, r) => at(c, j, nz - 1 - r), dz / dx);
};
coronal('coronal-bodies', l4.bodyCentreLps[1]);
coronal('coronal-canal', l4.left.pedicleCentreLps[1] + 4);
