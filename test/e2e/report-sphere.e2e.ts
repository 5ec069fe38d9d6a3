import { writeFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { keepScreenshot, watchPageErrors } from './helpers';
import { pdfPageCount, pdfText } from './pdfText';
import { addTrajectoryInPage, openSphere } from './syntheticVolume';

/**
 * The plan report on patient-like data (the synthetic sphere, fast): no demo banner, the DICOM header as
 * text, and a plan of five needles still printing on exactly one page (zoomed down) on A4 and Letter.
 */

test('plan report: five needles still fit one page; no demo banner on patient-like data', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await openSphere(page);
  const panel = page.getByTestId('plan-panel');
  await expect(panel.getByTestId('new-trajectory')).toBeVisible();
  for (const [i, dz] of [-40, -20, 0, 20, 40].entries())
    await addTrajectoryInPage(page, {
      name: `Needle ${i + 1}`,
      entryLps: [30, 40, dz],
      targetLps: [0, 0, dz / 4],
      level: 'L4',
      side: 'left',
    });
  await expect(panel.getByTestId('trajectory-item')).toHaveCount(5);
  await panel.getByTestId('plan-report-open').click();
  const report = page.getByTestId('plan-report');
  await expect(report.getByTestId('report-trajectory')).toHaveCount(5);
  await expect(report.getByTestId('report-status')).toHaveAttribute('data-ready', 'true', {
    timeout: 120_000,
  });
  await expect(report.getByTestId('report-status')).toContainText('scaled to');
  await expect(report.getByTestId('report-demo')).toHaveCount(0);
  await expect(report.getByTestId('report-patient')).toContainText('SYNTHETIC, SPHERE');
  await expect(report.getByTestId('report-patient')).toContainText('2026-11-28');
  await keepScreenshot(page, testInfo, 'report-five-needles');
  for (const format of ['A4', 'Letter'] as const) {
    const pdf = await page.pdf({ format });
    await writeFile(testInfo.outputPath(`report-five-${format}.pdf`), pdf);
    expect(pdfPageCount(pdf), `${format} pages`).toBe(1);
    expect(pdfText(pdf)).toContain('Needle 5');
  }
  expect(errors).toEqual([]);
});
