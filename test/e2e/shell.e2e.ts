import { expect, test } from '@playwright/test';
import { keepScreenshot, watchPageErrors } from './helpers';

test('the shell opens with header, empty state, side panel, status bar and a WebGL2 report', async ({
  page,
}, testInfo) => {
  const errors = watchPageErrors(page);
  const response = await page.goto('/?demo=0');
  expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
  expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(csp).not.toMatch(/https?:/);

  await expect(page.getByTestId('header')).toContainText('Spineplan');
  await expect(page.getByTestId('empty-state')).toContainText('Drop a DICOM folder here');
  await expect(page.getByTestId('open-demo')).toBeVisible();
  await expect(page.getByTestId('side-panel')).toContainText('Series');
  await expect(page.getByTestId('side-panel')).toContainText('Plan');
  await expect(page.getByTestId('side-panel')).toContainText('Measurements');
  await expect(page.getByTestId('status-bar')).toBeVisible();

  const report = page.getByTestId('gpu-report');
  await expect(report).toContainText('WebGL2 yes');
  await expect(report).toContainText('3D tex 2048');
  await expect(report).toContainText('float-linear yes');
  expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
  await keepScreenshot(page, testInfo, 'shell-empty');

  await page.keyboard.press('?');
  await expect(page.getByTestId('help-panel')).toContainText('Keyboard shortcuts');
  await expect(page.getByTestId('help-panel')).toContainText('Maximise');
  await keepScreenshot(page, testInfo, 'shell-help');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help-panel')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('no site may frame the app, and the PACS proxy refuses cross-site requests before forwarding them', async ({
  request,
}) => {
  const page = await request.get('/?demo=0');
  expect(page.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(page.headers()['x-frame-options']).toBe('DENY');
  // A "simple" cross-site POST needs no CORS preflight: the proxy itself must refuse it.
  const crossSite: Record<string, string>[] = [
    { Origin: 'http://attacker.example', 'Content-Type': 'text/plain' },
    { 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'text/plain' },
  ];
  for (const headers of crossSite) {
    const answer = await request.post('/dicom-web/studies', { headers, data: 'x' });
    expect(answer.status()).toBe(403);
    expect(await answer.text()).toMatch(/cross-site/);
  }
  // The app's own pages still reach it (no PACS runs here: the proxy answers 502, not 403).
  const own = await request.get('/dicom-web/studies', { headers: { 'Sec-Fetch-Site': 'same-origin' } });
  expect(own.status()).not.toBe(403);
});

/** Refuses WebGL2 on the page's canvases: a browser without WebGL2 (e.g. a blocklisted GPU). */
function refuseWebgl2OnPage() {
  const original = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (
    this: HTMLCanvasElement,
    type: string,
    ...rest: unknown[]
  ) {
    if (type === 'webgl2') return null;
    return (original as (...a: unknown[]) => RenderingContext | null).call(this, type, ...rest);
  } as typeof HTMLCanvasElement.prototype.getContext;
}

test('without WebGL2 the page says why the app cannot run', async ({ page }, testInfo) => {
  // Such a browser has no WebGL on an OffscreenCanvas either: the probe is then asked on the page.
  await page.addInitScript(refuseWebgl2OnPage);
  await page.addInitScript(() => {
    Reflect.deleteProperty(window, 'OffscreenCanvas');
  });
  await page.goto('/?demo=0');
  await expect(page.getByTestId('capability-blocker')).toContainText('cannot run in this browser');
  await expect(page.getByTestId('capability-blocker')).toContainText('WebGL2');
  await keepScreenshot(page, testInfo, 'shell-no-webgl2');
});

test('when the GPU probe worker cannot start, the page asks the GPU itself', async ({ page }) => {
  await page.addInitScript(refuseWebgl2OnPage);
  await page.addInitScript(() => {
    const NativeWorker = window.Worker;
    window.Worker = class extends NativeWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        if (String(url).includes('gpuProbeWorker')) throw new Error('no worker for the probe');
        super(url, options);
      }
    };
  });
  // The first visit's demo is asked for: it must be given up, not left generating behind the blocker.
  await page.goto('/?demo=1');
  await expect(page.getByTestId('capability-blocker')).toContainText('WebGL2');
  await expect
    .poll(() =>
      page.evaluate(
        // biome-ignore lint/suspicious/noExplicitAny: test hook exposed by main.tsx on window
        () => (window as any).__spineplan.studyStore.getState().status as string,
      ),
    )
    .not.toBe('loading');
});

test('the GPU is asked in a worker and the app runs with what it reports', async ({ page }) => {
  const probeWorker = page.waitForEvent('worker', (w) => w.url().includes('gpuProbeWorker'));
  await page.goto('/?demo=0');
  await probeWorker;
  await expect(page.getByTestId('folder-input')).toBeAttached();
  const gpu = await page.evaluate(
    // biome-ignore lint/suspicious/noExplicitAny: test hook exposed by main.tsx on window
    () => (window as any).__spineplan.capabilityStore.getState().gpu,
  );
  expect(gpu.webgl2).toBe(true);
  expect(gpu.max3dTextureSize).toBeGreaterThanOrEqual(256);
  await expect(page.getByTestId('capability-blocker')).toHaveCount(0);
});
