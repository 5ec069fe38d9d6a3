/**
 * CPU pictures of the C-arm display pipeline (volume/drr.ts + volume/drrDisplay.ts) for a person to look at:
 * AP, oblique and lateral of the phantom and, when present, the pancreas CT.
 * Run: npx tsx test/tools/drr-figures.ts [outDir=/tmp/drr-png] [size=256] [phantom=small|default]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTree } from '../../src/cli/readTree';
import type { Vec3 } from '../../src/core/vec3';
import { buildVolume, scanFiles } from '../../src/dicom/ingest';
import { generatePhantom } from '../../src/phantom/index';
import { carmGeometry, ISOCENTRE_MAGNIFICATION } from '../../src/planning/carmViewsGeometry';
import { computeDrrRays, drrStepMm } from '../../src/volume/drr';
import {
  type DoseLevel,
  drrPicture,
  MONITOR_LOOK,
  PLAIN_LOOK,
  sliceSmoothingSigmaMm,
} from '../../src/volume/drrDisplay';
import { ijkToLps, type Volume } from '../../src/volume/volume';
import { testDataPath } from '../testData';
import { pngGrey } from './pngGrey';

const outDir = process.argv[2] ?? '/tmp/drr-png';
const n = Number(process.argv[3] ?? 256);
const size = (process.argv[4] ?? 'small') as 'small' | 'default';
mkdirSync(outDir, { recursive: true });

function picture(
  volume: Volume,
  name: string,
  iso: Vec3,
  obliqueDeg: number,
  tiltDeg: number,
  fieldMm: number,
) {
  const g = carmGeometry({ obliqueDeg, tiltDeg, isocentreLps: iso, fieldMm });
  const rays = computeDrrRays(volume, g, { sizePx: n, stepMm: Math.max(1, drrStepMm(volume)) });
  const row = new Uint8Array(3 * n * n);
  let panel = 0;
  for (const [, look, dose] of [
    ['plain', PLAIN_LOOK, 'off'],
    ['monitor', MONITOR_LOOK, 'off'],
    ['monitor-noise', MONITOR_LOOK, 'standard'],
  ] as const) {
    const { grey } = drrPicture(rays, n, {
      look,
      fieldMm,
      collimation: 1,
      blackBone: true,
      dose: dose as DoseLevel,
      noiseSeed: 1,
      smoothSigmaMm: sliceSmoothingSigmaMm(volume.spacingMm[2], ISOCENTRE_MAGNIFICATION),
    });
    for (let y = 0; y < n; y++) row.set(grey.subarray(y * n, y * n + n), y * 3 * n + panel * n);
    panel++;
  }
  writeFileSync(join(outDir, `${name}.png`), pngGrey(3 * n, n, row));
  console.log(name);
}

const ph = generatePhantom({ size, seed: 1 });
const [sx, sy, sz] = ph.spacingMm;
const [ox, oy, oz] = ph.originLps;
const phantomVolume = {
  id: 'phantom',
  dims: ph.dims,
  spacingMm: ph.spacingMm,
  ijkToLps: [sx, 0, 0, ox, 0, sy, 0, oy, 0, 0, sz, oz, 0, 0, 0, 1],
  data: ph.hu,
  rescaleSlope: 1,
  rescaleIntercept: 0,
} as unknown as Volume;
const l3 = ph.truth.vertebrae.find((v) => v.name === 'L3')!;
picture(phantomVolume, 'demo-ap', l3.bodyCentreLps, 0, 0, 300);
picture(phantomVolume, 'demo-oblique', l3.bodyCentreLps, -30, 0, 220);
picture(phantomVolume, 'demo-lateral', l3.bodyCentreLps, 90, 0, 300);
const pancreasDir = testDataPath('ct-series/pancreas-ct-cb001');
try {
  const { files } = await readTree(pancreasDir);
  const v = await buildVolume(scanFiles(files).candidates[0]!);
  const [nx, ny, nz] = v.dims;
  const iso = ijkToLps(v, [(nx - 1) / 2, (ny - 1) / 2, (nz - 1) / 2]);
  picture(v, 'pancreas-ap', iso, 0, 0, 300);
  picture(v, 'pancreas-lateral', iso, 90, 0, 300);
} catch (e) {
  console.log('pancreas CT not read:', (e as Error).message);
}
