import { readdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { testDataPath } from '../testData';
import { keepScreenshot, watchPageErrors } from './helpers';
import { pdfPageCount, pdfText } from './pdfText';
import { openSphereInViews } from './syntheticVolume';

/**
 * Issue 19, the reading and planning workflow as a specialist used to PACS viewers expects it: one test per
 * bug (each failed on the main of 2026-12-06), on the small synthetic sphere or 12 slices of the pancreas CT.
 */

// biome-ignore lint/suspicious/noExplicitAny: the stores are reached through the test hook on window
type Hooks = any;

const PANCREAS = testDataPath('ct-series/pancreas-ct-cb001');

/** Sum of the 3D view's grey levels, from a screenshot of what the user sees. */
async function view3dSignal(page: Page): Promise<number> {
  const png = await page.getByTestId('viewport-3d').locator('.viewport-body').screenshot();
  return page.evaluate(async (b64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${b64}`;
    await image.decode();
    const c = document.createElement('canvas');
    c.width = image.width;
    c.height = image.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(image, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let lit = 0;
    for (let p = 0; p < d.length; p += 4) if (d[p]! + d[p + 1]! + d[p + 2]! > 150) lit++;
    return lit;
  }, png.toString('base64'));
}

test('3D: the mouse wheel zooms at once, without a drag to redraw', async ({ page }, testInfo) => {
  const errors = watchPageErrors(page);
  await openSphereInViews(page);
  const toolbar = page.getByTestId('view3d-toolbar');
  await expect.poll(() => toolbar.getAttribute('data-frames').then(Number)).toBeGreaterThan(0);
  // Settled: two readings in a row agree (the first frames may still be the low-resolution ones).
  let before = -1;
  await expect
    .poll(async () => {
      const now = await view3dSignal(page);
      const same = now === before;
      before = now;
      return same;
    })
    .toBe(true);
  const box = (await page.getByTestId('view3d').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -400);
  // Zoomed in (4 x 12%): the sphere covers more of the view, with no pointer button pressed since.
  await expect.poll(() => view3dSignal(page), { timeout: 15_000 }).toBeGreaterThan(before * 1.5);
  await keepScreenshot(page, testInfo, '3d-wheel-zoomed');
  expect(errors).toEqual([]);
});

test('"Headset: not available" note closes with Esc and with a click outside', async ({ page }, testInfo) => {
  await page.goto('/?demo=0');
  const button = page.getByTestId('xr-unavailable');
  const note = page.getByTestId('xr-why');
  await expect(button).toBeVisible();
  await button.click();
  await expect(note).toBeVisible();
  await keepScreenshot(page, testInfo, 'headset-note-open');
  await page.keyboard.press('Escape');
  await expect(note).toBeHidden();
  await button.click();
  await expect(note).toBeVisible();
  await page.getByTestId('empty-state').locator('h1').click();
  await expect(note).toBeHidden();
  // Its sibling: the PACS dialog closes with Esc as well.
  await page.getByTestId('open-pacs').click();
  await expect(page.getByTestId('pacs-dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('pacs-dialog')).toBeHidden();
});

test('HU region statistics follow the region while another view is maximised', async ({ page }) => {
  const errors = watchPageErrors(page);
  await openSphereInViews(page);
  const id = await page.evaluate(() =>
    (window as Hooks).__spineplan.planStore.getState().addMeasurement({
      kind: 'region',
      name: 'R1',
      centreLps: [-6, 0, 0],
      rimLps: [0, 0, 0],
      normalLps: [0, 0, 1],
    }),
  );
  const mean = () =>
    page.evaluate((i) => (window as Hooks).__spineplan.measureStore.getState().regionStats[i]?.meanHu, id);
  await expect.poll(mean).toBeGreaterThan(1000);
  const first = (await mean()) as number;
  for (const view of ['sagittal', 'coronal', '3d']) {
    await page.getByTestId(`maximize-${view}`).click();
    await expect(page.getByTestId('viewport-axial')).toHaveCount(0);
    // Moved 10 mm to the patient's left (+x): the sphere's HU rise 1 per 2 mm along x, so the mean by 5.
    const dx = view === 'sagittal' ? 10 : view === 'coronal' ? -10 : 10;
    await page.evaluate(
      ({ i, dx }) => {
        const s = (window as Hooks).__spineplan.planStore.getState();
        const m = s.plans[s.activeCaseKey].measurements.find((x: { id: string }) => x.id === i);
        s.updateMeasurement({
          ...m,
          centreLps: [m.centreLps[0] + dx, 0, 0],
          rimLps: [m.rimLps[0] + dx, 0, 0],
        });
      },
      { i: id, dx },
    );
    const expected = view === 'coronal' ? first : first + 5;
    await expect.poll(mean).toBeCloseTo(expected, 0);
    await page.getByTestId(`maximize-${view}`).click();
  }
  expect(errors).toEqual([]);
});

test('after a reload the start screen reopens the last case and its plan, without the files', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  const names = readdirSync(PANCREAS)
    .filter((n) => n.endsWith('.dcm'))
    .sort()
    .slice(60, 72);
  await page.getByTestId('file-input').setInputFiles(
    names.map((name) => ({
      name,
      mimeType: 'application/dicom',
      buffer: readFileSync(resolve(PANCREAS, name)),
    })),
  );
  await expect(page.getByTestId('viewport-grid')).toBeVisible({ timeout: 90_000 });
  await page.evaluate(() =>
    (window as Hooks).__spineplan.planStore
      .getState()
      .addTrajectory({ name: 'Kept', entryLps: [60, 120, 0], targetLps: [20, 40, 0] }),
  );
  await page.evaluate(() => (window as Hooks).__spineplan.planStore.getState().flushAutosave());
  const kept = () =>
    page.evaluate(() =>
      (window as Hooks).__spineplan.recentCasesStore
        .getState()
        .cases.map((c: { trajectoryCount: number; sliceCount: number }) => [c.sliceCount, c.trajectoryCount]),
    );
  await expect.poll(kept).toEqual([[12, 1]]);
  // The files are kept as the Blobs the browser handed over (not bytes read again on the page, issue 20),
  // each of its file's size.
  const stored = await page.evaluate(
    () =>
      new Promise<{ blob: boolean; bytes: boolean; size: number }[]>((done, fail) => {
        const open = indexedDB.open('spineplan-recent-cases');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('files').objectStore('files').getAll();
          all.onerror = () => fail(all.error);
          all.onsuccess = () => {
            open.result.close();
            done(
              (all.result as { blob?: Blob; bytes?: Uint8Array }[]).map((r) => ({
                blob: r.blob instanceof Blob,
                bytes: r.bytes !== undefined,
                size: r.blob?.size ?? r.bytes?.byteLength ?? 0,
              })),
            );
          };
        };
      }),
  );
  expect(stored.map((r) => [r.blob, r.bytes])).toEqual(names.map(() => [true, false]));
  const bySize = (a: number, b: number) => a - b;
  expect(stored.map((r) => r.size).sort(bySize)).toEqual(
    names.map((n) => statSync(resolve(PANCREAS, n)).size).sort(bySize),
  );

  await page.reload();
  const item = page.getByTestId('recent-case');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Pancreas');
  await expect(item).toContainText('12 images');
  await expect(item).toContainText('1 trajectory');
  await expect(page.getByTestId('recent-cases-size')).toContainText('MB');
  await keepScreenshot(page, testInfo, 'start-screen-recent-cases');

  // Offline from here: the images and the plan come from this browser only.
  await page.context().setOffline(true);
  await item.locator('.recent-open').click();
  await expect(page.getByTestId('viewport-grid')).toBeVisible({ timeout: 90_000 });
  await expect
    .poll(() =>
      page.evaluate(() => {
        const s = (window as Hooks).__spineplan.planStore.getState();
        return s.plans[s.activeCaseKey]?.trajectories.map((t: { name: string }) => t.name);
      }),
    )
    .toEqual(['Kept']);
  await expect(page.getByTestId('patient')).toContainText('Pancreas-CT-CB_001');
  await keepScreenshot(page, testInfo, 'recent-case-reopened');

  // Forgetting it empties the list (and the browser's copy).
  await page.evaluate(() => (window as Hooks).__spineplan.studyStore.getState().close());
  await page.getByTestId('recent-forget').click();
  await expect(page.getByTestId('recent-case')).toHaveCount(0);
  expect(errors).toEqual([]);
});

/** Page position of the red marker's pixels in the 3D view (centroid), from a screenshot; null when hidden. */
async function redInView3d(page: Page): Promise<{ x: number; y: number; n: number } | null> {
  const body = page.getByTestId('view3d');
  const bb = (await body.boundingBox())!;
  const png = await body.screenshot();
  const c = await page.evaluate(async (b64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${b64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(image, 0, 0);
    const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    let sx = 0;
    let sy = 0;
    for (let p = 0; p < d.length; p += 4)
      if (d[p]! > 150 && d[p + 1]! < 60 && d[p + 2]! < 60) {
        n++;
        sx += (p / 4) % canvas.width;
        sy += Math.floor(p / 4 / canvas.width);
      }
    return n > 0 ? { x: sx / n, y: sy / n, n } : null;
  }, png.toString('base64'));
  return c && { x: bb.x + c.x, y: bb.y + c.y, n: c.n };
}

async function setMarker(page: Page, centreLps: [number, number, number]) {
  await page.evaluate((c) => {
    (window as Hooks).__spineplan.renderStore
      .getState()
      .setMarkers([{ id: 't', centreLps: c, radiusMm: 4, color: '#ff0000' }]);
  }, centreLps);
}

test('3D turns as a turntable (the patient axis stays up) and zooms about the pointer in even steps', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await openSphereInViews(page);
  // A marker 35 mm above the sphere centre (superior): in every turntable pose it stays straight above it.
  await setMarker(page, [0, 0, 35]);
  await page.getByTestId('view-anterior').click();
  const box = (await page.getByTestId('view3d').boundingBox())!;
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await expect.poll(async () => (await redInView3d(page))?.y ?? 1e9).toBeLessThan(centre.y - 20);
  // A diagonal drag (turn and tilt): a trackball would roll the marker off the vertical through the centre.
  await page.mouse.move(centre.x - 60, centre.y + 40);
  await page.mouse.down();
  await page.mouse.move(centre.x + 90, centre.y - 20, { steps: 6 });
  await page.mouse.up();
  await expect
    .poll(async () => {
      const red = await redInView3d(page);
      return red ? Math.abs(red.x - centre.x) : 1e9;
    })
    .toBeLessThan(3);
  const above = (await redInView3d(page))!;
  expect(above.y).toBeLessThan(centre.y);
  await keepScreenshot(page, testInfo, '3d-turntable-after-diagonal-drag');

  // Zoom about the pointer: the marker under the pointer stays under it, two notches = 1.25^2.
  await page.getByTestId('view-anterior').click();
  await setMarker(page, [30, 0, 0]);
  let red = { x: 0, y: 0, n: 0 };
  await expect
    .poll(async () => {
      red = (await redInView3d(page)) ?? red;
      return red.x - centre.x;
    })
    .toBeGreaterThan(30);
  const n0 = red.n;
  await page.mouse.move(red.x, red.y);
  await page.mouse.wheel(0, -100);
  await page.mouse.wheel(0, -100);
  await expect.poll(async () => (await redInView3d(page))?.n ?? 0).toBeGreaterThan(n0 * 1.5);
  const after = (await redInView3d(page))!;
  expect(Math.hypot(after.x - red.x, after.y - red.y)).toBeLessThan(4);
  // Two notches: the marker's area grows by about 1.25^4 (a little more in perspective).
  expect(after.n / n0).toBeGreaterThan(2.0);
  expect(after.n / n0).toBeLessThan(3.2);
  await keepScreenshot(page, testInfo, '3d-zoomed-at-pointer');

  // The prone table view, as the operator stands at the patient's left: the patient's left (near side) is
  // at the bottom, the head to the left.
  await setMarker(page, [30, 0, 0]);
  await page.getByTestId('view-prone').click();
  await expect.poll(async () => ((await redInView3d(page))?.y ?? 0) - centre.y).toBeGreaterThan(20);
  await setMarker(page, [0, 0, 30]);
  await expect.poll(async () => centre.x - ((await redInView3d(page))?.x ?? 1e9)).toBeGreaterThan(20);
  await keepScreenshot(page, testInfo, '3d-prone-from-left');
  expect(errors).toEqual([]);
});

test('2D: Ctrl+wheel zooms in even steps about the pointer; the wheel alone scrolls slices', async ({
  page,
}) => {
  const errors = watchPageErrors(page);
  await openSphereInViews(page);
  const view = page.getByTestId('slice-axial');
  const bb = (await view.boundingBox())!;
  const read = () =>
    view.evaluate((el) => ({
      k: Number(el.dataset.pxPerMm),
      centre: (el.dataset.centreMm ?? '').split(',').map(Number),
    }));
  const at = { x: bb.x + bb.width * 0.7, y: bb.y + bb.height * 0.35 };
  // The plane point under the pointer, from the view's published mapping.
  const under = (m: { k: number; centre: number[] }) => [
    m.centre[0]! + (at.x - bb.x - bb.width / 2) / m.k,
    m.centre[1]! - (at.y - bb.y - bb.height / 2) / m.k,
  ];
  const m0 = await read();
  await page.mouse.move(at.x, at.y);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -100);
  await page.keyboard.up('Control');
  await expect.poll(async () => (await read()).k / m0.k).toBeCloseTo(1.25, 3);
  const m1 = await read();
  const [a0, a1] = [under(m0), under(m1)];
  // Anchored within a screen pixel (the pointer's CSS position rounds).
  expect(Math.hypot(a1[0]! - a0[0]!, a1[1]! - a0[1]!)).toBeLessThan(1 / m1.k);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, 100);
  await page.keyboard.up('Control');
  await expect.poll(async () => (await read()).k / m0.k).toBeCloseTo(1, 3);
  // The wheel alone moves the slice, not the zoom.
  const slice = () => page.getByTestId('slice-position-axial').textContent();
  const s0 = await slice();
  await page.mouse.wheel(0, 100);
  await expect.poll(slice).not.toBe(s0);
  expect((await read()).k / m0.k).toBeCloseTo(1, 3);
  expect(errors).toEqual([]);
});

/** The measurement overlay of each 2D view has the size of its view: the overlays followed the layout. */
async function overlaysFollow(page: Page) {
  for (const v of ['axial', 'sagittal', 'coronal'])
    await expect
      .poll(async () => {
        const box = (await page.getByTestId(`slice-${v}`).boundingBox())!;
        const svg = page.getByTestId(`measure-overlay-${v}`);
        return Math.abs(Number(await svg.getAttribute('width')) - box.width);
      })
      .toBeLessThan(1.5);
}

test('layouts 1+3 keep every view, labels and letters are readable, help lists the mouse', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await openSphereInViews(page);
  // A distance across the sphere (bright bone-like grey) and an oblique needle for the locked views.
  await page.evaluate(() => {
    const s = (window as Hooks).__spineplan.planStore.getState();
    s.addMeasurement({ kind: 'distance', name: 'D1', aLps: [-18, 0, 0], bLps: [12, 0, 0] });
    s.addTrajectory({ name: 'Oblique', entryLps: [40, 45, 30], targetLps: [0, 0, 0] });
  });
  const label = page.getByTestId('measure-label-axial');
  await expect(label).toContainText('D1 30.0 mm');
  // Drawn with a black halo under the letters (paint-order: stroke), readable on bone, fat or air.
  expect(await label.evaluate((el) => getComputedStyle(el).paintOrder)).toContain('stroke');
  expect(Number(await label.getAttribute('stroke-width'))).toBeGreaterThanOrEqual(3);

  // 1+3 beside: the 3D view large, the three 2D views beside it; all four stay.
  await page.getByTestId('layout-select').selectOption('1+3 right');
  const size = async (id: string) => (await page.getByTestId(`viewport-${id}`).boundingBox())!;
  await expect.poll(async () => (await size('3d')).width / (await size('axial')).width).toBeGreaterThan(2.5);
  for (const v of ['axial', 'sagittal', 'coronal'])
    await expect(page.getByTestId(`slice-${v}`)).toBeVisible();
  await page.getByTestId('enlarge-axial').click();
  await expect.poll(async () => (await size('axial')).width / (await size('3d')).width).toBeGreaterThan(2.5);
  await overlaysFollow(page);
  await keepScreenshot(page, testInfo, 'layout-1-3-beside-axial-large');
  await page.getByTestId('layout-select').selectOption('1+3 below');
  await expect
    .poll(async () => (await size('axial')).height / (await size('3d')).height)
    .toBeGreaterThan(1.5);
  await overlaysFollow(page);
  await keepScreenshot(page, testInfo, 'layout-1-3-below');
  await page.getByTestId('layout-select').selectOption('2x2');

  // Needle-locked (oblique) views: the letters sit on a dark plate, the dominant one first.
  await page.evaluate(() => (window as Hooks).__spineplan.sliceStore.getState().setLayout('needle'));
  const top = page.getByTestId('label-top-axial');
  await expect(top).toHaveText(/^[LRAPSI]{1,3}$/);
  expect(await top.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgba(0, 0, 0, 0.7)');
  await keepScreenshot(page, testInfo, 'needle-views-letters-and-label');

  await page.keyboard.press('?');
  const help = page.getByTestId('help-panel');
  await expect(help.getByTestId('help-mouse-2d')).toContainText('Ctrl+wheel or pinch');
  await expect(help.getByTestId('help-mouse-3d')).toContainText('Left drag');
  await expect(help.getByTestId('help-mouse-3d')).toContainText('Right drag');
  await expect(help).toContainText('Keyboard shortcuts');
  await keepScreenshot(page, testInfo, 'help-mouse-and-keys');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  // Siblings of the headset note: the 3D view's Clipping panel closes with Esc too.
  await page.getByTestId('crop-toggle').click();
  await expect(page.getByTestId('crop-panel')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('crop-panel')).toHaveCount(0);

  // The layout is a preference of this browser: it is still chosen after a reload.
  await page.getByTestId('layout-select').selectOption('1+3 below');
  await page.reload();
  expect(await page.evaluate(() => (window as Hooks).__spineplan.viewStore.getState().layout)).toBe(
    '1+3 below',
  );
  expect(errors).toEqual([]);
});

test('export named for people; the report has measurements, HU profile, proposal note, sign-off, one convention', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await openSphereInViews(page);
  await page.evaluate(() => {
    const s = (window as Hooks).__spineplan.planStore.getState();
    const id = s.addTrajectory({ name: 'Left L4-L5', entryLps: [40, 45, 10], targetLps: [0, 0, 0] });
    s.updateTrajectory(id, {
      procedure: 'tfesi',
      level: 'L4-L5',
      side: 'left',
      proposal: {
        source: 'clicks',
        note: 'Target from your clicks; approach searched within the published ranges.',
        remarks: ['Entry on the skin.'],
        entryOnSkin: true,
        views: ['ap'],
      },
    });
    s.addTrajectory({ name: 'Right', entryLps: [-40, 45, -10], targetLps: [0, 0, 0] });
    s.addMeasurement({ kind: 'distance', name: 'Canal', aLps: [-10, 0, 0], bLps: [10, 0, 0] });
    s.addMeasurement({
      kind: 'region',
      name: 'Body',
      centreLps: [0, 0, 0],
      rimLps: [6, 0, 0],
      normalLps: [0, 0, 1],
    });
  });
  const panel = page.getByTestId('plan-panel');
  const downloadPromise = page.waitForEvent('download');
  await panel.getByTestId('plan-export').click();
  const name = (await downloadPromise).suggestedFilename();
  expect(name).toMatch(/^L4-L5 left TFESI \+ right TFESI - SYNTHETIC, SPHERE - \d{4}-\d{2}-\d{2}\.json$/);
  // The notice naming the file stays inside the panel.
  const sidePanel = (await page.getByTestId('side-panel').boundingBox())!;
  const notice = (await panel.getByText(`Exported ${name}`).boundingBox())!;
  expect(notice.x + notice.width).toBeLessThanOrEqual(sidePanel.x + sidePanel.width + 0.5);

  await panel.getByTestId('plan-report-open').click();
  const report = page.getByTestId('plan-report');
  await expect(report.getByTestId('report-status')).toHaveAttribute('data-ready', 'true', {
    timeout: 120_000,
  });
  await expect(report.getByTestId('report-convention')).toHaveCount(1);
  await expect(report.getByTestId('report-measurements')).toContainText('Canal');
  await expect(report.getByTestId('report-measurements')).toContainText('20.0 mm');
  await expect(report.getByTestId('report-measurements')).toContainText(/mean 10\d\d HU/);
  await expect(report.getByTestId('report-hu-profile')).toHaveCount(2);
  await expect(report.getByTestId('report-proposal')).toContainText('Target from your clicks');
  await expect(report.getByTestId('report-signoff')).toContainText('Planned by');
  await expect(report.getByTestId('report-signoff')).toContainText('Checked by');
  await report
    .getByTestId('report-sheet')
    .screenshot({ path: testInfo.outputPath('report-sheet-additions.png') });
  await report.getByTestId('report-signoff').scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, 'report-sheet-bottom');
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdfPageCount(pdf)).toBe(1);
  expect(pdfText(pdf)).toContain('Checked by');
  expect(errors).toEqual([]);
});

test('shared browser: opening a package as a trainee shows no plan before Start', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  const names = readdirSync(PANCREAS)
    .filter((n) => n.endsWith('.dcm'))
    .sort()
    .slice(60, 72);
  await page.getByTestId('file-input').setInputFiles(
    names.map((name) => ({
      name,
      mimeType: 'application/dicom',
      buffer: readFileSync(resolve(PANCREAS, name)),
    })),
  );
  await expect(page.getByTestId('viewport-grid')).toBeVisible({ timeout: 90_000 });
  // The expert's plan on these images, autosaved in this browser, made into a package.
  await page.evaluate(() =>
    (window as Hooks).__spineplan.planStore
      .getState()
      .addTrajectory({ name: 'Expert answer', entryLps: [60, 120, 0], targetLps: [20, 40, 0] }),
  );
  const training = page.getByTestId('panel-training');
  await training.getByTestId('trainee-expert-toggle').click();
  await training.getByTestId('trainee-create-title').fill('Shared browser');
  const downloading = page.waitForEvent('download');
  await training.getByTestId('trainee-create-export').click();
  const download = await downloading;
  const bytes = readFileSync(await download.path());

  // The trainee at the same browser opens the package: before Start, no plan anywhere.
  await training.getByTestId('trainee-package-input').setInputFiles({
    name: download.suggestedFilename(),
    mimeType: 'application/zip',
    buffer: bytes,
  });
  await expect(training.getByTestId('trainee-package-title')).toHaveText('Shared browser');
  const active = () =>
    page.evaluate(() => {
      const s = (window as Hooks).__spineplan.planStore.getState();
      return s.plans[s.activeCaseKey]?.trajectories.length ?? 0;
    });
  expect(await active()).toBe(0);
  await expect(page.getByTestId('trajectory-item')).toHaveCount(0);
  await keepScreenshot(page, testInfo, 'trainee-package-open-no-plan');
  expect(errors).toEqual([]);
});
