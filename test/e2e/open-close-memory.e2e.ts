import { expect, type Page, test } from '@playwright/test';
import { testDataPath } from '../testData';
import { keepScreenshot, watchPageErrors } from './helpers';

/**
 * Issue 24 class 6: closing a case gives its memory back. A real series (the GE head CT: 28 files, 15 MB,
 * 512 x 512 images, resampled for its gantry tilt to 9.7 million voxels) is opened from its folder and closed
 * 10 times, once opened a second time over itself first (opening another case must drop the previous one).
 * After each close, the JS heap (objects plus ArrayBuffer backing stores, after forced garbage collections)
 * comes back to what it was before any case, and no WebGL texture is left alive; while a case is open, the
 * 3D volume texture takes 2 bytes a voxel (issue 20). Before the fix a close kept 78 MB here (the file bytes,
 * the Int16 volume and a Float32 texture copy: 4 times the volume).
 */
// biome-ignore lint/suspicious/noExplicitAny: the stores are reached through the test hook on window
type Hooks = any;
const GE = testDataPath('ct-series/ge-head-gantry-tilt');
const CYCLES = 10;

/**
 * Counts live WebGL textures in every context of the page: createTexture adds one, deleteTexture removes
 * one, and a context that is lost frees all of its own. The canvas unmounts with the case and
 * react-three-fiber loses its context on purpose; the 4 textures a cycle that creates minus deletes leave
 * are three.js's own placeholders (WebGLState's empty 2D, cube, array and 3D textures, never deleted by
 * three.js) and go with that context. Every texture of the app is deleted explicitly.
 */
function countTexturesInPage(): void {
  const counts = new WeakMap<WebGL2RenderingContext, number>();
  // Weak references: the counter itself must not keep a closed case's context alive.
  const contexts: WeakRef<WebGL2RenderingContext>[] = [];
  const proto = WebGL2RenderingContext.prototype;
  const create = proto.createTexture;
  const remove = proto.deleteTexture;
  proto.createTexture = function (this: WebGL2RenderingContext) {
    const texture = create.call(this);
    if (texture) {
      if (!counts.has(this)) contexts.push(new WeakRef(this));
      counts.set(this, (counts.get(this) ?? 0) + 1);
    }
    return texture;
  };
  proto.deleteTexture = function (this: WebGL2RenderingContext, texture: WebGLTexture | null) {
    if (texture && this.isTexture(texture)) counts.set(this, (counts.get(this) ?? 0) - 1);
    remove.call(this, texture);
  };
  Object.assign(window, {
    __liveTextures: () => {
      let n = 0;
      for (const ref of contexts) {
        const gl = ref.deref();
        if (gl && !gl.isContextLost()) n += counts.get(gl) ?? 0;
      }
      return n;
    },
  });
}

const liveTextures = (page: Page) => page.evaluate(() => (window as Hooks).__liveTextures() as number);

test('open and close a CT 10 times: heap and WebGL textures return to the baseline', async ({
  page,
}, testInfo) => {
  test.setTimeout(150_000);
  const errors = watchPageErrors(page);
  await page.addInitScript(countTexturesInPage);
  const cdp = await page.context().newCDPSession(page);
  /** Bytes held by JS: heap objects plus ArrayBuffer backing stores (where the volume and file bytes live). */
  const heapMb = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const u = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
    return (u.usedSize + (u.backingStorageSize ?? 0)) / 1e6;
  };
  const openGe = async () => {
    const drawsBefore = await page.evaluate(() => (window as Hooks).__spineplan.gpu.volumeDraws() as number);
    await page.getByTestId('folder-input').setInputFiles(GE);
    await expect(page.getByTestId('viewport-grid')).toBeVisible({ timeout: 60_000 });
    const voxels = await page.evaluate(() => {
      const d = (window as Hooks).__spineplan.studyStore.getState().volume.dims as number[];
      return d[0]! * d[1]! * d[2]!;
    });
    // Opened means drawn: the shared volume texture is on the GPU, 2 bytes a voxel (issue 20).
    await expect
      .poll(() => page.evaluate(() => (window as Hooks).__spineplan.gpu.volumeTextureBytes() as number))
      .toBe(2 * voxels);
    // The texture fills slab by slab (issue 20): opened means whole, drawn by the 3D view, and settled
    // (no further draw of the volume within 10 animation frames: its 8-bit copy comes a frame later).
    await expect
      .poll(
        () =>
          page.evaluate(async (before) => {
            const gpu = (window as Hooks).__spineplan.gpu;
            const draws = gpu.volumeDraws() as number;
            if (!gpu.volumeTextureComplete() || draws <= before) return false;
            for (let i = 0; i < 10; i++) await new Promise((r) => requestAnimationFrame(r));
            return gpu.volumeDraws() === draws;
          }, drawsBefore),
        { timeout: 60_000 },
      )
      .toBe(true);
    // Shared voxels (a SharedArrayBuffer, volume/voxelStorage.ts) are not in the heap usage below, and
    // cannot be detached on close: each opened volume's buffer is followed by a weak reference instead.
    await page.evaluate(() => {
      const w = window as Hooks;
      w.__voxelBuffers ??= [];
      w.__voxelBuffers.push(new WeakRef(w.__spineplan.studyStore.getState().volume.data.buffer));
    });
    return voxels;
  };
  /** Bytes of every volume buffer opened so far that is still alive and not detached (after heapMb's GC). */
  const liveVoxelMb = () =>
    page.evaluate(
      () =>
        ((window as Hooks).__voxelBuffers as WeakRef<ArrayBufferLike>[]).reduce(
          (n, ref) => n + (ref.deref()?.byteLength ?? 0),
          0,
        ) / 1e6,
    );

  await page.goto('/?demo=0');
  await expect(page.getByTestId('empty-state')).toBeVisible();
  // The cheapest 3D sampling: SwiftShader raymarches slowly, and memory does not depend on the step.
  await page.evaluate(() => (window as Hooks).__spineplan.renderStore.getState().setQuality('low'));
  const beforeMb = await heapMb();
  const texturesBefore = await liveTextures(page);

  let voxels = 0;
  const closed: { heapMb: number; voxelMb: number; textures: number }[] = [];
  const open: { heapMb: number; voxelMb: number; textures: number; reopened: boolean }[] = [];
  let shared = false;
  const started = Date.now();
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    voxels = await openGe();
    const reopened = cycle === 1;
    if (reopened) voxels = await openGe();
    open.push({
      heapMb: await heapMb(),
      voxelMb: await liveVoxelMb(),
      textures: await liveTextures(page),
      reopened,
    });
    if (cycle === 0)
      shared = await page.evaluate(
        () =>
          crossOriginIsolated &&
          (window as Hooks).__spineplan.studyStore.getState().volume.data.buffer instanceof SharedArrayBuffer,
      );
    if (cycle === 0) await keepScreenshot(page, testInfo, 'ge-head-open');
    // force: the button is there at once; waiting for two equal animation frames can take long while
    // SwiftShader draws the first 3D frame of the case.
    await page.getByTestId('close-case').click({ force: true });
    await expect(page.getByTestId('empty-state')).toBeVisible();
    expect(await page.evaluate(() => (window as Hooks).__spineplan.gpu.volumeTextureBytes())).toBe(0);
    // Shared voxels go with their last reference: a task still running when the close came (an upload
    // step, a worker's answer) may hold it for a moment, so this waits for it, after a GC each time.
    await expect
      .poll(async () => (await heapMb()) >= 0 && (await liveVoxelMb()), {
        message: "the closed case's volume is freed",
        timeout: 15_000,
      })
      .toBe(0);
    closed.push({ heapMb: await heapMb(), voxelMb: await liveVoxelMb(), textures: await liveTextures(page) });
  }
  await keepScreenshot(page, testInfo, 'closed-empty-state');
  const volumeMb = (2 * voxels) / 1e6;
  const report = {
    voxels,
    volumeMb,
    gpuVolumeMb: volumeMb,
    beforeAnyCaseMb: beforeMb,
    sharedVoxels: shared,
    open: open.map(
      (s) =>
        `${s.heapMb.toFixed(1)} MB heap, ${s.voxelMb.toFixed(1)} MB volumes, ${s.textures} textures${s.reopened ? ' (opened twice)' : ''}`,
    ),
    closed: closed.map(
      (s) => `${s.heapMb.toFixed(1)} MB heap, ${s.voxelMb.toFixed(1)} MB volumes, ${s.textures} textures`,
    ),
    keptAfter10ClosesMb: closed[CYCLES - 1]!.heapMb - beforeMb,
    cyclesSeconds: (Date.now() - started) / 1000,
  };
  await testInfo.attach('memory.json', {
    body: JSON.stringify(report, null, 2),
    contentType: 'application/json',
  });
  console.log(JSON.stringify(report, null, 2));

  // The first close comes back to the heap before any case within a quarter of the Int16 volume (measured
  // 0.14: the code and shaders the first open loads); one kept copy of the volume would be 1, of the files
  // 0.8, of a texture copy 1 to 2. Later closes add under 5% of the volume each (measured 2%: compiled code,
  // the browser's own records), where a kept case would add 100% or more.
  expect(closed[0]!.heapMb - beforeMb).toBeLessThan(0.25 * volumeMb);
  expect((closed[CYCLES - 1]!.heapMb - closed[0]!.heapMb) / (CYCLES - 1)).toBeLessThan(0.05 * volumeMb);
  // Opening the case again over itself holds one case, not two (within half a volume).
  for (const s of open) expect(s.heapMb - open[0]!.heapMb).toBeLessThan(0.5 * volumeMb);
  // The page is cross-origin isolated, so the volume is shared with the analysis worker, not copied to it.
  expect(shared).toBe(true);
  // Shared voxels: one volume alive while a case is open (two after opening over itself would be a kept
  // case); none once it is closed (waited for above: no reference left on the page, and the workers that
  // shared it have ended).
  for (const s of open) expect(s.voxelMb).toBeCloseTo(volumeMb, 3);
  // Textures: none left alive after a close, the same number each time a case is open.
  for (const s of closed) expect(s.textures).toBe(texturesBefore);
  for (const s of open) expect(s.textures).toBe(open[0]!.textures);
  expect(errors).toEqual([]);
});
