import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, expect, type Page, test } from '@playwright/test';
import { generatePhantom } from '../../src/phantom';
import { phantomToDicomFiles } from '../../src/phantom/toDicom';
import { keepScreenshot, watchPageErrors } from './helpers';
import { pdfPageCount, pdfText } from './pdfText';

/**
 * Remote second opinion (issue 22) with two browser contexts (two specialists, two browsers' storage): the
 * planner opens the small demo phantom's DICOM files, plans, marks the plan ready and exports a case bundle;
 * the reviewer opens the bundle, pins two comments (a trajectory, a measurement) and approves, and exports
 * the review; the planner imports it: comments where they were put, status approved and signed off. An edit
 * afterwards returns the plan to draft as version 2 with the change listed; the same review imported again
 * is flagged as a review of an older version and changes nothing.
 */

// biome-ignore lint/suspicious/noExplicitAny: test hook exposed by main.tsx on window
type Hooks = any;
type Lps = [number, number, number];

const ENTRY: Lps = [70, 110, 0];
const TARGET: Lps = [20, 40, 0];
const MEASURE_A: Lps = [0, 0, 10];
const MEASURE_B: Lps = [0, 30, 10];

async function openPhantomFiles(page: Page, dir: string, files: string[]): Promise<void> {
  await page.goto('/?demo=0');
  await page.getByTestId('file-input').setInputFiles(files.map((f) => path.join(dir, f)));
  await expect
    .poll(() => page.evaluate(() => (window as Hooks).__spineplan.planStore.getState().activeCaseKey), {
      timeout: 60_000,
    })
    .toBe('demo');
}

const activeReview = (page: Page) =>
  page.evaluate(() => {
    const s = (window as Hooks).__spineplan.planStore.getState();
    return s.plans[s.activeCaseKey]?.review;
  });

async function download(page: Page, click: () => Promise<void>, dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const to = path.join(dir, file.suggestedFilename());
  await file.saveAs(to);
  return to;
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

test('bundle out, review back: pinned comments, approval, edit returns to draft, older review flagged', async ({
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const dir = testInfo.outputPath('files');
  mkdirSync(dir, { recursive: true });
  const phantom = generatePhantom({ size: 'small', seed: 1 });
  const names = phantomToDicomFiles(phantom).map((f, i) => {
    const name = `IM${String(i).padStart(4, '0')}.dcm`;
    writeFileSync(path.join(dir, name), f.bytes);
    return name;
  });

  // The planner.
  const planner = await newPage(browser);
  const plannerErrors = watchPageErrors(planner);
  await openPhantomFiles(planner, dir, names);
  await planner.evaluate(
    ({ entry, target, a, b }) => {
      const s = (window as Hooks).__spineplan.planStore.getState();
      s.addTrajectory({
        name: 'L4-L5 left',
        entryLps: entry,
        targetLps: target,
        level: 'L4-L5',
        side: 'left',
      });
      s.addMeasurement({ kind: 'distance', name: 'Depth', aLps: a, bLps: b });
    },
    { entry: ENTRY, target: TARGET, a: MEASURE_A, b: MEASURE_B },
  );
  const plannerPanel = planner.getByTestId('review-panel');
  await plannerPanel.getByTestId('review-name').fill('Dr Planner');
  await plannerPanel.getByTestId('review-submit').click();
  await expect(plannerPanel.getByTestId('review-status')).toContainText('Ready for review · version 1');
  const bundle = await download(planner, () => plannerPanel.getByTestId('review-bundle-export').click(), dir);
  expect(path.basename(bundle)).toBe('plan-v1.spineplan-case.zip');

  // The reviewer, in their own browser (a separate context: nothing shared but the file).
  const reviewer = await newPage(browser);
  const reviewerErrors = watchPageErrors(reviewer);
  await reviewer.goto('/?demo=0');
  const reviewerPanel = reviewer.getByTestId('review-panel');
  await reviewerPanel.getByTestId('review-bundle-open').setInputFiles(bundle);
  await expect(reviewerPanel.getByTestId('review-status')).toContainText('Ready for review · version 1', {
    timeout: 60_000,
  });
  await reviewerPanel.getByTestId('review-name').fill('Dr Reviewer');
  await reviewerPanel.getByTestId('review-organization').fill('Pain Clinic North');
  const trajectoryId: string = await reviewer.evaluate(() => {
    const s = (window as Hooks).__spineplan.planStore.getState();
    const id = s.plans[s.activeCaseKey].trajectories[0].id;
    s.select(id);
    return id;
  });
  await reviewerPanel.getByTestId('review-comment-text').fill('Entry a little more lateral?');
  await reviewerPanel.getByTestId('review-anchor').selectOption('trajectory');
  await reviewerPanel.getByTestId('review-comment-add').click();
  await reviewerPanel.getByTestId('review-comment-text').fill('Depth measured to the lamina, fine');
  await reviewerPanel.getByTestId('review-anchor').selectOption({ label: 'Measurement: Depth' });
  await reviewerPanel.getByTestId('review-comment-add').click();
  await expect(reviewerPanel.getByTestId('review-comments').locator('li')).toHaveCount(2);
  await reviewerPanel.getByTestId('review-approve').click();
  await expect(reviewerPanel.getByTestId('review-status')).toContainText(
    'Approved · version 1 · signed off by Dr Reviewer (Pain Clinic North)',
  );
  await keepScreenshot(reviewer, testInfo, 'reviewer-approved');
  const answer = await download(reviewer, () => reviewerPanel.getByTestId('review-export').click(), dir);

  // The planner merges the review.
  await plannerPanel.getByTestId('review-import').setInputFiles(answer);
  await expect(plannerPanel.getByTestId('review-status')).toContainText(
    'Approved · version 1 · signed off by Dr Reviewer (Pain Clinic North)',
  );
  await expect(plannerPanel.getByTestId('review-notice')).toContainText('Added: 2 comments by Dr Reviewer');
  const merged = await activeReview(planner);
  expect(merged.comments.map((c: { anchor: unknown; author: string }) => [c.anchor, c.author])).toEqual([
    [{ kind: 'trajectory', trajectoryId, pointLps: TARGET }, 'Dr Reviewer'],
    [{ kind: 'measurement', measurementId: expect.any(String), pointLps: [0, 15, 10] }, 'Dr Reviewer'],
  ]);
  // Shown where they are pinned: a click on the first comment's pin button goes there (crosshair), and its
  // numbered marker is drawn in the 2D views through that point and in the 3D view.
  await plannerPanel.getByTestId('review-comments').locator('li').first().getByRole('button').click();
  for (const v of ['axial', 'sagittal', 'coronal'])
    await expect(
      planner.getByTestId(`review-pins-${v}`).locator('[data-testid="review-pin"][data-n="1"]'),
    ).toHaveCount(1);
  await expect(planner.getByTestId('review-pins-3d').locator('g[display="inline"] [data-n="1"]')).toHaveCount(
    1,
  );
  await keepScreenshot(planner, testInfo, 'planner-merged');
  // The printed report carries the status and the sign-off.
  await planner.getByTestId('plan-report-open').click();
  await expect(planner.getByTestId('report-review')).toContainText(
    /Review: Approved \(plan version 1\) — signed off by Dr Reviewer \(Pain Clinic North\), \d{4}-\d\d-\d\d \d\d:\d\d UTC; 2 review comments on this version/,
  );
  await planner.getByTestId('report-close').click();

  // An edit after approval: back to draft as version 2, the change listed.
  await planner.evaluate(() => {
    const s = (window as Hooks).__spineplan.planStore.getState();
    const t = s.plans[s.activeCaseKey].trajectories[0];
    s.setTarget(t.id, [t.targetLps[0] + 3, t.targetLps[1] + 4, t.targetLps[2]]);
  });
  await expect(plannerPanel.getByTestId('review-status')).toHaveText('Draft · version 2');
  const history = plannerPanel.getByTestId('review-history');
  await expect(history.locator('li[data-kind="returned-to-draft"]')).toContainText(
    /L4-L5 left: trajectory moved \(entry 0\.0 mm, target 5\.0 mm, direction \d+\.\d deg\)/,
  );

  // A later answer of the reviewer, still on version 1 (one more comment, changes requested), arrives after
  // the edit: flagged as a review of an older version, its comment added, the status left as it is.
  await reviewerPanel.getByTestId('review-comment-text').fill('On second thought: check the foramen');
  await reviewerPanel.getByTestId('review-anchor').selectOption('trajectory');
  await reviewerPanel.getByTestId('review-comment-add').click();
  await reviewerPanel.getByTestId('review-request-changes').click();
  const later = await download(
    reviewer,
    () => reviewerPanel.getByTestId('review-export').click(),
    path.join(dir, 'later'),
  );
  await plannerPanel.getByTestId('review-import').setInputFiles(later);
  const notice = plannerPanel.getByTestId('review-notice');
  await expect(notice).toContainText('This review is of an older version of the plan.');
  await expect(notice).toContainText('Added: 1 comment by Dr Reviewer');
  await expect(notice).toContainText(
    'Conflict: changes requested by Dr Reviewer on version 1, but the plan is now version 2: status not changed',
  );
  await expect(plannerPanel.getByTestId('review-comments').locator('li').last()).toContainText(
    '(older version)',
  );
  await expect(plannerPanel.getByTestId('review-status')).toHaveText('Draft · version 2');
  await keepScreenshot(planner, testInfo, 'planner-older-review');

  // The patient view: shown in the app, saved as one HTML file for the patient.
  await plannerPanel.getByTestId('review-patient-open').click();
  const view = planner.getByTestId('patient-view');
  await expect(view.getByTestId('patient-spine')).toHaveAttribute('data-drawn', /^\d{4,}$/, {
    timeout: 30_000,
  });
  await keepScreenshot(planner, testInfo, 'patient-view-in-app');
  const html = await download(
    planner,
    () => view.getByTestId('patient-save').click(),
    path.join(dir, 'patient'),
  );
  await view.getByTestId('patient-close').click();
  expect(plannerErrors).toEqual([]);
  expect(reviewerErrors).toEqual([]);

  // The patient's file, opened from disk in a browser with the network blocked: no request but the file.
  const patientContext = await browser.newContext();
  const patient = await patientContext.newPage();
  const patientErrors = watchPageErrors(patient);
  const requests: string[] = [];
  await patient.route('**', (route) =>
    route.request().url().startsWith('file:') ? route.continue() : route.abort(),
  );
  patient.on('request', (r) => requests.push(r.url()));
  await patient.goto(`file://${html}`);
  const drawn = Number(await patient.locator('canvas').getAttribute('data-drawn'));
  expect(drawn).toBeGreaterThan(1000); // front-facing bone triangles drawn
  await expect(patient.getByTestId('patient-where')).toHaveText(
    /^Between the \d+(st|nd|rd|th) and the \d+(st|nd|rd|th) back bone of your lower back, on your left side\.$/,
  );
  await expect(patient.getByTestId('patient-steps').locator('li')).toHaveCount(6);
  await expect(patient.getByTestId('patient-keeps-clear')).toContainText('mm away');
  // The needle is on the picture: orange pixels where the planned needle projects.
  const orange = await patient.locator('canvas').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4)
      if (d[i]! > 230 && d[i + 1]! > 110 && d[i + 1]! < 170 && d[i + 2]! < 60) n++;
    return n;
  });
  expect(orange).toBeGreaterThan(200);
  await keepScreenshot(patient, testInfo, 'patient-file-offline');
  expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
  // The printed handout: one A4 page, with the level and the steps.
  await patient.emulateMedia({ media: 'print' });
  const pdf = await patient.pdf({ format: 'A4' });
  await testInfo.attach('patient-handout.pdf', { body: pdf, contentType: 'application/pdf' });
  expect(pdfPageCount(pdf)).toBe(1);
  expect(pdfText(pdf).replace(/\s+/g, '')).toContain('Whatwillhappen');
  expect(patientErrors).toEqual([]);
});
