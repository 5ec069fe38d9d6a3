import { expect, type Page, test } from '@playwright/test';
import { chooseTemplate, keepPanelScreenshot, keepScreenshot, openDemo, watchPageErrors } from './helpers';
import { addTrajectoryInPage, openSphere } from './syntheticVolume';

/**
 * The plan panel's wiring (issue 7): template proposals, undo/redo, the clearance warning distance, import
 * into the open case with the attach check, on the synthetic sphere (patient-like data, fast) and on the
 * demo (ground truth, slow under load).
 */

// biome-ignore lint/suspicious/noExplicitAny: test hook exposed by main.tsx on window
type Hook = any;

const planState = (page: Page) =>
  page.evaluate(() => {
    const s = (window as Hook).__spineplan.planStore.getState();
    const plan = s.plans[s.activeCaseKey];
    return { count: plan.trajectories.length as number, warningMm: plan.clearanceWarningMm as number };
  });

test('plan panel on patient-like data: click instructions, warning distance, undo/redo, import refused then attached', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await openSphere(page);
  const panel = page.getByTestId('plan-panel');
  await expect(panel.getByTestId('plan-undo')).toBeDisabled();
  await expect(panel.getByTestId('plan-redo')).toBeDisabled();

  // Templates on patient data: the clicks they need (worded for the level and side), proposal from clicks
  // only (no ground truth).
  await chooseTemplate(panel, 'tfesi', 'L4-L5', 'left');
  await expect(panel.getByTestId('template-clicks')).toContainText('Click the left L4 pedicle centre');
  await expect(panel.getByTestId('template-propose-clicks')).toBeVisible();
  await expect(panel.getByTestId('template-propose')).toHaveCount(0);
  await expect(panel.getByTestId('template-views')).toContainText("Bull's-eye");
  // Each view with the angles its C-arm button sets; a prone left oblique also by its radiographer name.
  await expect(panel.getByTestId('template-view-oblique')).toContainText('LAO 30° (LPO)');
  await expect(panel.getByTestId('template-proposer')).not.toContainText('domain.md');
  await expect(panel.getByTestId('template-level').locator('option[value="L5-S1"]')).toHaveCount(1);
  await keepScreenshot(page, testInfo, 'templates-patient-data');

  await addTrajectoryInPage(page, {
    name: 'Sphere 3-4-5',
    entryLps: [30, 40, 0],
    targetLps: [0, 0, 0],
    level: 'L4',
  });
  await expect(panel.getByTestId('trajectory-item')).toHaveCount(1);
  await expect(panel.getByTestId('plan-undo')).toBeEnabled();

  // Warning distance: valid values are stored, out-of-range ones are flagged and not stored.
  const warning = panel.getByTestId('warning-distance');
  await warning.fill('5');
  await expect.poll(async () => (await planState(page)).warningMm).toBe(5);
  await warning.fill('25');
  await expect(warning).toHaveAttribute('aria-invalid', 'true');
  expect((await planState(page)).warningMm).toBe(5);
  await warning.blur();
  await expect(warning).toHaveValue('5');

  // Undo (button) takes the warning distance back, then the trajectory; keys are ignored while typing.
  await panel.getByTestId('plan-undo').click();
  await expect(warning).toHaveValue('2');
  await panel.getByTestId('trajectory-name').focus();
  await page.keyboard.press('Control+z');
  await expect(panel.getByTestId('trajectory-item')).toHaveCount(1);
  await panel.getByTestId('trajectory-name').blur();
  await page.keyboard.press('Control+z');
  await expect(panel.getByTestId('trajectory-item')).toHaveCount(0);
  await expect(panel.getByTestId('plan-undo')).toBeDisabled();
  await page.keyboard.press('Control+y');
  await expect(panel.getByTestId('trajectory-item')).toHaveCount(1);
  await page.keyboard.press('Control+Shift+Z');
  await expect(warning).toHaveValue('5');
  await expect(panel.getByTestId('plan-redo')).toBeDisabled();

  // A plan file of another series of the same study: refused with the reason, nothing changes.
  const exported = await page.evaluate(() =>
    (window as Hook).__spineplan.planStore.getState().exportPlanText(),
  );
  const file = JSON.parse(exported);
  const otherSeries = { ...file, caseKey: '2.25.77', seriesInstanceUid: '2.25.77', trajectories: [] };
  await panel.getByTestId('plan-import-input').setInputFiles({
    name: 'other-series.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(otherSeries)),
  });
  await expect(panel.getByTestId('plan-import-reason')).toContainText('belongs to another series (2.25.77)');
  await keepScreenshot(page, testInfo, 'import-refused-other-series');
  await keepPanelScreenshot(page, testInfo, 'import-refused-other-series-panel', 2000);
  await panel.getByTestId('plan-import-refused').getByRole('button', { name: 'Cancel' }).click();
  await expect(panel.getByTestId('plan-import-refused')).toHaveCount(0);
  expect((await planState(page)).count).toBe(1);

  // Another study: refused too; "Attach anyway" then replaces the plan (one undo step).
  const otherStudy = { ...otherSeries, studyInstanceUid: '2.25.88' };
  await panel.getByTestId('plan-import-input').setInputFiles({
    name: 'other-study.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(otherStudy)),
  });
  await expect(panel.getByTestId('plan-import-reason')).toContainText('belongs to another study');
  expect((await planState(page)).count).toBe(1);
  await panel.getByTestId('plan-import-attach').click();
  await expect(panel.getByTestId('plan-file-info')).toContainText('attached to the open images');
  await expect(panel.getByTestId('trajectory-item')).toHaveCount(0);
  await panel.getByTestId('plan-undo').click();
  await expect(panel.getByTestId('trajectory-item')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('plan panel on the demo: TFESI L4-L5 left proposal, its note, warning distance, undo/redo, demo import check', async ({
  page,
}, testInfo) => {
  // Generating the demo (512 x 512 phantom, then ingest) is slow in SwiftShader on a shared 2-core machine.
  test.setTimeout(420_000);
  const errors = watchPageErrors(page);
  await openDemo(page);
  const panel = page.getByTestId('plan-panel');
  await chooseTemplate(panel, 'tfesi', 'L4-L5', 'left');
  await panel.getByTestId('template-propose').click();

  await expect(panel.getByTestId('trajectory-item')).toHaveCount(1);
  await expect(panel.getByTestId('trajectory-item')).toContainText('L4-L5 left');
  const note = panel.getByTestId('proposal-note');
  await expect(note).toContainText('Proposal from ground truth');
  await expect(note).toContainText('Needle:');
  await expect(note.getByTestId('template-views')).toContainText('Ipsilateral oblique');
  const lengthText = (await panel.getByTestId('readout-length').textContent()) ?? '';
  const lengthMm = Number(/([\d.]+) mm/.exec(lengthText)?.[1]);
  expect(lengthMm).toBeGreaterThanOrEqual(70);
  expect(lengthMm).toBeLessThanOrEqual(120);
  await expect(panel.getByTestId('clearance').first()).toContainText('nerve-root');
  await keepScreenshot(page, testInfo, 'demo-tfesi-proposal');
  await keepPanelScreenshot(page, testInfo, 'demo-tfesi-proposal-panel', 2000);

  // The warning distance reaches the readouts: 20 mm flags a near miss, 0 mm none.
  const warnings = panel.getByTestId('readout-warnings');
  await panel.getByTestId('warning-distance').fill('20');
  await expect(warnings).toContainText('(warning distance)');
  await panel.getByTestId('warning-distance').fill('0');
  await expect(panel.locator('text=(warning distance)')).toHaveCount(0);
  await panel.getByTestId('warning-distance').blur();

  // Undo the warning distance (one or two steps: quick edits coalesce, slow ones under load do not), then
  // the proposal: it goes; redo brings it back with its note.
  const items = panel.getByTestId('trajectory-item');
  for (let presses = 0; presses < 4 && (await items.count()) > 0; presses++) {
    await page.keyboard.press('Control+z');
    await expect(panel.getByTestId('plan-undo')).toBeVisible(); // let React commit the step
  }
  await expect(items).toHaveCount(0);
  await expect(panel.getByTestId('warning-distance')).toHaveValue('2');
  await expect(note).toHaveCount(0);
  await keepScreenshot(page, testInfo, 'demo-after-undo');
  await panel.getByTestId('plan-redo').click();
  await expect(panel.getByTestId('trajectory-item')).toHaveCount(1);
  await expect(note).toContainText('Proposal from ground truth');
  await expect(panel.getByTestId('readout-length')).toHaveText(lengthText);

  // A patient plan on the demo is refused with the reason; nothing changes.
  const exported = await page.evaluate(() =>
    (window as Hook).__spineplan.planStore.getState().exportPlanText(),
  );
  const patientPlan = { ...JSON.parse(exported), caseKey: '2.25.5', seriesInstanceUid: '2.25.5' };
  await panel.getByTestId('plan-import-input').setInputFiles({
    name: 'patient-plan.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(patientPlan)),
  });
  await expect(panel.getByTestId('plan-import-reason')).toContainText('made on patient images');
  await keepScreenshot(page, testInfo, 'demo-import-refused');
  await panel.getByTestId('plan-import-refused').getByRole('button', { name: 'Cancel' }).click();
  expect((await planState(page)).count).toBe(1);
  expect(errors).toEqual([]);
});
