/**
 * Builds a small synthetic CT volume inside the page and opens it through the study store, for e2e tests of
 * views that do not depend on DICOM ingest. A 1000 HU sphere (radius 20 mm) in -1000 HU air, 2 mm voxels,
 * centred at LPS (0, 0, 0); voxel (i,j,k) = (32,32,32) is the centre. Runs in the browser (page.evaluate).
 */
export function openSyntheticVolumeInPage(): void {
  const n = 64;
  const spacing = 2;
  const data = new Int16Array(n * n * n);
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
