import { expect, type Page, test } from '@playwright/test';
import { keepScreenshot, watchPageErrors } from './helpers';
import { openSmallPhantomInViews, smallPhantom } from './smallPhantom';
import { addTrajectoryInPage, openSphereInViews } from './syntheticVolume';

/**
 * Needle-locked views (issue 6) on the synthetic sphere (1000 HU, radius 20 mm, centred at LPS 0,0,0): with a
 * trajectory selected, the "Needle" layout turns the three 2D views into two planes along the needle and one
 * across it.
 */

type Lps = [number, number, number];
// biome-ignore lint/suspicious/noExplicitAny: the stores are reached through the test hook on window
type Hooks = any;

const ENTRY: Lps = [30, 40, 12];
const TARGET: Lps = [0, 0, 0];

async function openSphereWithNeedle(page: Page) {
  await openSphereInViews(page);
  await addTrajectoryInPage(page, { entryLps: ENTRY, targetLps: TARGET });
}

/** Page position of a handle drawn by the trajectory overlay, and whether it is drawn as lying in the slice. */
async function handle(page: Page, view: string, end: 'entry' | 'target') {
  const g = page.getByTestId(`plan-${end}-${view}`);
  const box = (await page.getByTestId(`slice-${view}`).boundingBox())!;
  const a = await g.evaluate((el) => ({
    x: Number(el.getAttribute('data-x')),
    y: Number(el.getAttribute('data-y')),
    inSlice: el.getAttribute('data-in-slice') === 'true',
  }));
  return { ...a, pageX: box.x + a.x, pageY: box.y + a.y, box };
}

const inside = (h: { x: number; y: number; box: { width: number; height: number } }) =>
  h.x > 0 && h.y > 0 && h.x < h.box.width && h.y < h.box.height;

/** What a view's fit uses: its scale, the needle field it frames, and the part its bands leave free (px). */
async function framing(page: Page, view: string) {
  const el = page.getByTestId(`slice-${view}`);
  const box = (await el.boundingBox())!;
  const num = async (name: string) => Number(await el.getAttribute(name));
  const top = await num('data-inset-top-px');
  const bottom = await num('data-inset-bottom-px');
  return {
    pxPerMm: await num('data-px-per-mm'),
    fieldMm: await num('data-needle-field-mm'),
    free: { top, bottom: box.height - bottom, width: box.width, height: box.height - top - bottom },
  };
}

test('needle views show entry and target, turn about the needle, scroll down it', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await openSphereWithNeedle(page);
  await page.getByTestId('needle-layout-axial').click();
  await expect(page.getByTestId('needle-view-axial')).toHaveAttribute('data-kind', 'inPlaneA');
  await expect(page.getByTestId('needle-view-sagittal')).toHaveAttribute('data-kind', 'inPlaneB');
  await expect(page.getByTestId('needle-view-coronal')).toHaveAttribute('data-kind', 'down');
  await expect(page.getByTestId('viewport-title-axial')).toHaveText('Needle in-plane A');
  await expect(page.getByTestId('viewport-title-coronal')).toHaveText('Down the needle');

  // Both in-plane views contain the whole needle: both handles are in the slice and on screen.
  for (const view of ['axial', 'sagittal']) {
    const entry = await handle(page, view, 'entry');
    const target = await handle(page, view, 'target');
    expect(entry.inSlice && target.inSlice).toBe(true);
    expect(inside(entry) && inside(target)).toBe(true);
    // The needle runs across the screen (target left of entry), at the same height.
    expect(Math.abs(entry.y - target.y)).toBeLessThan(1);
    expect(target.x).toBeLessThan(entry.x);
    const lengthMm = Math.hypot(ENTRY[0] - TARGET[0], ENTRY[1] - TARGET[1], ENTRY[2] - TARGET[2]);
    const k = Number(await page.getByTestId(`slice-${view}`).getAttribute('data-px-per-mm'));
    expect(Math.abs(entry.x - target.x) / k).toBeCloseTo(lengthMm, 0);
    // The view frames the needle (its 51 mm plus 15 mm each side), not the whole 128 mm cube: both ends in
    // the part the toolbar and the needle controls leave free, and the needle across more than 45 % of that
    // part's shorter side (0.58 here; the whole-volume fit gave ~0.3).
    const f = await framing(page, view);
    expect(f.fieldMm).toBeCloseTo(lengthMm + 30, 1);
    for (const end of [entry, target]) {
      expect(end.y).toBeGreaterThan(f.free.top);
      expect(end.y).toBeLessThan(f.free.bottom);
    }
    expect(Math.abs(entry.x - target.x) / Math.min(f.free.width, f.free.height)).toBeGreaterThan(0.45);
  }
  // The down view frames 100 mm about the needle, the target at its centre.
  const downFraming = await framing(page, 'coronal');
  expect(downFraming.fieldMm).toBe(100);
  expect((100 * downFraming.pxPerMm) / Math.min(downFraming.free.width, downFraming.free.height)).toBeCloseTo(
    0.92,
    2,
  );
  const downTarget = await handle(page, 'coronal', 'target');
  expect(downTarget.y).toBeGreaterThan(downFraming.free.top);
  expect(downTarget.y).toBeLessThan(downFraming.free.bottom);
  expect(Math.abs(downTarget.x - downTarget.box.width / 2)).toBeLessThan(2);

  // The down view starts at the entry: depth 0 and the whole needle to go.
  const down = page.getByTestId('needle-view-coronal');
  const lengthMm = Math.hypot(...ENTRY);
  await expect(down).toHaveAttribute('data-depth-mm', '0.00');
  expect(Number(await down.getAttribute('data-remaining-mm'))).toBeCloseTo(lengthMm, 1);
  // Wheel down moves deeper, 1 mm a notch.
  const downBox = (await page.getByTestId('slice-coronal').boundingBox())!;
  await page.mouse.move(downBox.x + downBox.width / 2, downBox.y + downBox.height / 2);
  for (let i = 0; i < 5; i++) await page.mouse.wheel(0, 100);
  await expect(down).toHaveAttribute('data-depth-mm', '5.00');
  await expect(down).toContainText(`${(lengthMm - 5).toFixed(1)} mm to target`);
  // The slider goes to the target; the sphere (1000 HU) fills the view centre there.
  await page.getByTestId('needle-depth-coronal').fill(String(lengthMm));
  expect(Number(await down.getAttribute('data-remaining-mm'))).toBeCloseTo(0, 1);

  // Turning: view B is always A + 90 deg. It does not refit: the frame stays while this needle is shown.
  const beforeTurn = await framing(page, 'axial');
  await page.getByTestId('needle-rotate-plus-axial').click();
  await expect(page.getByTestId('needle-view-axial')).toContainText('15° about the needle');
  await expect(page.getByTestId('needle-view-sagittal')).toContainText('105° about the needle');
  const target = await handle(page, 'axial', 'target');
  expect(target.inSlice).toBe(true);
  await keepScreenshot(page, testInfo, 'needle-views');

  const framed = await framing(page, 'axial');
  expect(framed.pxPerMm).toBe(beforeTurn.pxPerMm);

  // Dragging the entry in view A: view A holds the plane it had when the drag began, so the entry stays
  // under the pointer and the target stays where it was on screen (a view re-locked to the moving needle
  // would turn and slide under the pointer). On release the views lock to the needle again and still contain
  // both ends, at the same scale (the view does not zoom under the cursor while the needle changes length).
  const entry = await handle(page, 'axial', 'entry');
  const targetHeld = await handle(page, 'axial', 'target');
  await page.mouse.move(entry.pageX, entry.pageY);
  await page.mouse.down();
  for (let step = 1; step <= 5; step++) {
    const [px, py] = [entry.pageX + 2 * step, entry.pageY - 4 * step];
    await page.mouse.move(px, py);
    await expect
      .poll(async () => {
        const e = await handle(page, 'axial', 'entry');
        return Math.hypot(e.pageX - px, e.pageY - py);
      })
      .toBeLessThan(1.5);
    const t = await handle(page, 'axial', 'target');
    expect(Math.hypot(t.x - targetHeld.x, t.y - targetHeld.y)).toBeLessThan(1);
  }
  await page.mouse.up();
  // Locked again: the needle runs level across view A.
  await expect
    .poll(async () => {
      const e = await handle(page, 'axial', 'entry');
      const t = await handle(page, 'axial', 'target');
      return Math.abs(e.y - t.y);
    })
    .toBeLessThan(1);
  for (const view of ['axial', 'sagittal']) {
    const e = await handle(page, view, 'entry');
    const t = await handle(page, view, 'target');
    expect(e.inSlice && t.inSlice).toBe(true);
  }
  const moved = await page.evaluate(
    () => (window as Hooks).__spineplan.planStore.getState().plans['2.25.1'].trajectories[0].entryLps,
  );
  expect(Math.hypot(moved[0] - ENTRY[0], moved[1] - ENTRY[1], moved[2] - ENTRY[2])).toBeGreaterThan(3);
  const afterDrag = await framing(page, 'axial');
  expect(afterDrag.pxPerMm).toBe(framed.pxPerMm);
  expect(afterDrag.fieldMm).toBe(framed.fieldMm);
  // Zoom still works on a needle view; Fit frames the needle as it is now (its new length).
  const axialBox = (await page.getByTestId('slice-axial').boundingBox())!;
  await page.mouse.move(axialBox.x + axialBox.width / 2, axialBox.y + axialBox.height / 2);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -100);
  await page.keyboard.up('Control');
  await expect
    .poll(async () => (await framing(page, 'axial')).pxPerMm)
    .toBeGreaterThan(framed.pxPerMm * 1.05);
  await page.getByTestId('slice-toolbar-axial').getByRole('button', { name: 'Fit' }).click();
  const movedLengthMm = Math.hypot(moved[0], moved[1], moved[2]);
  await expect.poll(async () => (await framing(page, 'axial')).fieldMm).toBeCloseTo(movedLengthMm + 30, 1);
  const refit = await framing(page, 'axial');
  expect(refit.pxPerMm).toBeCloseTo(
    (0.92 * Math.min(refit.free.width, refit.free.height)) / (movedLengthMm + 30),
    3,
  );

  // Back to the standard layout.
  await page.getByTestId('needle-layout-axial').click();
  await expect(page.getByTestId('slice-position-axial')).toBeVisible();
  expect(errors).toEqual([]);
});

/**
 * What a 2D view draws of the vertebra names and needles (px from the view's top-left): each leader with the
 * box of the name it ends at, the free area between the bands, and the needles' projected ends.
 */
async function levelLabelScene(page: Page, view: string) {
  return page.evaluate((v) => {
    const root = document.querySelector<HTMLElement>(`[data-testid="slice-${v}"]`)!;
    const r = root.getBoundingClientRect();
    const num = (el: Element, a: string) => Number(el.getAttribute(a));
    const names = [...document.querySelectorAll(`[data-testid="level-label-${v}"]`)].map((el) => {
      const b = el.getBoundingClientRect();
      return {
        name: el.getAttribute('data-name')!,
        box: [b.left - r.left, b.top - r.top, b.right - r.left, b.bottom - r.top] as const,
      };
    });
    const leaders = [...document.querySelectorAll(`[data-testid="level-leader-${v}"]`)].map((el) => ({
      name: el.getAttribute('data-name')!,
      from: [num(el, 'x1'), num(el, 'y1')] as const,
      to: [num(el, 'x2'), num(el, 'y2')] as const,
    }));
    const ends = (end: string) =>
      [...document.querySelectorAll(`[data-testid="plan-${end}-${v}"]`)].map(
        (el) => [num(el, 'data-x'), num(el, 'data-y')] as const,
      );
    return {
      widthPx: r.width,
      heightPx: r.height,
      topPx: num(root, 'data-inset-top-px'),
      bottomPx: r.height - num(root, 'data-inset-bottom-px'),
      names,
      leaders,
      entries: ends('entry'),
      targets: ends('target'),
    };
  }, view);
}

type Pt = readonly [number, number];
const pointSegment = (p: Pt, a: Pt, b: Pt) => {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
};
/** Distance from a point to a box (0 inside). */
const pointBox = (p: Pt, b: readonly number[]) =>
  Math.hypot(Math.max(b[0]! - p[0], 0, p[0] - b[2]!), Math.max(b[1]! - p[1], 0, p[1] - b[3]!));

/** The clearance the e2e holds the names to (the layout keeps 20 px from a target, 14 px from a needle). */
const TARGET_CLEAR_PX = 16;
const NEEDLE_CLEAR_PX = 12;

/**
 * Every leader ends at its own name, whose box is inside the view's free area; no name box or leader comes
 * within 16 px of a needle's projected target or 12 px of its drawn line. Returns the names drawn.
 */
async function expectLevelLabelsClear(page: Page, view: string, what: string): Promise<string[]> {
  const s = await levelLabelScene(page, view);
  const label = `${what}, ${view}`;
  for (const leader of s.leaders) {
    const name = s.names.find((n) => n.name === leader.name);
    expect(name, `${label}: leader ${leader.name} has its name`).toBeDefined();
    expect(pointBox(leader.to, name!.box), `${label}: leader ${leader.name} ends at its name`).toBeLessThan(
      0.5,
    );
  }
  for (const n of s.names) {
    const [l, t, r, b] = n.box;
    expect(l >= 0 && r <= s.widthPx, `${label}: ${n.name} inside the view (${n.box.map(Math.round)})`).toBe(
      true,
    );
    expect(t >= s.topPx - 0.5 && b <= s.bottomPx + 0.5, `${label}: ${n.name} clear of the bands`).toBe(true);
  }
  // The leader's path as drawn (body to name centre), sampled every 1 px, and the name's box.
  const samples = (a: Pt, b: Pt): Pt[] => {
    const n = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1])));
    return Array.from({ length: n + 1 }, (_, i) => [
      a[0] + ((b[0] - a[0]) * i) / n,
      a[1] + ((b[1] - a[1]) * i) / n,
    ]);
  };
  s.targets.forEach((target, i) => {
    const entry = s.entries[i]!;
    for (const n of s.names) {
      expect(pointBox(target, n.box), `${label}: ${n.name} clear of the target`).toBeGreaterThanOrEqual(
        TARGET_CLEAR_PX,
      );
      const corners: Pt[] = [
        [n.box[0], n.box[1]],
        [n.box[2], n.box[1]],
        [n.box[2], n.box[3]],
        [n.box[0], n.box[3]],
      ];
      const edges = corners.flatMap((c, k) => samples(c, corners[(k + 1) % 4]!));
      const nearestToNeedle = Math.min(...edges.map((p) => pointSegment(p, entry, target)));
      expect(nearestToNeedle, `${label}: ${n.name} clear of the needle`).toBeGreaterThanOrEqual(
        NEEDLE_CLEAR_PX,
      );
    }
    for (const leader of s.leaders) {
      const path = samples(leader.from, leader.to);
      const toTarget = Math.min(...path.map((p) => Math.hypot(p[0] - target[0], p[1] - target[1])));
      expect(toTarget, `${label}: leader ${leader.name} clear of the target`).toBeGreaterThanOrEqual(
        TARGET_CLEAR_PX,
      );
      const toNeedle = Math.min(...path.map((p) => pointSegment(p, entry, target)));
      expect(toNeedle, `${label}: leader ${leader.name} clear of the needle`).toBeGreaterThanOrEqual(
        NEEDLE_CLEAR_PX,
      );
    }
  });
  return s.names.map((n) => n.name);
}

test('small phantom, TFESI L4-L5 left and MBB L4 right: in the needle views every leader has its name in the view, none near a needle or its tip; Fit says what it frames', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  await openSmallPhantomInViews(page);
  // Targets from the phantom's truth (the safe triangle below the L4 pedicle, the L4 SAP-TP junction),
  // entries out along the usual approaches: TFESI 30 deg oblique from the sagittal plane, 80 mm; MBB 15 deg,
  // 60 mm (planning/proposal.ts does the same with the skin; it reads a JSON module Playwright's loader refuses).
  const truth = smallPhantom().truth;
  const along = (target: Lps, side: 'left' | 'right', obliqueDeg: number, depthMm: number) => {
    const a = (obliqueDeg * Math.PI) / 180;
    // LPS: +x is the patient's left, +y posterior.
    const out: Lps = [(side === 'left' ? 1 : -1) * Math.sin(a), Math.cos(a), 0];
    return { targetLps: target, entryLps: target.map((t, i) => t + out[i]! * depthMm) as Lps };
  };
  const l4l5 = truth.segments.find((x) => x.name === 'L4-L5')!;
  const l4 = truth.vertebrae.find((x) => x.name === 'L4')!;
  await expect(page.getByTestId('analysis-status')).toHaveAttribute('data-status', 'done', {
    timeout: 60_000,
  });
  const tfesi = await addTrajectoryInPage(page, {
    ...along(l4l5.left.safeTriangleCentreLps as Lps, 'left', 30, 80),
    name: 'TFESI L4-L5 left',
  });
  const mbb = await addTrajectoryInPage(page, {
    ...along(l4.right.sapTpJunctionLps as Lps, 'right', 15, 60),
    name: 'MBB L4 right',
  });
  const fitButton = (view: string) =>
    page.getByTestId(`slice-toolbar-${view}`).getByRole('button', { name: 'Fit' });
  const views = ['axial', 'sagittal', 'coronal'];

  // The standard views first (whole volume): the names are there and keep clear of both needles.
  await expect(page.getByTestId('level-label-sagittal').first()).toBeVisible();
  for (const v of views) await expectLevelLabelsClear(page, v, 'standard');
  await expect(fitButton('axial')).toHaveAttribute('title', 'Fit the volume');
  await keepScreenshot(page, testInfo, 'level-labels-standard-2x2');

  const named: string[] = [];
  for (const [id, what] of [
    [tfesi, 'tfesi-l4-l5-left'],
    [mbb, 'mbb-l4-right'],
  ] as const) {
    await page.evaluate((t) => (window as Hooks).__spineplan.planStore.getState().select(t), id);
    if ((await page.getByTestId('needle-view-axial').count()) === 0)
      await page.getByTestId('needle-layout-axial').click();
    await expect(page.getByTestId('needle-view-coronal')).toHaveAttribute('data-kind', 'down');
    for (const v of views) await expect(fitButton(v)).toHaveAttribute('title', 'Fit the needle');
    for (const v of views) named.push(...(await expectLevelLabelsClear(page, v, what)));
    // Down the needle at its tip: the plane through the target, where the vertebra beside it is named.
    const down = page.getByTestId('needle-view-coronal');
    const lengthMm =
      Number(await down.getAttribute('data-depth-mm')) + Number(await down.getAttribute('data-remaining-mm'));
    await page.getByTestId('needle-depth-coronal').fill(String(lengthMm));
    await expect(down).toHaveAttribute('data-depth-mm', lengthMm.toFixed(2));
    named.push(...(await expectLevelLabelsClear(page, 'coronal', `${what} at the tip`)));
    await keepScreenshot(page, testInfo, `level-labels-needle-${what}`);
  }
  // The close views still name vertebrae (the check above is not passed by drawing none).
  expect(named.length).toBeGreaterThan(0);
  await page.getByTestId('needle-layout-axial').click();
  await expect(fitButton('axial')).toHaveAttribute('title', 'Fit the volume');
  expect(errors).toEqual([]);
});
