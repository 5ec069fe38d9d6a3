/**
 * Writes views of the demo phantom for eyeballing, as 8-bit greyscale PNG (written here with node:zlib, no
 * ImageMagick): axial through each lumbar foramen (safe triangle level) and disc, L4 pedicles, L1, T12 ribs,
 * S1, SI joints; mid-sagittal, parasagittal through the left foramina and facets; coronal through the bodies,
 * the canal and the laminae; in a bone and a soft-tissue window.
 * Run: npx tsx test/tools/phantom-slices.ts [outDir=/tmp/phantom-png] [size=default] [seed=1] [variant=normal]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatePhantom, type PhantomOptions } from '../../src/phantom/generate';
import { pngGrey } from './pngGrey';

const outDir = process.argv[2] ?? '/tmp/phantom-png';
const size = (process.argv[3] ?? 'default') as 'default' | 'small';
const seed = Number(process.argv[4] ?? 1);
const variant = (process.argv[5] ?? 'normal') as NonNullable<PhantomOptions['variant']>;
mkdirSync(outDir, { recursive: true });

const t0 = performance.now();
const p = generatePhantom({ size, seed, variant });
console.log(`generated ${p.dims.join('x')} in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
const [nx, ny, nz] = p.dims;
const [dx, dy, dz] = p.spacingMm;
const [ox, oy, oz] = p.originLps;
const at = (i: number, j: number, k: number): number => p.hu[i + nx * (j + ny * k)]!;

type Window = [number, number];
const WINDOWS: Record<string, Window> = { bone: [500, 2000], soft: [40, 400] };

/** HU at an LPS point, trilinear between voxel centres (clamped at the edges). */
function huAt(x: number, y: number, z: number): number {
  const fi = Math.min(nx - 1.001, Math.max(0, (x - ox) / dx));
  const fj = Math.min(ny - 1.001, Math.max(0, (y - oy) / dy));
  const fk = Math.min(nz - 1.001, Math.max(0, (z - oz) / dz));
  const i = Math.floor(fi);
  const j = Math.floor(fj);
  const k = Math.floor(fk);
  const u = fi - i;
  const v = fj - j;
  const w = fk - k;
  let sum = 0;
  for (let c = 0; c < 8; c++) {
    const a = c & 1;
    const b = (c >> 1) & 1;
    const e = c >> 2;
    sum += (a ? u : 1 - u) * (b ? v : 1 - v) * (e ? w : 1 - w) * at(i + a, j + b, k + e);
  }
  return sum;
}

/**
 * Writes one plane as PNG in both windows: `toLps(u, v)` maps screen mm (u right, v down) to LPS; the
 * picture spans [u0, u1] x [v0, v1] at `pixelMm` (square pixels).
 */
function write(
  name: string,
  toLps: (u: number, v: number) => [number, number, number],
  [u0, u1, v0, v1]: [number, number, number, number],
  pixelMm: number,
): void {
  const w = Math.round((u1 - u0) / pixelMm);
  const h = Math.round((v1 - v0) / pixelMm);
  const hu = new Float32Array(w * h);
  for (let r = 0; r < h; r++)
    for (let c = 0; c < w; c++)
      hu[c + r * w] = huAt(...toLps(u0 + (c + 0.5) * pixelMm, v0 + (r + 0.5) * pixelMm));
  for (const [wname, [level, width]] of Object.entries(WINDOWS)) {
    const bytes = new Uint8Array(w * h);
    for (let n = 0; n < w * h; n++)
      bytes[n] = Math.round(255 * Math.min(1, Math.max(0, (hu[n]! - (level - width / 2)) / width)));
    const file = join(outDir, `${name}-${wname}.png`);
    writeFileSync(file, pngGrey(w, h, bytes));
    console.log(file);
  }
}

const full = { x: [ox, ox + (nx - 1) * dx], y: [oy, oy + (ny - 1) * dy], z: [oz, oz + (nz - 1) * dz] };
/** Zoomed pictures: 0.25 mm pixels over a box around the spine. */
const ZOOM_MM = 0.25;

const t = p.truth;
const l4 = t.vertebrae.find((v) => v.name === 'L4')!;
const l1 = t.vertebrae.find((v) => v.name === 'L1')!;
const disc45 = t.segments.find((s) => s.name === 'L4-L5')!;
// Axial: radiological convention, viewed from the feet: patient left (+x) on screen right, anterior (-y) up.
const axial = (name: string, z: number, centre?: [number, number], halfMm = 60): void => {
  const box: [number, number, number, number] = centre
    ? [centre[0] - halfMm, centre[0] + halfMm, centre[1] - halfMm, centre[1] + halfMm]
    : [full.x[0]!, full.x[1]!, full.y[0]!, full.y[1]!];
  write(name, (u, v) => [u, v, z], box, centre ? ZOOM_MM : dx);
};
const spineCentre = (q: readonly number[]): [number, number] => [0, q[1]! + 25];
for (const seg of t.segments) {
  axial(`axial-${seg.name}-foramen`, seg.left.safeTriangleCentreLps[2], spineCentre(seg.discCentreLps));
  axial(`axial-${seg.name}-disc`, seg.discCentreLps[2], spineCentre(seg.discCentreLps));
}
for (const v of t.vertebrae)
  axial(`axial-${v.name}-pedicles`, v.left.pedicleCentreLps[2], spineCentre(v.bodyCentreLps));
axial('axial-L4-pedicles-full', l4.left.pedicleCentreLps[2]);
axial('axial-L1-full', l1.bodyCentreLps[2]);
const rib = t.ribs?.[0];
if (rib) axial('axial-T12-rib-heads', rib.headLps[2], [0, rib.headLps[1] + 20], 110);
axial('axial-S1', t.sacrum.s1SuperiorEndplateCentreLps[2] - 15);
axial('axial-SI-lower', t.sacrum.siJointLowerThirdLps.left[2]);
// Sagittal viewed from the patient's left: anterior (-y) on screen left, superior up.
const zTop = full.z[1]!;
const sagittal = (name: string, x: number, zoom = false): void =>
  zoom
    ? write(name, (u, v) => [x, u, zTop - v], [-40, 110, 0, zTop - full.z[0]!], 0.5)
    : write(name, (u, v) => [x, u, zTop - v], [full.y[0]!, full.y[1]!, 0, zTop - full.z[0]!], dx);
sagittal('sagittal-mid', 0);
sagittal('sagittal-mid-zoom', 0, true);
sagittal('sagittal-left-foramina', l4.left.pedicleCentreLps[0], true);
sagittal('sagittal-left-facets', disc45.left.facetJointCentreLps[0], true);
// Coronal viewed from the front: patient right (-x) on screen left, superior up.
const coronal = (name: string, y: number, zoom = false): void =>
  write(
    name,
    (u, v) => [u, y, zTop - v],
    [zoom ? -110 : full.x[0]!, zoom ? 110 : full.x[1]!, 0, zTop - full.z[0]!],
    zoom ? 0.5 : dx,
  );
coronal('coronal-bodies', l4.bodyCentreLps[1]);
coronal('coronal-canal', l4.left.pedicleCentreLps[1] + 4, true);
coronal('coronal-laminae', l4.spinousProcessTipLps[1] - 20, true);
if (rib) coronal('coronal-ribs', rib.headLps[1] + 5);
// AP maximum-intensity projection over the whole depth (like a bone radiograph): ribs, transverse processes.
{
  const h = nz;
  const grey = new Uint8Array(nx * h);
  for (let r = 0; r < h; r++)
    for (let c = 0; c < nx; c++) {
      let m = -1024;
      for (let j = 0; j < ny; j++) m = Math.max(m, at(c, j, nz - 1 - r));
      grey[c + r * nx] = Math.round(255 * Math.min(1, Math.max(0, (m + 500) / 2000)));
    }
  const file = join(outDir, 'coronal-mip-bone.png');
  writeFileSync(file, pngGrey(nx, h, grey));
  console.log(file);
}
// Close-ups: mid-sagittal around the L4-L5 and L5-S1 interlaminar windows, parasagittal through the left
// L4-L5 foramen, axial through the middle of each foramen (between the pedicles).
for (const seg of t.segments.filter((s) => /L4-L5|L5-S1|L5-L6|L6-S1/.test(s.name))) {
  const c = seg.interlaminarWindowCentreLps;
  // Screen v grows downward: LPS z = -v.
  write(
    `sagittal-mid-${seg.name}-window`,
    (u, v) => [0, u, -v],
    [c[1] - 45, c[1] + 35, -c[2] - 40, -c[2] + 40],
    ZOOM_MM,
  );
}
for (const seg of t.segments) {
  const f = seg.left;
  const mid = (f.safeTriangleCentreLps[2] + seg.discCentreLps[2]) / 2;
  axial(`axial-${seg.name}-midforamen`, mid, spineCentre(seg.discCentreLps));
  write(
    `sagittal-left-${seg.name}-foramen`,
    (u, v) => [f.safeTriangleCentreLps[0], u, -v],
    [
      seg.discCentreLps[1] - 30,
      seg.discCentreLps[1] + 50,
      -seg.discCentreLps[2] - 40,
      -seg.discCentreLps[2] + 40,
    ],
    ZOOM_MM,
  );
}
