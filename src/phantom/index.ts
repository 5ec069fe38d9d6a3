/**
 * The built-in demo case: a procedural lumbar spine CT phantom with ground truth. No patient data.
 *
 * - Geometry: supine head-first (HFS), axial slices, IOP 1\0\0\0\1\0, DICOM LPS millimetres throughout
 *   (+x patient left, +y posterior, +z superior). Lower third of T11 (the T11-T12 disc) to the sacrum (S5), with
 *   the floating 12th ribs on T12; L3 body centre at (0, 5, 0). Variants for level counting (spine.ts PhantomVariant):
 *   six lumbar vertebrae, or L5 sacralised.
 * - Presets: 'default' 512 x 512 at 0.75 mm, 1 mm slices (~308 slices, ~81 M voxels);
 *   'small' 160 x 160 at 2.4 mm, 3 mm slices (~103 slices) for tests.
 * - Anatomy: every structure is an analytic solid (spine.ts, vertebra.ts, segment.ts, sacrum.ts,
 *   softTissue.ts) rasterised inside its bounding box, in priority order, into a label volume; HU come
 *   from labels.ts (non-contrast: aorta 45, IVC 40 HU), then an in-plane PSF blur and seeded gaussian
 *   noise (sd 12 HU). Pure and deterministic from the seed.
 * - Truth (truth.ts): landmarks per level/side and segment, SI joints, S1 foramina, no-go structures as
 *   tubes/ellipsoids with `noGoDistanceMm` (signed, < 0 inside) matching the labelled voxels.
 * - DICOM (toDicom.ts): CT Image Storage, explicit VR little endian, unsigned 12-bit stored values with
 *   RescaleIntercept -1024, UIDs 2.25.<hash of seed>, ImageComments 'SPINEPLAN DEMO PHANTOM'.
 * - Look at it: `npx tsx test/tools/phantom-slices.ts /tmp/phantom-png`.
 */
export {
  generatePhantom,
  generatePhantomPart,
  type Phantom,
  type PhantomOptions,
  type PhantomSlices,
  phantomSliceCount,
  slicesOfPart,
} from './generate';
export { isBone, TISSUE_HU, Tissue, type TissueLabel } from './labels';
export { buildPhantomModel, type PhantomModel, phantomTruth } from './model';
export { noGoDistanceMm } from './noGo';
export type { PhantomVariant } from './spine';
export {
  CT_IMAGE_STORAGE,
  DEMO_IMAGE_COMMENT,
  DEMO_SERIES_DESCRIPTION,
  type PhantomDicomOptions,
  phantomToDicomFiles,
} from './toDicom';
export type * from './truth';
