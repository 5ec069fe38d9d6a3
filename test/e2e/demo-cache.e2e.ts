import { expect, type Page, test } from '@playwright/test';
import { openDemo, watchPageErrors } from './helpers';

/**
 * Issue 20: the demo's first visit generates the phantom in one worker per core (each worker makes its own
 * files as Blobs) and stores the series in IndexedDB only once the demo is on screen; the next visit opens
 * it from that cache with the same voxels and the same ground truth.
 */

// biome-ignore lint/suspicious/noExplicitAny: the stores are reached through the test hook on window
type Hooks = any;

/** Dims, a sampled voxel sum (every 997th voxel), the demo flag and the truth's landmark count. */
const shown = (page: Page) =>
  page.evaluate(() => {
    const state = (window as Hooks).__spineplan.studyStore.getState();
    const v = state.volume;
    let sum = 0;
    for (let i = 0; i < v.data.length; i += 997) sum += v.data[i];
    return {
      dims: [...v.dims],
      sum,
      isDemo: v.metadata.isDemo,
      vertebrae: state.demoTruth?.vertebrae?.length ?? 0,
    };
  });

const measures = (page: Page) =>
  page.evaluate(() => performance.getEntriesByType('measure').map((e) => e.name));

/** Records in the demo cache (files and the manifest). */
const cachedRecords = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('spineplan-demo-cache');
        open.onerror = () => resolve(-1);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('series')) {
            db.close();
            resolve(0);
            return;
          }
          const count = db.transaction('series').objectStore('series').count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
        };
      }),
  );

test('demo: generated on the first visit, cached once shown, the second visit reads the same series from the cache', async ({
  page,
}) => {
  test.setTimeout(600_000);
  const errors = watchPageErrors(page);
  await openDemo(page);
  const first = await shown(page);
  expect(first.isDemo).toBe(true);
  expect(first.dims.slice(0, 2)).toEqual([512, 512]);
  expect(first.vertebrae).toBeGreaterThan(0);
  expect(await measures(page)).toContain('demo: generated');
  // One record per slice plus the manifest, written after the demo is on screen.
  await expect.poll(() => cachedRecords(page), { timeout: 120_000 }).toBe(first.dims[2]! + 1);

  await openDemo(page);
  const names = await measures(page);
  expect(names).toContain('demo: read from cache');
  expect(names).not.toContain('demo: generated');
  expect(await shown(page)).toEqual(first);
  expect(errors).toEqual([]);
});
