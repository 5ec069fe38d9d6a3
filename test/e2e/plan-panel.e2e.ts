import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import type { Vec3 } from '../../src/core/vec3';
import { generatePhantom } from '../../src/phantom/index';
import { keepPanelScreenshot, keepScreenshot, openDemo, watchPageErrors } from './helpers';
import { addTrajectoryInPage as addTrajectory, openSphere } from './syntheticVolume';

/**
 * The plan side panel on the synthetic sphere (1000+ HU, radius 20 mm, centred at LPS 0,0,0, in -1000 HU
 * air). Trajectories are added through the plan store (window.__spineplan.planStore), as the 2D views do.
 */

type TrajectoryInit = {
  name: string;
  entryLps: [number, number, number];
  targetLps: [number, number, number];
  level: string;
  side: 'left' | 'right' | 'midline';
  needleId: string;
};

// 3-4-5: entry (30, 40, 0) mm -> target at the sphere centre, 50 mm; the sphere's surface at 30 mm depth.
const SPHERE_345: TrajectoryInit = {
  name: 'Sphere 3-4-5',
  entryLps: [30, 40, 0],
  targetLps: [0, 0, 0],
  level: 'L4',
  // Entry on the patient's left (+x), tip heading right toward the midline: a left-sided, medial needle.
  side: 'left',
  needleId: 'spinal-22g-88.9',
};

test('plan panel: length, needle check, C-arm recipe, HU profile with bone, export/import, corrupt file', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  await openSphere(page);
  const panel = page.getByTestId('plan-panel');
  await expect(panel.getByTestId('new-trajectory')).toBeVisible();
  await addTrajectory(page, SPHERE_345);

  await expect(panel.getByTestId('trajectory-item')).toHaveCount(1);
  await expect(panel.getByTestId('trajectory-item')).toContainText('Sphere 3-4-5');
  await expect(panel.getByTestId('readout-length')).toContainText('50.0 mm');
  await expect(panel.getByTestId('needle-check')).toContainText('10.0 mm hub/skin allowance');
  // Direction (-0.6, -0.8, 0): bull's-eye detector on the hub side u = (0.6, 0.8, 0): 36.9 deg toward the
  // patient's left, no tilt; the needle runs in the axial plane and 36.9 deg from sagittal.
  const bullsEye = panel.getByTestId('carm-bullseye');
  await expect(bullsEye).toContainText('+36.9°');
  await expect(bullsEye).toContainText('37 deg left (ipsilateral) oblique, no tilt');
  await expect(panel.getByTestId('carm-convention')).toContainText('Patient prone');
  await expect(panel.getByTestId('readout-craniocaudal')).toContainText('0.0°');
  await expect(panel.getByTestId('readout-mediolateral')).toContainText('36.9° from sagittal');
  await expect(panel.getByTestId('readout-mediolateral')).toContainText('medially');

  const plot = panel.getByTestId('hu-profile');
  await expect(plot).toBeVisible();
  await expect(plot.getByTestId('profile-curve')).toHaveCount(1);
  await expect(plot.getByTestId('profile-flag-cortical-bone')).toHaveCount(1);
  const boneTitle = await plot.getByTestId('profile-flag-cortical-bone').locator('title').textContent();
  const boneStart = Number(/: ([\d.]+) mm to/.exec(boneTitle ?? '')?.[1]);
  expect(Math.abs(boneStart - 30)).toBeLessThanOrEqual(2); // 2 mm voxels, trilinear
  await expect(panel.getByTestId('tissue-runs')).toContainText('cortical bone');
  await expect(panel.getByTestId('readout-warnings')).toContainText('Path crosses cortical bone');
  await keepScreenshot(page, testInfo, 'plan-panel-sphere');
  await panel.getByTestId('hu-profile').screenshot({ path: testInfo.outputPath('hu-profile.png') });

  // A 50 mm RF cannula keeps 40 mm usable: 10 mm too short for this 50 mm path.
  await panel.getByTestId('trajectory-needle').selectOption('rf-cannula-20g-50-10tip');
  await expect(panel.getByTestId('needle-too-short')).toContainText('TOO SHORT by 10.0 mm');
  await expect(panel.getByTestId('readout-warnings')).toContainText('Needle too short by 10.0 mm');
  await panel.getByTestId('trajectory-name').fill('Renamed needle');
  await expect(panel.getByTestId('trajectory-item')).toContainText('Renamed needle');
  await keepScreenshot(page, testInfo, 'plan-panel-too-short');
  await keepPanelScreenshot(page, testInfo, 'plan-panel-full', 2400);

  // Export: a same-origin download of the plan JSON.
  const downloadPromise = page.waitForEvent('download');
  await panel.getByTestId('plan-export').click();
  const download = await downloadPromise;
  // Named for people (issue 19): what, whose, when; not the series UID.
  expect(download.suggestedFilename()).toMatch(/^[^/]+ - SYNTHETIC, SPHERE - \d{4}-\d{2}-\d{2}\.json$/);
  const exportedPath = testInfo.outputPath('exported-plan.json');
  await download.saveAs(exportedPath);
  const exported = JSON.parse(await readFile(exportedPath, 'utf8'));
  expect(exported.format).toBe('spineplan-plan');
  expect(exported.trajectories[0].name).toBe('Renamed needle');

  // Delete (undo offered), then import the exported file back: no confirmation needed for an empty plan.
  await panel.getByRole('button', { name: 'Delete Renamed needle' }).click();
  await expect(panel.getByTestId('trajectory-item')).toHaveCount(0);
  await expect(panel.getByTestId('undo-delete')).toBeVisible();
  await panel.getByTestId('plan-import-input').setInputFiles(exportedPath);
  await expect(panel.getByTestId('plan-file-info')).toContainText(
    'Imported exported-plan.json: 1 trajectory',
  );
  await expect(panel.getByTestId('trajectory-item')).toHaveCount(1);
  await expect(panel.getByTestId('readout-length')).toContainText('50.0 mm');
  await expect(panel.getByTestId('needle-too-short')).toBeVisible();

  // Importing over a plan with trajectories asks first; Cancel keeps the plan, Replace replaces it.
  await addTrajectory(page, { ...SPHERE_345, name: 'Second', entryLps: [0, 0, 60] });
  await expect(panel.getByTestId('trajectory-item')).toHaveCount(2);
  await panel.getByTestId('plan-import-input').setInputFiles(exportedPath);
  await expect(panel.getByTestId('plan-import-confirm')).toContainText('2 trajectories');
  await panel.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(panel.getByTestId('trajectory-item')).toHaveCount(2);
  await panel.getByTestId('plan-import-input').setInputFiles(exportedPath);
  await panel.getByTestId('plan-import-replace').click();
  await expect(panel.getByTestId('trajectory-item')).toHaveCount(1);

  // A corrupt file: a clear message, and the plan stays as it was.
  await panel.getByTestId('plan-import-input').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format": "spineplan-plan", "trajectories": [ {'),
  });
  await expect(panel.getByTestId('plan-file-error')).toContainText('Could not import broken.json');
  await expect(panel.getByTestId('plan-file-error')).toContainText('not JSON');
  await expect(panel.getByTestId('trajectory-item')).toHaveCount(1);
  await keepScreenshot(page, testInfo, 'plan-panel-corrupt-import');
  expect(errors).toEqual([]);
});

test('plan panel on the demo: clearance to the phantom no-go structures and the endplate angle', async ({
  page,
}, testInfo) => {
  // Generating the demo (512 x 512 phantom, then ingest) is slow in SwiftShader on a shared 2-core machine.
  test.setTimeout(360_000);
  const errors = watchPageErrors(page);
  // The truth depends on the seed only, not on the grid: the small grid gives the demo's truth in ~0.5 s.
  const truth = generatePhantom({ size: 'small', seed: 1 }).truth;
  const target = truth.segments.find((s) => s.name === 'L4-L5')!.right.safeTriangleCentreLps;
  // A right posterolateral approach, ~30 deg from sagittal, 70 mm long.
  const dir: Vec3 = [-0.5, 0.866, 0];
  const entry: Vec3 = [target[0] + 70 * dir[0], target[1] + 70 * dir[1], target[2] + 70 * dir[2]];
  await openDemo(page, 300_000);
  const panel = page.getByTestId('plan-panel');
  await expect(panel.getByTestId('new-trajectory')).toBeVisible();
  await addTrajectory(page, {
    name: 'L4 TFESI right',
    entryLps: entry as [number, number, number],
    targetLps: target as [number, number, number],
    level: 'L4',
    side: 'right',
    needleId: 'spinal-22g-88.9',
  });
  await expect(panel.getByTestId('readout-length')).toContainText('70.0 mm');
  // The truth arrives with the demo series: the endplate angle and the clearance table appear.
  await expect(panel.getByTestId('readout-endplate')).toBeVisible();
  await expect(panel.getByTestId('clearance').first()).toContainText('nerve-root');
  const rows = await panel.getByTestId('clearance').locator('tr').count();
  expect(rows).toBe(truth.noGo.length);
  await expect(panel.getByTestId('hu-profile')).toBeVisible();
  await keepScreenshot(page, testInfo, 'plan-panel-demo');
  await keepPanelScreenshot(page, testInfo, 'plan-panel-demo-full', 2400);
  expect(errors).toEqual([]);
});
