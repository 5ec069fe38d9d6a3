import { expect, type Locator, type Page } from '@playwright/test';

/**
 * A control of the 3D view's toolbar by its test id: from the row, or from the row's More menu (opened here)
 * when the view is too narrow for it. A button run from the menu closes the menu; a checkbox or select
 * leaves it open (closeView3dMenu).
 */
export async function view3dControl(page: Page, testId: string): Promise<Locator> {
  await expect(page.getByTestId('view3d-row')).toBeVisible();
  const control = page.getByTestId(testId);
  if ((await control.count()) === 0) {
    const more = page.getByTestId('view3d-more');
    if ((await more.getAttribute('aria-expanded')) !== 'true') await more.click();
    await expect(page.getByTestId('view3d-more-menu')).toBeVisible();
  }
  await expect(control).toBeVisible();
  return control;
}

/** Closes the 3D toolbar's More menu if it is open (Esc, as the user would), so it hides nothing of the view. */
export async function closeView3dMenu(page: Page): Promise<void> {
  const menu = page.getByTestId('view3d-more-menu');
  if ((await menu.count()) === 0) return;
  await page.getByTestId('view3d-more').focus();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
}
