import { expect, type Page, test } from '@playwright/test';
import { chooseTemplate, keepScreenshot, watchPageErrors } from './helpers';
import { pdfPageCount, pdfText } from './pdfText';

/**
 * The printable plan report (issue 7) on the demo: a template trajectory, the report view (looked at in a
 * screenshot), and its PDF: exactly one page on A4 and on Letter, holding the figures the plan panel shows.
 */

// biome-ignore lint/suspicious/noExplicitAny: test hook exposed by main.tsx on window
type Hook = any;

const squash = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

async function openDemoWithTemplate(page: Page): Promise<void> {
  await page.goto('/?demo=1');
  await page.waitForFunction(
    () => (window as Hook).__spineplan?.studyStore.getState().status === 'ready',
    undefined,
    {
      timeout: 150_000,
    },
  );
  const panel = page.getByTestId('plan-panel');
  await chooseTemplate(panel, 'tfesi', 'L4-L5', 'left');
  await panel.getByTestId('template-propose').click();
  await expect(panel.getByTestId('trajectory-item')).toHaveCount(1);
}

test('plan report: one printed page with the pictures and the plan panel figures', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const errors = watchPageErrors(page);
  await openDemoWithTemplate(page);
  const panel = page.getByTestId('plan-panel');

  // The figures as the plan panel shows them.
  const length = /[\d.]+ mm/.exec((await panel.getByTestId('readout-length').textContent()) ?? '')![0];
  const bullsEyeCells = await panel.getByTestId('carm-bullseye').locator('td').allTextContents();
  const [oblique, tilt, room] = bullsEyeCells;
  const craniocaudal = (await panel.getByTestId('readout-craniocaudal').textContent())!.split(' ')[0]!;
  expect(room).toMatch(/^(LAO \d+° \(LPO\)|RAO \d+° \(RPO\)|AP 0°) \/ (CRAN|CAUD|tilt) \d+°$/);

  await panel.getByTestId('plan-report-open').click();
  const report = page.getByTestId('plan-report');
  await expect(report).toBeVisible();
  await expect(report.getByTestId('report-status')).toHaveAttribute('data-ready', 'true', {
    timeout: 120_000,
  });
  await expect(report.getByTestId('report-demo')).toContainText('not patient data');
  await expect(report.getByTestId('report-disclaimer')).toContainText('verify under fluoroscopy');
  await expect(report.getByTestId('report-length')).toContainText(length);
  await expect(report.getByTestId('report-carm-bullseye')).toContainText(oblique!);
  await expect(report.getByTestId('report-carm-bullseye')).toContainText(room!);
  await expect(report.getByTestId('report-convention')).toContainText('Patient prone');
  for (const id of ['inPlaneA', 'inPlaneB', 'down', 'bullsEye', 'lateral'])
    await expect(report.getByTestId(`report-image-${id}`)).toBeVisible();
  await keepScreenshot(page, testInfo, 'report-view');
  const sheetPath = testInfo.outputPath('report-sheet.png');
  await report.getByTestId('report-sheet').screenshot({ path: sheetPath });
  await testInfo.attach('report-sheet', { path: sheetPath, contentType: 'image/png' });

  // Printed: one page whatever the paper, the figures in its text.
  await page.emulateMedia({ media: 'print' });
  for (const format of ['A4', 'Letter'] as const) {
    const pdf = await page.pdf({ format });
    await testInfo.attach(`report-${format}.pdf`, { body: pdf, contentType: 'application/pdf' });
    expect(pdfPageCount(pdf), `${format} pages`).toBe(1);
    const text = squash(pdfText(pdf));
    for (const figure of [length, oblique!, tilt!, room!, craniocaudal, 'Planningaid—verifyunderfluoroscopy'])
      expect(text, `${format} holds ${figure}`).toContain(squash(figure));
  }
  await page.emulateMedia({ media: 'screen' });

  // Supine: the same needle's recipe is renamed in the report (and the plan panel follows the same switch).
  await report.getByTestId('recipe-position-supine').click();
  await expect(report.getByTestId('report-convention')).toContainText('Patient supine');
  await expect(report.getByTestId('report-status')).toHaveAttribute('data-ready', 'true', {
    timeout: 120_000,
  });
  await report.getByTestId('report-close').click();
  await expect(report).toHaveCount(0);
  await expect(panel.getByTestId('carm-convention')).toContainText('Patient supine');

  // Three more needles (copies one and two levels up and down): the compact layout, still one page.
  await page.evaluate(() => {
    const plan = (window as Hook).__spineplan.planStore.getState();
    const t = plan.plans[plan.activeCaseKey].trajectories[0];
    for (const dz of [35, -35, 70])
      plan.addTrajectory({
        ...t,
        name: `${t.name} copy ${dz}`,
        entryLps: [t.entryLps[0], t.entryLps[1], t.entryLps[2] + dz],
        targetLps: [t.targetLps[0], t.targetLps[1], t.targetLps[2] + dz],
      });
  });
  await expect(panel.getByTestId('trajectory-item')).toHaveCount(4);
  await panel.getByTestId('plan-report-open').click();
  await expect(report.getByTestId('report-trajectory')).toHaveCount(4);
  await expect(report.getByTestId('report-status')).toHaveAttribute('data-ready', 'true', {
    timeout: 180_000,
  });
  await expect(report.getByTestId('report-status')).toContainText('One page');
  await expect(report.getByTestId('report-convention')).toHaveCount(1);
  const fourPath = testInfo.outputPath('report-sheet-four.png');
  await report.getByTestId('report-sheet').screenshot({ path: fourPath });
  await testInfo.attach('report-sheet-four', { path: fourPath, contentType: 'image/png' });
  await page.emulateMedia({ media: 'print' });
  const four = await page.pdf({ format: 'Letter' });
  await testInfo.attach('report-four.pdf', { body: four, contentType: 'application/pdf' });
  expect(pdfPageCount(four)).toBe(1);
  expect(squash(pdfText(four))).toContain(squash('copy 70'));
  expect(errors).toEqual([]);
});
