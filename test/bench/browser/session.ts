import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildBenchPage } from './buildPage';
import type { BenchPageApi } from './main';
import { type BenchContent, serveBenchPage } from './server';

/** Debian's Chromium with SwiftShader WebGL (the flags that work headless without a GPU). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const BENCH_PORT = Number(process.env.SPINEPLAN_BENCH_PORT ?? 4314);

/** A built bench page, its server and one Chromium page on it; `call` runs a page API function. */
export interface BrowserSession {
  page: Page;
  call<K extends keyof BenchPageApi>(
    name: K,
    ...args: Parameters<BenchPageApi[K]>
  ): Promise<Awaited<ReturnType<BenchPageApi[K]>>>;
  close(): Promise<void>;
}

export async function openBrowserSession(content: BenchContent): Promise<BrowserSession> {
  const outDir = path.join(os.tmpdir(), `spineplan-bench-page-${process.pid}`);
  await buildBenchPage(outDir);
  const server: Server = await serveBenchPage(outDir, content, BENCH_PORT);
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 820, height: 1900 }, deviceScaleFactor: 1 });
    page.setDefaultTimeout(0);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    if (process.env.SPINEPLAN_BENCH_VERBOSE) page.on('console', (m) => console.log(`  page: ${m.text()}`));
    await page.goto(`http://127.0.0.1:${BENCH_PORT}/`);
    await page.waitForFunction(
      () => document.title === 'bench ready' || document.title.startsWith('error'),
      null,
      {
        timeout: 120_000,
      },
    );
    if (errors.length > 0) throw new Error(`bench page failed: ${errors.join('; ')}`);
    const opened = browser;
    return {
      page,
      call: async (name, ...args) => {
        const started = performance.now();
        const result = await page.evaluate(
          ([n, a]) =>
            (
              (window as unknown as { __bench: Record<string, (...x: unknown[]) => unknown> }).__bench[n] as (
                ...x: unknown[]
              ) => unknown
            )(...a),
          [name, args] as [string, unknown[]],
        );
        if (process.env.SPINEPLAN_BENCH_VERBOSE)
          console.log(`  page ${name}: ${Math.round(performance.now() - started)} ms`);
        return result as never;
      },
      close: async () => {
        await opened.close();
        await new Promise((resolve) => server.close(resolve));
        rmSync(outDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await new Promise((resolve) => server.close(resolve));
    throw error;
  }
}

/** Writes a PNG data URL from the page into bench-results/ and returns its path. */
export function savePng(dataUrl: string, name: string): string {
  const dir = path.resolve(import.meta.dirname, '../../../bench-results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
  return file;
}
