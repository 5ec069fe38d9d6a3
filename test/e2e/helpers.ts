import type { Locator, Page, TestInfo } from '@playwright/test';

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
