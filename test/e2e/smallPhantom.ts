import { expect, type Page } from '@playwright/test';
import { generatePhantom, type Phantom } from '../../src/phantom/index';

// biome-ignore lint/suspicious/noExplicitAny: the stores are reached through window (main.tsx's test hook)
type Hooks = any;

let cached: Phantom | undefined;
/** The small phantom (160 x 160 x ~103, seed 1), generated here in Node once per spec file. */
export const smallPhantom = (): Phantom => {
  cached ??= generatePhantom({ size: 'small', seed: 1 });
  return cached;
};

/** Opens the small phantom as a (non-demo) study through the study store, the 3D view at its cheapest. */
export async function openSmallPhantomInViews(page: Page): Promise<void> {
  const p = smallPhantom();
  const [sx, sy, sz] = p.spacingMm;
  const [ox, oy, oz] = p.originLps;
  await page.evaluate(
    ({ base64, dims, spacing, ijkToLps }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const sp = (window as Hooks).__spineplan;
      sp.renderStore.getState().setQuality('low');
      sp.studyStore.getState().beginLoading('phantom');
      sp.studyStore.getState().setVolume({
        id: 'phantom-small',
        dims,
        spacingMm: spacing,
        ijkToLps,
        data: new Int16Array(bytes.buffer),
        rescaleSlope: 1,
        rescaleIntercept: 0,
        metadata: {
          patientName: 'PHANTOM^SMALL',
          patientId: 'P',
          studyDate: '',
          studyDescription: '',
          seriesDescription: 'small phantom',
          seriesInstanceUid: '2.25.81',
          studyInstanceUid: '2.25.82',
          frameOfReferenceUid: '2.25.83',
          modality: 'CT',
          isDemo: false,
        },
        warnings: [],
      });
    },
    {
      base64: Buffer.from(p.hu.buffer, p.hu.byteOffset, p.hu.byteLength).toString('base64'),
      dims: p.dims,
      spacing: p.spacingMm,
      ijkToLps: [sx, 0, 0, ox, 0, sy, 0, oy, 0, 0, sz, oz, 0, 0, 0, 1],
    },
  );
  for (const v of ['axial', 'sagittal', 'coronal'])
    await expect(page.getByTestId(`slice-${v}`)).toBeVisible();
}
