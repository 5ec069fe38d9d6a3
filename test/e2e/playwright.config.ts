import { defineConfig } from '@playwright/test';

/** Serves the production build on 127.0.0.1 and drives Debian's Chromium (never a downloaded browser). */
const PORT = Number(process.env.SPINEPLAN_E2E_PORT ?? 4179);

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.e2e\.ts$/,
  outputDir: process.env.SPINEPLAN_E2E_OUTPUT ?? '../../test-results/e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    screenshot: 'on',
    trace: 'retain-on-failure',
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    // SPINEPLAN_E2E_DIST: serve a build of one's own (vite build --outDir it) instead of dist/, which a
    // parallel build can replace mid-test (its workers' hashed file names then 404).
    command: `node node_modules/vite/bin/vite.js preview --host 127.0.0.1 --port ${PORT} --strictPort${
      process.env.SPINEPLAN_E2E_DIST ? ` --outDir ${process.env.SPINEPLAN_E2E_DIST}` : ''
    }`,
    cwd: '../..',
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
