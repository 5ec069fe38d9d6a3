import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { testDataPath } from '../testData';
import { keepPanelScreenshot, keepScreenshot, pointsOfColour, watchPageErrors } from './helpers';

/**
 * 3D print rehearsal (issue 23), export side, on real patient CT (pancreas-ct-cb001): the spine analysis
 * finds the vertebrae, the specialist makes a print of L3-L5, sees it in 3D with its pits, and saves STL
 * and 3MF. The saved files are checked here as a slicer would read them: closed and consistently wound
 * (every edge of the welded STL used once each way), positive volume, the base on the build plate (z = 0),
 * 1:1 millimetres; the optional skin shell is a second closed part standing on the base.
 */

const PANCREAS = testDataPath('ct-series/pancreas-ct-cb001');

// biome-ignore lint/suspicious/noExplicitAny: the stores are reached through the test hook on window
type Hooks = any;

/** Triangles of a binary STL (STL: 80-byte header, count, 50 bytes per triangle). */
function stlTriangles(bytes: Uint8Array): Float32Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(80, true);
  expect(bytes.byteLength).toBe(84 + 50 * count);
  const out: Float32Array[] = [];
  for (let t = 0; t < count; t++) {
    const tri = new Float32Array(9);
    for (let c = 0; c < 9; c++) tri[c] = view.getFloat32(84 + 50 * t + 12 + 4 * c, true);
    out.push(tri);
  }
  return out;
}

/** Welds vertices by exact coordinates and counts directed edges: each must appear once, its reverse once. */
function manifoldReport(tris: Float32Array[]) {
  const ids = new Map<string, number>();
  const id = (t: Float32Array, v: number) => {
    const key = `${t[3 * v]},${t[3 * v + 1]},${t[3 * v + 2]}`;
    let n = ids.get(key);
    if (n === undefined) {
      n = ids.size;
      ids.set(key, n);
    }
    return n;
  };
  const directed = new Map<string, number>();
  let volume = 0;
  let minZ = Infinity;
  for (const t of tris) {
    const v = [id(t, 0), id(t, 1), id(t, 2)];
    for (let e = 0; e < 3; e++) {
      const key = `${v[e]}>${v[(e + 1) % 3]}`;
      directed.set(key, (directed.get(key) ?? 0) + 1);
    }
    const [ax, ay, az, bx, by, bz, cx, cy, cz] = t as unknown as number[];
    volume +=
      (ax! * (by! * cz! - bz! * cy!) - ay! * (bx! * cz! - bz! * cx!) + az! * (bx! * cy! - by! * cx!)) / 6;
    minZ = Math.min(minZ, az!, bz!, cz!);
  }
  let unpaired = 0;
  let repeated = 0;
  for (const [key, n] of directed) {
    if (n !== 1) repeated++;
    const [a, b] = key.split('>');
    if (!directed.has(`${b}>${a}`)) unpaired++;
  }
  return { unpaired, repeated, volume, minZ, triangles: tris.length };
}

async function save(page: Page, testId: string): Promise<Uint8Array> {
  const downloading = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  const download = await downloading;
  return new Uint8Array(readFileSync(await download.path()));
}

test('pancreas CT: print of L3-L5 with registration pits, shown in 3D, saved as closed STL and 3MF', async ({
  page,
}, testInfo) => {
  test.setTimeout(420_000);
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  await page.getByTestId('folder-input').setInputFiles(PANCREAS);
  await expect(page.getByTestId('viewport-grid')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('analysis-status')).toHaveAttribute('data-status', 'done', {
    timeout: 300_000,
  });

  const panel = page.getByTestId('panel-print');
  await panel.scrollIntoViewIfNeeded();
  await page.getByTestId('print-from').selectOption('L3');
  await page.getByTestId('print-to').selectOption('L5');
  await page.getByTestId('print-make').click();
  await expect(page.getByTestId('print-result')).toBeVisible({ timeout: 120_000 });
  const rows = page.getByTestId('print-pits').locator('tbody tr');
  await expect(rows).toHaveCount(6);
  await expect(page.getByTestId('print-pits')).toContainText('Spinous process, cranial');
  await expect(page.getByTestId('print-pits')).toContainText('Spinous process, caudal');
  await keepPanelScreenshot(page, testInfo, 'print-panel', 2400);

  // The print in the 3D view with its pit markers (the scene graph says it is there; the screenshot shows it).
  const inScene = await page.evaluate(() => {
    const model = (window as Hooks).__spineplan.printStore.getState().model;
    return { pits: model.fiducials.length, triangles: model.stats.triangles };
  });
  expect(inScene.pits).toBe(6);
  // The pits are kept with the plan (autosaved with it) and offered to the headset's registration.
  const kept = await page.evaluate(() => {
    const h = (window as Hooks).__spineplan;
    const plans = h.planStore.getState();
    return {
      plan: plans.plans[plans.activeCaseKey]?.print?.fiducials.length,
      headset: h.xrStore.getState().printFiducials?.length,
    };
  });
  expect(kept).toEqual({ plan: 6, headset: 6 });
  // From behind, 3D view alone: the pit markers (#ff5a36) are on screen, at least the two spinous ones
  // and the base corners' (six blobs; counted as pixels, the blobs' sizes depend on the zoom).
  await page.getByTestId('maximize-3d').click();
  await page.getByTestId('view-posterior').click();
  const view = await page.getByTestId('viewport-3d').boundingBox();
  if (!view) throw new Error('no 3D view');
  await expect
    .poll(async () => (await pointsOfColour(page, [view], [0xff, 0x5a, 0x36], 40))[0]!.length, {
      timeout: 30_000,
    })
    .toBeGreaterThan(20);
  await keepScreenshot(page, testInfo, 'print-in-3d');
  await page.keyboard.press('Escape');

  const stl = await save(page, 'print-save-stl');
  const report = manifoldReport(stlTriangles(stl));
  expect(report.triangles).toBe(inScene.triangles);
  expect(report.repeated).toBe(0);
  expect(report.unpaired).toBe(0);
  // Three lumbar vertebrae (each ~40-70 cm3 as a filled solid) on a 5 mm base.
  expect(report.volume / 1000).toBeGreaterThan(60);
  expect(report.volume / 1000).toBeLessThan(1500);
  expect(Math.abs(report.minZ)).toBeLessThan(0.6);

  const threeMf = unzipSync(await save(page, 'print-save-3mf'));
  expect(Object.keys(threeMf).sort()).toEqual(['3D/3dmodel.model', '[Content_Types].xml', '_rels/.rels']);
  const xml = new TextDecoder().decode(threeMf['3D/3dmodel.model']);
  expect(xml).toContain('unit="millimeter"');
  expect((xml.match(/<triangle /g) ?? []).length).toBe(inScene.triangles);

  // With the skin shell: a second, separate closed part over the back; the 3MF holds both objects.
  await page.getByTestId('print-skin-shell').check();
  await page.getByTestId('print-make').click();
  await expect(page.getByTestId('print-save-shell')).toBeVisible({ timeout: 120_000 });
  const shell = manifoldReport(stlTriangles(await save(page, 'print-save-shell')));
  expect(shell.repeated).toBe(0);
  expect(shell.unpaired).toBe(0);
  expect(shell.volume).toBeGreaterThan(0);
  // It stands on the base's top face (5 mm above the plate's underside).
  expect(Math.abs(shell.minZ - 5)).toBeLessThan(1.5);
  const both = new TextDecoder().decode(unzipSync(await save(page, 'print-save-3mf'))['3D/3dmodel.model']);
  expect((both.match(/<object /g) ?? []).length).toBe(2);
  await page.getByTestId('maximize-3d').click();
  await page.getByTestId('view-posterior').click();
  await keepScreenshot(page, testInfo, 'print-with-skin-shell');

  expect(errors).toEqual([]);
});
