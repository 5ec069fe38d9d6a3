import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';

/** Keeps a named screenshot of what the user saw, under test-results/, for a person to look at. */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** Collects uncaught page errors and console errors so a test can assert there were none. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/**
 * In the plan panel: "New from template", then the procedure, level and side chosen. The test then asks for
 * the proposal it is about (template-propose on the demo, template-propose-clicks on patient data).
 */
export async function chooseTemplate(
  panel: Locator,
  procedure: string,
  level: string,
  side: 'left' | 'right',
): Promise<void> {
  await panel.getByTestId('new-from-template').click();
  await panel.getByTestId('template-procedure').selectOption(procedure);
  await panel.getByTestId('template-level').selectOption(level);
  await panel.getByTestId('template-side').selectOption(side);
}

/** The whole side panel, however long: a viewport `heightPx` tall for one shot. */
export async function keepPanelScreenshot(
  page: Page,
  testInfo: TestInfo,
  name: string,
  heightPx: number,
): Promise<void> {
  const size = page.viewportSize();
  await page.setViewportSize({ width: size?.width ?? 1400, height: heightPx });
  await page.getByTestId('side-panel').screenshot({ path: testInfo.outputPath(`${name}.png`) });
  if (size) await page.setViewportSize(size);
}

export type PageRect = { x: number; y: number; width: number; height: number };

/**
 * Page points of `rgb` (+-tol per channel) inside each page rectangle, from one real screenshot of the page
 * (what the user sees, overlays and canvas together).
 */
export async function pointsOfColour(
  page: Page,
  rects: PageRect[],
  rgb: readonly [number, number, number],
  tol: number,
): Promise<{ x: number; y: number }[][]> {
  const png = (await page.screenshot()).toString('base64');
  return page.evaluate(
    async ({ png, rects, rgb, tol }) => {
      const image = new Image();
      image.src = `data:image/png;base64,${png}`;
      await image.decode();
      const c = document.createElement('canvas');
      c.width = image.width;
      c.height = image.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(image, 0, 0);
      return rects.map((rect) => {
        const [x0, y0, w, h] = [rect.x, rect.y, rect.width, rect.height].map(Math.round) as [
          number,
          number,
          number,
          number,
        ];
        const data = ctx.getImageData(x0, y0, w, h).data;
        const out: { x: number; y: number }[] = [];
        for (let p = 0; p < data.length; p += 4)
          if (
            Math.abs(data[p]! - rgb[0]) <= tol &&
            Math.abs(data[p + 1]! - rgb[1]) <= tol &&
            Math.abs(data[p + 2]! - rgb[2]) <= tol
          )
            out.push({ x: x0 + ((p / 4) % w), y: y0 + Math.floor(p / 4 / w) });
        return out;
      });
    },
    { png, rects, rgb, tol },
  );
}

/**
 * Opens the demo case and waits for the viewport grid. Generating the demo (phantom, then ingest) is slow in
 * SwiftShader on a shared 2-core machine, hence the long default wait.
 */
export async function openDemo(page: Page, timeoutMs = 360_000): Promise<void> {
  await page.goto('/?demo=1');
  await expect(page.getByTestId('viewport-grid')).toBeVisible({ timeout: timeoutMs });
}
