import { expect, type Page, test } from '@playwright/test';
import { keepScreenshot, watchPageErrors } from './helpers';
import { sliceViewImage } from './sliceViewImage';
import { openSmallPhantomInViews } from './smallPhantom';
import { openSyntheticVolumeInPage } from './syntheticVolume';
import { view3dControl } from './view3dToolbar';

test('an open volume fills the 2x2 grid; any view maximises and restores', async ({ page }, testInfo) => {
  const errors = watchPageErrors(page);
  await page.goto('/?demo=0');
  await page.evaluate(openSyntheticVolumeInPage);
  await expect(page.getByTestId('viewport-grid')).toBeVisible();
  await expect(page.getByTestId('case-name')).toHaveText('Synthetic sphere');
  await expect(page.getByTestId('patient')).toContainText('SYNTHETIC, SPHERE');
  await expect(page.getByTestId('patient')).toContainText('2026-11-28');
  await expect(page.getByTestId('panel-series')).toContainText('64 x 64 x 64');
  for (const id of ['3d', 'axial', 'sagittal', 'coronal'])
    await expect(page.getByTestId(`viewport-${id}`)).toBeVisible();
  await expect(page.getByTestId('shared-canvas')).toBeVisible();
  await keepScreenshot(page, testInfo, 'grid');

  await page.getByTestId('maximize-axial').click();
  await expect(page.getByTestId('viewport-3d')).toHaveCount(0);
  await expect(page.getByTestId('viewport-axial')).toBeVisible();
  await keepScreenshot(page, testInfo, 'axial-maximised');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('viewport-3d')).toBeVisible();
  await page.keyboard.press('1');
  await expect(page.getByTestId('viewport-axial')).toHaveCount(0);
  await page.keyboard.press('1');
  await expect(page.getByTestId('viewport-axial')).toBeVisible();
  expect(errors).toEqual([]);
});

// biome-ignore lint/suspicious/noExplicitAny: the stores are reached through window (main.tsx's test hook)
type Hooks = any;
const SLICE_VIEWS = ['axial', 'sagittal', 'coronal'] as const;
/**
 * A 2D view's toolbar, its bands and where the volume's projection lies on screen (page px), from the view's
 * own published mapping: the image is fitted in the free area when it lies between the bands and the view's
 * anchor is the free area's centre (not the whole view's, the fallback for views too small to spare the bands).
 */
async function toolbarAndImage(page: Page, view: string) {
  const toolbar = (await page.getByTestId(`slice-toolbar-${view}`).boundingBox())!;
  const control = (await page.getByTestId(`window-preset-${view}`).boundingBox())!;
  const image = await sliceViewImage(page, view);
  const labels = await page
    .getByTestId(`level-label-${view}`)
    .evaluateAll((els) =>
      els.map((e) => ({ name: e.textContent, rect: e.getBoundingClientRect().toJSON() as DOMRectInit })),
    );
  return { toolbar, control, image, labels };
}

const intersects = (a: DOMRectInit, b: { x: number; y: number; width: number; height: number }) =>
  a.x! < b.x + b.width && b.x < a.x! + a.width! && a.y! < b.y + b.height && b.y < a.y! + a.height!;

/**
 * Every 2D toolbar is one control high, each view's image lies in the part of the view its bands leave free,
 * and no vertebra name is drawn under a toolbar.
 */
async function expectOneRowAndFreeAreaFit(page: Page, label: string): Promise<void> {
  for (const view of SLICE_VIEWS)
    await expect
      .poll(async () => {
        const { toolbar, control, image, labels } = await toolbarAndImage(page, view);
        return {
          levelNamesUnderToolbar: labels.filter((l) => intersects(l.rect, toolbar)).map((l) => l.name),
          oneRow: toolbar.height <= control.height + 4,
          fittedInFreeArea: Math.abs(image.anchorYPx - image.freeCentreYPx) < 1 && image.insetTopPx > 0,
          imageBelowToolbar: image.imageTopPx >= toolbar.y + toolbar.height,
          imageAboveBottomBand: image.imageBottomPx <= image.viewBottomPx - image.insetBottomPx + 0.5,
        };
      }, `${view} ${label}`)
      .toEqual({
        levelNamesUnderToolbar: [],
        oneRow: true,
        fittedInFreeArea: true,
        imageBelowToolbar: true,
        imageAboveBottomBand: true,
      });
}

/** The small phantom in the views of a 1024x700 window (a laptop with the browser's own bars). */
async function openSmallPhantomAtLaptopSize(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto('/?demo=0');
  await openSmallPhantomInViews(page);
}

test('at 1024x700 in the 1+3 layout every 2D toolbar is one row, the rest in a More menu that works', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await openSmallPhantomAtLaptopSize(page);
  await page.evaluate(() => (window as Hooks).__spineplan.viewStore.getState().setLayout('1+3 right'));
  await expect(page.getByTestId('viewport-grid')).toHaveClass(/layout-right/);
  await expectOneRowAndFreeAreaFit(page, '1+3 right 1024x700');
  // The side views are narrow: the window preset stays in the row, the others are behind More.
  const toolbar = page.getByTestId('slice-toolbar-sagittal');
  const more = page.getByTestId('slice-toolbar-more-sagittal');
  await expect(page.getByTestId('window-preset-sagittal')).toBeVisible();
  await expect(toolbar).toHaveAttribute('data-in-menu', /slab/);
  await expect(page.getByTestId('slab-sagittal')).toHaveCount(0);
  await keepScreenshot(page, testInfo, 'toolbars-1024x700-1+3');

  // Keyboard: Enter opens (focus on the first control in it), Esc closes and gives focus back to the button,
  // and does not restore the layout (the app's own Esc).
  await more.focus();
  await page.keyboard.press('Enter');
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  const menu = page.getByTestId('slice-toolbar-more-sagittal-menu');
  await expect(menu).toBeVisible();
  await expect(menu.locator(':focus')).toHaveCount(1);
  await keepScreenshot(page, testInfo, 'toolbars-1024x700-1+3-more-open');
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  await expect(more).toBeFocused();
  await expect(page.getByTestId('viewport-grid')).toHaveClass(/layout-right/);
  // Shift+Tab back to the button keeps it open; on out of the button (to the preset) closes it.
  await page.keyboard.press('Enter');
  await expect(menu).toBeVisible();
  await page.keyboard.press('Shift+Tab');
  await expect(more).toBeFocused();
  await expect(menu).toBeVisible();
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByTestId('window-preset-sagittal')).toBeFocused();
  await expect(menu).toHaveCount(0);

  // The controls in the menu are the row's: the slab select (same test id) sets the slab, zoom in zooms.
  await more.click();
  await page.getByTestId('slab-sagittal').selectOption('10');
  await expect(page.getByTestId('slice-position-sagittal')).toContainText('MIP 10 mm');
  const k0 = Number(await page.getByTestId('slice-sagittal').getAttribute('data-px-per-mm'));
  await menu.getByRole('button', { name: 'Zoom in' }).click();
  // A button run from the menu closes it.
  await expect(menu).toHaveCount(0);
  await expect
    .poll(async () => Number(await page.getByTestId('slice-sagittal').getAttribute('data-px-per-mm')))
    .toBeGreaterThan(k0 * 1.05);
  await more.click();
  await menu.getByRole('button', { name: 'Fit' }).click();
  // A press outside closes it.
  await more.click();
  await expect(menu).toBeVisible();
  const header = (await page.getByTestId('viewport-grid').boundingBox())!;
  await page.mouse.click(header.x + 40, header.y + 40);
  await expect(menu).toHaveCount(0);
  // The preset in the row, in the other narrow views too.
  await page.getByTestId('window-preset-coronal').selectOption('spine');
  for (const v of SLICE_VIEWS) await expect(page.getByTestId(`window-${v}`)).toHaveText('W 350  L 50');
  await expectOneRowAndFreeAreaFit(page, '1+3 right 1024x700, slab on');

  // The spine analysis names the phantom's vertebrae (a few seconds): the names keep out of the toolbars too.
  await expect(page.getByTestId('analysis-status')).toHaveAttribute('data-status', 'done', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('level-label-sagittal').first()).toBeVisible();
  await expectOneRowAndFreeAreaFit(page, '1+3 right 1024x700, level names');
  await page.evaluate(() => (window as Hooks).__spineplan.viewStore.getState().setLayout('2x2'));
  await expectOneRowAndFreeAreaFit(page, '2x2 1024x700');
  await keepScreenshot(page, testInfo, 'toolbars-1024x700-2x2');
  await page.setViewportSize({ width: 1280, height: 800 });
  await expectOneRowAndFreeAreaFit(page, '2x2 1280x800');
  await keepScreenshot(page, testInfo, 'toolbars-1280x800-2x2');
  expect(errors).toEqual([]);
});

/** The 3D toolbar's row is one control high (the preset select is in it at every size) and inside the view. */
async function expect3dToolbarOneRow(page: Page, label: string): Promise<void> {
  await expect
    .poll(async () => {
      const row = (await page.getByTestId('view3d-row').boundingBox())!;
      const preset = (await page.getByTestId('render-preset').boundingBox())!;
      const view = (await page.getByTestId('view3d').boundingBox())!;
      return {
        oneRow: row.height <= preset.height + 4,
        insideView: row.x >= view.x && row.x + row.width <= view.x + view.width,
      };
    }, `3D toolbar ${label}`)
    .toEqual({ oneRow: true, insideView: true });
}

/**
 * In every 2D view the slice position and the slab are clear of the top orientation letter and the toolbar,
 * the position's millimetres are drawn whole (not clipped) and the slab is in sight; at the bottom, W/L and
 * the scale bar are clear of the bottom letter.
 */
async function expectPositionClear(page: Page, label: string): Promise<void> {
  for (const view of SLICE_VIEWS)
    await expect
      .poll(async () => {
        const position = (await page.getByTestId(`slice-position-text-${view}`).boundingBox())!;
        const slab = (await page.getByTestId(`slice-slab-${view}`).boundingBox())!;
        const letter = (await page.getByTestId(`label-top-${view}`).boundingBox())!;
        const toolbar = (await page.getByTestId(`slice-toolbar-${view}`).boundingBox())!;
        const bottomLetter = (await page.getByTestId(`label-bottom-${view}`).boundingBox())!;
        const windowLevel = (await page.getByTestId(`window-${view}`).boundingBox())!;
        const scaleBar = (await page.getByTestId(`scale-bar-${view}`).boundingBox())!;
        const mmWhole = await page.getByTestId(`slice-position-text-${view}`).evaluate((el) => {
          const mm = el.firstElementChild!.getBoundingClientRect();
          return mm.right <= el.getBoundingClientRect().right + 0.5;
        });
        const slabText = await page.getByTestId(`slice-slab-${view}`).evaluate((el) => ({
          // biome-ignore lint/performance/useDomNodeTextContent: the text as drawn (the hidden separator for screen readers left out)
          text: (el as HTMLElement).innerText,
          whole: el.scrollWidth <= el.clientWidth,
        }));
        return {
          positionClearOfLetter: !intersects(position, letter),
          slabClearOfLetter: !intersects(slab, letter),
          clearOfToolbar: !intersects(position, toolbar) && !intersects(slab, toolbar),
          mmWhole,
          slab: slabText,
          bottomInfoClearOfLetter:
            !intersects(windowLevel, bottomLetter) && !intersects(scaleBar, bottomLetter),
        };
      }, `${view} position ${label}`)
      .toEqual({
        positionClearOfLetter: true,
        slabClearOfLetter: true,
        clearOfToolbar: true,
        mmWhole: true,
        slab: { text: 'MIP 10 mm', whole: true },
        bottomInfoClearOfLetter: true,
      });
}

test('at laptop sizes the 3D toolbar is one row with a working More menu; the slice position clears the letters', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await openSmallPhantomAtLaptopSize(page);
  // The longest position text: a 10 mm MIP slab in every view.
  await page.evaluate((views) => {
    const slices = (window as Hooks).__spineplan.sliceStore.getState();
    for (const v of views) slices.setSlab(v, 10, 'mip');
  }, SLICE_VIEWS);
  const setLayout = (layout: string) =>
    page.evaluate((l) => (window as Hooks).__spineplan.viewStore.getState().setLayout(l), layout);
  for (const layout of ['1+3 right', '1+3 below', '2x2']) {
    await setLayout(layout);
    await expect3dToolbarOneRow(page, `${layout} 1024x700`);
    await expectPositionClear(page, `${layout} 1024x700`);
    await keepScreenshot(page, testInfo, `view3d-toolbar-1024x700-${layout.replace(/[ +]/g, '-')}`);
  }

  // 1+3 beside: the rarely used controls are behind More, and they work from there.
  await setLayout('1+3 right');
  const row = page.getByTestId('view3d-row');
  await expect(row).toHaveAttribute('data-in-menu', /quality/);
  await expect(page.getByTestId('render-preset')).toBeVisible();
  const more = page.getByTestId('view3d-more');
  const menu = page.getByTestId('view3d-more-menu');
  await more.click();
  await page.getByTestId('rotation-mode').selectOption('trackball');
  await expect
    .poll(() => page.evaluate(() => (window as Hooks).__spineplan.renderStore.getState().rotation))
    .toBe('trackball');
  await page.getByTestId('render-mode').selectOption('mip');
  await expect
    .poll(() => page.evaluate(() => (window as Hooks).__spineplan.renderStore.getState().mode))
    .toBe('mip');
  await page.getByTestId('render-mode').selectOption('composite');
  await keepScreenshot(page, testInfo, 'view3d-more-open-1024x700');
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  // The editor's toggle (in the row or the menu) opens the editor below the row, where it works.
  await (await view3dControl(page, 'tf-editor-toggle')).click();
  const editor = page.getByTestId('tf-editor');
  await expect(editor).toBeVisible();
  const rowBox = (await row.boundingBox())!;
  expect((await editor.boundingBox())!.y).toBeGreaterThanOrEqual(rowBox.y + rowBox.height);
  await keepScreenshot(page, testInfo, 'view3d-editor-open-1024x700');
  await page.keyboard.press('Escape');
  await expect(editor).toHaveCount(0);
  // Clipping (in the row or the menu) opens its panel at the right, below the row; Esc closes it.
  await (await view3dControl(page, 'crop-toggle')).click();
  const crop = page.getByTestId('crop-panel');
  await expect(crop).toBeVisible();
  const cropBox = (await crop.boundingBox())!;
  const view3d = (await page.getByTestId('view3d').boundingBox())!;
  expect(cropBox.y).toBeGreaterThanOrEqual(rowBox.y + rowBox.height);
  expect(view3d.x + view3d.width - (cropBox.x + cropBox.width)).toBeLessThan(8);
  await page.getByTestId('crop-i-min').fill('0.5');
  await expect
    .poll(() => page.evaluate(() => (window as Hooks).__spineplan.renderStore.getState().crop.min[0]))
    .toBe(0.5);
  await keepScreenshot(page, testInfo, 'view3d-clipping-open-1024x700');
  // (Esc in a slider is the slider's; from the page it closes the panel.)
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Escape');
  await expect(crop).toHaveCount(0);

  await page.setViewportSize({ width: 1280, height: 800 });
  for (const layout of ['2x2', '1+3 right']) {
    await setLayout(layout);
    await expect3dToolbarOneRow(page, `${layout} 1280x800`);
    await expectPositionClear(page, `${layout} 1280x800`);
    await keepScreenshot(page, testInfo, `view3d-toolbar-1280x800-${layout.replace(/[ +]/g, '-')}`);
  }
  expect(errors).toEqual([]);
});
