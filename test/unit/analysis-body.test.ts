import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findBody, insideBodySampler } from '../../src/analysis/body';
import { type GridVolume, gridIndex, gridToLps, resampleToGrid } from '../../src/analysis/grid';
import { BODY_COUCH, BODY_INSIDE, type BodyLabelGrid } from '../../src/analysis/types';
import { readTree } from '../../src/cli/readTree';
import type { Vec3 } from '../../src/core/vec3';
import { buildVolume, scanFiles } from '../../src/dicom/ingest';
import { generatePhantom, type Phantom, Tissue } from '../../src/phantom/index';
import { testDataPath } from '../testData';
import { phantomVolume } from './volume-fixtures';

const SERIES = testDataPath('ct-series');

async function gridOfSeries(name: string): Promise<GridVolume> {
  const { files } = await readTree(path.join(SERIES, name));
  const volume = await buildVolume(scanFiles(files).candidates[0]!);
  return resampleToGrid(volume);
}

function timedBody(gv: GridVolume): { body: BodyLabelGrid; ms: number } {
  const t = performance.now();
  const body = findBody(gv);
  return { body, ms: performance.now() - t };
}

/** Phantom label at the phantom voxel nearest to a grid voxel (undefined off the phantom). */
function phantomLabelAt(ph: Phantom, p: Vec3): number | undefined {
  const ijk = [0, 1, 2].map((a) => Math.round((p[a]! - ph.originLps[a]!) / ph.spacingMm[a]!));
  if (ijk.some((v, a) => v < 0 || v >= ph.dims[a]!)) return undefined;
  return ph.labels[ijk[0]! + ph.dims[0] * (ijk[1]! + ph.dims[1] * ijk[2]!)];
}

describe('findBody on the phantom (small, seeds 1-3): body vs labels, table found as couch', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}`, () => {
      const ph = generatePhantom({ size: 'small', seed });
      const gv = resampleToGrid(phantomVolume(ph));
      const { body, ms } = timedBody(gv);
      const [nx, ny, nz] = gv.grid.dims;
      let truthBody = 0;
      let mineBody = 0;
      let both = 0;
      let table = 0;
      let tableAsCouch = 0;
      let bodyAsCouch = 0;
      for (let k = 0; k < nz; k++)
        for (let j = 0; j < ny; j++)
          for (let i = 0; i < nx; i++) {
            const v = gridIndex(gv.grid, i, j, k);
            const label = phantomLabelAt(ph, gridToLps(gv.grid, i, j, k));
            if (label === undefined) continue;
            const isBody = label !== Tissue.air && label !== Tissue.table;
            const mine = body.labels[v] === BODY_INSIDE;
            if (isBody) truthBody++;
            if (mine) mineBody++;
            if (isBody && mine) both++;
            if (isBody && body.labels[v] === BODY_COUCH) bodyAsCouch++;
            if (label === Tissue.table) {
              table++;
              if (body.labels[v] === BODY_COUCH) tableAsCouch++;
            }
          }
      const dice = (2 * both) / (truthBody + mineBody);
      console.log(
        `phantom small seed ${seed}: grid ${nx}x${ny}x${nz}, body ${ms.toFixed(0)} ms, Dice ${dice.toFixed(4)}, ` +
          `table as couch ${((100 * tableAsCouch) / table).toFixed(1)}%, body as couch ${((100 * bodyAsCouch) / truthBody).toFixed(2)}%`,
      );
      expect(body.couchFound).toBe(true);
      expect(dice).toBeGreaterThanOrEqual(0.95);
      expect(table).toBeGreaterThan(1000);
      expect(tableAsCouch / table).toBeGreaterThanOrEqual(0.9);
      expect(bodyAsCouch / truthBody).toBeLessThan(0.02);
    });
  }
});

describe('findBody on the pancreas CT (HFS, radiotherapy couch with rails under the back)', () => {
  let gv: GridVolume;
  let body: BodyLabelGrid;
  let ms = 0;
  beforeAll(async () => {
    gv = await gridOfSeries('pancreas-ct-cb001');
    ({ body, ms } = timedBody(gv));
    const [nx, ny, nz] = gv.grid.dims;
    console.log(`pancreas: grid ${nx}x${ny}x${nz}, body ${ms.toFixed(0)} ms`);
  });

  it('finds the couch and labels it apart from the body', () => {
    expect(body.couchFound).toBe(true);
    let couch = 0;
    let inside = 0;
    for (const l of body.labels) {
      if (l === BODY_COUCH) couch++;
      if (l === BODY_INSIDE) inside++;
    }
    // The table top with rails and the scanner cradle below it: tens of thousands of 2 mm voxels.
    expect(couch).toBeGreaterThan(50_000);
    expect(inside).toBeGreaterThan(couch);
  });

  /**
   * L3 spinous process tip: counted up from the sacrum on a mid-sagittal reformat (S1 superior endplate at
   * z ~ 158 mm; bodies L5 z ~ 160-198, L4 ~ 204-242, L3 ~ 246-282 mm), tip = most posterior bone (> 250 HU)
   * near the midline at z ~ 250 mm: LPS (10, 184, 250).
   */
  const L3_SPINOUS_TIP: Vec3 = [10.2, 183.8, 249.9];

  it('a skin search from the L3 spinous process straight posterior ends on the back skin, not the couch', () => {
    const inside = insideBodySampler(body);
    expect(inside(L3_SPINOUS_TIP)).toBe(true);
    let p: Vec3 = L3_SPINOUS_TIP;
    while (inside([p[0], p[1] + 0.5, p[2]]) === true) p = [p[0], p[1] + 0.5, p[2]];
    const skinY = p[1];
    // Skin 30-40 mm behind the tip (subcutaneous fat of the back).
    expect(skinY - L3_SPINOUS_TIP[1]).toBeGreaterThan(20);
    expect(skinY - L3_SPINOUS_TIP[1]).toBeLessThan(50);
    assertSkinThenNothing(gv, body, p);
  });

  it('along the whole spine, the midline search posterior stops at the skin with no body behind it', () => {
    const { grid } = gv;
    const [nx, ny] = grid.dims;
    const i = 141;
    let checked = 0;
    // z ~ 100-460 mm: sacrum to the thoracic spine.
    for (let k = 10; k < 190; k += 6) {
      let tip = -1;
      for (let j = 90; j < ny; j++) if (gv.hu[gridIndex(grid, i, j, k)]! > 250) tip = j;
      if (tip < 0) continue;
      let j = tip;
      while (j + 1 < ny && body.labels[gridIndex(grid, i, j + 1, k)] === BODY_INSIDE) j++;
      assertSkinThenNothing(gv, body, gridToLps(grid, i, j, k));
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
    expect(nx).toBeGreaterThan(i);
  });
});

/**
 * At `lastInside` (LPS, the last body point of a search along +y): its voxel is tissue, the voxel behind it is
 * air, pad or couch (not tissue), and no body voxel lies further back in that row.
 */
function assertSkinThenNothing(gv: GridVolume, body: BodyLabelGrid, lastInside: Vec3): void {
  const { grid } = gv;
  const [, ny] = grid.dims;
  const o = grid.ijkToLps;
  const i = Math.round((lastInside[0] - o[3]!) / grid.spacingMm);
  const j = Math.round((lastInside[1] - o[7]!) / grid.spacingMm);
  const k = Math.round((lastInside[2] - o[11]!) / grid.spacingMm);
  expect(body.labels[gridIndex(grid, i, j, k)]).toBe(BODY_INSIDE);
  expect(gv.hu[gridIndex(grid, i, j, k)]!).toBeGreaterThan(-500);
  const behind = gridIndex(grid, i, j + 1, k);
  expect(gv.hu[behind]! < -300 || body.labels[behind] === BODY_COUCH).toBe(true);
  let bodyBehind = 0;
  for (let jj = j + 1; jj < ny; jj++)
    if (body.labels[gridIndex(grid, i, jj, k)] === BODY_INSIDE) bodyBehind++;
  expect(bodyBehind).toBe(0);
}

describe('findBody on the LIDC chest (FFS, curved couch)', () => {
  it('gives a sane body: one torso with the lungs inside, the couch apart', async () => {
    const gv = await gridOfSeries('lidc-idri-0314');
    const { body, ms } = timedBody(gv);
    const [nx, ny, nz] = gv.grid.dims;
    console.log(`LIDC: grid ${nx}x${ny}x${nz}, body ${ms.toFixed(0)} ms`);
    expect(body.couchFound).toBe(true);
    const mid = Math.floor(nz / 2);
    let x0 = nx;
    let x1 = -1;
    let inside = 0;
    let lung = 0;
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const v = gridIndex(gv.grid, i, j, mid);
        if (body.labels[v] !== BODY_INSIDE) continue;
        inside++;
        if (gv.hu[v]! < -500) lung++;
        x0 = Math.min(x0, i);
        x1 = Math.max(x1, i);
      }
    const widthMm = (x1 - x0 + 1) * gv.grid.spacingMm;
    // An adult chest 250-450 mm wide, with its lungs filled in (unfilled, they would count 0 here).
    expect(widthMm).toBeGreaterThan(250);
    expect(widthMm).toBeLessThan(450);
    expect(lung / inside).toBeGreaterThan(0.1);
    // The couch (supine, feet first) is behind the patient: its centroid well posterior to the body's.
    let couch = 0;
    let couchJ = 0;
    let bodyJ = 0;
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const l = body.labels[gridIndex(gv.grid, i, j, mid)];
        if (l === BODY_COUCH) {
          couch++;
          couchJ += j;
        }
        if (l === BODY_INSIDE) bodyJ += j;
      }
    expect(couch).toBeGreaterThan(100);
    expect((couchJ / couch - bodyJ / inside) * gv.grid.spacingMm).toBeGreaterThan(80);
  });
});
