import { expect, type Page } from '@playwright/test';

// biome-ignore lint/suspicious/noExplicitAny: the stores are reached through window (main.tsx's test hook)
type Hooks = any;

/**
 * Builds a small synthetic CT volume inside the page and opens it through the study store, for e2e tests of
 * views that do not depend on DICOM ingest. A 1000 HU sphere (radius 20 mm) in -1000 HU air, 2 mm voxels,
 * centred at LPS (0, 0, 0); voxel (i,j,k) = (32,32,32) is the centre. Runs in the browser (page.evaluate).
 * `shared`: the voxels in a SharedArrayBuffer, as the app's own ingest makes them (the page is cross-origin
 * isolated), so work that reads them in place in a worker runs as it does for a real case.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: page.evaluate(fn) without an argument passes void
export function openSyntheticVolumeInPage(options: { shared?: boolean } | void): void {
  const n = 64;
  const spacing = 2;
  const data = options?.shared
    ? new Int16Array(new SharedArrayBuffer(n * n * n * 2))
    : new Int16Array(n * n * n);
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        const x = (i - 32) * spacing;
        const y = (j - 32) * spacing;
        const z = (k - 32) * spacing;
        const r = Math.hypot(x, y, z);
        // A gradient along x inside the sphere lets tests tell left from right.
        data[i + n * (j + n * k)] = r <= 20 ? 1000 + i : -1000;
      }
  const o = -32 * spacing;
  const volume = {
    id: 'synthetic-sphere',
    dims: [n, n, n],
    spacingMm: [spacing, spacing, spacing],
    ijkToLps: [spacing, 0, 0, o, 0, spacing, 0, o, 0, 0, spacing, o, 0, 0, 0, 1],
    data,
    rescaleSlope: 1,
    rescaleIntercept: 0,
    metadata: {
      patientName: 'SYNTHETIC^SPHERE',
      patientId: 'SYN-1',
      studyDate: '20261128',
      studyDescription: 'synthetic',
      seriesDescription: 'Synthetic sphere',
      seriesInstanceUid: '2.25.1',
      studyInstanceUid: '2.25.2',
      frameOfReferenceUid: '2.25.3',
      modality: 'CT',
      isDemo: false,
    },
    warnings: [],
  };
  // biome-ignore lint/suspicious/noExplicitAny: test hook exposed by main.tsx on window
  const sp = (window as any).__spineplan;
  sp.studyStore.getState().beginLoading('Synthetic sphere');
  sp.studyStore.getState().setVolume(volume);
}

/** The sphere's geometry as openSyntheticVolumeInPage builds it, for tests that do the app's math in Node. */
export const SPHERE_DIMS: [number, number, number] = [64, 64, 64];
export const SPHERE_IJK_TO_LPS = [2, 0, 0, -64, 0, 2, 0, -64, 0, 0, 2, -64, 0, 0, 0, 1];

/** Opens the app without the demo, then the sphere; resolves once its plan case (series 2.25.1) is active. */
export async function openSphere(page: Page): Promise<void> {
  await page.goto('/?demo=0');
  await page.evaluate(openSyntheticVolumeInPage);
  await expect
    .poll(() => page.evaluate(() => (window as Hooks).__spineplan.planStore.getState().activeCaseKey))
    .toBe('2.25.1');
}

/**
 * openSphere, then the three 2D views drawn; `lowQuality`: the cheapest 3D sampling, because SwiftShader
 * raymarches slowly and every plan edit redraws the 3D view.
 */
export async function openSphereInViews(page: Page, { lowQuality = true } = {}): Promise<void> {
  await openSphere(page);
  for (const v of ['axial', 'sagittal', 'coronal'])
    await expect(page.getByTestId(`slice-${v}`)).toBeVisible();
  if (lowQuality)
    await page.evaluate(() => (window as Hooks).__spineplan.renderStore.getState().setQuality('low'));
}

type Lps = [number, number, number];

/** Adds a trajectory through the plan store, as the 2D views do; returns its id. */
export const addTrajectoryInPage = (
  page: Page,
  init: { entryLps: Lps; targetLps: Lps } & Record<string, string | Lps>,
): Promise<string> =>
  page.evaluate((t) => (window as Hooks).__spineplan.planStore.getState().addTrajectory(t) as string, init);
